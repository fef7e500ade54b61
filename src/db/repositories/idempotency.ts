import type { IdempotencyRepo } from '../../app/ports.js';
import { one, sql, type Db } from '../sql.js';

// Idempotency-Key for integration calls: the first call claims (key, fingerprint) and stores
// its response; a repeat answers with that response and changes nothing.

export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'replay'; statusCode: number; response: unknown }
  | { state: 'in_progress' }
  | { state: 'mismatch' };

export function idempotencyStore(db: Db) {
  return {
    async claim(apiKeyId: number, key: string, fingerprint: string): Promise<IdempotencyClaim> {
      const inserted = await one(
        db,
        sql`insert into idempotency_keys (api_key_id, key, fingerprint) values (${apiKeyId}, ${key}, ${fingerprint})
            on conflict do nothing returning key`,
      );
      if (inserted) return { state: 'new' };
      const r = await one(db, sql`select fingerprint, status_code, response from idempotency_keys where api_key_id = ${apiKeyId} and key = ${key}`);
      if (!r) return { state: 'in_progress' }; // released between our insert and select: let the caller retry
      if (r.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (r.status_code === null) return { state: 'in_progress' };
      return { state: 'replay', statusCode: Number(r.status_code), response: r.response };
    },
    async complete(apiKeyId: number, key: string, statusCode: number, response: unknown): Promise<void> {
      await db.execute(
        sql`update idempotency_keys set status_code = ${statusCode}, response = ${JSON.stringify(response)}::jsonb where api_key_id = ${apiKeyId} and key = ${key}`,
      );
    },
    /** The call failed and changed nothing: the same key may be used again. */
    async release(apiKeyId: number, key: string): Promise<void> {
      await db.execute(sql`delete from idempotency_keys where api_key_id = ${apiKeyId} and key = ${key} and status_code is null`);
    },
  };
}

// Idempotency-Key for request submission (portal, staff API, Open311 POST). Unlike the integration
// calls above, the claim is written in the same transaction as the request it makes: a crash
// leaves both or neither, so a retry after any failure either replays the request or makes it.
export function requestIdempotencyRepo(db: Db): IdempotencyRepo {
  return {
    async find(scope, key) {
      const r = await one(db, sql`select fingerprint, request_id from request_idempotency_keys where scope = ${scope} and key = ${key}`);
      return r && { fingerprint: r.fingerprint as string, requestId: r.request_id === null ? null : Number(r.request_id) };
    },
    async claim(k) {
      const inserted = await one(
        db,
        sql`insert into request_idempotency_keys (scope, key, fingerprint) values (${k.scope}, ${k.key}, ${k.fingerprint})
            on conflict do nothing returning key`,
      );
      return Boolean(inserted);
    },
    async attach(scope, key, requestId) {
      await db.execute(sql`update request_idempotency_keys set request_id = ${requestId} where scope = ${scope} and key = ${key}`);
    },
  };
}
