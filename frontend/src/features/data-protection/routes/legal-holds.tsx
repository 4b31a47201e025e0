import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { Button, DateInput, emptyDate, ErrorSummary, isEmptyDate, isoDateFromParts, NotificationBanner, Table, Tag, Textarea, type DateParts } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import { CasePicker, type CasePickerWords } from '@/components/case-picker';
import type { Case, LegalHold } from '@/lib/api/types';
import { caseName } from '@/lib/cases';
import { formatDate, formatDateTime, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { useLegalHolds, usePlaceHold, useReleaseHold } from '../api/use-data-protection';
import { DataProtectionNav } from '@/components/data-protection-nav';

const fields: Record<string, FieldSpec> = {
  case_id: { label: 'Case', id: 'case_id', required: 'Search for the case and choose it' },
  reason: { label: 'Why the records are held', id: 'hold-reason', required: 'Enter why the case’s records are held' },
  until: { label: 'Held until', id: 'until-day' },
};

const caseWords: CasePickerWords = {
  label: 'Which child’s case?',
  hint: 'Search by the child’s initials or the council’s reference. Closed cases are included.',
  none: null,
  anyStatus: true,
};

/**
 * Legal holds: the cases whose records retention must not delete (a public inquiry's moratorium,
 * litigation), with why and until when; placing a hold on a case and releasing one.
 */
export function LegalHoldsPage() {
  usePageTitle('Legal holds');
  const holds = useLegalHolds();
  const [done, setDone] = useState<string | null>(null);
  if (holds.isError) return <ProblemPage error={holds.error} />;
  const items = [...(holds.data?.items ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || b.placed_at.localeCompare(a.placed_at));
  const active = items.filter((h) => h.active).length;
  return (
    <>
      <DataProtectionNav current="holds" />
      {done ? <NotificationBanner type="success" heading={done} /> : null}
      <h1 className="govuk-heading-l">Legal holds</h1>
      <p className="govuk-body">
        While a case is under a legal hold, none of its records is deleted by the retention schedule, whatever its rule says. Placing and releasing a hold are both kept in the access log; a
        released hold leaves this list.
      </p>
      {!holds.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">No case is under a legal hold.</p>
      ) : (
        <HoldsTable items={items} caption={`Holds in force (${active})`} onDone={setDone} />
      )}
      <PlaceHold onDone={setDone} />
    </>
  );
}

function HoldsTable({ items, caption, onDone }: { items: LegalHold[]; caption: string; onDone: (message: string) => void }) {
  const release = useReleaseHold();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      {problem ? <ErrorSummary errors={[{ text: problem }]} /> : null}
      <Table
        caption={caption}
        captionSize="m"
        head={[{ text: 'Case' }, { text: 'Why' }, { text: 'Placed' }, { text: 'Until' }, { text: 'Status' }, { text: <span className="govuk-visually-hidden">Release</span>, label: ' ' }]}
        rows={items.map((hold) => ({
          key: hold.id,
          cells: [
            <Link key="case" className="govuk-link" to={`/cases/${hold.case_id}`}>
              {hold.case_reference ?? `Case ${hold.case_id.slice(-8)}`}
            </Link>,
            <span key="reason" className="app-narrative">
              {hold.reason}
            </span>,
            `${formatDate(hold.placed_on)}${hold.placed_by_name ? ` by ${hold.placed_by_name}` : ''}`,
            hold.until ? formatDate(hold.until) : 'Until released',
            hold.active ? <Tag colour="orange">In force</Tag> : <Tag colour="grey">{hold.released_at ? `Released ${formatDateTime(hold.released_at)}` : 'Ended'}</Tag>,
            hold.active ? (
              <button
                key="release"
                type="button"
                className="govuk-link app-link-button"
                disabled={release.isPending}
                onClick={() =>
                  release.mutate(hold.case_id, {
                    onSuccess: () => {
                      setProblem(null);
                      onDone(`The hold on ${hold.case_reference ?? 'the case'} is released: its records follow the retention schedule again`);
                    },
                    onError: (error) => setProblem(formErrorsFromError(error, {}).summary[0]?.text ?? 'The hold could not be released'),
                  })
                }
              >
                Release<span className="govuk-visually-hidden"> the hold on {hold.case_reference ?? 'the case'}</span>
              </button>
            ) : (
              ''
            ),
          ],
        }))}
      />
    </>
  );
}

function PlaceHold({ onDone }: { onDone: (message: string) => void }) {
  const place = usePlaceHold();
  const form = useFormErrors();
  const [kase, setKase] = useState<Case | null>(null);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState<DateParts>(emptyDate);
  const [picker, setPicker] = useState(0);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (place.isPending) return;
    const untilOn = isEmptyDate(until) ? null : isoDateFromParts(until);
    const errors = fieldErrors(fields, {
      case_id: kase ? null : fields.case_id?.required,
      reason: reason.trim() ? null : fields.reason?.required,
      until: !isEmptyDate(until) && !untilOn ? 'Held until must be a real date, like 27 3 2030' : untilOn && untilOn <= todayIso() ? 'Held until must be in the future' : null,
    });
    if (errors.summary.length > 0 || !kase) {
      form.show(errors);
      return;
    }
    const body = { reason: reason.trim(), until: untilOn };
    place.mutate(
      { caseId: kase.id, body },
      {
        onSuccess: () => {
          form.clear();
          setKase(null);
          setReason('');
          setUntil(emptyDate);
          setPicker((n) => n + 1);
          onDone(`${caseName(kase)} is under a legal hold: none of its records will be deleted`);
        },
        onError: (error) => form.show(formErrorsFromError(error, fields, {}, body)),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="place-heading" id="place-form">
      <h2 className="govuk-heading-m" id="place-heading">
        Place a case under a legal hold
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <CasePicker key={picker} chosen={kase} onChange={setKase} error={form.errors.byField.case_id} words={caseWords} />
      <Textarea
        id="hold-reason"
        label="Why the records are held"
        labelSize="s"
        hint="For example, the inquiry’s moratorium on destruction, or a claim against the council."
        rows={3}
        error={form.errors.byField.reason}
        value={reason}
        onChange={setReason}
      />
      <DateInput id="until" legend="Held until (optional)" legendSize="s" hint="Leave it empty to hold the records until the hold is released." error={form.errors.byField.until} value={until} onChange={setUntil} />
      <Button>Place the hold</Button>
    </form>
  );
}
