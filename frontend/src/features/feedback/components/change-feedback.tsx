import { useState, type SyntheticEvent } from 'react';
import { Button, Checkboxes, Details, ErrorSummary, Input, Textarea } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Feedback, FeedbackPatch } from '@/lib/api/types';
import type { FieldSpec } from '@/lib/form-errors';
import { usePracticeStandards } from '@/lib/reference-data';
import { feedbackErrors } from '../api/feedback-errors';
import { useUpdateFeedback } from '../api/use-feedback';

const fields: Record<string, FieldSpec> = {
  themes: { label: 'Themes', id: 'change-themes' },
  standards: { label: 'Practice standards', id: 'change-standards' },
  learning: { label: 'Learning', id: 'change-learning' },
};

/** The themes as the API takes them: short words, split at commas, each once. */
export const themeList = (text: string) => [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];

const sameList = <T,>(a: T[], b: T[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/**
 * Changing feedback's themes, practice standards and learning as they become clear (whoever
 * recorded it, or the QA unit): only what the person changed is sent, as a merge patch with the
 * version read, so a change someone made meanwhile is never overwritten.
 */
export function ChangeFeedback({ feedback, onDone }: { feedback: Feedback; onDone: (message: string) => void }) {
  const update = useUpdateFeedback(feedback);
  const standards = usePracticeStandards();
  const errors = useFormErrors();
  // Only what the person changed is theirs: the rest shows the feedback as it is now, so a
  // change someone else made meanwhile (a 412, then read again) is kept, never overwritten.
  const [edits, setEdits] = useState<{ themes?: string; standards?: string[]; learning?: string }>({});
  const themes = edits.themes ?? feedback.themes.join(', ');
  const chosen = edits.standards ?? feedback.standards.map(String);
  const learning = edits.learning ?? feedback.learning ?? '';
  const setThemes = (value: string) => setEdits((current) => ({ ...current, themes: value }));
  const setChosen = (value: string[]) => setEdits((current) => ({ ...current, standards: value }));
  const setLearning = (value: string) => setEdits((current) => ({ ...current, learning: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const patch: FeedbackPatch = {};
    const nextThemes = themeList(themes);
    const nextStandards = chosen.map(Number).sort((a, b) => a - b);
    if (!sameList(nextThemes, feedback.themes)) patch.themes = nextThemes;
    if (!sameList(nextStandards, [...feedback.standards].sort((a, b) => a - b))) patch.standards = nextStandards;
    if (learning.trim() !== (feedback.learning ?? '').trim()) patch.learning = learning.trim() || null;
    if (Object.keys(patch).length === 0) {
      errors.show({ summary: [{ href: '#change-themes', text: 'Change the themes, the standards or the learning, or leave them as they are' }], byField: {} });
      return;
    }
    update.mutate(patch, {
      onSuccess: () => {
        setEdits({});
        errors.clear();
        onDone('Your changes are saved');
      },
      onError: (error) => errors.show(feedbackErrors(error, fields, patch)),
    });
  };
  return (
    <div className="app-audit-section">
      <Details summary="Change the themes, standards or learning" open={errors.errors.summary.length > 0}>
        <form noValidate onSubmit={submit} aria-label="Change the themes, standards or learning">
          {errors.errors.summary.length > 0 ? <ErrorSummary key={errors.attempt} errors={errors.errors.summary} /> : null}
          <Input
            id="change-themes"
            label="Themes"
            labelSize="s"
            hint="Short words, separated by commas"
            spellCheck={false}
            autoComplete="off"
            error={errors.errors.byField.themes}
            value={themes}
            onChange={setThemes}
          />
          <Checkboxes
            idPrefix="change-standards"
            legend="Practice standards"
            legendSize="s"
            small
            error={errors.errors.byField.standards}
            items={(standards.data?.items ?? []).map((s) => ({ value: String(s.number), text: `${s.number}. ${s.title}` }))}
            values={chosen}
            onChange={setChosen}
          />
          <Textarea id="change-learning" label="Learning" labelSize="s" error={errors.errors.byField.learning} rows={3} value={learning} onChange={setLearning} />
          <Button variant="secondary">Save changes</Button>
        </form>
      </Details>
    </div>
  );
}
