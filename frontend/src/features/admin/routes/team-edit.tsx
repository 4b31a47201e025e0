import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { BackLink, ErrorSummary } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { formErrorsFromError, noErrors, type FormErrors } from '@/lib/form-errors';
import { useOrgUnits } from '@/lib/org-units';
import { useStaff } from '@/lib/staff';
import { usePageTitle } from '@/lib/page-title';
import { orgUnitKindLabels } from '@/lib/roles';
import { useOrgUnit, useUpdateOrgUnit } from '../api/use-org-units';
import { OrgUnitForm, orgUnitFields, type OrgUnitFormValues } from '../components/org-unit-form';

export function TeamEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const unit = useOrgUnit(id);
  const units = useOrgUnits();
  const staff = useStaff();
  const update = useUpdateOrgUnit(id);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const current = unit.data?.data;
  usePageTitle(current ? `Change ${current.name}` : 'Change a unit', errors.summary.length > 0);
  if (unit.isError) return <ProblemPage error={unit.error} />;

  const submit = (values: OrgUnitFormValues) => {
    if (!unit.data || !current) return;
    update.mutate(
      {
        etag: unit.data.etag,
        patch: {
          name: values.name.trim(),
          ...(current.parent_id ? { parent_id: values.parent_id || null } : {}),
          // Only what changed: naming the leads is checked against their roles.
          ...(values.lead_user_id !== (current.lead_user_id ?? '') ? { lead_user_id: values.lead_user_id || null } : {}),
          ...(values.assistant_director_id !== (current.assistant_director_id ?? '') ? { assistant_director_id: values.assistant_director_id || null } : {}),
        },
      },
      {
        onSuccess: (saved) => void navigate('/admin/teams', { state: { flash: `Changes to ${saved.name} have been saved` } }),
        onError: (error) => {
          setErrors(
            formErrorsFromError(error, orgUnitFields, {
              412: { text: 'Someone else changed this unit while you were editing. Check the details below and save again.' },
            }, values),
          );
          setAttempt((n) => n + 1);
        },
      },
    );
  };

  return (
    <>
      <BackLink to="/admin/teams">Back to teams and services</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
          {current ? <span className="govuk-caption-l">{orgUnitKindLabels[current.kind]}</span> : null}
          <h1 className="govuk-heading-l">{current ? `Change ${current.name}` : 'Change a unit'}</h1>
          {current && units.data && staff.data ? (
            <OrgUnitForm
              key={current.version}
              mode="edit"
              initial={{
                name: current.name,
                kind: current.kind,
                parent_id: current.parent_id ?? '',
                lead_user_id: current.lead_user_id ?? '',
                assistant_director_id: current.assistant_director_id ?? '',
              }}
              units={units.data}
              staff={staff.data}
              errors={errors.byField}
              submitting={update.isPending}
              onSubmit={submit}
            />
          ) : (
            <Loading />
          )}
        </div>
      </div>
    </>
  );
}
