import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  BackLink,
  Button,
  DateInput,
  dateInputFirstId,
  emptyDate,
  ErrorSummary,
  isEmptyDate,
  isoDateFromParts,
  Radios,
  Select,
  type DateParts,
} from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { AuditKind, Case } from '@/lib/api/types';
import { formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { auditKindHints, auditKindLabels } from '@/lib/labels';
import { caseName } from '@/lib/cases';
import { usePageTitle } from '@/lib/page-title';
import { isAuditor } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { useCreateAudit } from '../api/use-audits';
import { useAuditedCase } from '../api/use-case';
import { useThemes } from '../api/use-themes';

const fields: Record<string, FieldSpec> = {
  kind: { label: 'Kind of audit', id: 'kind', required: 'Select the kind of audit' },
  theme_id: { label: 'Theme', id: 'theme_id', required: 'Select the theme' },
  side_by_side: { label: 'Side by side', id: 'side_by_side' },
  period_start: { label: 'Start of the period', id: dateInputFirstId('period_start') },
  period_end: { label: 'End of the period', id: dateInputFirstId('period_end') },
  case_id: { label: 'Case' },
};

const needsTheme = (kind: string) => kind === 'themed' || kind === 'dip_sample';

interface Values {
  kind: string;
  theme_id: string;
  side_by_side: string;
  period_start: DateParts;
  period_end: DateParts;
}

/** Starting an audit of a case: its kind (and theme), side by side or not, the period reviewed. */
export function StartAuditPage() {
  const me = useMe();
  const [search] = useSearchParams();
  const caseId = search.get('case_id') ?? '';
  const kase = useAuditedCase(caseId || undefined);
  if (!isAuditor(me)) return <NoAccessPage />;
  if (!caseId) return <NoCaseChosen />;
  if (kase.isError) return <ProblemPage error={kase.error} />;
  return <StartAuditForm caseId={caseId} kase={kase.data} />;
}

function NoCaseChosen() {
  usePageTitle('Start an audit');
  return (
    <>
      <h1 className="govuk-heading-l">Start an audit</h1>
      <p className="govuk-body">
        Start an audit from the case’s page.{' '}
        <Link className="govuk-link" to="/cases">
          Find the case
        </Link>
        .
      </p>
    </>
  );
}

function StartAuditForm({ caseId, kase }: { caseId: string; kase: Case | undefined }) {
  const themes = useThemes();
  const create = useCreateAudit();
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>({ kind: 'case_file', theme_id: '', side_by_side: 'no', period_start: emptyDate, period_end: emptyDate });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  usePageTitle('Start an audit', errors.summary.length > 0);
  const set = <K extends keyof Values>(name: K) => (value: Values[K]) => setValues((current) => ({ ...current, [name]: value }));

  const fail = (next: FormErrors) => {
    setErrors(next);
    setAttempt((n) => n + 1);
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const local: FormErrors = { summary: [], byField: {} };
    const date = (name: 'period_start' | 'period_end', label: string) => {
      if (isEmptyDate(values[name])) return null;
      const iso = isoDateFromParts(values[name]);
      if (!iso) {
        const text = `${label} must be a real date`;
        local.summary.push({ href: `#${dateInputFirstId(name)}`, text });
        local.byField[name] = text;
      }
      return iso;
    };
    const period_start = date('period_start', 'Start of the period');
    const period_end = date('period_end', 'End of the period');
    if (needsTheme(values.kind) && !values.theme_id) {
      local.summary.push({ href: '#theme_id', text: 'Select the theme' });
      local.byField.theme_id = 'Select the theme';
    }
    if (local.summary.length > 0) {
      fail(local);
      return;
    }
    create.mutate(
      {
        kind: values.kind as AuditKind,
        case_id: caseId,
        side_by_side: values.side_by_side === 'yes',
        theme_id: needsTheme(values.kind) ? values.theme_id : null,
        period_start,
        period_end,
      },
      {
        onSuccess: (audit) => void navigate(`/audits/${audit.id}/edit`),
        onError: (error) => fail(formErrorsFromError(error, fields, {}, values)),
      },
    );
  };

  const openThemes = (themes.data?.items ?? []).filter((theme) => theme.status !== 'closed');
  return (
    <>
      <BackLink to={`/cases/${caseId}`}>Back to the case</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
          {kase ? <span className="govuk-caption-l">{caseName(kase)}</span> : null}
          <h1 className="govuk-heading-l">Start an audit</h1>
          {!kase ? (
            <Loading />
          ) : (
            <form noValidate onSubmit={submit}>
              <Radios
                idPrefix="kind"
                legend="What kind of audit is it?"
                legendSize="m"
                error={errors.byField.kind}
                value={values.kind}
                onChange={set('kind')}
                items={(Object.keys(auditKindLabels) as AuditKind[]).map((kind) => ({
                  value: kind,
                  text: auditKindLabels[kind],
                  hint: auditKindHints[kind],
                  conditional: needsTheme(kind) ? (
                    <Select
                      id="theme_id"
                      label="Theme"
                      hint={openThemes.length === 0 ? 'There are no open themes. A quality assurance officer adds them to the audit programme.' : undefined}
                      error={errors.byField.theme_id}
                      value={values.theme_id}
                      onChange={set('theme_id')}
                      options={[{ value: '', text: 'Choose a theme' }, ...openThemes.map((theme) => ({ value: theme.id, text: theme.title }))]}
                    />
                  ) : undefined,
                }))}
              />
              <Radios
                idPrefix="side_by_side"
                legend="Are you doing the audit side by side with the case’s worker?"
                legendSize="m"
                hint="You go through the case file together, and the worker’s reflection is part of the audit."
                error={errors.byField.side_by_side}
                value={values.side_by_side}
                onChange={set('side_by_side')}
                inline
                items={[
                  { value: 'yes', text: 'Yes' },
                  { value: 'no', text: 'No' },
                ]}
              />
              <h2 className="govuk-heading-m">Period reviewed (optional)</h2>
              <p className="govuk-body">Leave the dates blank to review the six months up to today.</p>
              <DateInput
                id="period_start"
                legend="Start of the period"
                legendSize="s"
                hint="For example, 1 11 2025"
                error={errors.byField.period_start}
                value={values.period_start}
                onChange={set('period_start')}
              />
              <DateInput
                id="period_end"
                legend="End of the period"
                legendSize="s"
                hint="For example, 30 4 2026"
                error={errors.byField.period_end}
                value={values.period_end}
                onChange={set('period_end')}
              />
              <Button>Start audit</Button>
            </form>
          )}
        </div>
      </div>
    </>
  );
}
