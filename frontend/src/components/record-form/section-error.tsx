/** An error about a part of a form rather than one field ("Grade at least one standard"), under the part's heading. */
export function SectionError({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {text}
    </p>
  );
}
