import { useState, type SyntheticEvent } from 'react';
import { Button, ErrorSummary, NotificationBanner, Radios, Select, Textarea } from '@/components/govuk';
import type { Grade } from '@/lib/api/types';
import { useFormErrors } from '@/components/use-form-errors';
import { formErrorsFromError, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { useModerateAudit, useReplyToAudit, useReturnAudit } from '../api/use-audits';

const required = (id: string, text: string): FormErrors => ({ summary: [{ href: `#${id}`, text }], byField: { [id]: text } });

/** The worker's reply to an audit of their work; replying acknowledges it. */
export function ReplyForm({ auditId, onDone }: { auditId: string; onDone: (message: string) => void }) {
  const reply = useReplyToAudit(auditId);
  const [reflection, setReflection] = useState('');
  const form = useFormErrors();
  const fields: Record<string, FieldSpec> = { reflection: { label: 'Your reflection', id: 'reflection', required: 'Enter your reflection on the audit' } };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (reply.isPending) return;
    if (!reflection.trim()) {
      form.show(required('reflection', 'Enter your reflection on the audit'));
      return;
    }
    reply.mutate(reflection.trim(), {
      onSuccess: () => {
        form.clear();
        onDone('Your reply has been sent to the auditor');
      },
      onError: (error) => form.show(formErrorsFromError(error, fields, {}, { reflection })),
    });
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="reply-heading">
      <h2 className="govuk-heading-l" id="reply-heading">
        Reply to this audit
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Textarea
        id="reflection"
        label="Your reflection"
        labelSize="s"
        hint="What you take from the audit, and what you will do. Replying tells the auditor you have read it."
        error={form.errors.byField.reflection}
        rows={6}
        value={reflection}
        onChange={setReflection}
      />
      <Button>Send reply</Button>
    </form>
  );
}

/** Moderation of the audit's grade by someone other than the auditor. */
export function ModerationForm({ auditId, grades, overallLabel, onDone }: { auditId: string; grades: Grade[]; overallLabel: string; onDone: (message: string) => void }) {
  const moderate = useModerateAudit(auditId);
  const [agreed, setAgreed] = useState('');
  const [grade, setGrade] = useState('');
  const [rationale, setRationale] = useState('');
  const form = useFormErrors();
  const fields: Record<string, FieldSpec> = {
    agreed: { label: 'Whether you agree', id: 'agreed', required: 'Select whether you agree with the grade' },
    moderated_grade: { label: 'Moderated grade', id: 'moderated_grade', required: 'Select the grade you give' },
    rationale: { label: 'Rationale', id: 'rationale', required: 'Enter why' },
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (moderate.isPending) return;
    const missing: FormErrors = { summary: [], byField: {} };
    const need = (field: string, ok: boolean) => {
      const spec = fields[field];
      if (ok || !spec?.required) return;
      missing.summary.push({ href: `#${spec.id ?? field}`, text: spec.required });
      missing.byField[field] = spec.required;
    };
    need('agreed', Boolean(agreed));
    need('moderated_grade', agreed !== 'no' || Boolean(grade));
    need('rationale', Boolean(rationale.trim()));
    if (missing.summary.length > 0) {
      form.show(missing);
      return;
    }
    moderate.mutate(
      { agreed: agreed === 'yes', moderated_grade: agreed === 'no' ? grade : null, rationale: rationale.trim() },
      {
        onSuccess: () => {
          form.clear();
          onDone('Moderation saved');
        },
        onError: (error) => form.show(formErrorsFromError(error, fields, {}, { rationale })),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="moderate-heading">
      <h2 className="govuk-heading-l" id="moderate-heading">
        Moderate this audit
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Radios
        idPrefix="agreed"
        legend={`Do you agree with the overall grade, ${overallLabel}?`}
        legendSize="s"
        error={form.errors.byField.agreed}
        value={agreed}
        onChange={setAgreed}
        items={[
          { value: 'yes', text: 'Yes, I agree' },
          {
            value: 'no',
            text: 'No',
            conditional: (
              <Select
                id="moderated_grade"
                label="The grade you give"
                error={form.errors.byField.moderated_grade}
                value={grade}
                onChange={setGrade}
                options={[{ value: '', text: 'Choose a grade' }, ...grades.map((g) => ({ value: g.code, text: g.label }))]}
              />
            ),
          },
        ]}
      />
      <Textarea id="rationale" label="Rationale" labelSize="s" error={form.errors.byField.rationale} rows={4} value={rationale} onChange={setRationale} />
      <Button>Save moderation</Button>
    </form>
  );
}

/** A QA officer sends a submitted audit back to its auditor as a draft. */
export function ReturnForm({ auditId, onDone }: { auditId: string; onDone: (message: string) => void }) {
  const returnAudit = useReturnAudit(auditId);
  const [reason, setReason] = useState('');
  const form = useFormErrors();
  const fields: Record<string, FieldSpec> = { reason: { label: 'Reason', id: 'return-reason', required: 'Enter why you are returning the audit' } };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (returnAudit.isPending) return;
    if (!reason.trim()) {
      form.show({ summary: [{ href: '#return-reason', text: 'Enter why you are returning the audit' }], byField: { reason: 'Enter why you are returning the audit' } });
      return;
    }
    returnAudit.mutate(reason.trim(), {
      onSuccess: () => {
        form.clear();
        onDone('The audit has been returned to its auditor');
      },
      onError: (error) => form.show(formErrorsFromError(error, fields, {}, { reason })),
    });
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="return-heading">
      <h2 className="govuk-heading-l" id="return-heading">
        Return this audit to its auditor
      </h2>
      <p className="govuk-body">The audit goes back to the auditor as a draft, with your reason, to change and submit again.</p>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Textarea id="return-reason" label="Reason" labelSize="s" error={form.errors.byField.reason} rows={3} value={reason} onChange={setReason} />
      <Button variant="secondary">
        Return audit
      </Button>
    </form>
  );
}

export function Confirmation({ message }: { message: string | null }) {
  return message ? <NotificationBanner type="success" heading={message} /> : null;
}
