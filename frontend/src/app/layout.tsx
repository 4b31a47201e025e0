import { useEffect, useRef } from 'react';
import { NavigationType, Outlet, useLocation, useNavigationType } from 'react-router';
import { Footer, Header, SkipLink } from '@/components/govuk';
import { navigationFor } from '@/lib/permissions';
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

export function Layout() {
  const { me } = useSession();
  const { pathname } = useLocation();
  useFocusOnNavigation();
  return (
    <>
      <SkipLink />
      <Header
        organisationName="Children’s Services"
        serviceName="Quality assurance and learning"
        navigation={me ? navigationFor(me, pathname) : []}
      />
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          <Outlet />
        </main>
      </div>
      <Footer links={[{ to: '/accessibility', text: 'Accessibility statement' }]}>
        Children’s Services quality assurance and learning platform
      </Footer>
    </>
  );
}
