/** Shown while a page's data loads (the page's h1 is already there). */
export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <p className="app-loading" role="status">
      {what}
    </p>
  );
}
