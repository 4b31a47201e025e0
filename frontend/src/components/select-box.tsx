/**
 * A small GOV.UK checkbox that selects a row of a table (the MOJ multi-select pattern): its
 * label is for screen readers only, as the row says what it selects.
 */
export function SelectBox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="govuk-checkboxes govuk-checkboxes--small app-select-box">
      <div className="govuk-checkboxes__item">
        <input className="govuk-checkboxes__input" id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
        <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
          <span className="govuk-visually-hidden">{label}</span>
        </label>
      </div>
    </div>
  );
}
