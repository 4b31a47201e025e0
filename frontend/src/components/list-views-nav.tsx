import { Link } from 'react-router';

export interface ListView {
  to: string;
  text: string;
  current: boolean;
}

/** The related lists of an area side by side ("Audits you did", "Audits of your team"), the one on screen marked. */
export function ListViewsNav({ label, views }: { label: string; views: ListView[] }) {
  if (views.length < 2) return null;
  return (
    <nav className="app-subnav" aria-label={label}>
      <ul className="app-subnav__list">
        {views.map((view) => (
          <li key={view.to} className="app-subnav__item">
            <Link className="govuk-link app-subnav__link" to={view.to} aria-current={view.current ? 'page' : undefined}>
              {view.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
