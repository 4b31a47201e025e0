import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { Button, ErrorSummary, Input, NotificationBanner } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import { ApiError } from '@/lib/api/api-error';
import type { Me, SettingValue, Settings, SettingsPatch } from '@/lib/api/types';
import { formatDateTime } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, humaniseField, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { roleLabels } from '@/lib/roles';
import { useMe } from '@/lib/session/session-context';
import { useSettings, useUpdateSettings } from '../api/use-settings';

/** What each setting is called on screen; a setting added later shows its key in words. */
const settingLabels: Record<string, string> = {
  reply_working_days: 'Working days for a worker to reply to an audit',
  moderation_sample_rate: 'One in how many of each auditor’s audits the QA unit moderates',
  remedial_due_working_days: 'Working days a remedial action is due in',
  observation_max_days_ahead: 'Days ahead an observation may be planned',
  practice_alert_reply_working_days: 'Working days to reply to a practice alert',
  dispute_stage_working_days: 'Working days for each stage of dispute resolution',
  dispute_formal_working_days: 'Working days for the whole dispute resolution process',
  long_running_working_days: 'Working days before an open escalation is long-running',
  action_due_soon_working_days: 'Working days before its due date that an action’s owner is reminded',
  alert_acknowledge_working_days: 'Working days to acknowledge a high safeguarding alert',
};

const labelOf = (key: string) => settingLabels[key] ?? humaniseField(key).replace(/^./, (c) => c.toUpperCase());

/** The API's description as a sentence for people: without code marks, references to our own product notes or doubled spaces. */
const describe = (text: string) =>
  text
    .replace(/`/g, '')
    .replace(/product\.md §[\d.]+:\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const STALE = 'Someone else changed the settings while you were looking at them. They now show the latest values: make your changes again.';

/**
 * The council's settings (administrators; retention settings by the data protection officer):
 * each timescale's value, default and range, changed together with `If-Match`.
 */
export function SettingsPage() {
  usePageTitle('Settings');
  const me = useMe();
  const settings = useSettings();
  const [outcome, setOutcome] = useState<{ saved: string | null; stale: number }>({ saved: null, stale: 0 });
  if (settings.isError) return <ProblemPage error={settings.error} />;
  return (
    <>
      {outcome.saved ? <NotificationBanner type="success" heading={outcome.saved} /> : null}
      {outcome.stale > 0 ? <ErrorSummary key={outcome.stale} errors={[{ text: STALE }]} /> : null}
      <h1 className="govuk-heading-l">Settings</h1>
      <p className="govuk-body">The council’s timescales and limits. Every rule uses a change within a few seconds, and each change is kept in the access log.</p>
      {me.roles.includes('admin') ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/role-mappings">
            Roles from the council’s groups
          </Link>{' '}
          (single sign-on)
          <br />
          <Link className="govuk-link" to="/admin/service-accounts">
            Service accounts
          </Link>{' '}
          (other systems that call this service)
        </p>
      ) : null}
      {!settings.data ? (
        <Loading />
      ) : (
        // A new version (saved here or by someone else) shows the values afresh.
        <SettingsForm
          key={settings.data.data.version}
          me={me}
          settings={settings.data.data}
          etag={settings.data.etag}
          onSaved={(count) => setOutcome({ saved: `${count} ${count === 1 ? 'setting' : 'settings'} changed`, stale: 0 })}
          onStale={() => setOutcome((current) => ({ saved: null, stale: current.stale + 1 }))}
        />
      )}
    </>
  );
}

function SettingsForm({ me, settings, etag, onSaved, onStale }: { me: Me; settings: Settings; etag: string; onSaved: (count: number) => void; onStale: () => void }) {
  const update = useUpdateSettings();
  const form = useFormErrors();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(settings.items.map((item) => [item.key, String(item.value)])));
  const editable = (item: SettingValue) => me.roles.includes(item.editable_by);
  const fields: Record<string, FieldSpec> = Object.fromEntries(settings.items.map((item) => [item.key, { label: labelOf(item.key), id: `setting-${item.key}` }]));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const wrong = (item: SettingValue) => {
      const text = (values[item.key] ?? '').trim();
      const value = Number(text);
      return /^\d+$/.test(text) && value >= item.minimum && value <= item.maximum ? null : `${labelOf(item.key)} must be a whole number from ${item.minimum} to ${item.maximum}`;
    };
    const errors = fieldErrors(fields, Object.fromEntries(settings.items.filter(editable).map((item) => [item.key, wrong(item)])));
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    // Only what changed is sent; a value put back to its default is sent as null, so the
    // setting follows the default again.
    const changed = settings.items.filter((item) => editable(item) && Number(values[item.key]) !== item.value);
    if (changed.length === 0) {
      form.show({ summary: [{ text: 'Nothing has changed: change a setting, then save' }], byField: {} });
      return;
    }
    const patch = Object.fromEntries(changed.map((item) => [item.key, Number(values[item.key]) === item.default ? null : Number(values[item.key])])) as SettingsPatch;
    update.mutate(
      { patch, etag },
      {
        onSuccess: () => onSaved(changed.length),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 412) onStale();
          else form.show(formErrorsFromError(error, fields));
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={submit}>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      {settings.items.map((item) => (
        <Input
          key={item.key}
          id={`setting-${item.key}`}
          label={labelOf(item.key)}
          labelSize="s"
          hint={
            <>
              {describe(item.description)}
              <br />
              Default {item.default}; from {item.minimum} to {item.maximum}. {item.changed_at ? `Last changed ${formatDateTime(item.changed_at)}.` : 'At its default.'}
              {editable(item) ? null : ` Changed by the ${roleLabels[item.editable_by].toLowerCase()}.`}
            </>
          }
          width="3"
          inputMode="numeric"
          spellCheck={false}
          readOnly={!editable(item)}
          error={form.errors.byField[item.key]}
          value={values[item.key] ?? ''}
          onChange={(value) => setValues((current) => ({ ...current, [item.key]: value }))}
        />
      ))}
      <Button>Save settings</Button>
    </form>
  );
}
