import { Tag } from '@/components/govuk';
import { daysLeftText, useWorkingDaysLeft } from '@/lib/working-days';

/**
 * How long is left until a due date, in working days (": 3 working days left"), or an
 * "Overdue" tag with how long it has been overdue in words. `overdue` is the API's word for it;
 * the count comes from the working-day calendar.
 */
export function DaysLeft({ due, overdue }: { due: string; overdue: boolean }) {
  const days = useWorkingDaysLeft(due);
  if (overdue) {
    return (
      <>
        {days !== undefined && days < 0 ? `: ${daysLeftText(days)} ` : ' '}
        <Tag colour="red">Overdue</Tag>
      </>
    );
  }
  return days === undefined ? null : <>: {daysLeftText(days)}</>;
}
