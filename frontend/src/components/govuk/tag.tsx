import type { ReactNode } from 'react';
import { cx } from './use-govuk-component';

export type TagColour = 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

/** GOV.UK tag: a status, never a link. */
export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={cx('govuk-tag', colour && `govuk-tag--${colour}`)}>{children}</strong>;
}
