import type { ReactNode } from 'react';
import type { Me } from '@/lib/api/types';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { homeCards, type HomeCard } from '../api/home-cards';
import {
  AccessLogCard,
  SubjectAccessCard,
  CasesCard,
  ComplaintsCard,
  CouncilCard,
  DraftsCard,
  FeedbackCard,
  FiguresCard,
  MonitoringCard,
  ModerationCard,
  MonthCard,
  MyActionsCard,
  ObservationsCard,
  NotificationsCard,
  ProgrammeCard,
  RaisedByMeCard,
  RaisedToMeCard,
  ReflectCard,
  ReplyCard,
  ServiceCard,
  TeamCard,
  TeamsCard,
  UsersCard,
} from '../components/cards';

const cards: Record<HomeCard, (me: Me) => ReactNode> = {
  reply: (me) => <ReplyCard me={me} />,
  reflect: (me) => <ReflectCard me={me} />,
  complaints: () => <ComplaintsCard />,
  drafts: (me) => <DraftsCard me={me} />,
  observations: (me) => <ObservationsCard me={me} />,
  monitoring: (me) => <MonitoringCard me={me} />,
  month: (me) => <MonthCard me={me} />,
  team: (me) => <TeamCard me={me} />,
  service: (me) => <ServiceCard me={me} />,
  'raised-to-me': (me) => <RaisedToMeCard me={me} />,
  feedback: (me) => <FeedbackCard me={me} />,
  moderation: () => <ModerationCard />,
  council: () => <CouncilCard />,
  programme: () => <ProgrammeCard />,
  'raised-by-me': (me) => <RaisedByMeCard me={me} />,
  cases: () => <CasesCard />,
  figures: () => <FiguresCard />,
  'my-actions': (me) => <MyActionsCard me={me} />,
  'subject-access': () => <SubjectAccessCard />,
  'access-log': () => <AccessLogCard />,
  users: () => <UsersCard />,
  teams: () => <TeamsCard />,
  notifications: () => <NotificationsCard />,
};

/**
 * "Your work": what each of the caller's roles has to do next, as summary cards whose counts
 * link to the lists they count.
 */
export function HomePage() {
  const me = useMe();
  usePageTitle('Your work');
  const shown = homeCards(me);
  return (
    <>
      <span className="govuk-caption-l">{me.display_name}</span>
      <h1 className="govuk-heading-l">Your work</h1>
      {shown.length === 0 ? (
        <p className="govuk-body">Your account has no roles yet, so there is nothing for you here. Ask your system administrator to give you the roles you need.</p>
      ) : (
        <div className="app-home-cards">
          {shown.map((card) => (
            <div key={card}>{cards[card](me)}</div>
          ))}
        </div>
      )}
    </>
  );
}
