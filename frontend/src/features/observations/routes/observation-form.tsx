import { useState, type SyntheticEvent } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, InsetText, NotificationBanner, SummaryList } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { SectionError } from '@/components/record-form/section-error';
import { StandardsAccordion } from '@/components/record-form/standards-accordion';
import { useRecordSubmit, useSectionValues } from '@/components/record-form/use-record-form';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ApiError } from '@/lib/api/api-error';
import type { Grade, Observation, PracticeSkill, PracticeStandard } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { formErrorsFromError } from '@/lib/form-errors';
import { emptyJudgement, judgementKey, judgementNumber, type JudgementValues } from '@/lib/judgements';
import { labelFor, narrativeText, observationSettingLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { gradesOf, useFrameworkStandards, useGradeScales, usePracticeSkills } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import {
  childDeclined,
  fixedField,
  isSkillKey,
  observationSections,
  OVERALL_KEY,
  sameSection,
  skillCode,
  skillKey,
  submitFields,
  type OverallValues,
  type SectionValues,
  type SkillValues,
} from '../api/observation-values';
import { useObservationAutosave } from '../api/use-observation-autosave';
import { useObservation, useSubmitObservation } from '../api/use-observations';
import { CancelObservation } from '../components/cancel-observation';
import { consentSummary } from '../components/consent-summary';
import { FamilyFeedbackSection } from '../components/family-feedback';
import { LearningNeedsSection } from '../components/learning-needs';
import { OverallSection } from '../components/overall-section';
import { SkillsAccordion } from '../components/skills-accordion';
import { observationTitle } from '../components/observation-title';

/** The observation being recorded, standard by standard and skill by skill, saved as the observer goes. */
export function ObservationFormPage() {
  const { id = '' } = useParams();
  const observation = useObservation(id);
  const { standards, error: standardsError } = useFrameworkStandards(observation.data?.data);
  const scales = useGradeScales();
  const skills = usePracticeSkills();
  const error = observation.error ?? standardsError ?? scales.error ?? skills.error;
  if (error) return <ProblemPage error={error} />;
  const current = observation.data?.data;
  if (current && !current.allowed_operations.includes('judgements')) return <Navigate to={`/observations/${id}`} replace />;
  // The form starts from its values, so it waits for a read made since this page opened (a
  // cached copy lacks the answers saved since).
  if (!observation.data || !observation.isFetchedAfterMount || !current || !standards || !scales.data || !skills.data) return <LoadingObservation />;
  return (
    <ObservationForm
      key={current.id}
      observation={current}
      etag={observation.data.etag}
      standards={standards}
      skills={skills.data.filter((skill) => skill.active)}
      grades={gradesOf(scales.data.items, current.grade_scale_id)}
    />
  );
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

interface ObservationFormProps {
  observation: Observation;
  etag: string;
  standards: PracticeStandard[];
  skills: PracticeSkill[];
  grades: Grade[];
}

function ObservationForm({ observation, etag, standards, skills, grades }: ObservationFormProps) {
  const me = useMe();
  const flash = useFlash();
  const navigate = useNavigate();
  const submitObservation = useSubmitObservation(observation.id);
  const { autosave, statuses } = useObservationAutosave(observation, etag, me.id);
  const { values, change, restoredCount } = useSectionValues<SectionValues>(autosave, () => observationSections(observation, standards, skills), sameSection);
  const judgements = Object.fromEntries(standards.map((s) => [s.number, (values[judgementKey(s.number)] as JudgementValues | undefined) ?? emptyJudgement]));
  const skillValues = Object.fromEntries(skills.map((skill) => [skill.code, values[skillKey(skill.code)] as SkillValues]));
  const overall = values[OVERALL_KEY] as OverallValues;
  const fields = submitFields(standards, skills);
  const { errors, attempt, submitting, submit } = useRecordSubmit({
    autosave,
    noun: 'observation',
    fixed: fixedField(values, judgements, (key) => statuses[key]?.kind === 'saved'),
    sectionLink: (key) => {
      if (isSkillKey(key)) {
        const skill = skills.find((s) => s.code === skillCode(key));
        return { href: `#skills-${skillCode(key)}-evidence`, name: `The rating for ${skill?.label.toLowerCase() ?? 'a skill'}` };
      }
      if (key.startsWith('judgement-')) return { href: `#judgements-${judgementNumber(key)}-grade`, name: `Standard ${judgementNumber(key)}` };
      return { href: '#summary', name: 'What you observed' };
    },
  });
  const worker = observation.observed_name ?? 'the worker';
  const title = observationTitle(observation);
  usePageTitle(title, errors.summary.length > 0);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit(() => submitObservation.mutateAsync(), {
      done: () => void navigate(`/observations/${observation.id}`, { state: { flash: `Observation submitted. We have told ${worker}.` } }),
      refused: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          autosave.clear();
          return { summary: [{ href: `/observations/${observation.id}`, text: 'This observation is no longer a draft. Go to the observation.' }], byField: {} };
        }
        return formErrorsFromError(error, fields);
      },
    });
  };

  // The observed practice rarely shows every standard: the form opens on none of them.
  const [firstOpen] = useState<string[]>([]);

  return (
    <>
      <BackLink to={`/observations/${observation.id}`}>Back to the observation</BackLink>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <span className="govuk-caption-l">Observation of practice – being recorded</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {restoredCount > 0 ? (
        <NotificationBanner title="Changes restored">
          <p className="govuk-body">
            We restored {restoredCount === 1 ? 'a change' : `${restoredCount} changes`} you made on this device that had not been saved.
            We are saving {restoredCount === 1 ? 'it' : 'them'} now.
          </p>
        </NotificationBanner>
      ) : null}
      <SummaryList
        rows={[
          { key: 'Worker', value: worker },
          { key: 'Day', value: formatDate(observation.observed_on) },
          { key: 'Setting', value: labelFor(observationSettingLabels, observation.setting) },
          ...(observation.case_id ? [{ key: 'Case', value: caseLabel(observation, 'A case') }] : []),
          { key: 'Focus', value: <span className="app-narrative">{narrativeText(observation.focus, me.reads_narrative)}</span> },
          {
            key: 'Consent',
            value: (
              <>
                {consentSummary(observation)}{' '}
                <Link className="govuk-link" to={`/observations/${observation.id}/consent`}>
                  Change<span className="govuk-visually-hidden"> consent</span>
                </Link>
              </>
            ),
          },
        ]}
      />
      <InsetText>Your answers save as you go. If the connection drops, we keep them on this device and save them when it comes back.</InsetText>

      <h2 className="govuk-heading-l app-audit-section" id="standards-heading">
        The practice standards
      </h2>
      <p className="govuk-body">Judge the standards the practice showed: grade each with what you saw, or say why it does not apply. You need at least one graded standard to submit.</p>
      <SectionError text={errors.byField.judgements} />
      <StandardsAccordion
        id={`observation-${observation.id}-standards`}
        initiallyOpen={firstOpen}
        standards={standards}
        grades={grades}
        judgements={judgements}
        onChange={(number, next) => change(judgementKey(number), next)}
        onLeave={(number) => autosave.flush(judgementKey(number))}
        statuses={statuses}
        errors={errors.byField}
        evidenceHint="What you saw that supports the grade. You need it to submit a graded standard."
        notJudged="Not judged"
      />

      <h2 className="govuk-heading-l app-audit-section" id="skills-heading">
        Practice skills
      </h2>
      <p className="govuk-body">Rate each skill from 1 (not seen) to 5 (consistently strong), with what you saw. You need every skill rated to submit.</p>
      <SkillsAccordion
        id={`observation-${observation.id}-skills`}
        skills={skills}
        values={skillValues}
        onChange={(code, next) => change(skillKey(code), next)}
        onLeave={(code) => autosave.flush(skillKey(code))}
        statuses={statuses}
        errors={errors.byField}
      />

      <OverallSection
        grades={grades}
        childDeclined={childDeclined(observation)}
        workerName={worker}
        values={overall}
        onChange={(next) => change(OVERALL_KEY, next)}
        onLeave={() => autosave.flush(OVERALL_KEY)}
        status={statuses[OVERALL_KEY]}
        errors={errors.byField}
      />

      <FamilyFeedbackSection observation={observation} readsNarrative={me.reads_narrative} editable={observation.allowed_operations.includes('family-feedback')} />
      <LearningNeedsSection observation={observation} standards={standards} readsNarrative={me.reads_narrative} editable={observation.allowed_operations.includes('learning-needs')} />

      <form noValidate onSubmit={onSubmit} className="app-audit-section" id="submit" aria-labelledby="submit-heading">
        <h2 className="govuk-heading-l" id="submit-heading">
          Submit the observation
        </h2>
        <p className="govuk-body">
          To submit, grade at least one standard with what you saw (a standard you judge needs a grade with its evidence, or a reason it does not apply), rate every practice skill, write a summary
          {childDeclined(observation) ? '' : ' and the impact on the child'} and choose an overall grade.
        </p>
        <p className="govuk-body">When you submit, {worker} is told at once and can reflect on it and agree the learning needs.</p>
        <Button>{submitting ? 'Submitting…' : 'Submit observation'}</Button>
      </form>

      {observation.allowed_operations.includes('cancel') ? <CancelObservation observation={observation} /> : null}
    </>
  );
}
