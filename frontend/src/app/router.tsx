import { createBrowserRouter, Outlet } from 'react-router';
import { NotFoundPage } from '@/components/status-pages/not-found';
import { MyAccountPage } from '@/features/account/routes/my-account';
import { SignInPage } from '@/features/auth/routes/sign-in';
import { SignOutPage } from '@/features/auth/routes/sign-out';
import { CasePage } from '@/features/cases/routes/case-page';
import { CasesListPage } from '@/features/cases/routes/cases-list';
import { AccessibilityPage } from '@/features/help/routes/accessibility';
import { HomePage } from '@/features/home/routes/home';
import { PracticeStandardsPage } from '@/features/standards/routes/practice-standards';
import { SessionProvider } from '@/lib/session/session-provider';
import { RequireArea, RequireSignIn } from './guards';
import { Layout } from './layout';

function Root() {
  return (
    <SessionProvider>
      <Layout />
    </SessionProvider>
  );
}

function SignedIn() {
  return (
    <RequireSignIn>
      <Outlet />
    </RequireSignIn>
  );
}

export const routes = [
  {
    element: <Root />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-out', element: <SignOutPage /> },
      { path: '/accessibility', element: <AccessibilityPage /> },
      {
        element: <SignedIn />,
        children: [
          { path: '/', element: <HomePage /> },
          { path: '/practice-standards', element: <PracticeStandardsPage /> },
          { path: '/account', element: <MyAccountPage /> },
          {
            path: '/cases',
            element: (
              <RequireArea area="cases">
                <Outlet />
              </RequireArea>
            ),
            children: [
              { index: true, element: <CasesListPage /> },
              { path: ':id', element: <CasePage /> },
            ],
          },
          {
            path: '/audits',
            element: (
              <RequireArea area="audits">
                <Outlet />
              </RequireArea>
            ),
            // The audit area is loaded only by those who open it.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/audits/routes/audits-list')).AuditsIndexPage }) },
              { path: 'mine', lazy: async () => ({ Component: (await import('@/features/audits/routes/audits-list')).AuditsMinePage }) },
              { path: 'all', lazy: async () => ({ Component: (await import('@/features/audits/routes/audits-list')).AllAuditsPage }) },
              { path: 'team', lazy: async () => ({ Component: (await import('@/features/audits/routes/audits-list')).AuditsTeamPage }) },
              { path: 'moderation', lazy: async () => ({ Component: (await import('@/features/audits/routes/audits-list')).ModerationQueuePage }) },
              { path: 'your-work', lazy: async () => ({ Component: (await import('@/features/audits/routes/audits-list')).AuditsOfYourWorkPage }) },
              { path: 'new', lazy: async () => ({ Component: (await import('@/features/audits/routes/start-audit')).StartAuditPage }) },
              { path: 'import', lazy: async () => ({ Component: (await import('@/features/audits/routes/audit-import')).AuditImportPage }) },
              { path: ':id', lazy: async () => ({ Component: (await import('@/features/audits/routes/audit-page')).AuditPage }) },
              { path: ':id/edit', lazy: async () => ({ Component: (await import('@/features/audits/routes/audit-form')).AuditFormPage }) },
            ],
          },
          {
            path: '/observations',
            element: (
              <RequireArea area="observations">
                <Outlet />
              </RequireArea>
            ),
            // Observations of practice are loaded only by those who open them.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/observations/routes/observations-list')).ObservationsIndexPage }) },
              { path: 'mine', lazy: async () => ({ Component: (await import('@/features/observations/routes/observations-list')).ObservationsMinePage }) },
              { path: 'team', lazy: async () => ({ Component: (await import('@/features/observations/routes/observations-list')).ObservationsTeamPage }) },
              { path: 'your-practice', lazy: async () => ({ Component: (await import('@/features/observations/routes/observations-list')).ObservationsOfYourPracticePage }) },
              { path: 'all', lazy: async () => ({ Component: (await import('@/features/observations/routes/observations-list')).AllObservationsPage }) },
              { path: 'learning-needs', lazy: async () => ({ Component: (await import('@/features/observations/routes/learning-needs')).LearningNeedsPage }) },
              { path: 'new', lazy: async () => ({ Component: (await import('@/features/observations/routes/plan-observation')).PlanObservationPage }) },
              { path: ':id', lazy: async () => ({ Component: (await import('@/features/observations/routes/observation-page')).ObservationPage }) },
              { path: ':id/consent', lazy: async () => ({ Component: (await import('@/features/observations/routes/consent')).ConsentPage }) },
              { path: ':id/edit', lazy: async () => ({ Component: (await import('@/features/observations/routes/observation-form')).ObservationFormPage }) },
            ],
          },
          {
            path: '/monitoring-forms',
            element: (
              <RequireArea area="monitoring">
                <Outlet />
              </RequireArea>
            ),
            // Reviewing officers' forms; the case's team reads them from the case.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/monitoring/routes/forms-list')).FormsIndexPage }) },
              { path: 'all', lazy: async () => ({ Component: (await import('@/features/monitoring/routes/forms-list')).AllFormsPage }) },
              { path: 'new', lazy: async () => ({ Component: (await import('@/features/monitoring/routes/start-form')).StartFormPage }) },
              { path: ':id', lazy: async () => ({ Component: (await import('@/features/monitoring/routes/form-page')).FormPage }) },
              { path: ':id/edit', lazy: async () => ({ Component: (await import('@/features/monitoring/routes/form-edit')).FormEditPage }) },
            ],
          },
          {
            path: '/staff',
            lazy: async () => ({ Component: (await import('@/features/staff/routes/staff-directory')).StaffDirectoryPage }),
          },
          {
            path: '/actions',
            element: (
              <RequireArea area="actions">
                <Outlet />
              </RequireArea>
            ),
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/actions/routes/actions-list')).MyActionsPage }) },
              { path: 'team', lazy: async () => ({ Component: (await import('@/features/actions/routes/actions-list')).TeamActionsPage }) },
              { path: 'all', lazy: async () => ({ Component: (await import('@/features/actions/routes/actions-list')).AllActionsPage }) },
              { path: 'plans', lazy: async () => ({ Component: (await import('@/features/actions/routes/plans-list')).PlansListPage }) },
              { path: 'plans/new', lazy: async () => ({ Component: (await import('@/features/actions/routes/plan-create')).PlanCreatePage }) },
              { path: 'plans/:id', lazy: async () => ({ Component: (await import('@/features/actions/routes/plan-page')).PlanPage }) },
              { path: ':id', lazy: async () => ({ Component: (await import('@/features/actions/routes/action-page')).ActionPage }) },
            ],
          },
          {
            path: '/escalations',
            element: (
              <RequireArea area="cases">
                <Outlet />
              </RequireArea>
            ),
            // Anyone who reads cases may open an escalation about one of theirs; the list is in
            // the navigation of those who answer them.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/escalations/routes/escalations-list')).EscalationsListPage }) },
              { path: ':id', lazy: async () => ({ Component: (await import('@/features/escalations/routes/escalation-page')).EscalationPage }) },
            ],
          },
          {
            path: '/feedback',
            element: (
              <RequireArea area="feedback">
                <Outlet />
              </RequireArea>
            ),
            // Feedback and complaints are loaded only by those who open them.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/feedback/routes/feedback-list')).FeedbackListPage }) },
              { path: 'complaints', lazy: async () => ({ Component: (await import('@/features/feedback/routes/feedback-list')).ComplaintsTrackerPage }) },
              { path: 'new', lazy: async () => ({ Component: (await import('@/features/feedback/routes/record-feedback')).RecordFeedbackPage }) },
              { path: 'import', lazy: async () => ({ Component: (await import('@/features/feedback/routes/survey-import')).SurveyImportPage }) },
              { path: ':id', lazy: async () => ({ Component: (await import('@/features/feedback/routes/feedback-page')).FeedbackPage }) },
            ],
          },
          {
            path: '/programme',
            element: (
              <RequireArea area="programme">
                <Outlet />
              </RequireArea>
            ),
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/programme/routes/programmes')).ProgrammesPage }) },
              { path: ':id', lazy: async () => ({ Component: (await import('@/features/programme/routes/programme-page')).ProgrammePage }) },
              { path: 'themes/new', lazy: async () => ({ Component: (await import('@/features/programme/routes/theme-create')).ThemeCreatePage }) },
              { path: 'themes/:id', lazy: async () => ({ Component: (await import('@/features/programme/routes/theme-page')).ThemePage }) },
            ],
          },
          {
            path: '/reports',
            element: (
              <RequireArea area="reports">
                <Outlet />
              </RequireArea>
            ),
            // Reports, their charts and heat maps are loaded only by those who open them.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/reports/routes/reports-index')).ReportsIndexPage }) },
              { path: 'quarterly-qa', lazy: async () => ({ Component: (await import('@/features/reports/routes/report-page')).QuarterlyReportPage }) },
              { path: 'standards-heatmap', lazy: async () => ({ Component: (await import('@/features/reports/routes/report-page')).StandardsHeatmapPage }) },
              { path: 'calibration', lazy: async () => ({ Component: (await import('@/features/reports/routes/report-page')).CalibrationReportPage }) },
              { path: 'escalations', lazy: async () => ({ Component: (await import('@/features/reports/routes/report-page')).EscalationsReportPage }) },
              { path: 'participation', lazy: async () => ({ Component: (await import('@/features/reports/routes/report-page')).ParticipationReportPage }) },
              { path: 'learning-needs', lazy: async () => ({ Component: (await import('@/features/reports/routes/report-page')).LearningNeedsReportPage }) },
            ],
          },
          {
            // Team managers open their team's briefing from their home page, without the other reports.
            path: '/reports/team-briefing',
            element: (
              <RequireArea area="team-briefing">
                <Outlet />
              </RequireArea>
            ),
            children: [{ index: true, lazy: async () => ({ Component: (await import('@/features/reports/routes/report-page')).TeamBriefingPage }) }],
          },
          {
            path: '/notifications',
            lazy: async () => ({ Component: (await import('@/features/notifications/routes/notifications')).NotificationsPage }),
          },
          {
            path: '/access-log',
            element: (
              <RequireArea area="access-log">
                <Outlet />
              </RequireArea>
            ),
            // For the data protection officer only; loaded only by those who open it.
            children: [{ index: true, lazy: async () => ({ Component: (await import('@/features/access-log/routes/access-log')).AccessLogPage }) }],
          },
          {
            path: '/data-protection',
            element: (
              <RequireArea area="data-protection">
                <Outlet />
              </RequireArea>
            ),
            // The data protection officer's section; loaded only by those who open it.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/data-protection/routes/requests-list')).RequestsListPage }) },
              { path: 'requests/new', lazy: async () => ({ Component: (await import('@/features/data-protection/routes/request-new')).NewRequestPage }) },
              { path: 'requests/:id', lazy: async () => ({ Component: (await import('@/features/data-protection/routes/request-page')).RequestPage }) },
              { path: 'retention', lazy: async () => ({ Component: (await import('@/features/data-protection/routes/retention')).RetentionPage }) },
              { path: 'retention/:id', lazy: async () => ({ Component: (await import('@/features/data-protection/routes/retention-class')).RetentionClassPage }) },
              { path: 'legal-holds', lazy: async () => ({ Component: (await import('@/features/data-protection/routes/legal-holds')).LegalHoldsPage }) },
            ],
          },
          {
            path: '/admin',
            element: (
              <RequireArea area="admin">
                <Outlet />
              </RequireArea>
            ),
            // Administration is loaded only by those who open it.
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/admin/routes/users-list')).UsersListPage }) },
              { path: 'users', lazy: async () => ({ Component: (await import('@/features/admin/routes/users-list')).UsersListPage }) },
              { path: 'users/new', lazy: async () => ({ Component: (await import('@/features/admin/routes/user-create')).UserCreatePage }) },
              { path: 'users/:id', lazy: async () => ({ Component: (await import('@/features/admin/routes/user-edit')).UserEditPage }) },
              { path: 'teams', lazy: async () => ({ Component: (await import('@/features/admin/routes/teams')).TeamsPage }) },
              { path: 'teams/new', lazy: async () => ({ Component: (await import('@/features/admin/routes/team-create')).TeamCreatePage }) },
              { path: 'teams/:id', lazy: async () => ({ Component: (await import('@/features/admin/routes/team-edit')).TeamEditPage }) },
              { path: 'settings', lazy: async () => ({ Component: (await import('@/features/admin/routes/settings')).SettingsPage }) },
              { path: 'role-mappings', lazy: async () => ({ Component: (await import('@/features/admin/routes/role-mappings')).RoleMappingsPage }) },
              { path: 'service-accounts', lazy: async () => ({ Component: (await import('@/features/admin/routes/service-accounts-list')).ServiceAccountsListPage }) },
              { path: 'service-accounts/new', lazy: async () => ({ Component: (await import('@/features/admin/routes/service-account-create')).ServiceAccountCreatePage }) },
              { path: 'service-accounts/:id', lazy: async () => ({ Component: (await import('@/features/admin/routes/service-account')).ServiceAccountPage }) },
              { path: 'service-accounts/:id/token', lazy: async () => ({ Component: (await import('@/features/admin/routes/service-account-token')).ServiceAccountTokenPage }) },
              { path: 'service-accounts/:id/revoke', lazy: async () => ({ Component: (await import('@/features/admin/routes/service-account-revoke')).ServiceAccountRevokePage }) },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createAppRouter = () => createBrowserRouter(routes);
