import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { BackLink, Button, Checkboxes, DateInput, dateInputFirstId, datePartsFromIso, ErrorSummary, Input, isoDateFromParts, type DateParts } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Scope } from '@/lib/api/types';
import { dateInputExample, formatDate, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { keepIssuedToken, useCreateServiceAccount } from '../api/use-service-accounts';
import { allScopes, defaultExpiry, expiryProblem, latestExpiry, scopeHints } from '../lib/service-accounts';

const fields: Record<string, FieldSpec> = {
  name: { label: 'Name', required: 'Enter the name of the system' },
  scopes: { label: 'Scopes', required: 'Select at least one thing the system may do' },
  expires_on: { label: 'Expiry date', id: dateInputFirstId('expires_on'), required: 'Enter the expiry date' },
};

export function ServiceAccountCreatePage() {
  const navigate = useNavigate();
  const create = useCreateServiceAccount();
  const form = useFormErrors();
  const [today] = useState(() => todayIso());
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [expiry, setExpiry] = useState<DateParts>(() => datePartsFromIso(defaultExpiry(today)));
  usePageTitle('Add a service account', form.errors.summary.length > 0);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const expiresOn = isoDateFromParts(expiry);
    const early = fieldErrors(fields, {
      name: name.trim() === '' ? fields.name?.required : null,
      scopes: scopes.length === 0 ? fields.scopes?.required : null,
      expires_on: expiresOn === null && !expiry.day && !expiry.month && !expiry.year ? fields.expires_on?.required : expiryProblem(expiresOn, today),
    });
    if (early.summary.length > 0 || !expiresOn) return form.show(early);
    const body = { name: name.trim(), scopes, expires_on: expiresOn };
    create.mutate(body, {
      onSuccess: (made) => {
        keepIssuedToken(made, 'created');
        void navigate(`/admin/service-accounts/${made.id}/token`);
      },
      onError: (error) => form.show(formErrorsFromError(error, fields, {}, body)),
    });
  };

  return (
    <>
      <BackLink to="/admin/service-accounts">Back to service accounts</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          <h1 className="govuk-heading-l">Add a service account</h1>
          <form noValidate onSubmit={submit}>
            <Input
              id="name"
              label="Name"
              labelSize="m"
              hint="The system that will use it, for example ‘Case management system’ or ‘Performance Team reports’."
              autoComplete="off"
              value={name}
              onChange={setName}
              error={form.errors.byField.name}
            />
            <Checkboxes
              idPrefix="scopes"
              legend="What may it do?"
              legendSize="m"
              hint="Select all that apply. Give it only what it needs."
              items={allScopes.map((scope) => ({ value: scope, text: scope, hint: scopeHints[scope] }))}
              values={scopes}
              onChange={(values) => setScopes(values as Scope[])}
              error={form.errors.byField.scopes}
            />
            <DateInput
              id="expires_on"
              legend="When should its tokens stop working?"
              legendSize="m"
              hint={`The last day they work, at most a year ahead (on or before ${formatDate(latestExpiry(today))}). For example, ${dateInputExample(defaultExpiry(today))}`}
              value={expiry}
              onChange={setExpiry}
              error={form.errors.byField.expires_on}
            />
            <Button>Add service account</Button>
          </form>
        </div>
      </div>
    </>
  );
}
