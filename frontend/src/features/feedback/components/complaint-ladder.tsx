import type { ReactNode } from 'react';
import { Tag } from '@/components/govuk';
import { DeadlineTag } from '@/components/complaint-deadline';
import type { ComplaintStage, Feedback } from '@/lib/api/types';
import { workingDaysWords } from '@/lib/complaints';
import { formatDate, todayIso } from '@/lib/dates';
import { complaintOutcomeLabels, complaintStageLabels, narrativeText } from '@/lib/labels';

/** The last stage of a complaint's route: 3 (the review panel) on the statutory route, 2 on the corporate. */
export const lastStage = (feedback: Pick<Feedback, 'route'>) => (feedback.route === 'corporate' ? 2 : 3);

/** Whether the complaint is over: closed or withdrawn. */
const isOver = (feedback: Pick<Feedback, 'status'>) => feedback.status === 'closed' || feedback.status === 'withdrawn';

type StepState = 'done' | 'current' | 'to-come';

/** "10 working days; extended by 5 to 15; at most 20". */
export function timeAllowed(stage: Pick<ComplaintStage, 'standard_days' | 'extended_days' | 'max_days'>): string {
  const parts = [`${stage.standard_days} working days`];
  if (stage.extended_days > 0) parts.push(`extended by ${stage.extended_days} to ${stage.standard_days + stage.extended_days}`);
  if (stage.max_days > stage.standard_days) parts.push(`at most ${stage.max_days}`);
  return parts.join('; ');
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  if (rows.length === 0) return null;
  return (
    <dl className="govuk-summary-list govuk-summary-list--no-border app-ladder__facts">
      {rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A date and whether it kept its deadline: "4 May 2026, in time" / "late (due 1 May 2026)". */
function kept(on: string | null | undefined, due: string | null | undefined): ReactNode {
  if (!on) return null;
  if (!due) return formatDate(on);
  return on <= due ? (
    <>
      {formatDate(on)} <Tag colour="green">In time</Tag>
    </>
  ) : (
    <>
      {formatDate(on)} <Tag colour="red">Late</Tag>
    </>
  );
}

/** What one stage records: its clock, extension, people, panel dates, response and request window. */
function stageFacts(feedback: Feedback, stage: ComplaintStage, current: boolean, dueSoonDays: number, reads: boolean): [string, ReactNode][] {
  const rows: [string, ReactNode][] = [];
  const statutoryPanel = stage.stage === 3 && feedback.route === 'statutory';
  rows.push([stage.stage === 1 ? (feedback.route === 'corporate' ? 'Started (acknowledged)' : 'Started (received)') : 'Asked for', formatDate(stage.opened_on)]);
  if (!statutoryPanel) {
    const running = current && feedback.status === 'acknowledged';
    rows.push([
      'Response due by',
      <>
        {formatDate(stage.due_on)}
        {running && typeof feedback.working_days_left === 'number' ? `: ${workingDaysWords(feedback.working_days_left).toLowerCase()} ` : ' '}
        {running ? <DeadlineTag complaint={feedback} dueSoonDays={dueSoonDays} /> : null}
      </>,
    ]);
    rows.push(['Time allowed', timeAllowed(stage)]);
  }
  if (stage.extended_days > 0) rows.push(['Why it was extended', <span className="app-narrative">{narrativeText(stage.extension_reason, reads)}</span>]);
  if (stage.investigator !== undefined && stage.investigator !== null) rows.push(['Investigating officer', stage.investigator]);
  if (stage.independent_person !== undefined && stage.independent_person !== null) rows.push(['Independent person', stage.independent_person]);
  if (stage.panel_members && stage.panel_members.length > 0) {
    rows.push([
      'Panel members',
      <ul className="govuk-list govuk-!-margin-bottom-0">
        {stage.panel_members.map((member) => (
          <li key={member}>{member}</li>
        ))}
      </ul>,
    ]);
  }
  if (statutoryPanel) {
    const running = current && feedback.status === 'acknowledged';
    // The deadline running now: the panel's, then its report's, then the council's response.
    const next = !stage.panel_on ? 'panel' : !stage.report_on ? 'report' : 'response';
    const clock = (which: typeof next) =>
      running && next === which ? (
        <>
          {typeof feedback.working_days_left === 'number' ? `: ${workingDaysWords(feedback.working_days_left).toLowerCase()} ` : ' '}
          <DeadlineTag complaint={feedback} dueSoonDays={dueSoonDays} />
        </>
      ) : null;
    rows.push(['Panel to meet by', <>{formatDate(stage.panel_due_on)}{clock('panel')}</>]);
    if (stage.panel_on) rows.push(['Panel met', kept(stage.panel_on, stage.panel_due_on)]);
    if (stage.report_due_on) rows.push(['Report due by', <>{formatDate(stage.report_due_on)}{clock('report')}</>]);
    if (stage.report_on) rows.push(['Report came', kept(stage.report_on, stage.report_due_on)]);
    if (stage.council_response_due_on) rows.push(['Council’s response due by', <>{formatDate(stage.council_response_due_on)}{clock('response')}</>]);
  }
  if (stage.responded_on) {
    rows.push([
      statutoryPanel ? 'Council responded' : 'Responded',
      <>
        {formatDate(stage.responded_on)}{' '}
        {stage.responded_in_time === true ? <Tag colour="green">In time</Tag> : stage.responded_in_time === false ? <Tag colour="red">Late</Tag> : null}
      </>,
    ]);
  }
  if (stage.outcome) rows.push(['Outcome', complaintOutcomeLabels[stage.outcome]]);
  if (stage.responded_on && !statutoryPanel) rows.push(['Response', <span className="app-narrative">{narrativeText(stage.response_summary, reads)}</span>]);
  if (stage.request_window_ends && stage.stage < lastStage(feedback)) {
    const closed = stage.request_window_ends < todayIso();
    const asked = (feedback.stage ?? 1) > stage.stage;
    rows.push([
      `Stage ${stage.stage + 1} could be asked for until`,
      <>
        {formatDate(stage.request_window_ends)}
        {asked ? '' : closed ? ' (the window has closed)' : ''}
      </>,
    ]);
  }
  return rows;
}

const stepTag = (state: StepState, feedback: Feedback, stage: number): ReactNode => {
  if (state === 'done') return <Tag colour="green">Done</Tag>;
  if (state === 'to-come') return <Tag colour="grey">{isOver(feedback) || feedback.ombudsman_referred_on ? 'Not reached' : 'To come'}</Tag>;
  if (feedback.status === 'withdrawn') return <Tag colour="grey">Withdrawn here</Tag>;
  if (feedback.status === 'closed') return <Tag colour="green">Closed here</Tag>;
  if (feedback.status === 'responded') return <Tag colour="purple">Responded</Tag>;
  if (feedback.status === 'received' && stage === 1) return <Tag colour="blue">Received</Tag>;
  return <Tag colour="blue">Now</Tag>;
};

export interface ComplaintLadderProps {
  complaint: Feedback;
  dueSoonDays: number;
  readsNarrative: boolean;
}

/**
 * A complaint's procedure as a ladder, first stage first: stage 1 (local resolution), stage 2
 * (investigation), stage 3 (the review panel, on the statutory route), then the Ombudsman. Each
 * stage reached says when it started and was due, its time allowed and any extension and why,
 * who investigates or sits on the panel, when and how it was answered and whether in time, and
 * until when the next stage may be asked for.
 */
export function ComplaintLadder({ complaint, dueSoonDays, readsNarrative }: ComplaintLadderProps) {
  const current = complaint.stage ?? 1;
  const stages = complaint.stages ?? [];
  const numbers = Array.from({ length: lastStage(complaint) }, (_, i) => i + 1);
  const stateOf = (n: number): StepState => (n < current ? 'done' : n === current ? 'current' : 'to-come');
  const referred = Boolean(complaint.ombudsman_referred_on);

  return (
    <ol className="app-ladder">
      {numbers.map((n) => {
        const state = stateOf(n);
        const stage = stages.find((s) => s.stage === n);
        return (
          <li key={n} className={`app-ladder__step app-ladder__step--${state}`} aria-current={state === 'current' && !isOver(complaint) ? 'step' : undefined}>
            <div className="app-ladder__header">
              <h3 className="app-ladder__title">{complaintStageLabels[n] ?? `Stage ${n}`}</h3> {stepTag(state, complaint, n)}
            </div>
            {n === 1 && complaint.status === 'received' && complaint.acknowledge_by ? (
              <p className="govuk-body govuk-!-margin-bottom-1">
                Acknowledge by {formatDate(complaint.acknowledge_by)}
                {typeof complaint.working_days_left === 'number' ? `: ${workingDaysWords(complaint.working_days_left).toLowerCase()} ` : ' '}
                <DeadlineTag complaint={complaint} dueSoonDays={dueSoonDays} />
                {complaint.route === 'corporate' ? <> Stage 1’s clock starts when it is acknowledged.</> : null}
              </p>
            ) : null}
            {stage ? (
              <Facts rows={stageFacts(complaint, stage, state === 'current', dueSoonDays, readsNarrative)} />
            ) : state === 'to-come' && !isOver(complaint) && !referred ? (
              <p className="govuk-body govuk-!-margin-bottom-1">
                {n === 3
                  ? 'If the complainant asks after stage 2’s response: three independent people sit on the panel.'
                  : n === 2
                    ? complaint.route === 'statutory'
                      ? 'If the complainant asks after stage 1’s response: an investigating officer and an independent person.'
                      : 'If the complainant asks after stage 1’s response.'
                    : null}
              </p>
            ) : null}
          </li>
        );
      })}
      <li className={`app-ladder__step app-ladder__step--${referred ? 'done' : 'to-come'}`}>
        <div className="app-ladder__header">
          <h3 className="app-ladder__title">The Ombudsman</h3>{' '}
          {referred ? <Tag colour="purple">Referred</Tag> : <Tag colour="grey">{isOver(complaint) ? 'Not referred' : 'To come'}</Tag>}
        </div>
        {referred ? (
          <Facts
            rows={[
              ['Referred', formatDate(complaint.ombudsman_referred_on)],
              ['Finding', complaint.ombudsman_outcome ?? 'Not known yet'],
            ]}
          />
        ) : !isOver(complaint) ? (
          <p className="govuk-body govuk-!-margin-bottom-1">The Local Government and Social Care Ombudsman, if the complainant is still not satisfied after the council’s response.</p>
        ) : null}
      </li>
    </ol>
  );
}
