import { Radios as GovukRadiosJs } from 'govuk-frontend';
import { Fragment, type ReactNode } from 'react';
import { choiceId } from './choice-ids';
import { describedBy, ErrorMessage, Fieldset, FormGroup, Hint, type LabelSize } from './field-parts';
import { cx, useGovukComponent } from './use-govuk-component';

export interface ChoiceItem {
  value: string;
  text: ReactNode;
  hint?: ReactNode;
  /** A divider shown before the item, GOV.UK style ("or"). */
  dividerBefore?: string;
  /**
   * What the item reveals while it is chosen (GOV.UK's conditional reveal). React shows it only
   * when the item is chosen, straight after the item, so it needs no script.
   */
  conditional?: ReactNode;
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
            const checked = value === item.value;
            return (
              <Fragment key={item.value}>
                {item.dividerBefore ? <div className="govuk-radios__divider">{item.dividerBefore}</div> : null}
                <div className="govuk-radios__item">
                  <input
                    className="govuk-radios__input"
                    id={id}
                    name={name ?? idPrefix}
                    type="radio"
                    value={item.value}
                    checked={checked}
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
                {item.conditional && checked ? (
                  <div className="govuk-radios__conditional" id={`conditional-${id}`}>
                    {item.conditional}
                  </div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </Fieldset>
    </FormGroup>
  );
}
