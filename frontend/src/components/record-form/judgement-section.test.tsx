import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Grade } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import { emptyJudgement, type JudgementValues } from '@/lib/judgements';
import { JudgementSection } from './judgement-section';

const grades: Grade[] = [
  { code: 'good', label: 'Good', rank: 3, triggers_escalation: false },
  { code: 'inadequate', label: 'Inadequate', rank: 1, triggers_escalation: true },
];
const standard = { id: 'p3', number: 3, title: 'Planning', text: 'Children’s plans will be bespoke, SMART…' };

function Harness({ status, onLeave = () => undefined }: { status?: SaveStatus; onLeave?: () => void }) {
  const [values, setValues] = useState<JudgementValues>(emptyJudgement);
  return (
    <>
      <JudgementSection standard={standard} grades={grades} values={values} onChange={setValues} onLeave={onLeave} status={status} errors={{ 'judgements.3.evidence': 'Give the evidence for the grade of standard 3 (Planning)' }} evidenceHint="What supports the grade" />
      <button type="button">Elsewhere</button>
      <output>{JSON.stringify(values)}</output>
    </>
  );
}

describe('a standard on a form that grades standards', () => {
  it('shows the standard’s text beside its judgement, with ids the error summary links to', () => {
    render(<Harness />);
    expect(screen.getByText('Practice standard 3')).toBeInTheDocument();
    expect(screen.getByText(standard.text)).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Grade for standard 3: Planning' })).toBeInTheDocument();
    expect(screen.getByLabelText('Good')).toHaveAttribute('id', 'judgements-3-grade');
    expect(screen.getByLabelText('Evidence for standard 3')).toHaveAttribute('id', 'judgements-3-evidence');
    expect(screen.getByLabelText('Evidence for standard 3')).toHaveAccessibleDescription(/Give the evidence/);
  });

  it('asks why when the standard does not apply, and saves when focus leaves the section', async () => {
    const onLeave = vi.fn();
    render(<Harness onLeave={onLeave} />);
    await userEvent.click(screen.getByLabelText('Not applicable'));
    await userEvent.type(screen.getByLabelText('Why it does not apply for standard 3'), 'No plan yet');
    expect(onLeave).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Elsewhere' }));
    expect(onLeave).toHaveBeenCalledOnce();
    expect(document.querySelector('output')?.textContent).toContain('"reason":"No plan yet"');
  });

  it('announces its save status', () => {
    const { rerender } = render(<Harness status={{ kind: 'saving' }} />);
    expect(screen.getAllByRole('status')[0]).toHaveTextContent('Standard 3: Saving…');
    rerender(<Harness status={{ kind: 'retrying' }} />);
    expect(screen.getAllByRole('status')[0]).toHaveTextContent('Not saved – will retry');
  });
});
