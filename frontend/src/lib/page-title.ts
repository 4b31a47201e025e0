import { useEffect } from 'react';

export const SERVICE_NAME = "Children's Services QA";

/** "Page – Children's Services QA", with "Error: " first while the page shows errors. */
export function pageTitle(page: string, hasErrors = false): string {
  return `${hasErrors ? 'Error: ' : ''}${page} – ${SERVICE_NAME}`;
}

/** Sets the document title for the page being shown. */
export function usePageTitle(page: string, hasErrors = false): void {
  useEffect(() => {
    document.title = pageTitle(page, hasErrors);
  }, [page, hasErrors]);
}
