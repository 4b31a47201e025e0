import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ErrorSummaryItem } from '@/components/govuk';
import { Autosave, type AutosaveOptions } from '@/lib/autosave';
import { noErrors, withoutFixed, type FormErrors } from '@/lib/form-errors';
import { draftStore, type DraftKind } from '@/lib/session/drafts';

/**
 * The machinery of the forms that save as people write (audits, observations, monitoring
 * forms): sections saved on their own with a copy on this device (lib/autosave), values
 * restored from that copy after a crash or a lost connection, and a submit whose 422 lists
 * every gap, each error going as soon as its field is answered and saved.
 */

export interface RecordAutosaveOptions<V> extends Pick<AutosaveOptions<V>, 'save' | 'describeFailure' | 'keepLocal'> {
  userId: string;
  recordId: string;
  kind: DraftKind;
}

/** One record's autosave (its local copy kept under the signed-in person's name), with each section's status. */
export function useRecordAutosave<V>({ userId, recordId, kind, ...options }: RecordAutosaveOptions<V>) {
  const [autosave] = useState(() => new Autosave<V>({ ...options, store: draftStore<V>(userId, recordId, kind) }));
  useEffect(() => {
    autosave.start();
    return () => autosave.stop();
  }, [autosave]);
  const statuses = useSyncExternalStore(autosave.subscribe, autosave.getSnapshot);
  return { autosave, statuses };
}

/** A section as the server holds it, and when it was last saved (null: never). */
export interface ServerSection<V> {
  value: V;
  savedAt: number | null;
}

/**
 * The form's values by section, starting from the server's. Edits this device kept from an
 * earlier visit that the server never confirmed win over the server's copy, and are saved again.
 * Read `server` once, for the record as it was first read.
 */
export function useSectionValues<V extends object>(autosave: Autosave<V>, server: () => Record<string, ServerSection<V>>, same: (key: string, a: V, b: V) => boolean) {
  const [initial] = useState(() => {
    const sections = server();
    const restored: Record<string, V> = {};
    for (const [key, local] of Object.entries(autosave.restore())) {
      const held = sections[key];
      // A section the form no longer has (a standard of another framework) is left alone.
      if (!held) continue;
      const values = { ...held.value, ...local };
      if (!same(key, values, held.value)) restored[key] = values;
    }
    const values = Object.fromEntries(Object.entries(sections).map(([key, section]) => [key, restored[key] ?? section.value]));
    return { sections, restored, values };
  });
  const [values, setValues] = useState<Record<string, V>>(initial.values);

  useEffect(() => {
    for (const [key, section] of Object.entries(initial.sections)) {
      if (section.savedAt !== null) autosave.markSaved(key, section.savedAt);
    }
    for (const [key, value] of Object.entries(initial.restored)) {
      autosave.change(key, value);
      autosave.flush(key);
    }
  }, [autosave, initial]);

  const change = (key: string, value: V) => {
    setValues((current) => ({ ...current, [key]: value }));
    autosave.change(key, value);
  };
  return { values, change, restoredCount: Object.keys(initial.restored).length };
}

export interface RecordSubmitOptions<V> {
  autosave: Autosave<V>;
  /** "audit": the word for the record in messages. */
  noun: string;
  /** Whether the form's saved values now answer what the submit said of an API field. */
  fixed: (field: string) => boolean;
  /** Where a section that could not be saved is, to link to it ("#standard-3"), and its name. */
  sectionLink?: (key: string) => { href: string; name: string } | null;
}

/**
 * Submitting a record: everything waiting is saved first (it cannot be submitted otherwise),
 * then sent; the errors of a refused submission go one by one as they are fixed, from the
 * summary, the fields and (once none is left) the page title.
 */
export function useRecordSubmit<V>({ autosave, noun, fixed, sectionLink }: RecordSubmitOptions<V>) {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const left = withoutFixed(errors, fixed);
  if (left !== errors) setErrors(left);

  const fail = (next: FormErrors) => {
    setErrors(next);
    setAttempt((n) => n + 1);
    setSubmitting(false);
  };

  const unsaved = (): FormErrors => {
    const items: ErrorSummaryItem[] = [];
    for (const [key, status] of Object.entries(autosave.getSnapshot())) {
      const link = status.kind === 'failed' ? sectionLink?.(key) : null;
      if (link && status.kind === 'failed') items.push({ href: link.href, text: `${link.name} is not saved: ${status.message}` });
    }
    return {
      summary: [{ text: `Some of your answers have not been saved yet, so the ${noun} cannot be submitted. Check your connection and try again.` }, ...items],
      byField: {},
    };
  };

  /** Saves what is waiting, then sends the submission; `refused` turns its failure into errors. */
  const submit = async (send: () => Promise<unknown>, { done, refused }: { done: () => void; refused: (error: unknown) => FormErrors }) => {
    if (submitting) return;
    setSubmitting(true);
    if (!(await autosave.flushAll())) {
      fail(unsaved());
      return;
    }
    try {
      await send();
    } catch (error) {
      fail(refused(error));
      return;
    }
    autosave.clear();
    done();
  };

  return { errors: left, attempt, submitting, fail, submit };
}
