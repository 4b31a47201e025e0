import type { Observation } from '@/lib/api/types';

const said = (consented: boolean | null | undefined, who: string) =>
  consented === true ? `${who} agreed` : consented === false ? `${who} did not agree` : `${who} was not present`;

/** Consent in a line: "The worker agreed. The child did not agree. The family was not present." */
export function consentSummary(observation: Pick<Observation, 'worker_consented' | 'child_consented' | 'family_consented' | 'consent_recorded_at'>): string {
  if (!observation.consent_recorded_at) return 'Not recorded yet';
  const worker = observation.worker_consented ? 'The worker agreed' : 'The worker did not agree';
  return `${worker}. ${said(observation.child_consented, 'The child')}. ${said(observation.family_consented, 'The family')}.`;
}
