import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { BackLink, Button, DateInput, emptyDate, ErrorSummary, isEmptyDate, isoDateFromParts, Radios, Select, type DateParts } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import { CasePicker, type CasePickerWords } from '@/components/case-picker';
import type { Case } from '@/lib/api/types';
import { formatDate, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { useStaff } from '@/lib/staff';
import { requesterRoles } from '../api/clock';
import { useCreateRequest } from '../api/use-data-protection';

const fields: Record<string, FieldSpec> = {
  about: { label: 'What the request is about', id: 'about-0' },
  case_id: { label: 'Case', id: 'case_id', required: 'Search for the case and choose it' },
  user_id: { label: 'Member of staff', id: 'user_id', required: 'Choose the member of staff' },
  requester_role: { label: 'Who is asking', id: 'requester_role-0', required: 'Select who is asking' },
  received_on: { label: 'Date received', id: 'received_on-day', required: 'Enter the date the request was received' },
  identity_verified_on: { label: 'Date identity was verified', id: 'identity_verified_on-day' },
};

const caseWords: CasePickerWords = {
  label: 'Which child’s case?',
  hint: 'Search by the child’s initials or the council’s reference. Closed cases are included.',
  none: null,
  anyStatus: true,
};

/**
 * Filing a subject access request: about a child's case or a member of staff, who asked, when it
 * came in and when the requester's identity was verified. The service works out the due date.
 */
export function NewRequestPage() {
  const navigate = useNavigate();
  const create = useCreateRequest();
  const form = useFormErrors();
  usePageTitle('File a subject access request', form.errors.summary.length > 0);
  const staff = useStaff();
  const [about, setAbout] = useState<'case' | 'user' | ''>('');
  const [kase, setKase] = useState<Case | null>(null);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState('');
  const [received, setReceived] = useState<DateParts>(emptyDate);
  const [verified, setVerified] = useState<DateParts>(emptyDate);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const receivedOn = isoDateFromParts(received);
    const verifiedOn = isEmptyDate(verified) ? null : isoDateFromParts(verified);
    const today = todayIso();
    const errors = fieldErrors(fields, {
      about: about ? null : 'Select whether the request is about a child’s case or a member of staff',
      case_id: about === 'case' && !kase ? fields.case_id?.required : null,
      user_id: about === 'user' && !userId ? fields.user_id?.required : null,
      requester_role: role ? null : fields.requester_role?.required,
      received_on: isEmptyDate(received)
        ? fields.received_on?.required
        : !receivedOn
          ? 'Date received must be a real date, like 27 3 2026'
          : receivedOn > today
            ? 'Date received must be today or in the past'
            : null,
      identity_verified_on:
        !isEmptyDate(verified) && !verifiedOn
          ? 'Date identity was verified must be a real date, like 27 3 2026'
          : verifiedOn && receivedOn && verifiedOn < receivedOn
            ? 'Date identity was verified must be the same as or after the date received'
            : null,
    });
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    const body = {
      ...(about === 'case' ? { case_id: kase?.id ?? null } : { user_id: userId }),
      requester_role: role,
      received_on: receivedOn ?? '',
      identity_verified_on: verifiedOn,
    };
    create.mutate(body, {
      onSuccess: (request) =>
        void navigate(`/data-protection/requests/${request.id}`, {
          state: { flash: request.due_on ? `Request filed. It is due on ${formatDate(request.due_on)}.` : 'Request filed. Its clock starts when the requester’s identity is verified.' },
        }),
      onError: (error) => form.show(formErrorsFromError(error, fields, {}, body)),
    });
  };

  const people = [...(staff.data ?? [])].sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB'));
  return (
    <>
      <BackLink to="/data-protection">Back to subject access requests</BackLink>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <h1 className="govuk-heading-l">File a subject access request</h1>
      <form noValidate onSubmit={submit}>
        <Radios
          idPrefix="about"
          legend="What is the request about?"
          legendSize="m"
          error={form.errors.byField.about}
          value={about}
          onChange={(value) => setAbout(value === 'case' || value === 'user' ? value : '')}
          items={[
            {
              value: 'case',
              text: 'A child’s case',
              hint: 'Every record about the case is gathered.',
              conditional: <CasePicker chosen={kase} onChange={setKase} error={form.errors.byField.case_id} words={caseWords} />,
            },
            {
              value: 'user',
              text: 'A member of staff, about themselves',
              hint: 'Audits and observations of their practice, their actions, notifications and what they read.',
              conditional: (
                <Select
                  id="user_id"
                  label="Member of staff"
                  labelSize="s"
                  error={form.errors.byField.user_id}
                  value={userId}
                  onChange={setUserId}
                  options={[{ value: '', text: 'Choose a person' }, ...people.map((person) => ({ value: person.id, text: person.display_name }))]}
                />
              ),
            },
          ]}
        />
        <Radios
          idPrefix="requester_role"
          legend="Who is asking?"
          legendSize="m"
          error={form.errors.byField.requester_role}
          value={role}
          onChange={setRole}
          items={Object.entries(requesterRoles).map(([value, text]) => ({ value, text }))}
        />
        <DateInput
          id="received_on"
          legend="When was the request received?"
          legendSize="m"
          hint="For example, 27 3 2026. The month starts on this day."
          error={form.errors.byField.received_on}
          value={received}
          onChange={setReceived}
        />
        <DateInput
          id="identity_verified_on"
          legend="When was the requester’s identity verified? (optional)"
          legendSize="m"
          hint="Leave it empty if it is not verified yet: the month then starts on the day it is."
          error={form.errors.byField.identity_verified_on}
          value={verified}
          onChange={setVerified}
        />
        <Button>File request</Button>
      </form>
    </>
  );
}
