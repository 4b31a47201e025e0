import { Link } from 'react-router';
import { Tag } from '@/components/govuk';
import type { OrgUnitNode } from '@/lib/org-units';
import { orgUnitKindLabels } from '@/lib/roles';

/** The organisation as nested lists: directorate → service → team. */
export function OrgUnitTree({ nodes }: { nodes: OrgUnitNode[] }) {
  return (
    <ul className="govuk-list app-org-tree">
      {nodes.map((node) => (
        <li key={node.id}>
          <span className="govuk-!-font-weight-bold">{node.name}</span>
          <span className="app-org-tree__kind">
            <Tag colour={node.kind === 'team' ? 'blue' : node.kind === 'service' ? 'teal' : 'purple'}>{orgUnitKindLabels[node.kind]}</Tag>
          </span>{' '}
          <Link className="govuk-link govuk-!-margin-left-2" to={`/admin/teams/${node.id}`}>
            Change<span className="govuk-visually-hidden"> {node.name}</span>
          </Link>
          {node.children.length > 0 ? <OrgUnitTree nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  );
}
