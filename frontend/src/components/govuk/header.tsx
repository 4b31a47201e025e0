import { ServiceNavigation as GovukServiceNavigationJs } from 'govuk-frontend';
import { Link } from 'react-router';
import { cx, useGovukComponent } from './use-govuk-component';

export interface NavigationItem {
  to: string;
  text: string;
  /** `page` when this item is the current page, `section` when the page is within it. */
  current?: 'page' | 'section';
  /** A count after the text, "Notifications (3)", with words for screen readers ("unread"). */
  count?: { value: number; hiddenText: string };
}

function ItemText({ item }: { item: NavigationItem }) {
  if (!item.count || item.count.value <= 0) return item.text;
  // The visible text first and whole ("Notifications (3)"), so the link's name starts with what
  // is seen (WCAG 2.5.3); then the words for screen readers ("unread").
  return (
    <>
      {`${item.text} (${item.count.value})`}
      <span className="govuk-visually-hidden"> {item.count.hiddenText}</span>
    </>
  );
}

export interface HeaderProps {
  /** Shown in the header bar; the council's (or the department's) name. */
  organisationName: string;
  serviceName: string;
  serviceHref?: string;
  navigation: NavigationItem[];
  /**
   * Links about the person rather than the service ("Your account", "Sign out"), in the header
   * bar at the end of the line, as services with accounts place them.
   */
  accountLinks?: NavigationItem[];
}

/**
 * The page header: GOV.UK Frontend's generic header (the GOV.UK header and crown are for
 * services on GOV.UK only) and its service navigation, whose script runs the mobile menu.
 */
export function Header({ organisationName, serviceName, serviceHref = '/', navigation, accountLinks = [] }: HeaderProps) {
  return (
    <header className="govuk-template__header">
      <div className="govuk-generic-header">
        <div className="govuk-generic-header__container govuk-width-container app-header__container">
          <div className="govuk-generic-header__logo">
            <Link to={serviceHref} className="govuk-generic-header__homepage-link">
              {organisationName}
            </Link>
          </div>
          {accountLinks.length > 0 ? (
            <nav aria-label="Account" className="app-header__account">
              <ul className="app-header__account-list">
                {accountLinks.map((item) => (
                  <li key={item.to} className="app-header__account-item">
                    <Link className="app-header__account-link" to={item.to} aria-current={item.current === 'page' ? 'page' : undefined}>
                      {item.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </div>
      </div>
      {/* A new element (and so a new start of its script) when the menu appears or goes. */}
      <ServiceNavigation key={navigation.length > 1 ? 'menu' : 'plain'} serviceName={serviceName} serviceHref={serviceHref} navigation={navigation} />
    </header>
  );
}

function ServiceNavigation({ serviceName, serviceHref, navigation }: Pick<HeaderProps, 'serviceName' | 'navigation'> & { serviceHref: string }) {
  const navRef = useGovukComponent<HTMLElement>(GovukServiceNavigationJs);
  return (
    <section
      ref={navRef}
      aria-label="Service information"
      className="govuk-service-navigation"
      data-module="govuk-service-navigation"
    >
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <span className="govuk-service-navigation__service-name">
            <Link to={serviceHref} className="govuk-service-navigation__link">
              {serviceName}
            </Link>
          </span>
          {navigation.length > 0 ? (
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              {navigation.length > 1 ? (
                <button
                  type="button"
                  className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                  aria-controls="navigation"
                  hidden
                  aria-hidden="true"
                >
                  Menu
                </button>
              ) : null}
              <ul className="govuk-service-navigation__list" id="navigation">
                {navigation.map((item) => (
                  <li
                    key={item.to}
                    className={cx('govuk-service-navigation__item', item.current && 'govuk-service-navigation__item--active')}
                  >
                    <Link
                      className="govuk-service-navigation__link"
                      to={item.to}
                      aria-current={item.current === 'page' ? 'page' : item.current === 'section' ? 'true' : undefined}
                    >
                      {item.current ? (
                        <strong className="govuk-service-navigation__active-fallback">
                          <ItemText item={item} />
                        </strong>
                      ) : (
                        <ItemText item={item} />
                      )}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </div>
      </div>
    </section>
  );
}
