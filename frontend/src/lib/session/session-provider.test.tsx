import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as SessionToken from '../api/session-token';

// The session's network calls are replaced; its expiry signal (`expireSession`) is the real one,
// so the provider hears it exactly as it hears a refresh that failed in the app.
vi.mock('../api/session-token', async (importOriginal) => {
  const actual = await importOriginal<typeof SessionToken>();
  return {
    ...actual,
    refreshSession: vi.fn(() => Promise.resolve(true)),
    authClient: { POST: vi.fn(() => Promise.resolve({ data: undefined, response: new Response(null, { status: 204 }) })) },
  };
});
vi.mock('../api/client', () => ({
  api: {
    GET: vi.fn(() =>
      Promise.resolve({
        data: { id: 'u1', display_name: 'Pat Practitioner', email: 'pat@example.test', roles: ['practitioner'] },
        response: new Response(null, { status: 200 }),
      }),
    ),
  },
}));

// The provider resumes a session once per page load; each test is a fresh page load.
async function freshPage() {
  vi.resetModules();
  const { expireSession } = await import('../api/session-token');
  const { SessionProvider } = await import('./session-provider');
  const { useSession } = await import('./session-context');
  return { expireSession, SessionProvider, useSession };
}

type Page = Awaited<ReturnType<typeof freshPage>>;

function Shows({ useSession }: { useSession: Page['useSession'] }) {
  const session = useSession();
  return (
    <>
      <p data-testid="status">
        {session.status} {session.signOutReason ?? 'none'}
      </p>
      <button type="button" onClick={() => void session.signOut()}>
        Sign out
      </button>
    </>
  );
}

async function renderSignedIn(): Promise<Page['expireSession']> {
  const { expireSession, SessionProvider, useSession } = await freshPage();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <SessionProvider>
        <Shows useSession={useSession} />
      </SessionProvider>
    </QueryClientProvider>,
  );
  return expireSession;
}

describe('how a session ends', () => {
  beforeEach(() => {
    document.cookie = 'qa_sso=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('says the session ended when a refresh fails while someone is signed in', async () => {
    const expireSession = await renderSignedIn();
    expect((await screen.findByText(/signed-in/)).textContent).toBe('signed-in none');
    act(() => expireSession());
    expect(screen.getByTestId('status').textContent).toBe('signed-out expired');
  });

  it('keeps "You have signed out" when a request under way fails its refresh after the sign-out', async () => {
    const expireSession = await renderSignedIn();
    await screen.findByText(/signed-in/);
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByTestId('status').textContent).toBe('signed-out signed-out');
    // The 401 of a request sent before the sign-out arrives only now.
    act(() => expireSession());
    expect(screen.getByTestId('status').textContent).toBe('signed-out signed-out');
  });
});
