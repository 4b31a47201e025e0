import { useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, NotificationBanner, SummaryList, Table, Textarea } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import type { Redaction, RequestOperation, SubjectAccessRequest } from '@/lib/api/types';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { formErrorsFromError } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { usePersonName } from '@/lib/staff';
import { fieldLabel, recordTypeLabels } from '../api/bundle';
import { requesterRoleLabel } from '../api/clock';
import { downloadDocument, useBundle, useRedactions, useRemoveRedaction, useRequest, useRequestCommand, type RequestCommand } from '../api/use-data-protection';
import { BundleReview } from '../components/bundle-review';
import { DataProtectionNav } from '@/components/data-protection-nav';
import { RequestClock, RequestStatusTag } from '../components/request-tags';
import { requestSubject } from './requests-list';

export function RequestPage() {
  const { id = '' } = useParams();
  const request = useRequest(id);
  if (request.isError) return <ProblemPage error={request.error} />;
  if (!request.data) return <LoadingRequest />;
  return <RequestView request={request.data.data} />;
}

function LoadingRequest() {
  usePageTitle('Subject access request');
  return (
    <>
      <h1 className="govuk-heading-l">Subject access request</h1>
      <Loading />
    </>
  );
}

function RequestView({ request }: { request: SubjectAccessRequest }) {
  const flash = useFlash();
  const personName = usePersonName();
  const [done, setDone] = useState<string | null>(null);
  // When a gathering finishes (a new gathered_at, however quickly it ran), say so.
  const [seenGathered, setSeenGathered] = useState(request.gathered_at);
  if (request.gathered_at !== seenGathered) {
    setSeenGathered(request.gathered_at);
    if (request.gathered_at && !request.gathering) setDone('Every record about the case is gathered: review them below');
  }
  const subject = requestSubject(request, (id) => personName(id));
  usePageTitle(`Subject access request: ${subject}`);
  const allowed = (operation: RequestOperation) => request.allowed_operations.includes(operation);
  const gathered = Boolean(request.gathered_at);
  const redactions = useRedactions(request.id, gathered);
  const banner = done ?? flash;

  return (
    <>
      <DataProtectionNav current="requests" />
      <BackLink to="/data-protection">Back to subject access requests</BackLink>
      {banner ? <NotificationBanner type="success" heading={banner} /> : null}
      <span className="govuk-caption-l">Subject access request</span>
      <h1 className="govuk-heading-l">{subject}</h1>
      <SummaryList
        rows={[
          { key: 'Status', value: <RequestStatusTag request={request} /> },
          {
            key: 'About',
            value: request.case_id ? (
              <Link className="govuk-link" to={`/cases/${request.case_id}`}>
                {request.case_reference ? `The case ${request.case_reference}` : 'The case'}
              </Link>
            ) : (
              `${personName(request.user_id)}, a member of staff`
            ),
          },
          { key: 'Requested by', value: requesterRoleLabel(request.requester_role) },
          { key: 'Received', value: formatDate(request.received_on) },
          { key: 'Identity verified', value: request.identity_verified_on ? formatDate(request.identity_verified_on) : 'Not yet: the clock starts when it is' },
          ...(request.clock_starts_on ? [{ key: 'Clock started', value: formatDate(request.clock_starts_on) }] : []),
          {
            key: 'Due',
            value: request.due_on ? (
              <>
                <span id="due-on">{formatDate(request.due_on)}</span>
                {request.status !== 'released' ? (
                  <>
                    <br />
                    <RequestClock request={request} />
                  </>
                ) : null}
              </>
            ) : (
              'Not started'
            ),
          },
          ...(request.paused ? [{ key: 'Clock stopped', value: `Since ${formatDate(request.paused_on)}: ${request.pause_reason ?? ''}` }] : []),
          ...(request.paused_days > 0 ? [{ key: 'Days stopped so far', value: `${request.paused_days} (added to the due date)` }] : []),
          ...(request.extended ? [{ key: 'Extended', value: `By two further months: ${request.extension_reason ?? ''}` }] : []),
          ...(request.gathered_at ? [{ key: 'Records gathered', value: formatDateTime(request.gathered_at) }] : []),
          ...(request.released_at ? [{ key: 'Released', value: formatDateTime(request.released_at) }] : []),
          ...(request.release_hash ? [{ key: 'Release hash (SHA-256)', value: <code className="app-hash">{request.release_hash}</code> }] : []),
        ]}
      />
      {request.allowed_operations.length === 0 && !request.gathering ? <p className="govuk-body">There is nothing more to do on this request.</p> : null}
      {allowed('resume') ? <CommandButton requestId={request.id} command={{ step: 'resume' }} heading="Start the clock again" button="Resume the clock" done="The clock is running again" onDone={setDone} /> : null}
      <Gather request={request} />
      {allowed('pause') ? <ReasonForm requestId={request.id} step="pause" onDone={setDone} /> : null}
      {allowed('extend') ? <ReasonForm requestId={request.id} step="extend" onDone={setDone} /> : null}
      {gathered ? (
        <section className="app-audit-section" aria-labelledby="review-heading">
          <h2 className="govuk-heading-l" id="review-heading">
            Review the records
          </h2>
          <Downloads request={request} />
          <Review request={request} redactions={redactions.data?.items ?? []} canRedact={allowed('redact')} />
          <RedactionsList request={request} redactions={redactions.data?.items ?? []} canRemove={allowed('redact')} />
        </section>
      ) : null}
      {allowed('release') ? <Release request={request} withheld={redactions.data?.items.length ?? 0} onDone={setDone} /> : null}
    </>
  );
}

