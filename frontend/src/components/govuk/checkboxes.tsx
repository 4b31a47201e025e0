import { Checkboxes as GovukCheckboxesJs } from 'govuk-frontend';
import type { ReactNode } from 'react';
import { choiceId } from './choice-ids';
import { describedBy, ErrorMessage, Fieldset, FormGroup, Hint, type LabelSize } from './field-parts';
import type { ChoiceItem } from './radios';
import { cx, useGovukComponent } from './use-govuk-component';

export interface CheckboxesProps {
  idPrefix: string;
  name?: string;
  legend: ReactNode;
  legendSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  items: ChoiceItem[];
  values: string[];
  onChange: (values: string[]) => void;
  small?: boolean;
}

/** GOV.UK checkboxes in a fieldset; `values` are the ticked items, in the items' order. */
export function Checkboxes({
  idPrefix,
  name,
  legend,
  legendSize,
  isPageHeading,
  hint,
  error,
  items,
  values,
  onChange,
  small,
}: CheckboxesProps) {
  const ref = useGovukComponent<HTMLDivElement>(GovukCheckboxesJs);
  const toggle = (value: string, checked: boolean) => {
    const next = new Set(values);
    if (checked) next.add(value);
    else next.delete(value);
    onChange(items.map((item) => item.value).filter((v) => next.has(v)));
  };
  return (
    <FormGroup error={error}>
      <Fieldset legend={legend} size={legendSize} isPageHeading={isPageHeading} describedBy={describedBy(idPrefix, hint, error)}>
        <Hint id={idPrefix}>{hint}</Hint>
        <ErrorMessage id={idPrefix}>{error}</ErrorMessage>
        <div ref={ref} className={cx('govuk-checkboxes', small && 'govuk-checkboxes--small')} data-module="govuk-checkboxes">
          {items.map((item, index) => {
            const id = choiceId(idPrefix, index);
            return (
              <div className="govuk-checkboxes__item" key={item.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  name={name ?? idPrefix}
                  type="checkbox"
                  value={item.value}
                  checked={values.includes(item.value)}
                  onChange={(event) => toggle(item.value, event.target.checked)}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {item.text}
                </label>
                {item.hint ? (
                  <div id={`${id}-item-hint`} className="govuk-hint govuk-checkboxes__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </Fieldset>
    </FormGroup>
  );
}
