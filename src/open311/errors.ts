import { AppError } from '../domain/errors.js';
import { HTTP_STATUS } from '../server/errors.js';

/** One Open311 <error>: the HTTP status as its code, and words a developer can act on. */
export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** An answer in Open311's error format, with several errors when several things are wrong. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311ErrorItem[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

export const open311Error = (status: number, ...descriptions: string[]) => new Open311Error(status, descriptions.map((description) => ({ code: status, description })));

/** Anything thrown, as Open311 errors: never a 500 for something the caller sent. */
export function toOpen311Error(err: unknown): { error: Open311Error; internal: boolean } {
  if (err instanceof Open311Error) return { error: err, internal: false };
  if (err instanceof AppError) {
    // Open311 knows 400, 403 and 404: a conflict or an illegal transition is a bad request here.
    const http = HTTP_STATUS[err.code];
    const status = http === 404 || http === 403 || http === 429 ? http : http === 401 ? 403 : 400;
    const descriptions = err.issues.length ? err.issues.map((i) => `${i.field}: ${i.message}`) : [err.message];
    return { error: open311Error(status, ...descriptions), internal: false };
  }
  const fe = err as { statusCode?: number; message?: string; code?: string };
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const description = fe.statusCode === 413 ? 'the request body is too large' : (fe.message ?? 'bad request');
    return { error: open311Error(fe.statusCode, description), internal: false };
  }
  return { error: open311Error(500, 'something went wrong on our side; it has been logged'), internal: true };
}
