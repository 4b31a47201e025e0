import { useState, type SyntheticEvent } from 'react';
import { Button, ErrorSummary, Input, Radios, SummaryCard, Table, Textarea } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Redaction } from '@/lib/api/types';
import { formatDate, formatDateTime } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { roleLabels } from '@/lib/roles';
import {
  countRecords,
  fieldLabel,
  parseBundle,
  passageOffsets,
  PERSON_FIELDS,
  recordTypeLabels,
  redactedParts,
  type BundleField,
  type BundleRecord,
  type ParsedBundle,
} from '../api/bundle';
import { useAddRedaction } from '../api/use-data-protection';

/** The most records of a section shown before "Show all". */
const FIRST = 25;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A field's value as the requester will read it: dates in words, people by name and role. */
function shownValue(field: BundleField, bundle: ParsedBundle): string {
  const { value, name } = field;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (PERSON_FIELDS.has(name)) {
    const person = bundle.people.get(value);
    if (person) return `${person.name}${person.roles.length ? ` (${person.roles.map((r) => (roleLabels as Record<string, string | undefined>)[r] ?? r).join(', ')})` : ''}`;
  }
  if (DATE.test(value)) return formatDate(value);
  if (INSTANT.test(value)) return formatDateTime(value);
  return value;
}

/** A text field's words may be withheld in part; other fields (ids, dates, grades) only whole. */
const isText = (field: BundleField) => typeof field.value === 'string' && !PERSON_FIELDS.has(field.name) && !DATE.test(field.value) && !INSTANT.test(field.value) && !field.name.endsWith('_id');

const recordTitle = (record: BundleRecord) => `${recordTypeLabels[record.type] ?? fieldLabel(record.type)} ${record.id.slice(-8)}`;

interface Target {
  record: BundleRecord;
  field: BundleField;
}

const targetKey = (t: { record: BundleRecord; field: BundleField }) => `${t.record.type}/${t.record.id}/${t.field.name}`;

/**
 * The gathered bundle in the page, a heading per kind of record, each record with its fields as
 * the requester would read them; what is already withheld is struck through with its reason.
 * With `canRedact`, each field has "Withhold", which opens the redaction form under the record.
 */
