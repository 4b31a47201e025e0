import { Link } from 'react-router';
import { Pagination, Tag } from '@/components/govuk';
import { ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { Notification } from '@/lib/api/types';
import { useCaseNames } from '@/lib/cases';
import { formatDateTime } from '@/lib/dates';
import { useListState } from '@/lib/list-state';
import { usePageTitle } from '@/lib/page-title';
import { NOTIFICATIONS_PAGE_SIZE, useMarkRead, useNotifications } from '../api/use-notifications';
import { recordPath } from '@/lib/record-path';

/** The caller's notifications, newest first; opening one marks it read. */
export function NotificationsPage() {
  const list = useListState({ filters: ['unread'], sortable: ['created_at'], pageSize: NOTIFICATIONS_PAGE_SIZE });
  const unreadOnly = list.values.unread === 'true';
  usePageTitle(list.title('Notifications'));
  const notifications = useNotifications({ unread: unreadOnly || undefined, ...list.request });
  const markRead = useMarkRead();
  const caseName = useCaseNames((notifications.data?.items ?? []).map((n) => n.case_id));
  if (notifications.isError) return <ProblemPage error={notifications.error} />;
  const unread = notifications.data?.unread_count ?? 0;

  const item = (notification: Notification) => {
    const path = recordPath(notification);
    const isUnread = !notification.read_at;
    return (
      <li className={isUnread ? 'app-notification app-notification--unread' : 'app-notification'} key={notification.id}>
        <p className="govuk-body govuk-!-margin-bottom-1">
          {isUnread ? (
            <>
              <Tag colour="blue">New</Tag>{' '}
            </>
          ) : null}
          {path ? (
            <Link className="govuk-link govuk-!-font-weight-bold" to={path} onClick={() => isUnread && markRead.mutate(notification.id)}>
              {notification.title}
            </Link>
          ) : (
            <strong>{notification.title}</strong>
          )}
        </p>
        <p className="govuk-body-s app-secondary-text govuk-!-margin-bottom-1">
          {notification.case_id && caseName(notification.case_id) ? `Case ${caseName(notification.case_id)} – ` : null}
          {formatDateTime(notification.created_at)}
        </p>
        {isUnread ? (
          <button
            type="button"
            className="app-link-button app-link-button--small"
            onClick={() => markRead.mutate(notification.id)}
            aria-label={`Mark as read: ${notification.title}`}
          >
            Mark as read
          </button>
        ) : null}
      </li>
    );
  };

  return (
    <>
      <h1 className="govuk-heading-l">Notifications</h1>
      <p className="govuk-body" role="status">
        {notifications.data ? (unread === 0 ? 'You have no unread notifications.' : `You have ${unread} unread notification${unread === 1 ? '' : 's'}.`) : null}
      </p>
      <nav className="app-subnav" aria-label="Notification lists">
        <ul className="app-subnav__list">
          <li className="app-subnav__item">
            <Link className="govuk-link app-subnav__link" to="/notifications" aria-current={!unreadOnly ? 'page' : undefined}>
              All
            </Link>
          </li>
          <li className="app-subnav__item">
            <Link className="govuk-link app-subnav__link" to="/notifications?unread=true" aria-current={unreadOnly ? 'page' : undefined}>
              Unread
            </Link>
          </li>
        </ul>
      </nav>
      <ListTotal total={notifications.data?.total} noun={['notification', 'notifications']} />
      {!notifications.data ? (
        <Loading />
      ) : notifications.data.items.length === 0 ? (
        <p className="govuk-body">{unreadOnly ? 'You have read all your notifications.' : 'You have no notifications.'}</p>
      ) : (
        <ul className="govuk-list app-notifications">{notifications.data.items.map(item)}</ul>
      )}
      <Pagination {...list.paging(notifications.data)} />
    </>
  );
}
