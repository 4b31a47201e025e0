import type { ReactNode } from 'react';

/** A panel of "Your work": a heading (with how many), then its list. */
export function WorkPanel({ id, title, count, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <section className="app-panel" aria-labelledby={`panel-${id}`}>
      <h2 className="govuk-heading-m" id={`panel-${id}`}>
        {title}
        {count !== undefined && count > 0 ? <span className="app-panel__count"> ({count})</span> : null}
      </h2>
      {children}
    </section>
  );
}