export function BundleReview({ requestId, json, redactions, canRedact }: { requestId: string; json: unknown; redactions: Redaction[]; canRedact: boolean }) {
  const bundle = parseBundle(json);
  const [target, setTarget] = useState<Target | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const props = { bundle, redactions, canRedact, target, onWithhold: setTarget, requestId };
  return (
    <div className="app-bundle">
      {bundle.subject ? <RecordCard record={bundle.subject} level={3} {...props} /> : null}
      {bundle.sections.map((section) => {
        const all = expanded.has(section.key);
        const shown = all ? section.records : section.records.slice(0, FIRST);
        return (
          <section key={section.key} aria-labelledby={`bundle-${section.key}`}>
            <h3 className="govuk-heading-m" id={`bundle-${section.key}`}>
              {section.label} ({countRecords(section.records)})
            </h3>
            {section.records.length === 0 ? (
              <p className="govuk-body">None.</p>
            ) : section.key === 'access_log' ? (
              <AccessLogTable records={shown} bundle={bundle} label={section.label} />
            ) : (
              shown.map((record) => <RecordCard key={`${record.type}/${record.id}`} record={record} level={4} {...props} />)
            )}
            {section.records.length > shown.length ? (
              <Button type="button" variant="secondary" onClick={() => setExpanded((current) => new Set([...current, section.key]))}>
                Show all {section.records.length}
                <span className="govuk-visually-hidden">{' '}{section.label.toLowerCase()}</span>
              </Button>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

function AccessLogTable({ records, bundle, label }: { records: BundleRecord[]; bundle: ParsedBundle; label: string }) {
  const value = (record: BundleRecord, name: string) => {
    const field = record.fields.find((f) => f.name === name);
    return field ? shownValue(field, bundle) : '';
  };
  return (
    <Table
      caption={label}
      captionHidden
      head={[{ text: 'When' }, { text: 'Who' }, { text: 'What' }, { text: 'Outcome' }]}
      rows={records.map((record) => ({
        key: record.id,
        cells: [value(record, 'at'), value(record, 'user_id') || 'Someone not signed in', `${value(record, 'action')} ${value(record, 'accessed_record_type').replace(/_/g, ' ')}`, value(record, 'outcome')],
      }))}
    />
  );
}

interface CardProps {
  record: BundleRecord;
  level: 3 | 4;
  bundle: ParsedBundle;
  redactions: Redaction[];
  canRedact: boolean;
  target: Target | null;
  onWithhold: (target: Target | null) => void;
  requestId: string;
}

function RecordCard(props: CardProps) {
  const { record, level, bundle, redactions, canRedact, target, onWithhold, requestId } = props;
  const open = target && target.record.type === record.type && target.record.id === record.id ? target : null;
  return (
    <SummaryCard title={recordTitle(record)} headingLevel={level}>
      <dl className="govuk-summary-list">
        {record.fields.map((field) => {
          const mine = redactions.filter((r) => r.record_type === record.type && r.record_id === record.id && r.field === field.name);
          const text = shownValue(field, bundle);
          return (
            <div className="govuk-summary-list__row" key={field.name}>
              <dt className="govuk-summary-list__key">{fieldLabel(field.name)}</dt>
              <dd className="govuk-summary-list__value app-narrative" data-field={targetKey({ record, field })}>
                {mine.length > 0 && typeof field.value === 'string' ? <Withheld parts={redactedParts(field.value, mine)} /> : text}
              </dd>
              {canRedact ? (
                <dd className="govuk-summary-list__actions">
                  <button type="button" className="govuk-link app-link-button" onClick={() => onWithhold({ record, field })}>
                    Withhold<span className="govuk-visually-hidden">{' '}{fieldLabel(field.name).toLowerCase()} of {recordTitle(record).toLowerCase()}</span>
                  </button>
                </dd>
              ) : null}
            </div>
          );
        })}
      </dl>
      {open ? <RedactForm key={targetKey(open)} requestId={requestId} target={open} onDone={() => onWithhold(null)} /> : null}
      {record.children.map((child) =>
        child.records.length > 0 ? (
          <div key={child.name} className="app-bundle__children">
            <p className="govuk-body govuk-!-font-weight-bold">
              {fieldLabel(child.name)} ({child.records.length})
            </p>
            {child.records.map((sub) => (
              <RecordCard key={`${sub.type}/${sub.id}`} {...props} record={sub} level={4} />
            ))}
          </div>
        ) : null,
      )}
    </SummaryCard>
  );
}

/** A field's text with its withheld parts struck through, each followed by its reason. */
function Withheld({ parts }: { parts: ReturnType<typeof redactedParts> }) {
  return (
    <>
      {parts.map((part, index) =>
        part.withheld ? (
          <span key={index}>
            <del className="app-withheld">{part.text}</del> <strong className="app-withheld__reason">[withheld: {part.withheld.reason}]</strong>
          </span>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

const redactFields: Record<string, FieldSpec> = {
  scope: { label: 'What to withhold', id: 'redact-scope-0' },
  passage: { label: 'The words to withhold', id: 'redact-passage', required: 'Enter the words to withhold, exactly as they appear' },
  start: { label: 'The passage', id: 'redact-passage' },
  end: { label: 'The passage', id: 'redact-passage' },
  field: { label: 'Field', id: 'redact-passage' },
  record_id: { label: 'Record', id: 'redact-passage' },
  reason: { label: 'Why it is withheld', id: 'redact-reason', required: 'Enter why it is withheld' },
};

/**
 * Withholding a field of a record: all of it, or a passage — the words typed or pasted, or the
 * text selected on the page ("Use the selected text"); the reason is what the release shows.
 */
function RedactForm({ requestId, target, onDone }: { requestId: string; target: Target; onDone: () => void }) {
  const add = useAddRedaction(requestId);
  const form = useFormErrors();
  const text = typeof target.field.value === 'string' ? target.field.value : String(target.field.value);
  const canPassage = isText(target.field);
  const [scope, setScope] = useState<'whole' | 'passage'>(canPassage ? 'passage' : 'whole');
  const [passage, setPassage] = useState('');
  const [occurrence, setOccurrence] = useState(0);
  const [reason, setReason] = useState('');
  const heading = `Withhold ${fieldLabel(target.field.name).toLowerCase()} of ${recordTitle(target.record).toLowerCase()}`;

  const useSelection = () => {
    const selection = window.getSelection();
    const chosen = selection?.toString() ?? '';
    if (!chosen) return;
    // Which occurrence: the selection's place in the field, in code points.
    const node = document.querySelector(`[data-field="${CSS.escape(targetKey(target))}"]`);
    let from = 0;
    if (node && selection && selection.rangeCount > 0) {
      const range = selection.getRangeAt(0);
      if (node.contains(range.startContainer)) {
        const before = document.createRange();
        before.selectNodeContents(node);
        before.setEnd(range.startContainer, range.startOffset);
        from = Array.from(before.toString()).length;
      }
    }
    setPassage(chosen);
    setOccurrence(from);
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    const offsets = scope === 'passage' ? (passageOffsets(text, passage, occurrence) ?? passageOffsets(text, passage)) : null;
    const errors = fieldErrors(redactFields, {
      passage: scope === 'passage' ? (!passage ? redactFields.passage?.required : !offsets ? 'The words to withhold must appear in the field exactly as typed' : null) : null,
      reason: reason.trim() ? null : redactFields.reason?.required,
    });
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    const body = { record_type: target.record.type, record_id: target.record.id, field: target.field.name, start: offsets?.start ?? null, end: offsets?.end ?? null, reason: reason.trim() };
    add.mutate(body, {
      onSuccess: () => {
        form.clear();
        onDone();
      },
      onError: (error) => form.show(formErrorsFromError(error, redactFields, {}, body)),
    });
  };

  return (
    <form noValidate onSubmit={submit} className="app-redact-form" aria-labelledby="redact-heading">
      <h5 className="govuk-heading-s" id="redact-heading">
        {heading}
      </h5>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      {canPassage ? (
        <Radios
          idPrefix="redact-scope"
          legend="What to withhold"
          legendSize="s"
          small
          value={scope}
          onChange={(value) => setScope(value === 'whole' ? 'whole' : 'passage')}
          items={[
            {
              value: 'passage',
              text: 'A passage',
              conditional: (
                <>
                  <Textarea
                    id="redact-passage"
                    label="The words to withhold"
                    labelSize="s"
                    hint="Type or paste them exactly as they appear, or select them in the record above and choose “Use the selected text”."
                    rows={2}
                    error={form.errors.byField.passage ?? form.errors.byField.start ?? form.errors.byField.end}
                    value={passage}
                    onChange={(value) => {
                      setPassage(value);
                      setOccurrence(0);
                    }}
                  />
                  <Button type="button" variant="secondary" onMouseDown={(event) => event.preventDefault()} onClick={useSelection}>
                    Use the selected text
                  </Button>
                </>
              ),
            },
            { value: 'whole', text: 'The whole field' },
          ]}
        />
      ) : (
        <p className="govuk-body">The whole field is withheld.</p>
      )}
      <Input
        id="redact-reason"
        label="Why it is withheld"
        labelSize="s"
        hint="The release shows “[withheld: ” and this reason, for example “information about a third party”."
        error={form.errors.byField.reason}
        value={reason}
        onChange={setReason}
      />
      <div className="govuk-button-group">
        <Button>Withhold</Button>
        <button type="button" className="govuk-link app-link-button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
