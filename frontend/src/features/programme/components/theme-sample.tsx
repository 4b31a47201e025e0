import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { Button, Checkboxes, ErrorSummary, Input, NotificationBanner, Pagination, Radios, Select, Table } from '@/components/govuk';
import { CaseName } from '@/components/case-name';
import { ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { SelectBox } from '@/components/select-box';
import { AuditStatusTag } from '@/components/status-tags';
import { useFormErrors } from '@/components/use-form-errors';
import { choiceId } from '@/components/govuk/choice-ids';
import { ApiError } from '@/lib/api/api-error';
import { CASE_CATEGORIES, someOf } from '@/lib/api/enums';
import type { AuditKind, Case, Me, StaffMember, Theme, ThemeSample } from '@/lib/api/types';
import { caseLabel, caseName } from '@/lib/cases';
import { fieldErrors, formErrorsFromError, formErrorsFromProblem, type FieldErrorItem, type FormErrors } from '@/lib/form-errors';
import { auditKindLabels } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { AUDITOR_ROLES } from '@/lib/permissions';
import { categoryLabels } from '@/lib/roles';
import { useMe } from '@/lib/session/session-context';
import { useStaff } from '@/lib/staff';
import { useCasesToChoose, useDrawSample, useThemeAudits } from '../api/use-sample';

/** The theme's sample so far: a draft (then submitted) audit per case, with its auditor. */
export function SampleSoFar({ theme }: { theme: Theme }) {
  const audits = useThemeAudits(theme.id);
  const items = audits.data?.items ?? [];
  return (
    <section className="app-audit-section" aria-labelledby="sample-heading">
      <h2 className="govuk-heading-l" id="sample-heading">
        The sample
      </h2>
      {!audits.data ? (
        audits.isError ? <p className="govuk-body">The sample could not be shown.</p> : <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">No cases have been drawn for this theme yet.{theme.sample_size ? ` The plan is to audit ${theme.sample_size}.` : ''}</p>
      ) : (
        <>
          <p className="govuk-body">
            {items.length} {items.length === 1 ? 'case' : 'cases'} drawn{theme.sample_size ? ` of the ${theme.sample_size} planned` : ''}.
          </p>
          <Table
            caption="The cases in the theme’s sample and who audits each"
            captionHidden
            head={[{ text: 'Case' }, { text: 'Auditor' }, { text: 'Kind' }, { text: 'Status' }]}
            rows={items.map((audit) => ({
              key: audit.id,
              cells: [
                <Link className="govuk-link" to={`/audits/${audit.id}`}>
                  <CaseName record={audit} fallback="Audit" />
                </Link>,
                audit.auditor_name ?? 'A former member of staff',
                auditKindLabels[audit.kind],
                <AuditStatusTag status={audit.status} />,
              ],
            }))}
          />
        </>
      )}
    </section>
  );
}

type Mode = 'chosen' | 'random';

interface RandomValues {
  count: string;
  categories: string[];
  unit: string;
  include_closed: string[];
}

const PICKER_FILTERS = ['team_id', 'service_id', 'category'] as const;
const PICKER_SORTABLE = ['external_ref', 'display_name'] as const;
const PICKER_PAGE_SIZE = 10;

/**
 * Drawing the theme's sample (the QA unit): cases chosen from a filtered list of cases, or drawn
 * at random from categories and a team or service, assigned to the chosen auditors in turn.
 * Each case becomes a draft audit on its auditor's list, and each auditor is told once.
 */
export function DrawSample({ theme }: { theme: Theme }) {
  const me = useMe();
  const staff = useStaff();
  const orgUnits = useOrgUnits();
  const sampled = useThemeAudits(theme.id);
  const draw = useDrawSample(theme.id);
  const form = useFormErrors();
  const [mode, setMode] = useState<Mode>('chosen');
  const [chosen, setChosen] = useState<Case[]>([]);
  const [auditorIds, setAuditorIds] = useState<string[]>([]);
  const [kind, setKind] = useState<AuditKind>('themed');
  const [random, setRandom] = useState<RandomValues>({ count: theme.sample_size ? String(theme.sample_size) : '', categories: [], unit: '', include_closed: [] });
  const [drawn, setDrawn] = useState<string | null>(null);

  const auditors = [...(staff.data ?? [])]
    .filter((person) => person.roles.some((role) => AUDITOR_ROLES.includes(role)))
    .sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB'));
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const inSample = new Set((sampled.data?.items ?? []).map((audit) => audit.case_id));
  const choose = (kase: Case, on: boolean) => setChosen((current) => (on ? [...current.filter((c) => c.id !== kase.id), kase] : current.filter((c) => c.id !== kase.id)));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (draw.isPending) return;
    setDrawn(null);
    const count = Number(random.count.trim());
    const countValid = /^\d+$/.test(random.count.trim()) && count >= 1;
    const errors = fieldErrors(
      { case_ids: { label: 'Cases', id: 'case-picker' }, 'random.count': { label: 'How many cases', id: 'random-count' }, auditor_ids: { label: 'Auditors', id: 'auditor_ids' } },
      {
        case_ids: mode === 'chosen' && chosen.length === 0 ? 'Choose the cases to sample from the list of cases' : null,
        'random.count': mode === 'random' ? (!random.count.trim() ? 'Enter how many cases to draw' : !countValid ? 'How many cases must be a whole number, like 12' : null) : null,
        auditor_ids: auditorIds.length === 0 ? 'Choose at least one auditor to carry out the audits' : null,
      },
    );
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    const unit = unitFilters(random.unit);
    const body: ThemeSample =
      mode === 'chosen'
        ? { case_ids: chosen.map((c) => c.id), auditor_ids: auditorIds, kind }
        : {
            random: {
              count,
              categories: someOf(CASE_CATEGORIES, random.categories.join(',')) ?? [],
              team_id: unit.team_id || null,
              service_id: unit.service_id || null,
              include_closed: random.include_closed.length > 0,
            },
            auditor_ids: auditorIds,
            kind,
          };
    draw.mutate(body, {
      onSuccess: (result) => {
        form.clear();
        setChosen([]);
        const people = new Set(result.audits.map((audit) => audit.auditor_id)).size;
        setDrawn(`${result.audits.length} ${result.audits.length === 1 ? 'case' : 'cases'} drawn for ${people} ${people === 1 ? 'auditor' : 'auditors'}, who have been told`);
      },
      onError: (error) => form.show(sampleErrors(error, mode, chosen, auditorIds, auditors)),
    });
  };

  return (
    <section className="app-audit-section" aria-labelledby="draw-heading">
      <h2 className="govuk-heading-l" id="draw-heading">
        Draw the sample
      </h2>
      {drawn ? <NotificationBanner type="success" heading={drawn} /> : null}
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <p className="govuk-body">Each case becomes a draft audit on its auditor’s list; the auditors take the cases in turn, each the next case they can see.</p>
      <Radios
        idPrefix="sample-mode"
        legend="How will you pick the cases?"
        legendSize="m"
        value={mode}
        onChange={(value) => setMode(value as Mode)}
        items={[
          { value: 'chosen', text: 'Choose them from a list of cases' },
          { value: 'random', text: 'Draw them at random', hint: 'From the categories and the team or service you choose, leaving out cases already in the sample.' },
        ]}
      />
      {mode === 'chosen' ? <CasePicker me={me} chosen={chosen} inSample={inSample} onChoose={choose} /> : null}
      <form noValidate onSubmit={submit} aria-labelledby="draw-heading">
        {mode === 'chosen' ? (
          chosen.length === 0 ? (
            <p className="govuk-body" id="case_ids">
              No cases chosen yet.
            </p>
          ) : (
            <Checkboxes
              idPrefix="case_ids"
              legend={`Cases chosen (${chosen.length})`}
              legendSize="s"
              hint="Untick a case to leave it out."
              small
              error={form.errors.byField.case_ids}
              items={chosen.map((kase) => ({ value: kase.id, text: caseName(kase) }))}
              values={chosen.map((kase) => kase.id)}
              onChange={(kept) => setChosen((current) => current.filter((kase) => kept.includes(kase.id)))}
            />
          )
        ) : (
          <>
            <Input
              id="random-count"
              label="How many cases?"
              labelSize="s"
              width="3"
              inputMode="numeric"
              spellCheck={false}
              error={form.errors.byField['random.count'] ?? form.errors.byField.random}
              value={random.count}
              onChange={(count) => setRandom((current) => ({ ...current, count }))}
            />
            <Checkboxes
              idPrefix="random-categories"
              legend="From which categories?"
              legendSize="s"
              hint="Leave them all unticked for every category."
              small
              items={CASE_CATEGORIES.map((category) => ({ value: category, text: categoryLabels[category] }))}
              values={random.categories}
              onChange={(categories) => setRandom((current) => ({ ...current, categories }))}
            />
            <Select
              id="random-unit"
              label="From which team or service?"
              labelSize="s"
              value={random.unit}
              onChange={(unit) => setRandom((current) => ({ ...current, unit }))}
              options={[{ value: '', text: 'Every team' }, ...units]}
            />
            <Checkboxes
              idPrefix="random-include-closed"
              legend="Closed cases"
              legendSize="s"
              small
              items={[{ value: 'true', text: 'Include closed cases' }]}
              values={random.include_closed}
              onChange={(include_closed) => setRandom((current) => ({ ...current, include_closed }))}
            />
          </>
        )}
        <Checkboxes
          idPrefix="auditor_ids"
          legend="Who will carry out the audits?"
          legendSize="s"
          hint="The cases go to them in turn, in this order; each auditor gets only cases they can see."
          small
          error={form.errors.byField.auditor_ids}
          items={auditors.map((person) => ({ value: person.id, text: person.display_name }))}
          values={auditorIds}
          onChange={setAuditorIds}
        />
        <Radios
          idPrefix="sample-kind"
          legend="Kind of audit"
          legendSize="s"
          small
          inline
          error={form.errors.byField.kind}
          value={kind}
          onChange={(value) => setKind(value as AuditKind)}
          items={[
            { value: 'themed', text: auditKindLabels.themed },
            { value: 'dip_sample', text: auditKindLabels.dip_sample },
          ]}
        />
        <Button>{mode === 'chosen' ? 'Assign the chosen cases' : 'Draw the cases'}</Button>
      </form>
    </section>
  );
}

