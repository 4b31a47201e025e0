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
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const createAppRouter = () => createBrowserRouter(routes);
