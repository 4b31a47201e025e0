import { Link } from 'react-router';
import { Table } from '@/components/govuk';
import type { Programme, Theme } from '@/lib/api/types';
import { formatMonth } from '@/lib/dates';
import { labelFor, themeSourceLabels } from '@/lib/labels';
import { ThemeStatusTag } from './theme-status-tag';

export function ThemesTable({ themes, programmes, caption }: { themes: Theme[]; programmes?: Programme[]; caption: string }) {
  return (
    <Table
      caption={caption}
      captionSize="m"
      head={[
        { text: 'Theme' },
        ...(programmes ? [{ text: 'Programme' }] : []),
        { text: 'Source' },
        { text: 'Planned' },
        { text: 'Sample', format: 'numeric' as const },
        { text: 'Status' },
      ]}
      rows={themes.map((theme) => ({
        key: theme.id,
        cells: [
          <Link className="govuk-link" to={`/programme/themes/${theme.id}`}>
            {theme.title}
          </Link>,
          ...(programmes ? [programmes.find((p) => p.id === theme.programme_id)?.title ?? 'None'] : []),
          labelFor(themeSourceLabels, theme.source),
          formatMonth(theme.planned_month) || 'Not planned',
          theme.sample_size ?? '',
          <ThemeStatusTag status={theme.status} />,
        ],
      }))}
    />
  );
}
