import type { ReactNode } from 'react';
import { cx } from './use-govuk-component';

/** GOV.UK Frontend 6's tag colours; blue is the default (no modifier). */
export type TagColour = 'grey' | 'green' | 'teal' | 'blue' | 'purple' | 'magenta' | 'red' | 'orange' | 'yellow';

/** GOV.UK tag: a status, never a link. */
export function Tag({ colour, classes, children }: { colour?: TagColour; classes?: string; children: ReactNode }) {
  return <strong className={cx('govuk-tag', colour && colour !== 'blue' && `govuk-tag--${colour}`, classes)}>{children}</strong>;
}
