import type { Problem } from './types';

/** A response that was not a success, with its problem document when it had one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  readonly headers: Headers;

  constructor(status: number, problem: Problem | null, headers: Headers) {
    super(problem?.detail ?? `The server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.headers = headers;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The data of a successful openapi-fetch call; throws an {@link ApiError} otherwise. */
export async function unwrap<D>(call: Promise<FetchResult<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, isProblem(error) ? error : null, response.headers);
  return data as D;
}

/** Like {@link unwrap}, with the `ETag` a later `PATCH` must send back as `If-Match`. */
export async function unwrapWithEtag<D>(call: Promise<FetchResult<D>>): Promise<{ data: D; etag: string }> {
  const result = await call;
  const data = await unwrap(Promise.resolve(result));
  return { data, etag: result.response.headers.get('ETag') ?? '' };
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), if it has one. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('Retry-After');
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
