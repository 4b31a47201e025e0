import { formatDate } from '@/lib/dates';
import type { ReportCell, ReportTable, SuppressedCell } from './report-types';

/** The rows of a report's table as cells (the schema calls them objects). */
export const rowsOf = (table: ReportTable): ReportCell[][] => table.rows as unknown as ReportCell[][];

export const isSuppressed = (cell: unknown): cell is SuppressedCell =>
  typeof cell === 'object' && cell !== null && (cell as { suppressed?: unknown }).suppressed === true;

/** A cell's number, or null for text, nothing or a withheld count. */
export const numberOf = (cell: ReportCell | undefined): number | null => (typeof cell === 'number' && Number.isFinite(cell) ? cell : null);

/** How a column's figures read: shares in percent, changes in points, or plain. */
export type ColumnKind = 'percent' | 'points' | 'kappa' | 'flag' | 'count' | 'text';

/** A column's kind from its heading, as the API names them ("Share (%)", "Change (points)"), and its cells. */
export function columnKind(heading: string, cells: ReportCell[]): ColumnKind {
  if (/\(%\)$/.test(heading)) return 'percent';
  if (/\(points\)$/.test(heading)) return 'points';
  if (/kappa/i.test(heading)) return 'kappa';
  if (cells.some((cell) => typeof cell === 'boolean')) return 'flag';
  if (cells.some((cell) => typeof cell === 'string')) return 'text';
  return 'count';
}

/**
 * A cell's kind: its column's, but a share in a row named as one ("Agreement (%)") reads as a
 * share in the columns of counts.
 */
export function cellKind(column: ColumnKind, rowLabel: ReportCell | undefined): ColumnKind {
  return column === 'count' && typeof rowLabel === 'string' && /\(%\)$/.test(rowLabel) ? 'percent' : column;
}

const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A share to one decimal, as the API works them out: "47.9%", "2.0%". */
export const formatPercent = (value: number) => `${oneDecimal.format(value)}%`;

/** "1,234" (a figure with a fraction keeps one decimal). */
export const formatCount = (value: number) => decimal.format(value);

/** A kappa to two places, as it is usually reported: "0.83" (the CSV keeps the API's three). */
export const formatKappa = (value: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);

/** The words of a withheld count. */
export const FEWER_THAN_5 = 'fewer than 5';

/** A figure as words for a chart's label or a text alternative: "47.9%", "fewer than 5", "no figure". */
export function figureText(cell: ReportCell | undefined, kind: ColumnKind = 'count'): string {
  if (isSuppressed(cell)) return FEWER_THAN_5;
  if (typeof cell === 'number') {
    if (kind === 'percent') return formatPercent(cell);
    if (kind === 'kappa') return formatKappa(cell);
    if (kind === 'points') return `${cell > 0 ? '+' : cell < 0 ? '−' : ''}${decimal.format(Math.abs(cell))} points`;
    return decimal.format(cell);
  }
  if (typeof cell === 'string') return labelText(cell);
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  return 'no figure';
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A row's label as people read it: the API writes some as codes ("requires improvement",
 * "inadequate_audit"), so the first letter is made a capital and underscores spaces; a day
 * ("2026-10-16") reads as one ("16 October 2026").
 */
export function labelText(text: string): string {
  if (ISO_DAY.test(text)) return formatDate(text);
  const spaced = text.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The index of a column by its heading, or -1. */
export const columnIndex = (table: ReportTable, heading: string) => table.columns.indexOf(heading);

/** The heat map's band for a share good or better: 0 for none, 1 (under 50%) to 4 (80% or more). */
export function shareBand(share: number | null): 0 | 1 | 2 | 3 | 4 {
  if (share === null) return 0;
  if (share >= 80) return 4;
  if (share >= 65) return 3;
  if (share >= 50) return 2;
  return 1;
}

/** The heat map's bands, lightest first, as its key says them. */
export const SHARE_BANDS: { band: 1 | 2 | 3 | 4; text: string }[] = [
  { band: 1, text: 'Under 50%' },
  { band: 2, text: '50% to 64.9%' },
  { band: 3, text: '65% to 79.9%' },
  { band: 4, text: '80% or more' },
];

/** One standard's three columns in the heat map's table. */
export interface HeatColumn {
  /** "1. Risk". */
  title: string;
  share: number;
  count: number;
  change: number;
}

/**
 * The heat map's standards from its columns: the API gives each standard three, "1. Risk: good
 * or better (%)", "1: judgements" and "1: change (points)"; the first column names the team.
 */
export function heatColumns(table: ReportTable): HeatColumn[] {
  const out: HeatColumn[] = [];
  table.columns.forEach((heading, index) => {
    const match = /^(\d+)\. (.+): good or better \(%\)$/.exec(heading);
    if (!match) return;
    const number = match[1] ?? '';
    const count = table.columns.indexOf(`${number}: judgements`);
    const change = table.columns.indexOf(`${number}: change (points)`);
    out.push({ title: `${number}. ${match[2] ?? ''}`, share: index, count, change });
  });
  return out;
}

/** Sorts rows by their first cell, numbers in names in order ("Auditor 2" before "Auditor 10"). */
export function sortedByName(rows: ReportCell[][]): ReportCell[][] {
  const name = (row: ReportCell[]) => (typeof row[0] === 'string' ? row[0] : '');
  return [...rows].sort((a, b) => name(a).localeCompare(name(b), 'en-GB', { numeric: true }));
}
