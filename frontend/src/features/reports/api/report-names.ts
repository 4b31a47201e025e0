import type { ReportName } from './report-types';

/** The reports, in the order the index lists them: their titles, addresses and what each is for. */
export const REPORTS: { name: ReportName; title: string; path: string; about: string }[] = [
  {
    name: 'quarterly-qa',
    title: 'Quarterly quality assurance report',
    path: '/reports/quarterly-qa',
    about:
      'What the leadership team sees each quarter: audits and their grades, the practice standards, actions and alerts, escalations, observations, feedback and complaints, plans, moderation and the most frequent learning themes, each beside the quarter before.',
  },
  {
    name: 'standards-heatmap',
    title: 'Practice standards heatmap',
    path: '/reports/standards-heatmap',
    about: 'The share of judgements graded good or better on each practice standard, team by team and service by service, with the change on the period before.',
  },
  {
    name: 'calibration',
    title: 'Moderation and calibration',
    path: '/reports/calibration',
    about: 'How far moderators agree with auditors on the overall grade: agreement and weighted kappa per auditor and per team, with how many audits stand behind each figure.',
  },
];

export const reportTitle = (name: ReportName) => REPORTS.find((report) => report.name === name)?.title ?? 'Report';

/**
 * The report's sections, each a heading over some of its tables (by name): on paper each starts
 * a new page. A table not named here goes in a last section of its own.
 */
export const SECTIONS: Record<ReportName, { title: string; tables: string[] }[]> = {
  'quarterly-qa': [
    { title: 'Audits and their grades', tables: ['audits', 'overall-grades', 'by-team'] },
    { title: 'Practice standards', tables: ['standards'] },
    { title: 'Actions, alerts and escalations', tables: ['actions', 'escalations'] },
    { title: 'Observations, feedback and complaints', tables: ['observations', 'feedback', 'complaints'] },
    { title: 'Plans, moderation and learning themes', tables: ['action-plans', 'moderation', 'learning-themes'] },
  ],
  'standards-heatmap': [
    { title: 'By team', tables: ['by-team'] },
    { title: 'By service', tables: ['by-service'] },
  ],
  calibration: [
    { title: 'Overall', tables: ['overall'] },
    { title: 'By auditor', tables: ['by-auditor'] },
    { title: 'By team', tables: ['by-team'] },
  ],
};
