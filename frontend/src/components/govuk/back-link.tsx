import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** GOV.UK back link to a page of the app (put it before <main>, or at the top of the page). */
export function BackLink({ to, children = 'Back' }: { to: string; children?: ReactNode }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}
