import { useEffect, useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, Button, ButtonLink, Checkboxes, ErrorSummary, NotificationBanner, SummaryList, Table, Tag, Textarea } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { JudgementsRead } from '@/components/record-form/judgements-read';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { GradeTag } from '@/components/status-tags';
import { useFormErrors } from '@/components/use-form-errors';
import type { Grade, Observation, PracticeSkill, PracticeStandard } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { labelFor, narrativeText, observationSettingLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { gradesOf, standardName, useFrameworkStandards, useGradeScales, usePracticeSkills } from '@/lib/reference-data';
import { forgetDraft } from '@/lib/session/drafts';
import { useMe } from '@/lib/session/session-context';
import { childDeclined } from '../api/observation-values';
import { useObservation, useReflectOnObservation } from '../api/use-observations';
import { CancelObservation } from '../components/cancel-observation';
import { consentSummary } from '../components/consent-summary';
import { FamilyFeedbackSection } from '../components/family-feedback';
import { LearningNeedsSection } from '../components/learning-needs';
import { ObservationStatusTag } from '../components/observation-status-tag';
import { observationTitle } from '../components/observation-title';
import { ratingText } from '../components/skills-accordion';

/** An observation as its observer, the worker observed and everyone else who may read it sees it, with what they may do next. */
export function ObservationPage() {
  const { id = '' } = useParams();
  const observation = useObservation(id);
  const { standards, error: standardsError } = useFrameworkStandards(observation.data?.data);
  const scales = useGradeScales();
  const skills = usePracticeSkills();
  const error = observation.error ?? standardsError ?? scales.error ?? skills.error;
  if (error) return <ProblemPage error={error} />;
  const current = observation.data?.data;
  if (!current || !standards || !scales.data || !skills.data) return <LoadingObservation />;
  return <ObservationView observation={current} standards={standards} skills={skills.data} grades={gradesOf(scales.data.items, current.grade_scale_id)} />;
}

function LoadingObservation() {
  usePageTitle('Observation');
  return (
    <>
      <h1 className="govuk-heading-l">Observation</h1>
      <Loading />
    </>
  );
}

function ObservationView({ observation, standards, skills, grades }: { observation: Observation; standards: PracticeStandard[]; skills: PracticeSkill[]; grades: Grade[] }) {
  const me = useMe();
  const flash = useFlash();
  const [done, setDone] = useState<string | null>(null);
  const title = observationTitle(observation, me.id);
  usePageTitle(title);
  const reads = me.reads_narrative;
  const allowed = (operation: Observation['allowed_operations'][number]) => observation.allowed_operations.includes(operation);
  const recorded = observation.status === 'submitted' || observation.status === 'acknowledged';
  const text = (value: string | null | undefined, none?: string) => <span className="app-narrative">{narrativeText(value, reads, none)}</span>;
  // Once submitted or cancelled there is nothing left to save: forget any copy this device kept.
  useEffect(() => {
    if (observation.status !== 'planned' && observation.status !== 'draft') forgetDraft(me.id, observation.id);
  }, [observation.status, observation.id, me.id]);

  const judged = standards.filter((standard) => observation.judgements?.some((j) => j.standard_number === standard.number));
  const rated = skills.filter((skill) => skill.active || observation.skill_ratings?.some((r) => r.skill_code === skill.code));

  return (
    <>
      <BackLink to="/observations">Back to observations</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <span className="govuk-caption-l">Observation of practice</span>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">
        <ObservationStatusTag status={observation.status} />
      </p>
      {allowed('consent') && observation.status === 'planned' ? (
        <div className="app-panel">
          <h2 className="govuk-heading-m">Next: ask for consent</h2>
          <p className="govuk-body">Before you record anything, ask {observation.observed_name ?? 'the worker'} and, if they are there, the child and family whether they agree.</p>
          <ButtonLink to={`/observations/${observation.id}/consent`}>Record consent</ButtonLink>
        </div>
      ) : null}
      {allowed('judgements') ? (
        <div className="app-panel">
          <h2 className="govuk-heading-m">Next: record the observation</h2>
          <p className="govuk-body">The worker consented. Record what you saw against the standards and the practice skills, then submit it.</p>
          <ButtonLink to={`/observations/${observation.id}/edit`}>Continue recording</ButtonLink>
        </div>
      ) : null}
      <SummaryList
        rows={[
          { key: 'Worker', value: observation.observed_id === me.id ? `${observation.observed_name ?? ''} (you)` : (observation.observed_name ?? 'A former member of staff') },
          { key: 'Observer', value: observation.observer_id === me.id ? `${observation.observer_name ?? ''} (you)` : (observation.observer_name ?? 'A former member of staff') },
          { key: 'Day', value: formatDate(observation.observed_on) },
          { key: 'Setting', value: labelFor(observationSettingLabels, observation.setting) },
          {
            key: 'Case',
            value: observation.case_id ? (
              <Link className="govuk-link" to={`/cases/${observation.case_id}`}>
                {caseLabel(observation, 'View the case')}
              </Link>
            ) : (
              'None: not about one child'
            ),
          },
          { key: 'Focus', value: text(observation.focus) },
          {
            key: 'Consent',
            value: (
              <>
                {consentSummary(observation)}
                {observation.consent_notes || !reads ? (
                  <>
                    <br />
                    {text(observation.consent_notes)}
                  </>
                ) : null}
                {allowed('consent') && observation.consent_recorded_at ? (
                  <>
                    {' '}
                    <Link className="govuk-link" to={`/observations/${observation.id}/consent`}>
                      Change<span className="govuk-visually-hidden"> consent</span>
                    </Link>
                  </>
                ) : null}
              </>
            ),
          },
          ...(observation.submitted_at ? [{ key: 'Submitted', value: formatDateTime(observation.submitted_at) }] : []),
          ...(observation.status === 'cancelled' ? [{ key: 'Why it was cancelled', value: text(observation.cancel_reason) }] : []),
        ]}
      />

      {recorded ? (
        <>
          <h2 className="govuk-heading-l app-audit-section">What was observed</h2>
          <SummaryList
            rows={[
              { key: 'Overall grade', value: observation.overall_grade ? <GradeTag code={observation.overall_grade} scaleId={observation.grade_scale_id} /> : 'Not graded' },
              { key: 'Summary', value: text(observation.summary) },
              { key: 'Strengths', value: text(observation.strengths) },
              { key: 'Areas for development', value: text(observation.areas_for_development) },
              { key: 'Impact on the child', value: childDeclined(observation) ? 'Not recorded: the child did not consent' : text(observation.impact_on_child) },
            ]}
          />
          <h2 className="govuk-heading-l">The practice standards</h2>
          {judged.length === 0 ? (
            <p className="govuk-body">No standards were judged.</p>
          ) : (
            <>
              <p className="govuk-body">The standards the practice showed, each grade beside its title. Open one for what was seen.</p>
              <JudgementsRead id={`observation-${observation.id}-judgements`} standards={judged} judgements={observation.judgements ?? []} grades={grades} scaleId={observation.grade_scale_id} readsNarrative={reads} />
            </>
          )}
          <h2 className="govuk-heading-l">Practice skills</h2>
          <Table
            caption="Practice skills, each rated from 1 (not seen) to 5 (consistently strong)"
            captionSize="s"
            head={[{ text: 'Skill' }, { text: 'Rating' }, { text: 'What was seen' }]}
            firstCellIsHeader
            rows={rated.map((skill) => {
              const rating = observation.skill_ratings?.find((r) => r.skill_code === skill.code);
              return { key: skill.code, cells: [skill.label, ratingText(rating?.rating), text(rating?.evidence, 'Not rated')] };
            })}
          />
          <FamilyFeedbackSection observation={observation} readsNarrative={reads} editable={false} />
          <LearningNeedsSection observation={observation} standards={standards} readsNarrative={reads} editable={false} />
          <section className="app-audit-section" aria-labelledby="reflection-heading">
            <h2 className="govuk-heading-l" id="reflection-heading">
              The worker’s reflection
            </h2>
            {observation.acknowledged_at ? (
              <SummaryList
                rows={[
                  { key: 'Reflected', value: formatDateTime(observation.acknowledged_at) },
                  { key: 'Reflection', value: text(observation.reflection) },
                ]}
              />
            ) : (
              <p className="govuk-body">
                <Tag colour="yellow">Awaiting reflection</Tag> {observation.observed_id === me.id ? 'You have not reflected on it yet.' : 'The worker has not reflected on it yet.'}
              </p>
            )}
          </section>
          {allowed('reflection') ? <ReflectionForm observation={observation} standards={standards} onDone={setDone} /> : null}
        </>
      ) : null}

      {allowed('cancel') ? <CancelObservation observation={observation} /> : null}
    </>
  );
}

const reflectionFields: Record<string, FieldSpec> = {
  reflection: { label: 'Your reflection', id: 'reflection', required: 'Enter your reflection on the observation' },
  agreed_learning_needs: { label: 'The learning needs you agree', id: 'agreed_learning_needs' },
};

/** The worker's reflection (the conversation after): once, agreeing the learning needs they accept. */
function ReflectionForm({ observation, standards, onDone }: { observation: Observation; standards: PracticeStandard[]; onDone: (message: string) => void }) {
  const reflect = useReflectOnObservation(observation.id);
  const form = useFormErrors();
  const [reflection, setReflection] = useState('');
  const [agreed, setAgreed] = useState<string[]>([]);
  const needs = observation.learning_needs ?? [];
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (reflect.isPending) return;
    const missing = missingErrors(reflectionFields, (field) => field === 'reflection' && !reflection.trim());
    if (missing.summary.length > 0) {
      form.show(missing);
      return;
    }
    reflect.mutate(
      { reflection: reflection.trim(), agreed_learning_needs: agreed },
      {
        onSuccess: () => {
          form.clear();
          onDone(`Your reflection has been sent to ${observation.observer_name ?? 'the observer'}`);
        },
        onError: (error) => form.show(formErrorsFromError(error, reflectionFields, {}, { reflection })),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="reflect-heading">
      <h2 className="govuk-heading-l" id="reflect-heading">
        Reflect on this observation
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Textarea
        id="reflection"
        label="Your reflection"
        labelSize="s"
        hint="What you take from the observation, and what you will do. Reflecting tells the observer you have read it; you can do it once."
        error={form.errors.byField.reflection}
        rows={6}
        value={reflection}
        onChange={setReflection}
      />
      {needs.length > 0 ? (
        <Checkboxes
          idPrefix="agreed_learning_needs"
          legend="Which learning needs do you agree with?"
          legendSize="s"
          hint="The ones you agree go to your supervision and the council’s training plans."
          error={form.errors.byField.agreed_learning_needs}
          values={agreed}
          onChange={setAgreed}
          items={needs.map((need) => ({
            value: need.id,
            text: need.need ?? 'A learning need',
            hint: need.standard_number ? `Standard ${standardName(standards, need.standard_number)}` : undefined,
          }))}
        />
      ) : null}
      <Button>Send reflection</Button>
    </form>
  );
}
