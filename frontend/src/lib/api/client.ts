import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { expireSession, getAccessToken, refreshSession } from './session-token';

// Copies of requests, kept so that one refused for an expired token can be sent again.
const retryCopies = new WeakMap<Request, Request>();

const isAuthEndpoint = (url: string) => new URL(url, window.location.origin).pathname.startsWith('/api/v1/auth/');

const bearer: Middleware = {
  onRequest({ request }) {
    const token = getAccessToken();
    if (token && !isAuthEndpoint(request.url)) {
      request.headers.set('Authorization', `Bearer ${token}`);
    }
    retryCopies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || isAuthEndpoint(request.url) || !request.headers.has('Authorization')) {
      return response;
    }
    // Refused after the session ended here (a request that was under way at sign-out): there
    // is nothing to renew, and the sign-in page already says why the session ended.
    if (getAccessToken() === null) return response;
    // The access token expired (the laptop slept through the scheduled refresh, say): renew
    // it once and send the request again; if that fails the session is over.
    const copy = retryCopies.get(request);
    if (!copy || !(await refreshSession())) {
      expireSession();
      return response;
    }
    copy.headers.set('Authorization', `Bearer ${getAccessToken() ?? ''}`);
    return fetch(copy);
  },
};

/** The typed API client (same origin); the only way the app calls the API. */
// Multi-value filters go as one comma-separated parameter (`status=submitted,moderated`), as
// the API documents them (form style, explode false).
export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  querySerializer: { array: { style: 'form', explode: false } },
});
api.use(bearer);