const reasonText = {
  pause: {
    heading: 'Stop the clock',
    label: 'Why the clock is stopped',
    hint: 'For example, waiting for the requester to say which records they want, or for proof of identity. The days it is stopped are added to the due date.',
    required: 'Enter why the clock is stopped',
    button: 'Stop the clock',
    done: 'The clock is stopped',
  },
  extend: {
    heading: 'Extend by two months',
    label: 'Why the request needs longer',
    hint: 'Only for a complex request or many requests from the same person; it can be extended once. Tell the requester within the first month.',
    required: 'Enter why the request needs longer',
    button: 'Extend the request',
    done: 'The request is extended by two months',
  },
} as const;

function ReasonForm({ requestId, step, onDone }: { requestId: string; step: 'pause' | 'extend'; onDone: (message: string) => void }) {
  const command = useRequestCommand(requestId);
  const form = useFormErrors();
  const [reason, setReason] = useState('');
  const text = reasonText[step];
  const id = `${step}-reason`;
  const fields = { reason: { label: text.label, id, required: text.required } };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (command.isPending) return;
    if (!reason.trim()) {
      form.show({ summary: [{ href: `#${id}`, text: text.required, field: 'reason' }], byField: { reason: text.required } });
      return;
    }
    command.mutate(
      { step, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          form.clear();
          onDone(text.done);
        },
        onError: (error) => form.show(formErrorsFromError(error, fields, {}, { reason })),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby={`${step}-heading`} id={`${step}-form`}>
      <h2 className="govuk-heading-m" id={`${step}-heading`}>
        {text.heading}
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Textarea id={id} label={text.label} labelSize="s" hint={text.hint} rows={3} error={form.errors.byField.reason} value={reason} onChange={setReason} />
      <Button variant="secondary">{text.button}</Button>
    </form>
  );
}

function CommandButton({ requestId, command, heading, button, done, onDone }: { requestId: string; command: RequestCommand; heading: string; button: string; done: string; onDone: (message: string) => void }) {
  const run = useRequestCommand(requestId);
  const form = useFormErrors();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (run.isPending) return;
    run.mutate(command, { onSuccess: () => onDone(done), onError: (error) => form.show(formErrorsFromError(error, {})) });
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby={`${command.step}-heading`}>
      <h2 className="govuk-heading-m" id={`${command.step}-heading`}>
        {heading}
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Button variant="secondary">{button}</Button>
    </form>
  );
}

/**
 * Gathering every record about the case: it runs in the background (202), and the page reads the
 * request again every two seconds until it is gathered, saying how long it has been going.
 */
function Gather({ request }: { request: SubjectAccessRequest }) {
  const run = useRequestCommand(request.id);
  const form = useFormErrors();
  const [started, setStarted] = useState<number | null>(null);
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!request.gathering) return;
    const from = started ?? Date.now();
    const timer = window.setInterval(() => setSeconds(Math.round((Date.now() - from) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, [request.gathering, started]);
  if (request.gathering) {
    return (
      <div className="app-audit-section app-gathering" role="status">
        <h2 className="govuk-heading-m">Gathering the records</h2>
        <p className="govuk-body">
          Every record about the case is being gathered. This page updates when it is done{seconds > 0 ? ` (${seconds} seconds so far)` : ''}.
        </p>
        <div className="app-progress" aria-hidden="true">
          <div className="app-progress__bar" />
        </div>
      </div>
    );
  }
  if (!request.allowed_operations.includes('gather')) return null;
  const again = Boolean(request.gathered_at);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (run.isPending) return;
    setStarted(Date.now());
    run.mutate({ step: 'gather' }, { onError: (error) => form.show(formErrorsFromError(error, {})) });
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="gather-heading">
      <h2 className="govuk-heading-m" id="gather-heading">
        {again ? 'Gather the records again' : 'Gather the records'}
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <p className="govuk-body">
        {again
          ? 'Records may have changed since they were gathered. Gathering again reads them afresh; the passages withheld so far stay withheld where they still apply.'
          : 'Every record about the case is gathered into one bundle: audits, observations, escalations, monitoring forms, feedback, actions, notifications and the access log. For a large case this takes a little while.'}
      </p>
      <Button variant={again ? 'secondary' : 'primary'}>{again ? 'Gather again' : 'Gather the records'}</Button>
    </form>
  );
}

