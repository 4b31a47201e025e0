import { ListViewsNav } from '@/components/list-views-nav';

export type DataProtectionView = 'requests' | 'retention' | 'holds' | 'access-log';

const views: { view: DataProtectionView; to: string; text: string }[] = [
  { view: 'requests', to: '/data-protection', text: 'Subject access requests' },
  { view: 'retention', to: '/data-protection/retention', text: 'Retention schedule' },
  { view: 'holds', to: '/data-protection/legal-holds', text: 'Legal holds' },
  { view: 'access-log', to: '/access-log', text: 'Access log' },
];

/** The data protection officer's pages side by side, the one on screen marked. */
export function DataProtectionNav({ current }: { current: DataProtectionView }) {
  return <ListViewsNav label="Data protection" views={views.map(({ view, to, text }) => ({ to, text, current: view === current }))} />;
}
