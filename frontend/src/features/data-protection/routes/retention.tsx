import { Link } from 'react-router';
import { Table } from '@/components/govuk';
import { BarChart } from '@/components/charts/bar-chart';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { RetentionClass } from '@/lib/api/types';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { NotificationBanner } from '@/components/govuk';
import { usePageTitle } from '@/lib/page-title';
import { byCategory, categoryLabel, recordKindLabels, ruleWords } from '../api/retention';
import { useDryRun, useRetentionClasses, useTombstones } from '../api/use-data-protection';
import { DataProtectionNav } from '@/components/data-protection-nav';
import { useState } from 'react';
import { LogRetention } from '../components/log-retention';

/**
 * The retention schedule: every class (a case category and a kind of record) with its rule, a
 * link to change it, and what the next daily run would delete, counted by class, as a small bar
 * chart and the same figures in a table; and the latest tombstones.
 */
export function RetentionPage() {
  usePageTitle('Retention schedule');
  const flash = useFlash();
  const [saved, setSaved] = useState<string | null>(null);
  const classes = useRetentionClasses();
  if (classes.isError) return <ProblemPage error={classes.error} />;
  return (
    <>
      <DataProtectionNav current="retention" />
      {saved || flash ? <NotificationBanner type="success" heading={saved ?? flash} /> : null}
      <h1 className="govuk-heading-l">Retention schedule</h1>
      <p className="govuk-body">
        How long the records about a child’s case are kept, by the case’s category and the kind of record. Every day the service deletes the records whose time has come, except those of cases
        under a <Link className="govuk-link" to="/data-protection/legal-holds">legal hold</Link>, and leaves a tombstone for each. The rules below start as documented defaults: the
        council sets its own schedule.
      </p>
      <DryRun classes={classes.data?.items ?? []} />
      <h2 className="govuk-heading-m">The schedule</h2>
      {!classes.data ? (
        <Loading />
      ) : (
        byCategory(classes.data.items).map((group) => (
          <Table
            key={group.category}
            caption={categoryLabel(group.category)}
            captionSize="s"
            head={[{ text: 'Records' }, { text: 'Kept' }, { text: 'Last changed' }, { text: <span className="govuk-visually-hidden">Change</span>, label: ' ' }]}
            rows={group.classes.map((c) => ({
              key: c.id,
              cells: [
                recordKindLabels[c.record_kind],
                ruleWords(c),
                c.updated_by ? formatDateTime(c.updated_at) : 'At its default',
                <Link key="change" className="govuk-link" to={`/data-protection/retention/${c.id}`}>
                  Change<span className="govuk-visually-hidden"> how long {recordKindLabels[c.record_kind].toLowerCase()} of {categoryLabel(group.category).toLowerCase()} cases are kept</span>
                </Link>,
              ],
            }))}
          />
        ))
      )}
      <LogRetention onSaved={setSaved} />
      <Tombstones />
    </>
  );
}

function DryRun({ classes }: { classes: RetentionClass[] }) {
  const run = useDryRun();
  // The run counts by class; the class itself says its years or age.
  const rule = (id: string) => {
    const found = classes.find((c) => c.id === id);
    return found ? ruleWords(found) : '';
  };
  if (run.isError) return <p className="govuk-body">What the next run would delete could not be worked out. Try again later.</p>;
  if (!run.data) return <Loading what="Working out what the next run would delete…" />;
  const due = run.data.classes.filter((c) => c.count > 0);
  return (
    <section aria-labelledby="dry-run-heading" className="app-audit-section">
      <h2 className="govuk-heading-m" id="dry-run-heading">
        The next run
      </h2>
      <p className="govuk-body">
        As of {formatDate(run.data.as_of)} the next run would delete <strong>{run.data.total}</strong> {run.data.total === 1 ? 'record' : 'records'}
        {run.data.held_back > 0 ? (
          <>
            ; <strong>{run.data.held_back}</strong> more {run.data.held_back === 1 ? 'is' : 'are'} due but held back by a legal hold
          </>
        ) : null}
        {run.data.access_log_entries > 0 ? `, and purge ${run.data.access_log_entries} access log ${run.data.access_log_entries === 1 ? 'entry' : 'entries'} past their retention` : ''}.
      </p>
      {due.length > 0 ? (
        <>
          <BarChart bars={due.map((c) => ({ key: c.class_id, label: `${categoryLabel(c.case_category)}: ${recordKindLabels[c.record_kind].toLowerCase()}`, value: c.count }))} />
          <Table
            caption="Records the next run would delete, by class"
            captionSize="s"
            head={[{ text: 'Case category' }, { text: 'Records' }, { text: 'Rule' }, { text: 'To delete', format: 'numeric' }]}
            rows={[
              ...due.map((c) => ({ key: c.class_id, cells: [categoryLabel(c.case_category), recordKindLabels[c.record_kind], rule(c.class_id), c.count] })),
              { key: 'held', cells: ['Held back by legal holds', '', '', run.data.held_back] },
            ]}
          />
        </>
      ) : (
        <p className="govuk-body">No class has records due.</p>
      )}
    </section>
  );
}

function Tombstones() {
  const tombstones = useTombstones();
  const items = tombstones.data?.items ?? [];
  return (
    <section aria-labelledby="tombstones-heading">
      <h2 className="govuk-heading-m" id="tombstones-heading">
        Deleted records
      </h2>
      <p className="govuk-body">Each record the schedule deleted leaves a tombstone: what it was, the case’s reference, the rule and the day.</p>
      {tombstones.isError ? (
        <p className="govuk-body">The tombstones could not be read. Try again later.</p>
      ) : !tombstones.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">No records have been deleted yet.</p>
      ) : (
        <Table
          caption="The latest deleted records"
          captionSize="s"
          head={[{ text: 'Deleted' }, { text: 'Record' }, { text: 'Case' }, { text: 'Rule' }]}
          rows={items.map((t) => ({ key: t.id, cells: [formatDate(t.deleted_on), `${t.record_type.replace(/_/g, ' ')} ${t.record_id.slice(-8)}`, t.case_external_ref ?? '', t.rule] }))}
        />
      )}
    </section>
  );
}
