import { Radios as GovukRadiosJs } from 'govuk-frontend';
import type { ReactNode } from 'react';
import { choiceId } from './choice-ids';
import { describedBy, ErrorMessage, Fieldset, FormGroup, Hint, type LabelSize } from './field-parts';
import { cx, useGovukComponent } from './use-govuk-component';

export interface ChoiceItem {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
}

export interface RadiosProps {
  idPrefix: string;
  name?: string;
  legend: ReactNode;
  legendSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  items: ChoiceItem[];
  value: string;
  onChange: (value: string) => void;
  inline?: boolean;
  small?: boolean;
}

/** GOV.UK radios in a fieldset. */
export function Radios({
  idPrefix,
  name,
  legend,
  legendSize,
  isPageHeading,
  hint,
  error,
  items,
  value,
  onChange,
  inline,
  small,
}: RadiosProps) {
  const ref = useGovukComponent<HTMLDivElement>(GovukRadiosJs);
  return (
    <FormGroup error={error}>
      <Fieldset legend={legend} size={legendSize} isPageHeading={isPageHeading} describedBy={describedBy(idPrefix, hint, error)}>
        <Hint id={idPrefix}>{hint}</Hint>
        <ErrorMessage id={idPrefix}>{error}</ErrorMessage>
        <div
          ref={ref}
          className={cx('govuk-radios', inline && 'govuk-radios--inline', small && 'govuk-radios--small')}
          data-module="govuk-radios"
        >
          {items.map((item, index) => {
            const id = choiceId(idPrefix, index);
            return (
              <div className="govuk-radios__item" key={item.value}>
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={name ?? idPrefix}
                  type="radio"
                  value={item.value}
                  checked={value === item.value}
                  onChange={() => onChange(item.value)}
                  aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {item.text}
                </label>
                {item.hint ? (
                  <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
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
