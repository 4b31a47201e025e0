import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { Button, DateInput, datePartsFromIso, Details, Select, type SelectOption } from '@/components/govuk';
import type { Me, OrgUnit } from '@/lib/api/types';
import type { FormErrors } from '@/lib/form-errors';
import { orgUnitPaths } from '@/lib/org-units';
import { readsWholeCouncilReports } from '@/lib/permissions';
import { checkPicker, quarterOptions, searchFor, type PickerValues } from '../api/report-query';
import type { ReportQuery } from '../api/report-types';

/**
 * The parts of the council a reader may narrow a report to: every service and team for the QA
 * unit, senior leaders, the principal social worker and the Performance Team; the teams of
 * their own service for a head of service.
 */
export function unitOptions(units: OrgUnit[], me: Pick<Me, 'roles' | 'scope_unit_ids' | 'team_name'>): SelectOption[] {
  if (readsWholeCouncilReports(me)) {
    return [
      { value: '', text: 'The whole council' },
      ...orgUnitPaths(units)
        .filter(({ unit }) => unit.kind === 'service' || unit.kind === 'team')
        .map(({ unit, path }) => ({
          value: `${unit.kind === 'team' ? 'team_id' : 'service_id'}:${unit.id}`,
          // Without the directorate every unit shares.
          text: path.split(' › ').slice(1).join(' › ') || path,
        })),
    ];
  }
  const teams = units
    .filter((unit) => unit.kind === 'team' && me.scope_unit_ids.includes(unit.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((unit) => ({ value: `team_id:${unit.id}`, text: unit.name }));
  return [{ value: '', text: me.team_name ? `All of ${me.team_name}` : 'All of your service' }, ...teams];
}

/**
 * The report's period (a quarter, or two dates) and the part of the council it covers. "Show
 * report" puts the choice in the page's address; render it with `key` set to the address's
 * query so it shows the report on screen after Back or a link.
 */
export function ReportPicker({
  query,
  defaultQuarter,
  units,
  errors,
  onShow,
  onErrors,
}: {
  query: ReportQuery;
  /** The quarter the report shows when none is chosen (the current one). */
  defaultQuarter: string;
  units: SelectOption[];
  /** Errors to show on the fields: the picker's own, or the API's 422. */
  errors: FormErrors;
  onShow: (query: ReportQuery) => void;
  onErrors: (errors: FormErrors) => void;
}) {
  const [values, setValues] = useState<PickerValues>({
    quarter: query.quarter ?? defaultQuarter,
    from: datePartsFromIso(query.from),
    to: datePartsFromIso(query.to),
    unit: query.team_id ? `team_id:${query.team_id}` : query.service_id ? `service_id:${query.service_id}` : '',
  });
  const set = <K extends keyof PickerValues>(name: K) => (value: PickerValues[K]) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const checked = checkPicker(values);
    if ('errors' in checked) onErrors(checked.errors);
    else onShow(checked.query);
  };
  // A unit from a bookmark the reader may no longer choose is still shown, so the form says what the page shows.
  const options = values.unit && !units.some((option) => option.value === values.unit) ? [...units, { value: values.unit, text: 'A team or service not in your list' }] : units;
  const datesOpen = Boolean(query.from || query.to || errors.byField.from || errors.byField.to);
  return (
    <form noValidate onSubmit={submit} aria-label="Choose the period and the part of the council" className="app-list-filters app-report-picker">
      <div className="app-filters">
        <Select id="quarter" label="Quarter" error={errors.byField.quarter} options={quarterOptions(values.quarter)} value={values.quarter} onChange={set('quarter')} />
        {options.length > 1 ? <Select id="unit" label="Team or service" error={errors.byField.unit} options={options} value={values.unit} onChange={set('unit')} /> : null}
      </div>
      <Details summary="Choose dates instead of a quarter" open={datesOpen}>
        <p className="govuk-body">Dates take the place of the quarter. The report compares them with as many days just before.</p>
        {query.from && query.to ? (
          <p className="govuk-body">
            <Link className="govuk-link" to={{ search: searchFor({ service_id: query.service_id, team_id: query.team_id }) }}>
              Clear the dates and show the current quarter
            </Link>
          </p>
        ) : null}
        <div className="app-filters">
          <DateInput id="from" legend="First day" legendSize="s" hint="For example, 1 7 2026" error={errors.byField.from} value={values.from} onChange={set('from')} />
          <DateInput id="to" legend="Last day" legendSize="s" hint="This day included" error={errors.byField.to} value={values.to} onChange={set('to')} />
        </div>
      </Details>
      <Button variant="secondary">Show report</Button>
    </form>
  );
}
