import type { TimelineEvent } from '@/lib/api/types';
import { formatDateTime } from '@/lib/dates';
import { labelFor, narrativeText, timelineEventLabels } from '@/lib/labels';

/** An escalation's history, oldest first, as a timeline (the pattern other government services use). */
export function Timeline({ events, personName, readsNarrative }: { events: TimelineEvent[]; personName: (id: string | null | undefined, none?: string) => string; readsNarrative: boolean }) {
  if (events.length === 0) return <p className="govuk-body">Nothing has happened yet.</p>;
  return (
    <ol className="app-timeline">
      {events.map((event) => (
        <li className="app-timeline__item" key={event.id}>
          <div className="app-timeline__header">
            <h3 className="app-timeline__title">{labelFor(timelineEventLabels, event.kind)}</h3>
            <p className="app-timeline__byline">by {personName(event.actor_id, 'the system')}</p>
          </div>
          <p className="app-timeline__date">
            <time dateTime={event.created_at}>{formatDateTime(event.created_at)}</time>
            {event.stage ? ` – stage ${event.stage}` : null}
          </p>
          {event.text || !readsNarrative ? <p className="app-timeline__description app-narrative">{narrativeText(event.text, readsNarrative)}</p> : null}
        </li>
      ))}
    </ol>
  );
}
