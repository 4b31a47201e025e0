import { Tag } from '@/components/govuk';
import type { Escalation, OrgUnit, StaffMember, TimelineEvent } from '@/lib/api/types';
import { formatDate, formatDay } from '@/lib/dates';
import { escalationStageHolders, escalationStageLabels, narrativeText } from '@/lib/labels';
import { DaysLeft } from '@/components/days-left';

/**
 * Who would hold each stage above the case's team, from the org tree as the API reads it:
 * 2 the service's lead (else a head of service of the service), 3 its assistant director, 4 the
 * directorate's lead. Null where the tree names nobody (moving there would be refused).
 */
export function stageHolders(teamId: string, units: OrgUnit[], staff: StaffMember[]): Record<number, string | null> {
  const team = units.find((unit) => unit.id === teamId);
  const service = units.find((unit) => unit.id === team?.parent_id);
  const directorate = units.find((unit) => unit.id === service?.parent_id);
  const head = staff.find((person) => person.roles.includes('head_of_service') && person.team_id === service?.id);
  return {
    2: service?.lead_user_id ?? head?.id ?? null,
    3: service?.assistant_director_id ?? null,
    4: directorate?.lead_user_id ?? null,
  };
}

/** When each stage began: the escalation's raising, then each move up, from the timeline. */
export function stageStarts(timeline: TimelineEvent[]): Map<number, TimelineEvent> {
  const starts = new Map<number, TimelineEvent>();
  for (const event of timeline) {
    if ((event.kind === 'raised' || event.kind === 'stage_change') && event.stage !== null && event.stage !== undefined && !starts.has(event.stage)) starts.set(event.stage, event);
  }
  return starts;
}

type StepState = 'done' | 'current' | 'skipped' | 'to-come';

const stepTags: Record<StepState, { text: string; colour: 'green' | 'blue' | 'grey' }> = {
  done: { text: 'Done', colour: 'green' },
  current: { text: 'Now', colour: 'blue' },
  skipped: { text: 'Skipped', colour: 'grey' },
  'to-come': { text: 'To come', colour: 'grey' },
};

/** Whether the process is over: withdrawn, or its resolution accepted. */
const isOver = (escalation: Escalation) => escalation.status === 'withdrawn' || Boolean(escalation.accepted_at);

/** A step's tag: where the process is, and, at its last step, how it ended. */
function StepTag({ state, escalation }: { state: StepState; escalation: Escalation }) {
  if (state === 'current' && escalation.accepted_at) return <Tag colour="green">Resolved here</Tag>;
  if (state === 'current' && escalation.status === 'withdrawn') return <Tag colour="grey">Withdrawn here</Tag>;
  return <Tag colour={stepTags[state].colour}>{state === 'to-come' && isOver(escalation) ? 'Not reached' : stepTags[state].text}</Tag>;
}

export interface StageLadderProps {
  escalation: Escalation;
  /** Who would hold the stages above (see {@link stageHolders}); undefined while read. */
  holders: Record<number, string | null> | undefined;
  personName: (id: string | null | undefined, none?: string) => string;
  readsNarrative: boolean;
}

/**
 * The dispute resolution process as a ladder, lowest first: the practice alert (when it began
 * as one), then stages 1 to 4, each saying who held it and when (from the timeline), who holds
 * it now and when it is due, and who would hold the stages above.
 */
export function StageLadder({ escalation, holders, personName, readsNarrative }: StageLadderProps) {
  const timeline = escalation.timeline ?? [];
  const starts = stageStarts(timeline);
  const firstStage = Math.min(escalation.stage, ...starts.keys());
  const stages = [0, 1, 2, 3, 4].filter((stage) => stage >= Math.min(firstStage, 1));
  const open = escalation.status === 'open';
  const closed = isOver(escalation);

  const stateOf = (stage: number): StepState => {
    if (stage === escalation.stage) return 'current';
    if (stage < escalation.stage) return starts.has(stage) ? 'done' : 'skipped';
    return 'to-come';
  };

  return (
    <ol className="app-ladder">
      {stages.map((stage) => {
        const state = stateOf(stage);
        const start = starts.get(stage);
        const next = [...starts.entries()].filter(([s]) => s > stage).sort(([a], [b]) => a - b)[0]?.[1];
        const holder = holders?.[stage];
        return (
          <li key={stage} className={`app-ladder__step app-ladder__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <div className="app-ladder__header">
              <h3 className="app-ladder__title">{escalationStageLabels[stage] ?? `Stage ${stage}`}</h3>{' '}
              <StepTag state={state} escalation={escalation} />
            </div>
            {state === 'current' ? (
              <>
                <p className="govuk-body govuk-!-margin-bottom-1">
                  Held by {escalation.raised_to_name ?? personName(escalation.raised_to, escalationStageHolders[stage])}
                  {start ? ` ${closed ? 'from' : 'since'} ${formatDay(start.created_at)}` : ''}.
                </p>
                {open ? (
                  <p className="govuk-body govuk-!-margin-bottom-1">
                    {stage === 0 ? 'Reply due by' : 'Due by'} {formatDate(escalation.stage_due_on)}
                    {stage === 0 && escalation.replied_at ? `: replied ${formatDay(escalation.replied_at)}` : <DaysLeft due={escalation.stage_due_on} overdue={escalation.overdue} />}
                  </p>
                ) : escalation.status === 'resolved' ? (
                  <p className="govuk-body govuk-!-margin-bottom-1">
                    Resolved {formatDay(escalation.resolved_at)} by {personName(escalation.resolved_by)}
                    {escalation.accepted_at ? `; the resolution was accepted ${formatDay(escalation.accepted_at)}.` : `: waiting for ${escalation.raised_by_name ?? 'the person who raised it'} to accept it or take it to the next stage.`}
                  </p>
                ) : (
                  <p className="govuk-body govuk-!-margin-bottom-1">Withdrawn.</p>
                )}
              </>
            ) : state === 'done' ? (
              <>
                <p className="govuk-body govuk-!-margin-bottom-1">
                  From {formatDay(start?.created_at)}
                  {next ? ` to ${formatDay(next.created_at)}` : ''}.
                </p>
                {next?.text || (next && !readsNarrative) ? (
                  <p className="govuk-body govuk-!-margin-bottom-1 app-narrative">
                    Moved up by {personName(next.actor_id)}: {narrativeText(next.text, readsNarrative)}
                  </p>
                ) : null}
              </>
            ) : state === 'skipped' ? (
              <p className="govuk-body govuk-!-margin-bottom-1">{stage < firstStage ? `Not used: it began at ${escalationStageLabels[firstStage]?.toLowerCase() ?? `stage ${firstStage}`}.` : 'Skipped: a reviewing officer may go straight to a later stage.'}</p>
            ) : closed ? (
              <p className="govuk-body govuk-!-margin-bottom-1">Not reached.</p>
            ) : stage <= 1 ? (
              <p className="govuk-body govuk-!-margin-bottom-1">Would go to {escalationStageHolders[stage]}.</p>
            ) : holders === undefined ? null : holder ? (
              <p className="govuk-body govuk-!-margin-bottom-1">Would go to {personName(holder)}.</p>
            ) : (
              <p className="govuk-body govuk-!-margin-bottom-1">Nobody is named for this stage yet: a system administrator names {escalationStageHolders[stage]} on the organisation’s page.</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
