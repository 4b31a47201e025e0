import { useState, type SyntheticEvent } from 'react';
import { Button, ErrorSummary, Input } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import { ApiError } from '@/lib/api/api-error';
import { formatDateTime } from '@/lib/dates';
import { formErrorsFromError } from '@/lib/form-errors';
import { useSettingsWithEtag, useUpdateLogRetention } from '../api/use-data-protection';

const KEY = 'access_log_retention_years';
const fields = { [KEY]: { label: 'Years the access log is kept', id: 'log-years' } };

/** How long the access log is kept: a council setting the data protection officer changes (with `If-Match`). */
export function LogRetention({ onSaved }: { onSaved: (message: string) => void }) {
  const settings = useSettingsWithEtag();
  const setting = settings.data?.data.items.find((item) => item.key === KEY);
  if (!settings.data || !setting) return null;
  return <LogRetentionForm key={settings.data.data.version} value={setting.value} min={setting.minimum} max={setting.maximum} fallback={setting.default} changedAt={setting.changed_at ?? null} etag={settings.data.etag} onSaved={onSaved} />;
}

function LogRetentionForm({ value, min, max, fallback, changedAt, etag, onSaved }: { value: number; min: number; max: number; fallback: number; changedAt: string | null; etag: string; onSaved: (message: string) => void }) {
  const update = useUpdateLogRetention();
  const form = useFormErrors();
  const [years, setYears] = useState(String(value));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const text = years.trim();
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      const message = `Years the access log is kept must be a whole number from ${min} to ${max}`;
      form.show({ summary: [{ href: '#log-years', text: message, field: KEY }], byField: { [KEY]: message } });
      return;
    }
    const chosen = Number(text);
    update.mutate(
      { years: chosen === fallback ? null : chosen, etag },
      {
        onSuccess: () => onSaved(`The access log is now kept for ${chosen} years`),
        onError: (error) =>
          form.show(
            error instanceof ApiError && error.status === 412
              ? { summary: [{ text: 'Someone else changed the settings meanwhile. The value shown is theirs: change it again.' }], byField: {} }
              : formErrorsFromError(error, fields),
          ),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="log-retention-heading">
      <h2 className="govuk-heading-m" id="log-retention-heading">
        The access log
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Input
        id="log-years"
        label="Years the access log is kept"
        labelSize="s"
        hint={`Older entries are purged by the daily run, and the purge is logged. Default ${fallback}; from ${min} to ${max}. ${changedAt ? `Last changed ${formatDateTime(changedAt)}.` : 'At its default.'}`}
        width="3"
        inputMode="numeric"
        error={form.errors.byField[KEY]}
        value={years}
        onChange={setYears}
      />
      <Button variant="secondary">Save</Button>
    </form>
  );
}
