import { useEffect, useId, useRef, useState } from 'react';
import { Button, ButtonGroup } from '@/components/govuk';
import { durationInWords } from '../form-errors';

/**
 * The warning shown before an idle sign-out, as a native modal <dialog> (the browser keeps focus
 * inside it and returns focus afterwards). Escape means "stay signed in", as in the timeout
 * warning pattern used across government services.
 */
export function TimeoutWarning({ deadline, onStay, onSignOut }: { deadline: number; onStay: () => void; onSignOut: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(tick);
      if (dialog?.open) dialog.close();
    };
  }, []);

  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  // Screen readers hear the time left when the dialog opens and every 15 seconds, not every tick.
  const spokenSeconds = Math.ceil(seconds / 15) * 15;

  return (
    <dialog
      ref={ref}
      className="app-timeout-dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
    >
      <h2 id={titleId} className="govuk-heading-m">
        You’re about to be signed out
      </h2>
      <p id={textId} className="govuk-body">
        For your security, we will sign you out in{' '}
        <strong aria-hidden="true">{durationInWords(seconds)}</strong>
        <span className="govuk-visually-hidden" aria-live="polite" aria-atomic="true">
          {durationInWords(spokenSeconds)}
        </span>
        . Anything you have not saved will be lost.
      </p>
      <ButtonGroup>
        <Button type="button" onClick={onStay}>
          Stay signed in
        </Button>
        <button type="button" className="govuk-link app-link-button" onClick={onSignOut}>
          Sign out
        </button>
      </ButtonGroup>
    </dialog>
  );
}
