import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { BackLink, Button, Checkboxes, DateInput, dateInputFirstId, emptyDate, ErrorSummary, Input, isEmptyDate, isoDateFromParts, Radios, Select, Textarea, type DateParts } from '@/components/govuk';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { useFormErrors } from '@/components/use-form-errors';
import { CHANNELS, COMPLAINT_ROUTES, SOURCE_ROLES } from '@/lib/api/enums';
import type { AdvocacyFigures, Case, Channel, ComplaintRoute, Feedback, FeedbackKind, Me, NewFeedback, SourceRole } from '@/lib/api/types';
import { caseQuery } from '@/lib/cases';
import { dateInputExample, formatDate, formatQuarter, quarterOf, recentQuarters, todayIso } from '@/lib/dates';
import { fieldErrors, type FieldSpec } from '@/lib/form-errors';
import { channelLabels, complaintRouteHints, complaintRouteLabels, feedbackKindHints, feedbackKindLabels, sourceRoleLabels } from '@/lib/labels';
import { orgUnitPaths, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { handlesComplaints, recordableKinds } from '@/lib/permissions';
import { usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { feedbackErrors } from '../api/feedback-errors';
import { useRecordFeedback } from '../api/use-feedback';
import { CasePicker } from '@/components/case-picker';
import { themeList } from '../components/change-feedback';

/** An advocacy report's figures, in the order the form asks for them. */
const FIGURES = [
  ['referrals', 'Referrals received', 'Enter the number of referrals received'],
  ['issue_based', 'Issue-based advocacy cases', 'Enter the number of issue-based advocacy cases'],
  ['meetings', 'Advocacy at child protection conferences and reviews', 'Enter how many conferences and reviews had an advocate'],
  ['outcomes_met', 'Cases closed with the child’s aims met', 'Enter the number of cases closed with the child’s aims met'],
  ['outcomes_partly_met', 'Cases closed with the aims partly met', 'Enter the number of cases closed with the aims partly met'],
  ['compliments', 'Compliments passed on', 'Enter the number of compliments passed on'],
  ['complaints', 'Complaints supported', 'Enter the number of complaints supported'],
  ['challenges', 'Challenges raised with the council', 'Enter the number of challenges raised with the council'],
] as const satisfies readonly (readonly [Exclude<keyof AdvocacyFigures, 'quarter'>, string, string])[];

type Figure = (typeof FIGURES)[number][0];

/** The most a figure may be (the API's limit). */
const MAX_FIGURE = 100_000;

const baseFields: Record<string, FieldSpec> = {
  kind: { label: 'Kind', id: 'kind', required: 'Select what kind of feedback it is' },
  route: { label: 'Route', id: 'route', required: 'Select the complaint’s route' },
  source_role: { label: 'Who it came from', id: 'source_role', required: 'Select who it came from' },
  channel: { label: 'How it came in', id: 'channel', required: 'Select how it came in' },
  received_on: { label: 'The day it was received', id: dateInputFirstId('received_on'), required: 'Enter the day it was received' },
  case_id: { label: 'The case', id: 'case_id' },
  team_id: { label: 'The team', id: 'team_id', required: 'Select the team it is about' },
  summary: { label: 'What it says', id: 'summary', required: 'Enter what it says' },
  'advocacy.quarter': { label: 'The quarter', id: 'advocacy-quarter', required: 'Select the quarter the report covers' },
  ...Object.fromEntries(FIGURES.map(([name, label, required]) => [`advocacy.${name}`, { label, id: `advocacy-${name}`, required }])),
  advocacy: { label: 'The report’s figures', id: 'advocacy-quarter' },
  themes: { label: 'Themes', id: 'themes' },
  standards: { label: 'Practice standards', id: 'standards' },
  learning: { label: 'Learning', id: 'learning' },
};

interface Values {
  kind: string;
  route: string;
  source_role: string;
  channel: string;
  received_on: DateParts;
  team_id: string;
  summary: string;
  themes: string;
  standards: string[];
  learning: string;
  quarter: string;
  figures: Record<Figure, string>;
}

/** What the summary's question is for each kind. */
const summaryLabels: Partial<Record<FeedbackKind, { label: string; hint: string }>> = {
  complaint: { label: 'What is the complaint?', hint: 'What the complainant says went wrong and what they want to happen, in their words where you can.' },
  participation: { label: 'What did they say?', hint: 'In their words where you can: this is the “you said” that the answer, “we did”, replies to.' },
  advocacy_report: { label: 'What does the report say?', hint: 'Its main messages, in a few sentences.' },
};

/** The teams a caller records feedback about: every team for the QA unit; the teams they manage for managers. */
function teamOptions(units: ReturnType<typeof orgUnitPaths>, me: Pick<Me, 'roles' | 'scope_unit_ids'>) {
  return units
    .filter(({ unit }) => unit.kind === 'team' && (handlesComplaints(me) || me.scope_unit_ids.includes(unit.id)))
    .map(({ unit, path }) => ({ value: unit.id, text: path.split(' › ').slice(1).join(' › ') || path }));
}

/** Where to go after recording, and what to say there. */
function recordedMessage(feedback: Feedback): string {
  if (feedback.kind === 'complaint') return feedback.acknowledge_by ? `Complaint recorded. Acknowledge it by ${formatDate(feedback.acknowledge_by)}.` : 'Complaint recorded';
  return `${feedbackKindLabels[feedback.kind]} recorded`;
}

/**
 * Recording feedback: one form that adapts to the kind. Complaints (the QA unit only) take a
 * route; an advocacy report its quarter's figures; every kind may name the child's case, the
 * themes, the practice standards and the learning. Team managers and heads of service record
 * compliments, staff and partner feedback about a team they manage.
 */
export function RecordFeedbackPage() {
  const me = useMe();
  if (recordableKinds(me).length === 0) return <NoAccessPage />;
  return <RecordFeedbackForm me={me} />;
}

function RecordFeedbackForm({ me }: { me: Me }) {
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const kinds = recordableKinds(me);
  const asked = search.get('kind') ?? '';
  const fromCase = search.get('case_id') ?? '';
  const orgUnits = useOrgUnits();
  const standards = usePracticeStandards();
  const caseRead = useQuery({ ...caseQuery(fromCase), enabled: Boolean(fromCase) });
  const record = useRecordFeedback();
  const form = useFormErrors();
  const [picked, setPicked] = useState<Case | null | undefined>(undefined);
  const [values, setValues] = useState<Values>(() => ({
    kind: (kinds as string[]).includes(asked) ? asked : kinds.length === 1 ? (kinds[0] ?? '') : '',
    route: '',
    source_role: '',
    channel: '',
    received_on: emptyDate,
    team_id: '',
    summary: '',
    themes: '',
    standards: [],
    learning: '',
    quarter: '',
    figures: Object.fromEntries(FIGURES.map(([name]) => [name, ''])) as Record<Figure, string>,
  }));
  // The case the form was opened from, until another is chosen.
  const kase = picked === undefined ? (caseRead.data ?? null) : picked;
  const set =
    <K extends keyof Values>(name: K) =>
    (value: Values[K]) =>
      setValues((current) => ({ ...current, [name]: value }));
  const setFigure = (name: Figure) => (value: string) => setValues((current) => ({ ...current, figures: { ...current.figures, [name]: value } }));
  const kind = values.kind as FeedbackKind | '';
  const qa = handlesComplaints(me);
  usePageTitle(kind === 'complaint' ? 'Record a complaint' : 'Record feedback', form.errors.summary.length > 0);

  const teams = teamOptions(orgUnitPaths(orgUnits.data ?? []), me);
  const caseTeam = kase ? (orgUnits.data?.find((unit) => unit.id === kase.team_id)?.name ?? '') : '';
  const quarters = recentQuarters(6);
  const summaryText = (kind && summaryLabels[kind]) || { label: 'What did they say?', hint: 'What it was about, in their words where you can.' };
  const errorOf = (field: string) => form.errors.byField[field];

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (record.isPending) return;
    const day = isEmptyDate(values.received_on) ? null : isoDateFromParts(values.received_on);
    const advocacy = kind === 'advocacy_report';
    const figureError = (name: Figure, label: string, required: string) => {
      const raw = values.figures[name].trim();
      if (!raw) return required;
      const n = Number(raw);
      return Number.isInteger(n) && n >= 0 && n <= MAX_FIGURE ? null : `${label} must be a whole number from 0 to ${MAX_FIGURE.toLocaleString('en-GB')}`;
    };
    const missing = fieldErrors(baseFields, {
      kind: kind ? null : baseFields.kind?.required,
      route: kind === 'complaint' && !values.route ? baseFields.route?.required : null,
      source_role: values.source_role ? null : baseFields.source_role?.required,
      channel: values.channel ? null : baseFields.channel?.required,
      received_on: !day ? (isEmptyDate(values.received_on) ? baseFields.received_on?.required : 'The day it was received must be a real date') : day > todayIso() ? 'The day it was received must be today or in the past' : null,
      team_id: !qa && !kase && !values.team_id ? baseFields.team_id?.required : null,
      summary: values.summary.trim() ? null : baseFields.summary?.required,
      'advocacy.quarter': advocacy && !values.quarter ? baseFields['advocacy.quarter']?.required : null,
      ...Object.fromEntries(FIGURES.map(([name, label, required]) => [`advocacy.${name}`, advocacy ? figureError(name, label, required) : null])),
    });
    if (missing.summary.length > 0 || !day || !kind) {
      form.show(missing);
      return;
    }
    const body: NewFeedback = {
      kind,
      source_role: values.source_role as SourceRole,
      channel: values.channel as Channel,
      received_on: day,
      case_id: kase?.id ?? null,
      team_id: kase ? null : values.team_id || null,
      summary: values.summary.trim(),
      themes: themeList(values.themes),
      standards: values.standards.map(Number),
      learning: values.learning.trim() || null,
      route: kind === 'complaint' ? (values.route as ComplaintRoute) : null,
      advocacy: advocacy
        ? { quarter: values.quarter, ...(Object.fromEntries(FIGURES.map(([name]) => [name, Number(values.figures[name])])) as Record<Figure, number>) }
        : null,
    };
    record.mutate(body, {
      onSuccess: (created) => void navigate(`/feedback/${created.id}`, { state: { flash: recordedMessage(created) } }),
      onError: (error) => form.show(feedbackErrors(error, baseFields, { ...body, team_id: values.team_id })),
    });
  };

  return (
    <>
      <BackLink to={fromCase ? `/cases/${fromCase}` : kind === 'complaint' ? '/feedback/complaints' : '/feedback'}>
        {fromCase ? 'Back to the case' : kind === 'complaint' ? 'Back to the complaints tracker' : 'Back to feedback'}
      </BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          <span className="govuk-caption-l">Feedback</span>
          <h1 className="govuk-heading-l">{kind === 'complaint' ? 'Record a complaint' : 'Record feedback'}</h1>
          {!qa ? (
            <p className="govuk-body">You record compliments, staff and partner feedback about the teams you manage. Complaints, participation and advocacy reports go to the QA unit.</p>
          ) : null}
          <form noValidate onSubmit={submit}>
            <Radios
              idPrefix="kind"
              legend="What kind of feedback is it?"
              legendSize="m"
              hint={qa ? 'Survey responses come in by importing the survey’s file.' : undefined}
              error={errorOf('kind')}
              value={values.kind}
              onChange={set('kind')}
              items={kinds.map((k) => ({
                value: k,
                text: feedbackKindLabels[k],
                hint: feedbackKindHints[k],
                conditional:
                  k === 'complaint' ? (
                    <Radios
                      idPrefix="route"
                      legend="Which procedure does it follow?"
                      legendSize="s"
                      error={errorOf('route')}
                      value={values.route}
                      onChange={set('route')}
                      items={COMPLAINT_ROUTES.map((route) => ({ value: route, text: complaintRouteLabels[route], hint: complaintRouteHints[route] }))}
                    />
                  ) : undefined,
              }))}
            />
            <Select
              id="source_role"
              label="Who is it from?"
              labelSize="m"
              error={errorOf('source_role')}
              value={values.source_role}
              onChange={set('source_role')}
              options={[{ value: '', text: 'Choose who it is from' }, ...SOURCE_ROLES.map((role) => ({ value: role, text: sourceRoleLabels[role] }))]}
            />
            <Select
              id="channel"
              label="How did it come in?"
              labelSize="m"
              error={errorOf('channel')}
              value={values.channel}
              onChange={set('channel')}
              options={[{ value: '', text: 'Choose how it came in' }, ...CHANNELS.filter((c) => c !== 'survey').map((c) => ({ value: c, text: channelLabels[c] }))]}
            />
            <DateInput
              id="received_on"
              legend="When was it received?"
              legendSize="m"
              hint={`${kind === 'complaint' ? 'The complaint’s deadlines count from this day. ' : ''}For example, ${dateInputExample(todayIso())}`}
              error={errorOf('received_on')}
              value={values.received_on}
              onChange={set('received_on')}
            />
            <CasePicker chosen={kase} onChange={setPicked} error={errorOf('case_id')} />
            {kase ? (
              <p className="govuk-body" id="team_id">
                It is about the case’s team{caseTeam ? `, ${caseTeam}` : ''}.
              </p>
            ) : (
              <Select
                id="team_id"
                label={qa ? 'Which team is it about? (optional)' : 'Which team is it about?'}
                labelSize="m"
                hint={qa ? undefined : 'The teams you manage'}
                error={errorOf('team_id')}
                value={values.team_id}
                onChange={set('team_id')}
                options={[{ value: '', text: qa ? 'Not about one team' : 'Choose a team' }, ...teams]}
              />
            )}
            <Textarea id="summary" label={summaryText.label} labelSize="m" hint={summaryText.hint} error={errorOf('summary')} rows={6} value={values.summary} onChange={set('summary')} />
            {kind === 'advocacy_report' ? (
              <fieldset className="govuk-fieldset" aria-describedby="advocacy-hint">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">The report’s figures</legend>
                <div className="govuk-hint" id="advocacy-hint">
                  As the advocacy service reported them for the quarter.
                </div>
                <Select
                  id="advocacy-quarter"
                  label="Which quarter does it cover?"
                  labelSize="s"
                  error={errorOf('advocacy.quarter') ?? errorOf('advocacy')}
                  value={values.quarter}
                  onChange={set('quarter')}
                  options={[
                    { value: '', text: 'Choose a quarter' },
                    ...[...new Set([quarterOf(todayIso()), ...quarters])].map((q) => ({ value: q, text: `${formatQuarter(q)} (${q})` })),
                  ]}
                />
                {FIGURES.map(([name, label]) => (
                  <Input
                    key={name}
                    id={`advocacy-${name}`}
                    label={label}
                    labelSize="s"
                    width="5"
                    inputMode="numeric"
                    spellCheck={false}
                    error={errorOf(`advocacy.${name}`)}
                    value={values.figures[name]}
                    onChange={setFigure(name)}
                  />
                ))}
              </fieldset>
            ) : null}
            <Input
              id="themes"
              label="Themes (optional)"
              labelSize="m"
              hint="Short words, separated by commas, such as communication, contact, visits"
              spellCheck={false}
              autoComplete="off"
              error={errorOf('themes')}
              value={values.themes}
              onChange={set('themes')}
            />
            <Checkboxes
              idPrefix="standards"
              legend="Which practice standards does it concern? (optional)"
              legendSize="m"
              small
              error={errorOf('standards')}
              items={(standards.data?.items ?? []).map((s) => ({ value: String(s.number), text: `${s.number}. ${s.title}` }))}
              values={values.standards}
              onChange={set('standards')}
            />
            <Textarea
              id="learning"
              label="What is the learning? (optional)"
              labelSize="m"
              hint="What the council can learn from it: for practice, for a team, for the service."
              error={errorOf('learning')}
              rows={4}
              value={values.learning}
              onChange={set('learning')}
            />
            <Button>{kind === 'complaint' ? 'Record complaint' : 'Record feedback'}</Button>
          </form>
        </div>
      </div>
    </>
  );
}
