import { cx } from '@/components/govuk';
import type { SaveStatus } from '@/lib/autosave';
import { formatTime } from '@/lib/dates';

export function saveStatusText(status: SaveStatus | undefined): string {
  switch (status?.kind) {
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Saved at ${formatTime(status.at)}`;
    case 'retrying':
      return 'Not saved – will retry';
    case 'failed':
      return `Not saved – ${status.message}`;
    default:
      return '';
  }
}

/**
 * A section's save status, shown and announced (a polite live region, present from the start so
 * that changes are read out): "Saving…", "Saved at 14:32", "Not saved – will retry".
 */
export function SaveStatusLine({ id, section, status }: { id: string; section: string; status: SaveStatus | undefined }) {
  const text = saveStatusText(status);
  const problem = status?.kind === 'retrying' || status?.kind === 'failed';
  return (
    <p id={id} className={cx('app-save-status', problem && 'app-save-status--problem')} role="status" aria-live="polite" aria-atomic="true">
      {text ? (
        <>
          <span className="govuk-visually-hidden">{section}: </span>
          {text}
        </>
      ) : null}
    </p>
  );
}

/**
 * What a closed section's heading says besides its title: its answer, whether it needs
 * attention and, while it is not saved, its save status ("Good – there is a problem – saving…").
 */
export function sectionSummary(answer: string, status: SaveStatus | undefined, hasProblem: boolean): string {
  const parts = [answer];
  if (hasProblem) parts.push('there is a problem');
  if (status?.kind === 'saving' || status?.kind === 'retrying' || status?.kind === 'failed') parts.push(saveStatusText(status).toLowerCase());
  return parts.join(' – ');
}
