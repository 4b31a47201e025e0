import { ApiError } from './api/api-error';

/**
 * What the forms that save as people write (an audit, an observation, a monitoring form) share
 * about talking to the API: the ETag a merge patch must send back, a patch read again and sent
 * again on a 412, and words for a save the server refused.
 */

/** The version in an ETag (`"7"` or `W/"7"`). */
export const versionOf = (etag: string) => Number(etag.replace(/^W\//, '').replace(/"/g, '')) || 0;

/** One record's words for a refused save: "this audit is no longer a draft". */
export function describeSaveFailure(noun: string, owner: string): (error: unknown) => string {
  return (error) => {
    if (!(error instanceof ApiError)) return 'try again';
    switch (error.status) {
      case 409:
        return `this ${noun} is no longer a draft`;
      case 403:
        return `only the ${owner} can change this ${noun}`;
      case 404:
        return `the ${noun} cannot be found`;
      case 412:
        return `someone else changed this ${noun}; reload the page`;
      case 422:
        return (error.problem?.errors ?? []).map((e) => e.message).join('; ') || 'the answer was refused';
      default:
        return error.problem?.detail ?? 'the answer was refused';
    }
  };
}

/**
 * Sends a record's JSON merge patches with the ETag of the last response. On 412 (changed since
 * it was read: an action added, another tab) it reads the record again and sends the same
 * changes on the new version, so both are kept.
 */
export class EtagPatcher<P> {
  private etag: string;

  constructor(
    etag: string,
    /** Sends a patch with `If-Match`; answers the new ETag. */
    private readonly send: (patch: P, ifMatch: string) => Promise<string>,
    /** Reads the record; answers its ETag. */
    private readonly read: () => Promise<string>,
  ) {
    this.etag = etag;
  }

  /** Keeps the newest ETag seen (a refetch, or a sub-resource's save, may bring one). */
  noteEtag(etag: string | null | undefined) {
    if (etag && versionOf(etag) > versionOf(this.etag)) this.etag = etag;
  }

  async patch(body: P): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.etag = (await this.send(body, this.etag)) || this.etag;
        return;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 412 || attempt >= 2) throw error;
        this.etag = await this.read();
      }
    }
  }
}

/**
 * A part of a record saved by merge patch (an audit's overall judgement): only the fields
 * changed since the server last confirmed them are sent.
 */
export class MergePatchSection<V, P extends object> {
  private confirmed: V;

  constructor(
    confirmed: V,
    private readonly patcher: EtagPatcher<P>,
    /** The patch of what differs from the confirmed values (`{}` for nothing). */
    private readonly diff: (values: V, confirmed: V) => P,
  ) {
    this.confirmed = confirmed;
  }

  async save(values: V): Promise<void> {
    const patch = this.diff(values, this.confirmed);
    if (Object.keys(patch).length === 0) return;
    await this.patcher.patch(patch);
    this.confirmed = values;
  }
}
