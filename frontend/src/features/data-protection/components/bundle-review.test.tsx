import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BundleReview } from './bundle-review';

const bundle = {
  subject: { type: 'case', id: 'c1', display_name: 'Z.A.', external_ref: 'DEMO-1', allocated_worker_id: 'u1', closed_on: '2026-05-03' },
  records: {
    audits: [{ type: 'audit', id: '0190e3a4-5b6c-7d8e-9f01-23456789abcd', summary: 'Zoë met Ann Smith at home', created_at: '2026-06-01T09:30:00Z', judgements: [] }],
    access_log: [{ type: 'access_log_entry', id: 'e1', at: '2026-06-01T09:30:00Z', user_id: 'u1', action: 'read', accessed_record_type: 'audit', outcome: 'allowed' }],
  },
  people: [{ id: 'u1', display_name: 'Ann Lee', roles: ['practitioner'] }],
};

const renderReview = (canRedact: boolean) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <BundleReview
        requestId="r1"
        json={bundle}
        redactions={[{ id: 'x1', request_id: 'r1', record_type: 'audit', record_id: '0190e3a4-5b6c-7d8e-9f01-23456789abcd', field: 'summary', start: 8, end: 17, reason: 'third party', created_at: '2026-06-02T10:00:00Z', created_by: null }]}
        canRedact={canRedact}
      />
    </QueryClientProvider>,
  );

describe('reviewing a gathered bundle', () => {
  it('shows each kind of record under its heading, people by name and role, dates in words, and what is withheld', () => {
    renderReview(false);
    expect(screen.getByRole('heading', { name: 'Audits (1)' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Who read or changed the records (access log) (1)' })).toBeTruthy();
    expect(screen.getAllByText('Ann Lee (Practitioner)')).toHaveLength(2);
    expect(screen.getByText('3 May 2026')).toBeTruthy();
    const summary = screen.getByText('Ann Smith', { selector: 'del' });
    expect(summary.parentElement?.textContent).toBe('Ann Smith [withheld: third party]');
    expect(screen.queryByRole('button', { name: /Withhold/ })).toBeNull();
  });

  it('offers to withhold each field, and opens the form under its record', async () => {
    renderReview(true);
    await userEvent.click(screen.getByRole('button', { name: /^Withhold ?summary of audit 6789abcd$/ }));
    const form = screen.getByRole('form', { name: 'Withhold summary of audit 6789abcd' });
    expect(within(form).getByLabelText('The words to withhold')).toBeTruthy();
    expect(within(form).getByLabelText('Why it is withheld')).toBeTruthy();
  });
});
