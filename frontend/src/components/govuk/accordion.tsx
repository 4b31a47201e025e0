import { Accordion as GovukAccordionJs, isSupported } from 'govuk-frontend';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { cx } from './use-govuk-component';

export interface AccordionSection {
  /** The section's id: a link to it, or to anything in it, opens it. */
  id: string;
  /** The heading; it must not change while the accordion is on the page. */
  heading: string;
  /**
   * A line under the heading that may change (a grade, "Not saved"). Give every section one or
   * none: GOV.UK Frontend's script moves it into the section's button.
   */
  summary?: string;
  content: ReactNode;
}

export interface AccordionProps {
  /** The root's id: the sections' content is `<id>-content-<n>`, as GOV.UK Frontend expects. */
  id: string;
  headingLevel?: 2 | 3 | 4;
  sections: AccordionSection[];
  /** The ids of the sections open when the page first shows (until the person opens or closes one). */
  initiallyOpen?: string[];
}

const sectionClass = 'govuk-accordion__section';

/**
 * GOV.UK accordion, with GOV.UK Frontend's script ("Show all sections", each section's button,
 * open sections remembered for the browser tab). A link to something inside a closed section
 * (an error summary's link to a field, say) opens the section first, so that the field can
 * take focus.
 */
export function Accordion({ id, headingLevel = 2, sections, initiallyOpen = [] }: AccordionProps) {
  const ref = useRef<HTMLDivElement>(null);
  const instance = useRef<GovukAccordionJs | null>(null);
  // Read once: after the first render the script owns each section's open or closed class.
  const [open] = useState(() => new Set(initiallyOpen));
  const Heading = `h${headingLevel}` as const;

  useEffect(() => {
    const root = ref.current;
    if (!root || !isSupported()) return;
    try {
      instance.current = new GovukAccordionJs(root, { rememberExpanded: true });
    } catch {
      // Already started on this element: React's StrictMode runs effects twice in development.
    }
  }, []);

  useEffect(() => {
    // In the capture phase, so the section is open before the error summary's own script
    // moves focus to the field.
    const onClick = (event: MouseEvent) => {
      const accordion = instance.current;
      const root = ref.current;
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      if (!accordion || !root || !link) return;
      const target = document.getElementById(decodeURIComponent((link.getAttribute('href') ?? '').slice(1)));
      const section = target?.closest(`.${sectionClass}`);
      if (section && root.contains(section) && !accordion.isExpanded(section)) {
        accordion.setExpanded(true, section);
        accordion.storeState(section, true);
      }
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, []);

  // The script names each section's button from its heading and summary when it opens or
  // closes: name it again when a summary changes.
  const summaries = sections.map((section) => section.summary ?? '').join('\n');
  useEffect(() => {
    const accordion = instance.current;
    if (!accordion || !ref.current) return;
    ref.current.querySelectorAll(`.${sectionClass}`).forEach((section) => accordion.setExpanded(accordion.isExpanded(section), section));
  }, [summaries]);

  return (
    <div ref={ref} className="govuk-accordion" data-module="govuk-accordion" id={id}>
      {sections.map((section, index) => {
        const n = index + 1;
        return (
          <div key={section.id} id={section.id} className={cx(sectionClass, open.has(section.id) && 'govuk-accordion__section--expanded')}>
            <div className="govuk-accordion__section-header">
              <Heading className="govuk-accordion__section-heading">
                {/* Spaces around the words, as GOV.UK's own markup has: the script puts the heading,
                    the summary and "Show" side by side in one button, whose visible text must
                    read as words (WCAG 2.5.3, label in name). */}
                <span className="govuk-accordion__section-button" id={`${id}-heading-${n}`}>
                  <span>{` ${section.heading} `}</span>
                </span>
              </Heading>
              {section.summary !== undefined ? (
                <div className="govuk-accordion__section-summary govuk-body" id={`${id}-summary-${n}`}>
                  <span>{` ${section.summary} `}</span>
                </div>
              ) : null}
            </div>
            <div id={`${id}-content-${n}`} className="govuk-accordion__section-content">
              {section.content}
            </div>
          </div>
        );
      })}
    </div>
  );
}
