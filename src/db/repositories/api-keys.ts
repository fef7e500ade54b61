import type { ApiKeyRecord, ApiKeysRepo, ExternalUpdatesRepo } from '../../app/ports.js';
import { one, rows, sql, toDate, toDateOrNull, type Db, type Row } from '../sql.js';
import { intArray } from './requests.js';

const toKey = (r: Row): ApiKeyRecord => ({
  id: Number(r.id),
  name: r.name as string,
  kind: r.kind as ApiKeyRecord['kind'],
  prefix: r.prefix as string,
  createdAt: toDate(r.created_at),
  lastUsedAt: toDateOrNull(r.last_used_at),
  revokedAt: toDateOrNull(r.revoked_at),
});

const KEY_COLUMNS = sql.raw('id, name, kind, prefix, created_at, last_used_at, revoked_at');

export function apiKeysRepo(db: Db): ApiKeysRepo {
  return {
    async insert(k) {
      const r = await one(
        db,
        sql`insert into api_keys (name, kind, prefix, key_hash, created_at) values (${k.name}, ${k.kind}, ${k.prefix}, ${k.keyHash}, ${k.createdAt.toISOString()})
            returning ${KEY_COLUMNS}`,
      );
      return toKey(r!);
    },
    async findActiveByHash(keyHash) {
      const r = await one(db, sql`select ${KEY_COLUMNS} from api_keys where key_hash = ${keyHash} and revoked_at is null`);
      return r && toKey(r);
    },
    async revoke(id, at) {
      const r = await one(db, sql`update api_keys set revoked_at = coalesce(revoked_at, ${at.toISOString()}) where id = ${id} returning ${KEY_COLUMNS}`);
      return r && toKey(r);
    },
    async list() {
      return (await rows(db, sql`select ${KEY_COLUMNS} from api_keys order by id`)).map(toKey);
    },
    async touch(id, at) {
      // At most once a minute per key: a busy key should not turn every read into a write.
      await db.execute(
        sql`update api_keys set last_used_at = ${at.toISOString()}
            where id = ${id} and (last_used_at is null or last_used_at < ${new Date(at.getTime() - 60_000).toISOString()})`,
      );
    },
  };
}

export function externalUpdatesRepo(db: Db): ExternalUpdatesRepo {
  const ints = (v: unknown) => (Array.isArray(v) ? v.map(Number) : String(v ?? '').replace(/[{}]/g, '').split(',').filter(Boolean).map(Number));
  return {
    async find(apiKeyId, updateId) {
      const r = await one(db, sql`select request_id, event_ids from open311_updates where api_key_id = ${apiKeyId} and update_id = ${updateId}`);
      return r && { requestId: Number(r.request_id), eventIds: ints(r.event_ids) };
    },
    async claim(apiKeyId, updateId, requestId, at) {
      const r = await one(
        db,
        sql`insert into open311_updates (api_key_id, update_id, request_id, created_at) values (${apiKeyId}, ${updateId}, ${requestId}, ${at.toISOString()})
            on conflict do nothing returning update_id`,
      );
      return Boolean(r);
    },
    async setEvents(apiKeyId, updateId, eventIds) {
      await db.execute(sql`update open311_updates set event_ids = ${intArray(eventIds)}::bigint[] where api_key_id = ${apiKeyId} and update_id = ${updateId}`);
    },
  };
}
