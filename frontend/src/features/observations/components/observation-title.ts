import type { Observation } from '@/lib/api/types';

/** "Observation of Pat Worker", or "Observation of your practice" for the worker observed. */
export function observationTitle(observation: Pick<Observation, 'observed_id' | 'observed_name'>, meId?: string): string {
  if (meId && observation.observed_id === meId) return 'Observation of your practice';
  return `Observation of ${observation.observed_name ?? 'a worker'}`;
}
