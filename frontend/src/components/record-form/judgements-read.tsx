import { Accordion, SummaryList } from '@/components/govuk';
import { GradeTag } from '@/components/status-tags';
import type { Grade, Judgement, PracticeStandard } from '@/lib/api/types';
import { narrativeText } from '@/lib/labels';
import { gradeLabel, NOT_APPLICABLE } from '@/lib/reference-data';

/**
 * A submitted record's judgements of the standards, to read: each standard's grade beside its
 * title, and in its section the council's words, the grade as a tag, the evidence, strengths
 * and areas for development.
 */
export function JudgementsRead({
  id,
  standards,
  judgements,
  grades,
  scaleId,
  readsNarrative,
}: {
  id: string;
  standards: PracticeStandard[];
  judgements: Judgement[];
  grades: Grade[];
  scaleId: string;
  readsNarrative: boolean;
}) {
  const text = (value: string | null | undefined) => <span className="app-narrative">{narrativeText(value, readsNarrative)}</span>;
  return (
    <Accordion
      id={id}
      sections={standards.map((standard) => {
        const j = judgements.find((judgement) => judgement.standard_number === standard.number);
        return {
          id: `standard-${standard.number}`,
          heading: `${standard.number}. ${standard.title}`,
          summary: j?.not_applicable ? gradeLabel(grades, NOT_APPLICABLE) : j?.grade ? gradeLabel(grades, j.grade) : 'Not graded',
          content: (
            <>
              <p className="govuk-body app-standard-text">{standard.text}</p>
              <p className="govuk-body">{j?.not_applicable ? <GradeTag code={null} notApplicable /> : <GradeTag code={j?.grade} scaleId={scaleId} />}</p>
              <SummaryList
                rows={[
                  ...(j?.not_applicable ? [{ key: 'Why it does not apply', value: text(j.not_applicable_reason) }] : []),
                  { key: 'Evidence', value: text(j?.evidence) },
                  { key: 'Strengths', value: text(j?.strengths) },
                  { key: 'Areas for development', value: text(j?.areas_for_development) },
                ]}
              />
            </>
          ),
        };
      })}
    />
  );
}
