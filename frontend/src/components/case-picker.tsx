import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { Button, Radios } from '@/components/govuk';
import { ErrorMessage, FormGroup } from '@/components/govuk/field-parts';
import { cx } from '@/components/govuk';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { Case } from '@/lib/api/types';
import { caseName } from '@/lib/cases';
import { categoryLabels } from '@/lib/roles';

/** How many cases a search offers. */
const SHOWN = 10;

function useCaseSearch(term: string, openOnly: boolean) {
  const query = { q: term, ...(openOnly ? { status: ['open' as const] } : {}), sort: 'external_ref', limit: SHOWN, count: true as const };
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query } })),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** The words of a case picker used for something other than feedback. */
export interface CasePickerWords {
  label: string;
  hint: string;
  /** The choice of no case, or none for a case that must be chosen. */
  none: string | null;
  /** Closed cases too (a subject access request may be about a closed case). */
  anyStatus: boolean;
}

const feedbackWords: CasePickerWords = {
  label: 'Which child’s case is it about? (optional)',
  hint: 'Search your open cases by the child’s initials or the council’s reference. Feedback about a child’s case is part of their record, and about the case’s team.',
  none: 'Not about one child’s case',
  anyStatus: false,
};

/**
 * Choosing the child's case feedback is about, if any: search the caller's open cases by the
 * child's initials or the council's reference, then choose one (or none). The search's own
 * field has the id `case_id`, which an error summary links to.
 */
export function CasePicker({ chosen, onChange, error, words = feedbackWords }: { chosen: Case | null; onChange: (kase: Case | null) => void; error?: string; words?: CasePickerWords }) {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const found = useCaseSearch(term, !words.anyStatus);
  const search = () => setTerm(text.trim());
  // Enter in the search box searches, rather than sending the whole form.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      search();
    }
  };
  const results = found.data?.items ?? [];
  const options = chosen && !results.some((c) => c.id === chosen.id) ? [chosen, ...results] : results;

  return (
    <>
      <FormGroup error={error}>
        <label className="govuk-label govuk-label--m" htmlFor="case_id">
          {words.label}
        </label>
        <div className="govuk-hint" id="case_id-hint">
          {words.hint}
        </div>
        <ErrorMessage id="case_id">{error}</ErrorMessage>
        <div className="app-case-search">
          <input
            className={cx('govuk-input', 'govuk-!-width-one-half', error && 'govuk-input--error')}
            id="case_id"
            type="search"
            spellCheck={false}
            autoComplete="off"
            enterKeyHint="search"
            aria-describedby={error ? 'case_id-hint case_id-error' : 'case_id-hint'}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <Button type="button" variant="secondary" onClick={search}>
            Find cases
          </Button>
        </div>
        <p role="status" className="govuk-body govuk-!-margin-bottom-0">
          {term && found.data ? matchesText(term, results.length, found.data.total, words.anyStatus ? '' : 'open ') : null}
        </p>
      </FormGroup>
      {options.length > 0 ? (
        <Radios
          idPrefix="case-choice"
          legend="Choose the case"
          legendSize="s"
          small
          value={chosen?.id ?? ''}
          onChange={(id) => onChange(options.find((c) => c.id === id) ?? null)}
          items={[
            ...options.map((c) => ({ value: c.id, text: caseName(c), hint: categoryLabels[c.category] })),
            ...(words.none ? [{ value: '', text: words.none, dividerBefore: 'or' }] : []),
          ]}
        />
      ) : null}
    </>
  );
}

/** "3 open cases match “N.W”", said when a search has been answered. */
function matchesText(term: string, shown: number, total: number | null | undefined, open: string): string {
  const count = total ?? shown;
  if (count === 0) return `No ${open}cases match “${term}”.`;
  return `${count} ${open}case${count === 1 ? '' : 's'} match${count === 1 ? 'es' : ''} “${term}”${count > shown ? `: the first ${shown} are shown` : ''}.`;
}
