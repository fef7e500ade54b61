import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldIssue } from '../domain/errors.js';
import { pgCode } from '../db/sql.js';

/** The one table from error codes to HTTP statuses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unknown_service: 404,
  not_found: 404,
  illegal_transition: 409,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  outside_city: 400,
  service_inactive: 400,
  rate_limited: 429,
  locked: 423,
};

export interface ApiError {
  error: { code: string; message: string; issues?: FieldIssue[]; details?: Record<string, unknown>; requestId?: string };
}

/** Turns anything thrown into (status, code, message, issues): never a bare 500 for bad input. */
export function classify(err: unknown): { status: number; code: string; message: string; issues: FieldIssue[]; details?: Record<string, unknown> } {
  if (err instanceof AppError) {
    return { status: HTTP_STATUS[err.code], code: err.code, message: err.message, issues: err.issues, details: err.details };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      field: [err.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('.') || String(v.params?.issue ?? ''),
      message: v.message ?? 'invalid',
    }));
    return { status: 400, code: 'validation', message: issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues };
  }
  // Class 22 (data exception: a NUL character, an out-of-range number, an invalid text
  // representation) is what the client sent, not a fault of ours. The change rolled back whole.
  const sqlState = pgCode(err);
  if (sqlState?.startsWith('22')) {
    return { status: 400, code: 'validation', message: 'the input has a value the database cannot store (for example a NUL character or an out-of-range number)', issues: [] };
  }
  const fe = err as FastifyError;
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 413 ? 'too_large' : fe.statusCode === 415 ? 'unsupported_media_type' : fe.statusCode === 429 ? 'rate_limited' : fe.statusCode === 404 ? 'not_found' : 'bad_request';
    return { status: fe.statusCode, code, message: fe.message, issues: [] };
  }
  return { status: 500, code: 'internal', message: 'something went wrong on our side; it has been logged', issues: [] };
}

export function sendApiError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const c = classify(err);
  if (c.status >= 500) req.log.error({ err }, 'unhandled error');
  else req.log.info({ code: c.code, msg: c.message }, 'request refused');
  const body: ApiError = { error: { code: c.code, message: c.message, ...(c.issues.length ? { issues: c.issues } : {}), ...(c.details && Object.keys(c.details).length ? { details: c.details } : {}), requestId: req.id } };
  return reply.status(c.status).type('application/json; charset=utf-8').send(body);
}
