import { isSupported } from 'govuk-frontend';
import { useEffect, useRef } from 'react';

type GovukComponentClass = new ($root: Element, config?: object) => unknown;

/**
 * Starts a GOV.UK Frontend component's JavaScript for the element the returned ref is put on,
 * and for that element only, once it is in the document.
 */
export function useGovukComponent<T extends Element>(Component: GovukComponentClass, config?: object) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || !isSupported()) return;
    try {
      if (config === undefined) new Component(element);
      else new Component(element, config);
    } catch {
      // Already started on this element: React's StrictMode runs effects twice in development.
    }
    // The config is read once, when the element first appears, as GOV.UK Frontend itself does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [Component]);
  return ref;
}

/** Joins class names, leaving out the empty ones. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