/** The cases to choose from: searched and filtered like the case list, open cases only, a page at a time. */
function CasePicker({ me, chosen, inSample, onChoose }: { me: Me; chosen: Case[]; inSample: Set<string>; onChoose: (kase: Case, on: boolean) => void }) {
  const list = useListState({ filters: PICKER_FILTERS, sortable: PICKER_SORTABLE, defaultSort: 'external_ref', pageSize: PICKER_PAGE_SIZE });
  const { values } = list;
  const orgUnits = useOrgUnits();
  const cases = useCasesToChoose(
    {
      team_id: values.team_id || undefined,
      service_id: values.service_id || undefined,
      category: someOf(CASE_CATEGORIES, values.category),
      status: ['open'],
      ...list.request,
    },
    true,
  );
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const teamName = (id: string) => orgUnits.data?.find((unit) => unit.id === id)?.name ?? '';
  const items = cases.data?.items ?? [];
  return (
    <div className="app-inline-form app-case-picker" id="case-picker">
      <h3 className="govuk-heading-s">Find the cases</h3>
      <ListFilters
        key={list.formKey}
        label="Find cases for the sample"
        search={{ hint: 'The child’s initials or the council’s reference' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, unit: unitFilterValue(values), category: values.category }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...unitFilters(unit) })}
      >
        {(field) => (
          <>
            <Select id="unit" label="Team or service" options={[{ value: '', text: 'All teams' }, ...units]} {...field('unit')} />
            <Select id="category" label="Category" options={[{ value: '', text: 'Any category' }, ...CASE_CATEGORIES.map((c) => ({ value: c, text: categoryLabels[c] }))]} {...field('category')} />
          </>
        )}
      </ListFilters>
      <ListTotal total={cases.data?.total} noun={['open case', 'open cases']} />
      {!cases.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">No open cases match these filters.</p>
      ) : (
        <Table
          caption="Open cases to choose from"
          captionHidden
          head={[{ text: <span className="govuk-visually-hidden">Choose</span>, label: 'Choose', classes: 'app-table-select' }, list.column('external_ref', 'Case'), { text: 'Category' }, { text: 'Team' }]}
          rows={items.map((kase) => ({
            key: kase.id,
            cells: [
              inSample.has(kase.id) ? (
                <span className="app-secondary-text">In the sample</span>
              ) : (
                <SelectBox id={`choose-${kase.id}`} label={`Choose ${caseName(kase)}`} checked={chosen.some((c) => c.id === kase.id)} onChange={(on) => onChoose(kase, on)} />
              ),
              caseName(kase),
              categoryLabels[kase.category],
              teamName(kase.team_id),
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(cases.data)} />
    </div>
  );
}

/** A sentence from the API's words: "is already in this theme's sample" after a case's name. */
const after = (name: string, message: string) => `${name} ${message}`;
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The API's refusal of a sample as an error summary: `case_ids.N` is the Nth case chosen (or, for
 * a random draw, a case drawn that no auditor can see), `auditor_ids.N` the Nth auditor ticked,
 * `random` the draw; each linked to the field to change.
 */
function sampleErrors(error: unknown, mode: Mode, chosen: Case[], auditorIds: string[], auditors: StaffMember[]): FormErrors {
  if (!(error instanceof ApiError) || error.status !== 422 || !error.problem?.errors?.length) return formErrorsFromError(error, {});
  const summary: FieldErrorItem[] = [];
  const byField: Record<string, string> = {};
  const add = (field: string, text: string, href: string | undefined, shownOn: string) => {
    summary.push(href ? { href, text, field } : { text, field });
    byField[shownOn] = byField[shownOn] ? `${byField[shownOn]}. ${text}` : text;
  };
  for (const { field, message } of error.problem.errors) {
    const caseIndex = /^case_ids\.(\d+)$/.exec(field)?.[1];
    const auditorIndex = /^auditor_ids\.(\d+)$/.exec(field)?.[1];
    if (caseIndex !== undefined) {
      const kase = mode === 'chosen' ? chosen[Number(caseIndex)] : undefined;
      // "none of the auditors can see case …" names the case itself: the auditors are what to change.
      if (!kase || message.startsWith('none of the auditors')) add(field, `${sentence(message)}: choose an auditor who can`, '#auditor_ids', 'auditor_ids');
      else add(field, after(caseLabel({ case_display_name: kase.display_name, case_external_ref: kase.external_ref }), message), `#${choiceId('case_ids', Number(caseIndex))}`, 'case_ids');
    } else if (auditorIndex !== undefined) {
      const id = auditorIds[Number(auditorIndex)];
      const index = auditors.findIndex((person) => person.id === id);
      const name = auditors[index]?.display_name ?? 'An auditor';
      const reason = message.replace(/^names someone who /, '').replace(/^names no active user$/, 'is no longer an active user');
      add(field, `${name} ${reason}: choose another auditor`, `#${choiceId('auditor_ids', Math.max(index, 0))}`, 'auditor_ids');
    } else if (field === 'random' || field.startsWith('random.')) {
      add(field, sentence(message), '#random-count', 'random.count');
    } else {
      const shown = formErrorsFromProblem([{ field, message }], { case_ids: { label: 'Cases', id: 'case-picker' }, auditor_ids: { label: 'Auditors', id: 'auditor_ids' }, kind: { label: 'Kind of audit', id: 'sample-kind' } });
      summary.push(...shown.summary);
      Object.assign(byField, shown.byField);
    }
  }
  return { summary, byField };
}
