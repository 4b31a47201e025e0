import { useState, type SyntheticEvent } from 'react';
import { Button, ErrorSummary, Radios, Table, Tag, Textarea, type TagColour } from '@/components/govuk';
import type { Alert, Case, Severity } from '@/lib/api/types';
import { formatDateTime } from '@/lib/dates';
import { formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { narrativeText, severityLabels } from '@/lib/labels';
import { useAddAlert } from '../api/use-audits';
import { joinNames, recipients } from './notified';

const fields: Record<string, FieldSpec> = {
  concern: { label: 'The concern', id: 'alert-concern', required: 'Enter the safeguarding concern' },
  severity: { label: 'Severity', id: 'alert-severity', required: 'Select how serious the concern is' },
};

const severityColour: Record<string, TagColour | undefined> = { low: 'yellow', medium: 'orange', high: 'red' };
const severityText: Record<string, string | undefined> = severityLabels;

interface Props {
  auditId: string;
  alerts: Alert[];
  kase: Case | undefined;
  meId: string;
  readsNarrative: boolean;
  personName: (id: string | null | undefined, none?: string) => string;
  editable: boolean;
}

/** The safeguarding alerts raised on an audit, and (on a draft) the form to raise one. */
export function SafeguardingAlerts({ auditId, alerts, kase, meId, readsNarrative, personName, editable }: Props) {
  return (
    <section className="app-audit-section" id="safeguarding-alerts" aria-labelledby="safeguarding-alerts-heading">
      <h2 className="govuk-heading-l" id="safeguarding-alerts-heading">
        Safeguarding alerts
      </h2>
      {alerts.length === 0 ? (
        <p className="govuk-body">No safeguarding alerts have been raised.</p>
      ) : (
        <Table
          caption="Safeguarding alerts raised"
          captionHidden
          head={[{ text: 'Concern' }, { text: 'Severity' }, { text: 'Raised by' }, { text: 'When' }]}
          rows={alerts.map((alert) => ({
            key: alert.id,
            cells: [
              narrativeText(alert.concern, readsNarrative),
              <Tag colour={severityColour[alert.severity] ?? 'grey'}>{severityText[alert.severity] ?? alert.severity}</Tag>,
              personName(alert.raised_by),
              formatDateTime(alert.created_at),
            ],
          }))}
        />
      )}
      {editable ? <RaiseAlert auditId={auditId} kase={kase} meId={meId} personName={personName} /> : null}
    </section>
  );
}

function RaiseAlert({ auditId, kase, meId, personName }: Pick<Props, 'auditId' | 'kase' | 'meId' | 'personName'>) {
  const add = useAddAlert(auditId);
  const [concern, setConcern] = useState('');
  const [severity, setSeverity] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    setDone(null);
    const missing: FormErrors = { summary: [], byField: {} };
    if (!concern.trim()) {
      missing.summary.push({ href: '#alert-concern', text: 'Enter the safeguarding concern' });
      missing.byField.concern = 'Enter the safeguarding concern';
    }
    if (!severity) {
      missing.summary.push({ href: '#alert-severity', text: 'Select how serious the concern is' });
      missing.byField.severity = 'Select how serious the concern is';
    }
    if (missing.summary.length > 0) {
      setErrors(missing);
      setAttempt((n) => n + 1);
      return;
    }
    add.mutate(
      { concern: concern.trim(), severity: severity as Severity },
      {
        onSuccess: () => {
          const told = recipients([kase?.allocated_worker_id, kase?.case_manager_id], meId).map((id) => personName(id));
          const who = severity === 'high' ? [...told, 'the head of service'] : told;
          setDone(who.length > 0 ? `Safeguarding alert raised. We have told ${joinNames(who)} straight away.` : 'Safeguarding alert raised.');
          setErrors(noErrors);
          setConcern('');
          setSeverity('');
        },
        onError: (error) => {
          setErrors(formErrorsFromError(error, fields, {}, { concern, severity }));
          setAttempt((n) => n + 1);
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="raise-alert-heading" className="app-inline-form">
      <h3 className="govuk-heading-m" id="raise-alert-heading">
        Raise a safeguarding alert
      </h3>
      <p className="govuk-body">
        If the case file shows a child may be at risk, raise an alert now. We tell the case’s worker and their manager at once, and
        for a high severity alert the head of service too.
      </p>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      <div role="status" className="app-inline-confirmation">
        {done ? <p className="govuk-body govuk-!-font-weight-bold">{done}</p> : null}
      </div>
      <Textarea id="alert-concern" label="The concern" labelSize="s" error={errors.byField.concern} rows={3} value={concern} onChange={setConcern} />
      <Radios
        idPrefix="alert-severity"
        legend="Severity"
        legendSize="s"
        error={errors.byField.severity}
        value={severity}
        onChange={setSeverity}
        small
        items={[
          { value: 'low', text: 'Low' },
          { value: 'medium', text: 'Medium' },
          { value: 'high', text: 'High', hint: 'The head of service is told as well' },
        ]}
      />
      <Button variant="warning">
        Raise safeguarding alert
      </Button>
    </form>
  );
}
