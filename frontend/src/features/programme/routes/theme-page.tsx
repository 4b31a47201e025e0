import { useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, NotificationBanner, Radios, SummaryList, Textarea } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { Theme, ThemeStatus } from '@/lib/api/types';
import { formatMonth } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { labelFor, narrativeText, themeSourceLabels, themeStatusLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import { useProgrammes, useTheme, useUpdateTheme } from '../api/use-programme';
import { useThemePlan } from '../api/use-sample';
import { DrawSample, SampleSoFar } from '../components/theme-sample';
import { ThemeStatusTag } from '../components/theme-status-tag';

export function ThemePage() {
  const { id = '' } = useParams();
  const theme = useTheme(id);
  if (theme.isError) return <ProblemPage error={theme.error} />;
  if (!theme.data) return <LoadingTheme />;
  return <ThemeView theme={theme.data.data} etag={theme.data.etag} />;
}

function LoadingTheme() {
  usePageTitle('Theme');
  return (
    <>
      <h1 className="govuk-heading-l">Theme</h1>
      <Loading />
    </>
  );
}

function ThemeView({ theme, etag }: { theme: Theme; etag: string }) {
  const me = useMe();
  const flash = useFlash();
  const personName = usePersonName();
  const programmes = useProgrammes();
  const [done, setDone] = useState<string | null>(null);
  usePageTitle(theme.title);
  const programme = programmes.data?.items.find((p) => p.id === theme.programme_id);
  const reads = me.reads_narrative;
  return (
    <>
      <BackLink to={programme ? `/programme/${programme.id}` : '/programme'}>Back to the audit programme</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <span className="govuk-caption-l">Audit theme</span>
      <h1 className="govuk-heading-l">{theme.title}</h1>
      <SummaryList
        rows={[
          { key: 'Status', value: <ThemeStatusTag status={theme.status} /> },
          {
            key: 'Programme',
            value: programme ? (
              <Link className="govuk-link" to={`/programme/${programme.id}`}>
                {programme.title}
              </Link>
            ) : (
              'Not part of a programme'
            ),
          },
          { key: 'Why it is audited', value: <span className="app-narrative">{theme.rationale}</span> },
          { key: 'Where it came from', value: labelFor(themeSourceLabels, theme.source) },
          { key: 'Planned month', value: formatMonth(theme.planned_month) || 'Not planned' },
          { key: 'Lead', value: personName(theme.lead_id, 'No lead yet') },
          { key: 'Cases to sample', value: theme.sample_size ?? 'Not set' },
          ...(theme.status === 'closed'
            ? [
                { key: 'Findings', value: <span className="app-narrative">{narrativeText(theme.findings, reads)}</span> },
                { key: 'Recommendations', value: <span className="app-narrative">{narrativeText(theme.recommendations, reads)}</span> },
              ]
            : []),
        ]}
      />
      {theme.status === 'closed' ? <ThemePlan theme={theme} /> : null}
      <SampleSoFar theme={theme} />
      {me.roles.includes('qa_officer') && theme.status !== 'closed' ? (
        <>
          <DrawSample theme={theme} />
          <ChangeStatus key={theme.version} theme={theme} etag={etag} onDone={setDone} />
        </>
      ) : null}
    </>
  );
}

/** The action plan a closed theme's findings became, once it is made. */
function ThemePlan({ theme }: { theme: Theme }) {
  const plan = useThemePlan(theme);
  if (!plan.data) return null;
  return (
    <p className="govuk-body">
      <Link className="govuk-link" to={`/actions/plans/${plan.data.id}`}>
        The action plan from this theme’s findings
      </Link>
    </p>
  );
}

const fields: Record<string, FieldSpec> = {
  status: { label: 'Status', id: 'status' },
  findings: { label: 'Findings', id: 'findings', required: 'Enter the findings to close the theme' },
  recommendations: { label: 'Recommendations', id: 'recommendations', required: 'Enter the recommendations to close the theme' },
};

const STALE = { text: 'Someone else changed this theme while you were looking at it. Check it and try again.' };

function ChangeStatus({ theme, etag, onDone }: { theme: Theme; etag: string; onDone: (message: string) => void }) {
  const update = useUpdateTheme(theme.id);
  const [status, setStatus] = useState<string>(theme.status);
  const [findings, setFindings] = useState(theme.findings ?? '');
  const [recommendations, setRecommendations] = useState(theme.recommendations ?? '');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const closing = status === 'closed';
    update.mutate(
      {
        etag,
        patch: {
          status: status as ThemeStatus,
          ...(closing ? { findings: findings.trim() || null, recommendations: recommendations.trim() || null } : {}),
        },
      },
      {
        onSuccess: (saved) => onDone(saved.status === 'closed' ? 'The theme is closed' : `The theme is now ${themeStatusLabels[saved.status].toLowerCase()}`),
        onError: (error) => {
          setErrors(formErrorsFromError(error, fields, { 412: STALE }, { findings: findings.trim(), recommendations: recommendations.trim() }));
          setAttempt((n) => n + 1);
        },
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="change-status-heading">
      <h2 className="govuk-heading-m" id="change-status-heading">
        Change the status
      </h2>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      <Radios
        idPrefix="status"
        legend="Where is the theme now?"
        legendSize="s"
        error={errors.byField.status}
        value={status}
        onChange={setStatus}
        items={[
          { value: 'planned', text: 'Planned' },
          { value: 'in_progress', text: 'In progress' },
          {
            value: 'closed',
            text: 'Closed',
            hint: 'Closing needs the findings and recommendations, which become an action plan.',
            conditional: (
              <>
                <Textarea id="findings" label="Findings" error={errors.byField.findings} rows={4} value={findings} onChange={setFindings} />
                <Textarea
                  id="recommendations"
                  label="Recommendations"
                  error={errors.byField.recommendations}
                  rows={4}
                  value={recommendations}
                  onChange={setRecommendations}
                />
              </>
            ),
          },
        ]}
      />
      <Button>Save status</Button>
    </form>
  );
}
