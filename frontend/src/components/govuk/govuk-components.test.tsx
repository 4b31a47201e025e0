import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Checkboxes } from './checkboxes';
import { ErrorSummary } from './error-summary';
import { Input } from './input';

describe('GOV.UK components', () => {
  it('an input with an error: error message, error classes and aria-describedby', () => {
    render(<Input id="email" label="Email address" hint="Your work address" value="" onChange={() => undefined} error="Enter an email address" />);
    const input = screen.getByLabelText('Email address');
    expect(input).toHaveClass('govuk-input', 'govuk-input--error');
    expect(input).toHaveAttribute('aria-describedby', 'email-hint email-error');
    expect(screen.getByText('Enter an email address').closest('p')).toHaveAttribute('id', 'email-error');
    expect(input.closest('.govuk-form-group')).toHaveClass('govuk-form-group--error');
  });

  it('the error summary links each error to its field', () => {
    render(<ErrorSummary errors={[{ href: '#email', text: 'Enter an email address' }, { text: 'Something else' }]} />);
    expect(screen.getByRole('alert')).toHaveTextContent('There is a problem');
    expect(screen.getByRole('link', { name: 'Enter an email address' })).toHaveAttribute('href', '#email');
    expect(screen.getByText('Something else').tagName).toBe('LI');
  });

  it('checkboxes: the first takes the group id (the error summary links to it) and values keep their order', async () => {
    function Harness() {
      const [values, setValues] = useState<string[]>([]);
      return (
        <>
          <Checkboxes
            idPrefix="roles"
            legend="Roles"
            items={[
              { value: 'a', text: 'A' },
              { value: 'b', text: 'B' },
            ]}
            values={values}
            onChange={setValues}
          />
          <output>{values.join(',')}</output>
        </>
      );
    }
    render(<Harness />);
    expect(screen.getByLabelText('A')).toHaveAttribute('id', 'roles');
    expect(screen.getByLabelText('B')).toHaveAttribute('id', 'roles-2');
    await userEvent.click(screen.getByLabelText('B'));
    await userEvent.click(screen.getByLabelText('A'));
    expect(screen.getByRole('status')).toHaveTextContent('a,b');
  });
});
