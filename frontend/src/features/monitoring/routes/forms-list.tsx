import { Link } from 'react-router';
import { Pagination, Select, Table, Tag } from '@/components/govuk';
import { CaseName } from '@/components/case-name';
import { ListFilters, ListTotal, periodOptions } from '@/components/list-filters';
import { ListViewsNav } from '@/components/list-views-nav';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { FORM_STATUSES, MEETING_TYPES, QUALITY_RATINGS, someOf } from '@/lib/api/enums';
import type { Me, QualityRating } from '@/lib/api/types';
import { formatDate, periodRange } from '@/lib/dates';
import { formStatusLabels, labelFor, meetingTypeLabels, qualityRatingLabels } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { isReviewingOfficer } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { FORMS_PAGE_SIZE, useMonitoringForms } from '../api/use-monitoring-forms';
import { FormStatusTag } from '../components/form-tags';

export type FormListView = 'mine' | 'all';

/** A reviewing officer's own forms first; every form the caller may read besides. */
export function formViews(me: Pick<Me, 'roles'>): FormListView[] {
  return isReviewingOfficer(me) ? ['mine', 'all'] : ['all'];
}

const titleOf = (view: FormListView, me: Pick<Me, 'case_scope'>) => (view === 'mine' ? 'Your monitoring forms' : me.case_scope === 'all' ? 'All monitoring forms' : 'Monitoring forms');

const FILTERS = ['meeting_type', 'status', 'rating', 'period', 'team_id', 'service_id'] as const;
const SORTABLE = ['created_at', 'updated_at', 'meeting_on', 'status', 'meeting_type'] as const;

export function FormsListPage({ view: asked }: { view?: FormListView }) {
  const me = useMe();
  const views = formViews(me);
  const view = asked ?? views[0] ?? 'all';
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, defaultSort: '-meeting_on', pageSize: FORMS_PAGE_SIZE });
  const { values } = list;
  const title = titleOf(view, me);
  usePageTitle(list.title(title));
  const orgUnits = useOrgUnits();
  const range = periodRange(values.period);
  const forms = useMonitoringForms({
    officer_id: view === 'mine' ? me.id : undefined,
    team_id: values.team_id || undefined,
    service_id: values.team_id ? undefined : values.service_id || undefined,
    meeting_type: someOf(MEETING_TYPES, values.meeting_type),
    status: someOf(FORM_STATUSES, values.status),
    rating: someOf(QUALITY_RATINGS, values.rating)?.[0],
    from: range?.from,
    to: range?.to,
    ...list.request,
  });
  if (forms.isError) return <ProblemPage error={forms.error} />;
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const unitChoice = view === 'all' && units.length > 1;
  const items = forms.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <ListViewsNav label="Monitoring form lists" views={views.map((v) => ({ to: v === views[0] ? '/monitoring-forms' : '/monitoring-forms/all', text: titleOf(v, me), current: v === view }))} />
      {isReviewingOfficer(me) ? (
        <p className="govuk-body">
          Start a form from the child’s{' '}
          <Link className="govuk-link" to="/cases">
            case
          </Link>{' '}
          after each review or conference.
        </p>
      ) : null}
      <ListFilters
        key={list.formKey}
        label="Filter monitoring forms"
        search={{ hint: 'The child’s initials or reference, or the officer’s name' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, unit: unitFilterValue(values), period: values.period, meeting_type: values.meeting_type, status: values.status, rating: values.rating }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...(unitChoice ? unitFilters(unit) : {}) })}
      >
        {(field) => (
          <>
            {unitChoice ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            <Select id="period" label="Meeting held" options={periodOptions(values.period)} {...field('period')} />
            <Select id="meeting_type" label="Meeting" options={[{ value: '', text: 'Any meeting' }, ...MEETING_TYPES.map((type) => ({ value: type, text: meetingTypeLabels[type] }))]} {...field('meeting_type')} />
            <Select id="status" label="Status" options={[{ value: '', text: 'Any status' }, ...FORM_STATUSES.map((status) => ({ value: status, text: formStatusLabels[status] }))]} {...field('status')} />
            <Select
              id="rating"
              label="Quality checks"
              options={[{ value: '', text: 'Any' }, ...QUALITY_RATINGS.map((rating: QualityRating) => ({ value: rating, text: `With a check rated ${qualityRatingLabels[rating].toLowerCase()}` }))]}
              {...field('rating')}
            />
          </>
        )}
      </ListFilters>
      <ListTotal total={forms.data?.total} noun={['form', 'forms']} />
      {!forms.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more forms.' : 'No monitoring forms match these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `${title}, page ${list.page}` : title}
          captionHidden
          head={[{ text: 'Case' }, list.column('meeting_type', 'Meeting'), list.column('meeting_on', 'Held', 'descending'), { text: 'Reviewing officer' }, list.column('status', 'Status')]}
          rows={items.map((form) => ({
            key: form.id,
            cells: [
              <Link className="govuk-link" to={form.allowed_operations.includes('update') ? `/monitoring-forms/${form.id}/edit` : `/monitoring-forms/${form.id}`}>
                <CaseName record={form} fallback="A case" />
                <span className="govuk-visually-hidden">, {labelFor(meetingTypeLabels, form.meeting_type)} on {formatDate(form.meeting_on)}</span>
              </Link>,
              labelFor(meetingTypeLabels, form.meeting_type),
              formatDate(form.meeting_on),
              form.officer_name ?? 'A former member of staff',
              <span className="app-tags">
                <FormStatusTag status={form.status} />
                {form.quality_checks.some((check) => check.rating === 'concern') ? <Tag colour="red">Concern</Tag> : null}
                {form.escalation_id ? <Tag colour="orange">Alert raised</Tag> : null}
              </span>,
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(forms.data)} />
    </>
  );
}

export const FormsIndexPage = () => <FormsListPage />;
export const AllFormsPage = () => <FormsListPage view="all" />;
