import { useState, type SyntheticEvent } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, Radios, Textarea } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import type { Observation } from '@/lib/api/types';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { useObservation, useRecordConsent } from '../api/use-observations';

/** The answers about someone who may be present: agreed, did not agree, or not there. */
type Presence = '' | 'agreed' | 'declined' | 'absent';

const presenceOf = (consented: boolean | null | undefined, recorded: boolean): Presence =>
  !recorded ? '' : consented === true ? 'agreed' : consented === false ? 'declined' : 'absent';
const consentOf = (presence: Presence): boolean | null => (presence === 'agreed' ? true : presence === 'declined' ? false : null);

const fields: Record<string, FieldSpec> = {
  worker_consented: { label: 'The worker’s consent', id: 'worker_consented', required: 'Select whether the worker agreed to be observed' },
  child_consented: { label: 'The child’s consent', id: 'child_consented', required: 'Select whether the child was present and agreed' },
  family_consented: { label: 'The family’s consent', id: 'family_consented', required: 'Select whether the family was present and agreed' },
  consent_notes: { label: 'Notes on consent', id: 'consent_notes' },
};

/** The consent step: the worker's, and the child's and family's where present. */
export function ConsentPage() {
  const { id = '' } = useParams();
  const observation = useObservation(id);
  if (observation.error) return <ProblemPage error={observation.error} />;
  const current = observation.data?.data;
  if (current && !current.allowed_operations.includes('consent')) return <Navigate to={`/observations/${id}`} replace />;
  if (!current || !observation.isFetchedAfterMount) return <LoadingConsent />;
  return <ConsentForm observation={current} />;
}

function LoadingConsent() {
  usePageTitle('Consent to the observation');
  return (
    <>
      <h1 className="govuk-heading-l">Consent to the observation</h1>
      <Loading />
    </>
  );
}

function ConsentForm({ observation }: { observation: Observation }) {
  const navigate = useNavigate();
  const record = useRecordConsent(observation.id);
  const form = useFormErrors();
  const recorded = Boolean(observation.consent_recorded_at);
  const [worker, setWorker] = useState(recorded ? (observation.worker_consented ? 'yes' : 'no') : '');
  const [child, setChild] = useState<Presence>(presenceOf(observation.child_consented, recorded));
  const [family, setFamily] = useState<Presence>(presenceOf(observation.family_consented, recorded));
  const [notes, setNotes] = useState(observation.consent_notes ?? '');
  const name = observation.observed_name ?? 'the worker';
  usePageTitle('Consent to the observation', form.errors.summary.length > 0);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (record.isPending) return;
    const answers: Record<string, string> = { worker_consented: worker, child_consented: child, family_consented: family };
    const missing = missingErrors(fields, (field) => answers[field] === '');
    if (missing.summary.length > 0) {
      form.show(missing);
      return;
    }
    const consented = worker === 'yes';
    record.mutate(
      { worker_consented: consented, child_consented: consentOf(child), family_consented: consentOf(family), consent_notes: notes.trim() },
      {
        onSuccess: () =>
          void navigate(consented ? `/observations/${observation.id}/edit` : `/observations/${observation.id}`, {
            state: { flash: consented ? 'Consent recorded' : `Consent recorded: ${name} did not agree, so nothing can be recorded` },
          }),
        onError: (error) => form.show(formErrorsFromError(error, fields)),
      },
    );
  };

  const presenceItems = (who: string) => [
    { value: 'agreed', text: `Yes, and ${who} agreed` },
    { value: 'declined', text: `Yes, and ${who} did not agree`, hint: `Nothing about ${who} will be kept.` },
    { value: 'absent', text: 'No, not present' },
  ];

  return (
    <>
      <BackLink to={`/observations/${observation.id}`}>Back to the observation</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          <span className="govuk-caption-l">Observation of {name}</span>
          <h1 className="govuk-heading-l">Consent to the observation</h1>
          <p className="govuk-body">Ask before the observation begins, and explain what you will record and who will read it.</p>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Without the worker’s consent nothing can be recorded. When the child or the family does not agree, nothing about them is kept: no feedback from
              them and, for the child, nothing about the impact on them.
            </strong>
          </div>
          <form noValidate onSubmit={submit}>
            <Radios
              idPrefix="worker_consented"
              legend={`Has ${name} agreed to be observed?`}
              legendSize="m"
              error={form.errors.byField.worker_consented}
              value={worker}
              onChange={setWorker}
              items={[
                { value: 'yes', text: 'Yes' },
                { value: 'no', text: 'No', hint: 'The observation stays planned and nothing is recorded.' },
              ]}
            />
            <Radios
              idPrefix="child_consented"
              legend="Was the child present, and did they agree?"
              legendSize="m"
              error={form.errors.byField.child_consented}
              value={child}
              onChange={(value) => setChild(value as Presence)}
              items={presenceItems('the child')}
            />
            <Radios
              idPrefix="family_consented"
              legend="Was the family present, and did they agree?"
              legendSize="m"
              error={form.errors.byField.family_consented}
              value={family}
              onChange={(value) => setFamily(value as Presence)}
              items={presenceItems('the family')}
            />
            <Textarea
              id="consent_notes"
              label="How you asked, and anything said about it (optional)"
              labelSize="s"
              error={form.errors.byField.consent_notes}
              rows={3}
              value={notes}
              onChange={setNotes}
            />
            <Button>Save consent</Button>
          </form>
        </div>
      </div>
    </>
  );
}
