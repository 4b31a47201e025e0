import type { ReactNode } from 'react';

export function WorkPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="app-panel" aria-labelledby={`panel-${title.toLowerCase()}`}>
      <h2 className="govuk-heading-m" id={`panel-${title.toLowerCase()}`}>
        {title}
      </h2>
      {children}
    </section>
  );
}
