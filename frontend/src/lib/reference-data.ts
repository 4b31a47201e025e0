import { useQuery } from '@tanstack/react-query';
import type { TagColour } from '@/components/govuk';
import { unwrap } from './api/api-error';
import { api } from './api/client';
import type { Grade, GradeScale, PracticeStandard } from './api/types';

/** The current framework's practice standards, in number order. */
export function usePracticeStandards() {
  return useQuery({
    queryKey: ['practice-standards'],
    queryFn: () => unwrap(api.GET('/api/v1/practice-standards')),
    staleTime: 10 * 60_000,
  });
}

/** One framework with its standards (an audit graded against an earlier framework). */
export function useFramework(id: string | undefined) {
  return useQuery({
    queryKey: ['frameworks', id],
    queryFn: () => unwrap(api.GET('/api/v1/frameworks/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    staleTime: 10 * 60_000,
  });
}

/**
 * The standards a record (an audit, an observation) is judged against: the current ones, or
 * those of the earlier framework it was started under.
 */
export function useFrameworkStandards(record: { framework_id: string } | undefined): { standards: PracticeStandard[] | undefined; error: unknown } {
  const current = usePracticeStandards();
  const earlier = Boolean(record && current.data && current.data.framework_id !== record.framework_id);
  const framework = useFramework(earlier ? record?.framework_id : undefined);
  return {
    standards: earlier ? (framework.data?.standards ?? undefined) : current.data?.items,
    error: current.error ?? framework.error,
  };
}

/** "3. Planning": a standard by its number and short title, or `none` for no standard. */
export function standardName(standards: PracticeStandard[], number: number | null | undefined, none = 'None'): string {
  if (!number) return none;
  const standard = standards.find((s) => s.number === number);
  return standard ? `${number}. ${standard.title}` : `Standard ${number}`;
}

/** The standards as a select's options ("3. Planning"). */
export const standardOptions = (standards: PracticeStandard[]) => standards.map((s) => ({ value: String(s.number), text: `${s.number}. ${s.title}` }));

/** The council's practice skills (an observation rates the active ones), in form order. */
export function usePracticeSkills() {
  return useQuery({
    queryKey: ['practice-skills'],
    queryFn: async () => [...(await unwrap(api.GET('/api/v1/practice-skills')))].sort((a, b) => a.position - b.position),
    staleTime: 10 * 60_000,
  });
}

/** The grade scales with their grades, best first. */
export function useGradeScales() {
  return useQuery({
    queryKey: ['grade-scales'],
    queryFn: () => unwrap(api.GET('/api/v1/grade-scales')),
    staleTime: 10 * 60_000,
  });
}

/** The value a judgement's radios use for "not applicable" (never a grade code). */
export const NOT_APPLICABLE = 'not_applicable';

/** A scale's grades, best first. */
export function gradesOf(scales: GradeScale[] | undefined, scaleId: string | undefined): Grade[] {
  const scale = scales?.find((s) => s.id === scaleId) ?? scales?.find((s) => s.is_current);
  return [...(scale?.grades ?? [])].sort((a, b) => b.rank - a.rank);
}

/** The label people read for a grade code ("Requires improvement to be good"). */
export function gradeLabel(grades: Grade[], code: string | null | undefined): string {
  if (!code) return 'Not graded';
  if (code === NOT_APPLICABLE) return 'Not applicable';
  return grades.find((grade) => grade.code === code)?.label ?? code.replace(/_/g, ' ');
}

/**
 * A grade's tag colour by its place on the scale: the best green, the worst red, those between
 * teal, yellow and orange; "not applicable" and unknown grades grey. The label always says the
 * grade too: colour is never the only sign.
 */
export function gradeColour(grades: Grade[], code: string | null | undefined): TagColour {
  const index = grades.findIndex((grade) => grade.code === code);
  if (!code || index < 0) return 'grey';
  if (index === grades.length - 1 && grades.length > 1) return 'red';
  if (index === 0) return 'green';
  const between: TagColour[] = grades.length <= 3 ? ['yellow'] : grades.length === 4 ? ['teal', 'yellow'] : ['teal', 'yellow', 'orange'];
  return between[Math.min(index - 1, between.length - 1)] ?? 'yellow';
}
