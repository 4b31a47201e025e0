import { useState } from 'react';
import { useNavigate } from 'react-router';
import { BackLink, ErrorSummary } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { formErrorsFromError, noErrors, type FormErrors } from '@/lib/form-errors';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { useCreateOrgUnit } from '../api/use-org-units';
import { OrgUnitForm, orgUnitFields, type OrgUnitFormValues } from '../components/org-unit-form';

export function TeamCreatePage() {
  const navigate = useNavigate();
  const units = useOrgUnits();
  const create = useCreateOrgUnit();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  usePageTitle('Add a unit', errors.summary.length > 0);

  const fail = (next: FormErrors) => {
    setErrors(next);
    setAttempt((n) => n + 1);
  };

  const submit = (values: OrgUnitFormValues) => {
    if (!values.kind) {
      // Without a kind the request cannot be typed, so this one is checked here.
      fail({ summary: [{ href: '#kind', text: 'Select the kind of unit' }], byField: { kind: 'Select the kind of unit' } });
      return;
    }
    create.mutate(
      { name: values.name.trim(), kind: values.kind, parent_id: values.parent_id || null },
      {
        onSuccess: (unit) => void navigate('/admin/teams', { state: { flash: `${unit.name} has been added` } }),
        onError: (error) => fail(formErrorsFromError(error, orgUnitFields, {}, values)),
      },
    );
  };

  return (
    <>
      <BackLink to="/admin/teams">Back to teams and services</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
          <h1 className="govuk-heading-l">Add a unit</h1>
          {units.data ? (
            <OrgUnitForm mode="create" initial={{ name: '', kind: '', parent_id: '', lead_user_id: '', assistant_director_id: '' }} units={units.data} errors={errors.byField} submitting={create.isPending} onSubmit={submit} />
          ) : (
            <Loading />
          )}
        </div>
      </div>
    </>
  );
}
