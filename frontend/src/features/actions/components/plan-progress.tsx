import { BarChart } from '@/components/charts/bar-chart';
import { Table, Tag } from '@/components/govuk';
import type { ActionPlanProgress } from '@/lib/api/types';
import { labelFor, planStatusLabels } from '@/lib/labels';

export function PlanStatusTag({ status }: { status: string }) {
  return <Tag colour={status === 'closed' ? 'grey' : 'blue'}>{labelFor(planStatusLabels, status)}</Tag>;
}

/** How far a plan's actions have got, in a line: "2 of 5 done, 1 verified", and overdue ones as a tag. */
export function PlanProgressText({ progress }: { progress: ActionPlanProgress }) {
  if (progress.actions_total === 0) return <>No actions yet</>;
  return (
    <span className="app-tags">
      <span>
        {progress.completed} of {progress.actions_total} done, {progress.verified} verified
      </span>
      {progress.overdue > 0 ? <Tag colour="red">{`${progress.overdue} overdue`}</Tag> : null}
    </span>
  );
}

/** A plan's progress as bars against its number of actions, with the same figures in a table. */
export function PlanProgress({ progress }: { progress: ActionPlanProgress }) {
  const rows = [
    { key: 'completed', label: 'Done (completed or verified)', value: progress.completed },
    { key: 'verified', label: 'Verified by the QA unit', value: progress.verified },
    { key: 'overdue', label: 'Overdue', value: progress.overdue },
  ];
  return (
    <>
      <BarChart bars={rows} max={progress.actions_total} />
      <Table
        caption={`Progress of the plan’s ${progress.actions_total} ${progress.actions_total === 1 ? 'action' : 'actions'} (cancelled ones left out)`}
        captionSize="s"
        firstCellIsHeader
        stackOnMobile={false}
        head={[{ text: 'Actions' }, { text: 'Number', format: 'numeric' }]}
        rows={[{ key: 'total', label: 'All actions', value: progress.actions_total }, ...rows].map((row) => ({ key: row.key, cells: [row.label, row.value] }))}
      />
    </>
  );
}
