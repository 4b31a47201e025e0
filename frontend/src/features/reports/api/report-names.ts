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
  {
    name: 'escalations',
    title: 'Escalations report',
    path: '/reports/escalations',
    about: 'Where escalations come from, how long they spend at each stage, the cases escalated more than once and those still unresolved.',
  },
  {
    name: 'participation',
    title: 'Participation report',
    path: '/reports/participation',
    about: 'What children, young people and families told the service, by channel and by theme, how much of it was answered, and what was done about it.',
  },
  {
    name: 'learning-needs',
    title: 'Learning needs report',
    path: '/reports/learning-needs',
    about: 'The learning needs found in audits and observations, by practice standard.',
  },
  {
    name: 'team-briefing',
    title: 'Team briefing',
    path: '/reports/team-briefing',
    about: 'One team beside its service as a whole: good or better on each practice standard with its change, and the team’s open, overdue and completed actions. Choose the team.',
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
    { title: 'Practice standards over time', tables: ['trend'] },
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
  escalations: [
    { title: 'Where escalations come from', tables: ['by-source'] },
    { title: 'Time at each stage', tables: ['time-at-stage'] },
    { title: 'Recurring and unresolved', tables: ['recurring', 'unresolved'] },
  ],
  participation: [
    { title: 'What was said', tables: ['by-channel', 'by-theme'] },
    { title: 'What was answered and done', tables: ['answered', 'you-said-we-did'] },
  ],
  'learning-needs': [{ title: 'By practice standard', tables: ['by-standard'] }],
  'team-briefing': [
    { title: 'Practice standards', tables: ['standards'] },
    { title: 'Actions', tables: ['actions'] },
  ],
};
