import { useEffect, useRef, useState } from 'react';
import { NavigationType, Outlet, useLocation, useNavigationType } from 'react-router';
import { Footer, Header, SkipLink } from '@/components/govuk';
import { useUnreadCount } from '@/features/notifications/api/use-notifications';
import { accountNavigationFor, navigationFor } from '@/lib/permissions';
import { useSession } from '@/lib/session/session-context';

/**
 * After a move to another page, put focus on the new page's h1 (as a full page load would
 * reset it to the top), unless something on the new page already took it: an error summary
 * or a success banner.
 */
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const navigationType = useNavigationType();
  const first = useRef(true);
  useEffect(() => {
    // The first page, and redirects (to the sign-in page, after signing in), behave like a
    // page load: focus starts at the top, so the skip link comes first.
    if (first.current || navigationType === NavigationType.Replace) {
      first.current = false;
      return;
    }
    const main = document.getElementById('main-content');
    const active = document.activeElement;
    if (!main || (active && active !== document.body && main.contains(active))) return;
    const heading = main.querySelector('h1');
    if (heading instanceof HTMLElement) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }, [pathname, navigationType]);
}

/**
 * The unread notifications count for the header: asked for every 30 seconds, when the window
 * regains focus and on every move to another page, so something raised a moment ago shows at once.
 */
function useUnreadNotifications(signedIn: boolean): number {
  const { pathname } = useLocation();
  const unread = useUnreadCount(signedIn);
  const { refetch } = unread;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (signedIn) void refetch();
  }, [pathname, signedIn, refetch]);
  return signedIn ? (unread.data ?? 0) : 0;
}

/** Words for screen readers when new notifications arrive while the person is on a page. */
function useNewNotificationsAnnouncement(unread: number): string {
  const [state, setState] = useState({ seen: unread, text: '' });
  if (unread !== state.seen) {
    setState({
      seen: unread,
      text: unread > state.seen ? `You have ${unread} unread notification${unread === 1 ? '' : 's'}` : '',
    });
  }
  return state.text;
}

export function Layout() {
  const { me } = useSession();
  const { pathname } = useLocation();
  useFocusOnNavigation();
  const unread = useUnreadNotifications(Boolean(me));
  const announcement = useNewNotificationsAnnouncement(unread);
  return (
    <>
      <SkipLink />
      <div className="govuk-visually-hidden" role="status">
        {announcement}
      </div>
      <Header
        organisationName="Children’s Services"
        serviceName="Quality assurance and learning"
        navigation={me ? navigationFor(me, pathname, unread) : []}
        accountLinks={me ? accountNavigationFor(pathname) : []}
      />
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          <Outlet />
        </main>
      </div>
      {/* The practice standards for everyone signed in (not every navigation has room for them). */}
      <Footer links={[...(me ? [{ to: '/practice-standards', text: 'Practice standards' }] : []), { to: '/accessibility', text: 'Accessibility statement' }]}>
        Children’s Services quality assurance and learning platform
      </Footer>
    </>
  );
}
