import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SubmissionKey } from '../app/ports.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';

// Idempotency-Key on request submission: a client that did not get an answer (a dropped
// connection, a crashed server) retries with the same key and gets the request its first try
// made, never a second one. The key is scoped to the caller; the fingerprint is what was sent.

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[\x21-\x7e]{1,200}$/;

/** For a route's schema (and so the OpenAPI document). */
export const idempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z.string().max(200).optional().describe('any unique string (a UUID); a retry with the same key and body answers with the first request, a different body with 409'),
});

/** Whose keys these are: one API key's, one staff member's, or the anonymous public's. */
export function keyScope(actor: Actor): string {
  switch (actor.type) {
    case 'staff':
      return `staff:${actor.userId}`;
    case 'open311':
      return `open311:${actor.keyId}`;
    case 'integration':
      return `integration:${actor.keyId}`;
    default:
      return 'public';
  }
}

/** The request's Idempotency-Key, checked, with the fingerprint of what it carries; undefined without one. */
export function submissionKey(req: FastifyRequest, actor: Actor, what: unknown): SubmissionKey | undefined {
  return makeSubmissionKey(req.headers[IDEMPOTENCY_HEADER], actor, `${req.method} ${req.url.split('?')[0]}`, what);
}

/** The same from its parts: the raw header, the caller, the route and what was sent. */
export function makeSubmissionKey(raw: string | string[] | undefined, actor: Actor, route: string, what: unknown): SubmissionKey | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw)) {
    throw new AppError('validation', 'Idempotency-Key must be one header of 1 to 200 printable ASCII characters (a UUID, say)', {
      issues: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 printable ASCII characters' }],
    });
  }
  const fingerprint = createHash('sha256').update(`${route}\n${stableJson(what)}`).digest('hex');
  return { scope: keyScope(actor), key: raw, fingerprint };
}

/** A replayed answer says so, as Stripe's and the IETF draft's do. */
export function markReplay(reply: FastifyReply, replayed: boolean) {
  if (replayed) reply.header('idempotent-replayed', 'true');
}

/** JSON with object keys sorted, so the same content always has the same fingerprint. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v instanceof Uint8Array) return JSON.stringify(createHash('sha256').update(v).digest('hex'));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
