import type { Actor } from '../domain/actor.js';
import { isAppError } from '../domain/errors.js';
import type { CloseReason } from '../domain/vocabulary.js';
import { acknowledgeRequest } from './acknowledge-request.js';
import { assignRequest } from './assign-request.js';
import { closeRequest } from './close-request.js';
import type { Deps } from './ports.js';

export type BulkInput =
  | { action: 'acknowledge'; ids: number[] }
  | { action: 'assign'; ids: number[]; assigneeId: number | null }
  | { action: 'close'; ids: number[]; reason: CloseReason; note?: string | undefined };

export interface BulkResult {
  id: number;
  ok: boolean;
  version?: number;
  error?: { code: string; message: string };
}

/**
 * One change applied to many requests from the queue. Each goes through its own use case and
 * transaction, so one refusal (not allowed, already closed) never undoes or blocks the others.
 */
export async function bulkChange(deps: Deps, actor: Actor, input: BulkInput): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      const r =
        input.action === 'acknowledge'
          ? await acknowledgeRequest(deps, actor, { requestId: id })
          : input.action === 'assign'
            ? await assignRequest(deps, actor, { requestId: id, assigneeId: input.assigneeId })
            : await closeRequest(deps, actor, { requestId: id, reason: input.reason, note: input.note });
      results.push({ id, ok: true, version: r.version });
    } catch (err) {
      if (!isAppError(err)) throw err;
      results.push({ id, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}
