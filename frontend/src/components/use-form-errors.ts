import { useState } from 'react';
import { noErrors, type FormErrors } from '@/lib/form-errors';

/**
 * A small form's errors: shown after a failed submission (a new `attempt` each time, the error
 * summary's key, so it takes focus again), cleared when it succeeds.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  return {
    errors,
    attempt,
    show: (next: FormErrors) => {
      setErrors(next);
      setAttempt((n) => n + 1);
    },
    clear: () => setErrors(noErrors),
  };
}
