import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface FooterLink {
  to: string;
  text: string;
}

/** GOV.UK footer without the crown and Crown copyright (this is not a GOV.UK service). */
export function Footer({ links, children }: { links: FooterLink[]; children?: ReactNode }) {
  return (
    <footer className="govuk-template__footer">
      <div className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <h2 className="govuk-visually-hidden">Support links</h2>
              {links.length > 0 ? (
                <ul className="govuk-footer__inline-list">
                  {links.map((link) => (
                    <li className="govuk-footer__inline-list-item" key={link.to}>
                      <Link className="govuk-footer__link" to={link.to}>
                        {link.text}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
              {children ? <div className="govuk-footer__meta-custom">{children}</div> : null}
            </div>
          </div>
        </div>
      </div>
    </footer>
  );
}
