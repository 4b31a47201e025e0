// The reports' shapes, named from the generated schema.
import type { components, operations } from '@/lib/api/schema';

export type Report = components['schemas']['Report'];
export type ReportTable = components['schemas']['ReportTable'];
export type ReportPeriod = components['schemas']['PeriodShown'];
/** The reports this part of the service shows (the API may offer more). */
export type ReportName = Extract<
  operations['get_report']['parameters']['path']['name'],
  'quarterly-qa' | 'standards-heatmap' | 'calibration' | 'escalations' | 'participation' | 'learning-needs' | 'team-briefing'
>;
/** What a report is asked for: a quarter or two dates, and a service or a team. */
export type ReportQuery = Omit<NonNullable<operations['get_report']['parameters']['query']>, 'table'>;

/** A count withheld from the Performance Team (fewer than 5). */
export interface SuppressedCell {
  value: null;
  suppressed: true;
}

/** One cell of a report's table: a number, text, a flag, nothing to show, or a withheld count. */
export type ReportCell = number | string | boolean | null | SuppressedCell;
