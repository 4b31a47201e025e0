import type { ErrorSummaryItem } from '@/components/govuk';
import { ApiError } from '@/lib/api/api-error';
import { formErrorsFromError, type FieldSpec, type FormErrors } from '@/lib/form-errors';

/**
 * The feedback API's words for a field are mostly predicates ("must not be in the future"),
 * which follow the field's label; some are whole clauses ("stage 1 may take at most 20 working
 * days: at most 10 more", "name the team the feedback is about"), which stand as sentences.
 */
const PREDICATE = /^(is|are|must|names|has|have|was|were|follows|may|cannot|does|should|falls?)\b/;

/** A message as the shared error summary takes it: a clause starts with a capital, so it is not put after the label. */
export function sentenceOrPredicate(message: string): string {
  if (!message || PREDICATE.test(message) || !/^[a-z]/.test(message)) return message;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** A field the form shows as one: the themes and standards lists (`themes.2`), the panel's members. */
export const baseField = (field: string) => field.replace(/^(themes|standards|panel_members)\.\d+$/, '$1');

/**
 * A refused feedback request as a form's errors: 422 field errors linked to the form's fields
 * (lists as one field, clauses as sentences); anything else, such as a 409 because the
 * complaint has moved on or its request window has closed, as the server's own message.
 */
export function feedbackErrors(error: unknown, fields: Record<string, FieldSpec>, values: object = {}, otherwise: Partial<Record<number, ErrorSummaryItem>> = {}): FormErrors {
  if (error instanceof ApiError && error.status === 422 && error.problem?.errors?.length) {
    const seen = new Set<string>();
    const errors = error.problem.errors
      .map(({ field, message }) => ({ field: baseField(field), message: sentenceOrPredicate(message) }))
      // A list with several bad items says so once.
      .filter(({ field, message }) => {
        const key = `${field}:${message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    return formErrorsFromError(new ApiError(422, { ...error.problem, errors }, error.headers), fields, otherwise, values);
  }
  return formErrorsFromError(error, fields, {
    412: { text: 'Someone else changed this while you were looking at it. It is shown below as it is now: check it and try again.' },
    ...otherwise,
  }, values);
}