function Review({ request, redactions, canRedact }: { request: SubjectAccessRequest; redactions: Redaction[]; canRedact: boolean }) {
  const bundle = useBundle(request.id, request.gathered_at);
  if (bundle.isError) return <p className="govuk-body">The records could not be read. Try again later.</p>;
  if (!bundle.data) return <Loading what="Reading the records…" />;
  return (
    <>
      {canRedact ? (
        <p className="govuk-body">
          Withhold whatever would reveal a third party: a whole field, or a passage of it. The released bundle shows “[withheld: ” and your reason in its place; the records themselves do not change.
        </p>
      ) : null}
      <BundleReview key={request.gathered_at ?? ''} requestId={request.id} json={bundle.data} redactions={redactions} canRedact={canRedact} />
    </>
  );
}

function Downloads({ request }: { request: SubjectAccessRequest }) {
  const [problem, setProblem] = useState<string | null>(null);
  const get = (which: 'bundle' | 'released', format: 'json' | 'html') => () => {
    setProblem(null);
    downloadDocument(request.id, which, format).catch(() => setProblem('The file could not be downloaded. Try again.'));
  };
  return (
    <>
      <div className="govuk-button-group">
        {request.status === 'released' ? (
          <>
            <Button type="button" variant="secondary" onClick={get('released', 'html')}>
              Download what was released (HTML)
            </Button>
            <Button type="button" variant="secondary" onClick={get('released', 'json')}>
              Download what was released (JSON)
            </Button>
          </>
        ) : (
          <>
            <Button type="button" variant="secondary" onClick={get('bundle', 'html')}>
              Download the unredacted bundle (HTML)
            </Button>
            <Button type="button" variant="secondary" onClick={get('bundle', 'json')}>
              Download the unredacted bundle (JSON)
            </Button>
          </>
        )}
      </div>
      <div role="status">{problem ? <p className="govuk-error-message">{problem}</p> : null}</div>
    </>
  );
}

function RedactionsList({ request, redactions, canRemove }: { request: SubjectAccessRequest; redactions: Redaction[]; canRemove: boolean }) {
  const remove = useRemoveRedaction(request.id);
  return (
    <>
      <h3 className="govuk-heading-m" id="redactions-heading">
        What is withheld ({redactions.length})
      </h3>
      {redactions.length === 0 ? (
        <p className="govuk-body">Nothing is withheld yet.</p>
      ) : (
        <Table
          caption="What is withheld"
          captionHidden
          head={[{ text: 'Record' }, { text: 'Field' }, { text: 'What' }, { text: 'Reason' }, ...(canRemove ? [{ text: <span className="govuk-visually-hidden">Remove</span>, label: ' ' }] : [])]}
          rows={redactions.map((r) => ({
            key: r.id,
            cells: [
              `${recordTypeLabels[r.record_type] ?? r.record_type} ${r.record_id.slice(-8)}`,
              fieldLabel(r.field),
              r.start === null || r.start === undefined ? 'The whole field' : `Characters ${r.start + 1} to ${r.end ?? ''}`,
              r.reason,
              ...(canRemove
                ? [
                    <button key="remove" type="button" className="govuk-link app-link-button" disabled={remove.isPending} onClick={() => remove.mutate(r.id)}>
                      Remove<span className="govuk-visually-hidden"> the withholding of {fieldLabel(r.field).toLowerCase()}</span>
                    </button>,
                  ]
                : []),
            ],
          }))}
        />
      )}
    </>
  );
}

/** Releasing the redacted bundle, after a confirmation; the hash of what was released is then shown. */
function Release({ request, withheld, onDone }: { request: SubjectAccessRequest; withheld: number; onDone: (message: string) => void }) {
  const run = useRequestCommand(request.id);
  const form = useFormErrors();
  const [confirming, setConfirming] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (run.isPending) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    run.mutate(
      { step: 'release' },
      {
        onSuccess: () => {
          setConfirming(false);
          onDone('The bundle is released. Its hash is recorded below and in the access log.');
        },
        onError: (error) => form.show(formErrorsFromError(error, {})),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="release-heading">
      <h2 className="govuk-heading-m" id="release-heading">
        Release the bundle
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      {confirming ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            You are about to release the records with {withheld} {withheld === 1 ? 'passage or field' : 'passages or fields'} withheld. This cannot be undone.
          </strong>
        </div>
      ) : (
        <p className="govuk-body">The requester gets the records with what you withheld replaced by its reason. The unredacted bundle is never released.</p>
      )}
      <div className="govuk-button-group">
        <Button variant={confirming ? 'warning' : 'primary'}>{confirming ? 'Yes, release the bundle' : 'Release the bundle'}</Button>
        {confirming ? (
          <button type="button" className="govuk-link app-link-button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
