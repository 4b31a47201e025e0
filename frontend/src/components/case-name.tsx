/**
 * A case named in a table: initials, then the council's reference kept on one line (a narrow
 * column would otherwise break it at its hyphen, "DEMO-" and "000123").
 */
export function CaseName({ record, fallback = '' }: { record: { case_display_name?: string | null; case_external_ref?: string | null }; fallback?: string }) {
  const name = record.case_display_name?.trim();
  if (!name) return <>{fallback}</>;
  return record.case_external_ref ? (
    <>
      {name} <span className="app-nowrap">({record.case_external_ref})</span>
    </>
  ) : (
    <>{name}</>
  );
}
