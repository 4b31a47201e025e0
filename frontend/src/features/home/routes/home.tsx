import { Link } from 'react-router';
import { Tag } from '@/components/govuk';
import { Loading } from '@/components/loading';
import type { Audit } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate, formatDateTime, formatDay } from '@/lib/dates';
import { auditKindLabels, narrativeText } from '@/lib/labels';
import { canSee, isAuditor } from '@/lib/permissions';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { usePanelActions, usePanelAudits, usePanelEscalations, usePanelNotifications } from '../api/use-your-work';
import { WorkPanel } from '../components/work-panel';
import { ReplyDue } from '@/components/reply-due';

const notificationPath = (recordType: string, recordId: string) =>
  recordType === 'audit' ? `/audits/${recordId}` : recordType === 'escalation' ? `/escalations/${recordId}` : recordType === 'action' ? `/actions/${recordId}` : null;

/** "Your work": drafts, audits awaiting the caller's reply, actions, escalations, notifications. */
export function HomePage() {
  const me = useMe();
  usePageTitle('Your work');
  const readsCases = canSee('cases', me);
  const auditor = isAuditor(me);
  const answersEscalations = canSee('escalations', me);
  const drafts = usePanelAudits({ auditor_id: me.id, status: 'draft' }, readsCases && auditor);
  const submitted = usePanelAudits({ practitioner_id: me.id, status: 'submitted' }, readsCases);
  const moderated = usePanelAudits({ practitioner_id: me.id, status: 'moderated' }, readsCases);
  const actions = usePanelActions(me.id, readsCases);
  const escalations = usePanelEscalations(me.id, readsCases && answersEscalations);
  const notifications = usePanelNotifications();

  const awaitingReply = [...(submitted.data?.items ?? []), ...(moderated.data?.items ?? [])].filter((audit) => !audit.acknowledged_at);
  const auditLink = (audit: Audit, to: string) => (
    <Link className="govuk-link" to={to}>
      {caseLabel(audit) || 'Audit'}
      <span className="govuk-visually-hidden"> – {auditKindLabels[audit.kind]}</span>
    </Link>
  );
  const overdueActions = (actions.data ?? []).filter((action) => action.overdue).length;

  return (
    <>
      <span className="govuk-caption-l">{me.display_name}</span>
      <h1 className="govuk-heading-l">Your work</h1>
      <div className="app-panels">
        {readsCases && auditor ? (
          <WorkPanel id="drafts" title="Your draft audits" count={drafts.data?.items.length}>
            {!drafts.data ? (
              <Loading />
            ) : drafts.data.items.length === 0 ? (
              <p className="govuk-body">You have no audits in progress. Start one from a case’s page.</p>
            ) : (
              <ul className="govuk-list app-work-list">
                {drafts.data.items.map((audit) => (
                  <li key={audit.id}>
                    {auditLink(audit, `/audits/${audit.id}/edit`)}
                    <span className="app-secondary-text"> – started {formatDay(audit.created_at)}</span>
                  </li>
                ))}
              </ul>
            )}
          </WorkPanel>
        ) : null}
        {readsCases && (me.roles.includes('practitioner') || awaitingReply.length > 0) ? (
          <WorkPanel id="awaiting-reply" title="Audits of your work to reply to" count={awaitingReply.length}>
            {!submitted.data || !moderated.data ? (
              <Loading />
            ) : awaitingReply.length === 0 ? (
              <p className="govuk-body">No audits of your work are waiting for your reply.</p>
            ) : (
              <ul className="govuk-list app-work-list">
                {awaitingReply.map((audit) => (
                  <li key={audit.id}>
                    {auditLink(audit, `/audits/${audit.id}`)}
                    <span className="app-secondary-text"> – submitted {formatDay(audit.submitted_at)}</span>
                    {audit.reply_due_on ? (
                      <div className="govuk-!-margin-top-1">
                        <ReplyDue audit={audit} />
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </WorkPanel>
        ) : null}
        {readsCases ? (
          <WorkPanel id="actions" title="Your actions" count={actions.data?.length}>
            {!actions.data ? (
              <Loading />
            ) : actions.data.length === 0 ? (
              <p className="govuk-body">You have no open actions.</p>
            ) : (
              <>
                {overdueActions > 0 ? (
                  <p className="govuk-body">
                    <Tag colour="red">{overdueActions} overdue</Tag>
                  </p>
                ) : null}
                <ul className="govuk-list app-work-list">
                  {actions.data.slice(0, 10).map((action) => (
                    <li key={action.id}>
                      <Link className="govuk-link" to={`/actions/${action.id}`}>
                        {narrativeText(action.description, me.reads_narrative, 'Action')}
                      </Link>
                      <span className="app-secondary-text">
                        {' '}
                        – {caseLabel(action, 'No case')}, due {formatDate(action.due_on)}
                      </span>
                      {action.overdue ? (
                        <>
                          {' '}
                          <Tag colour="red">Overdue</Tag>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
                <p className="govuk-body">
                  <Link className="govuk-link" to="/actions">
                    All your actions
                  </Link>
                </p>
              </>
            )}
          </WorkPanel>
        ) : null}
        {readsCases && answersEscalations ? (
          <WorkPanel id="escalations" title="Escalations raised to you" count={escalations.data?.items.length}>
            {!escalations.data ? (
              <Loading />
            ) : escalations.data.items.length === 0 ? (
              <p className="govuk-body">No open escalations are raised to you.</p>
            ) : (
              <ul className="govuk-list app-work-list">
                {escalations.data.items.map((escalation) => (
                  <li key={escalation.id}>
                    <Link className="govuk-link" to={`/escalations/${escalation.id}`}>
                      {caseLabel(escalation) || 'Escalation'}
                    </Link>
                    <span className="app-secondary-text"> – stage {escalation.stage}, due {formatDate(escalation.stage_due_on)}</span>
                    {escalation.overdue ? (
                      <>
                        {' '}
                        <Tag colour="red">Overdue</Tag>
                      </>
                    ) : null}
                    {escalation.long_running ? (
                      <>
                        {' '}
                        <Tag colour="orange">Long-running</Tag>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </WorkPanel>
        ) : null}
        <WorkPanel id="notifications" title="Unread notifications" count={notifications.data?.unread_count}>
          {!notifications.data ? (
            <Loading />
          ) : notifications.data.items.length === 0 ? (
            <p className="govuk-body">You have no new notifications.</p>
          ) : (
            <ul className="govuk-list app-work-list">
              {notifications.data.items.map((notification) => {
                const path = notificationPath(notification.record_type, notification.record_id);
                return (
                  <li key={notification.id}>
                    {path ? (
                      <Link className="govuk-link" to={path}>
                        {notification.title}
                      </Link>
                    ) : (
                      notification.title
                    )}
                    <span className="app-secondary-text"> – {formatDateTime(notification.created_at)}</span>
                  </li>
                );
              })}
            </ul>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to="/notifications">
              All notifications
            </Link>
          </p>
        </WorkPanel>
      </div>
      <h2 className="govuk-heading-m">Go to</h2>
      <ul className="govuk-list">
        {readsCases ? (
          <li>
            <Link className="govuk-link" to="/cases">
              Cases
            </Link>
          </li>
        ) : null}
        {readsCases ? (
          <li>
            <Link className="govuk-link" to="/audits">
              Audits
            </Link>
          </li>
        ) : null}
        {canSee('programme', me) ? (
          <li>
            <Link className="govuk-link" to="/programme">
              Audit programme
            </Link>
          </li>
        ) : null}
        <li>
          <Link className="govuk-link" to="/practice-standards">
            Practice standards
          </Link>
        </li>
        {canSee('admin', me) ? (
          <>
            <li>
              <Link className="govuk-link" to="/admin/users">
                Manage users
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to="/admin/teams">
                Manage teams
              </Link>
            </li>
          </>
        ) : null}
        <li>
          <Link className="govuk-link" to="/account">
            Your account
          </Link>
        </li>
      </ul>
    </>
  );
}
