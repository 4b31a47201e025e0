import { SkipLink as GovukSkipLinkJs } from 'govuk-frontend';
import { useGovukComponent } from './use-govuk-component';

/** GOV.UK skip link: the first thing a keyboard user reaches on every page. */
export function SkipLink({ href = '#main-content', children = 'Skip to main content' }: { href?: string; children?: string }) {
  const ref = useGovukComponent<HTMLAnchorElement>(GovukSkipLinkJs);
  return (
    <a ref={ref} href={href} className="govuk-skip-link" data-module="govuk-skip-link">
      {children}
    </a>
  );
}
