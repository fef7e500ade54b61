import type { DuplicatesRepo, NearbyRequest } from '../../app/ports.js';
import { rows, sql, toDate, type Db } from '../sql.js';
import { pointSql } from './requests.js';

export function duplicatesRepo(db: Db): DuplicatesRepo {
  const repo: DuplicatesRepo = {
    async nearbyOpen(serviceId, p, radiusM, opts) {
      const point = sql`${pointSql(p)}::geography`;
      // ST_DWithin on location::geography uses the geography expression index (0001).
      const list = await rows(
        db,
        sql`select r.id, r.public_id, r.service_id, r.status, r.description, r.address, ST_Y(r.location) as lat, ST_X(r.location) as lng,
              r.me_too_count, r.created_at, ST_Distance(r.location::geography, ${point}) as d
            from requests r
            where r.service_id = ${serviceId} and r.status <> 'closed' and r.location is not null
              and ST_DWithin(r.location::geography, ${point}, ${radiusM})
              ${opts.excludeId === undefined ? sql`` : sql`and r.id <> ${opts.excludeId}`}
            order by d, r.id limit ${opts.limit}`,
      );
      return list.map(
        (r): NearbyRequest => ({
          id: Number(r.id),
          publicId: r.public_id as string,
          serviceId: Number(r.service_id),
          status: r.status as NearbyRequest['status'],
          description: r.description as string,
          address: (r.address as string | null) ?? null,
          location: { lat: Number(r.lat), lng: Number(r.lng) },
          meTooCount: Number(r.me_too_count),
          createdAt: toDate(r.created_at),
          distanceM: Number(r.d),
        }),
      );
    },
    async moveFollowers(duplicateId, parentId) {
      // The duplicate's followers (its reporter among them when they gave an e-mail), then a reporter who
      // gave only a phone number, so nobody who cared about the duplicate is left out of the parent's news.
      const copied = await rows(
        db,
        sql`insert into followers (request_id, resident_id, email, locale, unsubscribe_token, via, via_request_id)
            select ${parentId}, f.resident_id, f.email, f.locale, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'duplicate', ${duplicateId}
            from followers f
            where f.request_id = ${duplicateId}
              and not exists (select 1 from followers p where p.request_id = ${parentId}
                              and (lower(p.email) = lower(f.email) or (f.email is null and p.resident_id = f.resident_id)))
            on conflict do nothing returning id`,
      );
      const reporter = await rows(
        db,
        sql`insert into followers (request_id, resident_id, email, locale, unsubscribe_token, via, via_request_id)
            select ${parentId}, c.reporter_id, null, c.locale, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'duplicate', ${duplicateId}
            from requests c
            where c.id = ${duplicateId} and c.reporter_id is not null
              and not exists (select 1 from followers p where p.request_id = ${parentId} and p.resident_id = c.reporter_id)
            returning id`,
      );
      return copied.length + reporter.length;
    },
    async removeFollowers(duplicateId, parentId) {
      const removed = await rows(
        db,
        sql`delete from followers where request_id = ${parentId} and via = 'duplicate' and via_request_id = ${duplicateId} returning id`,
      );
      // Someone who also followed another duplicate of the same parent keeps following through that one.
      const others = await rows<{ id: number }>(
        db,
        sql`select id from requests where duplicate_of_id = ${parentId} and id <> ${duplicateId} and close_reason = 'duplicate' order by id`,
      );
      for (const o of others) await repo.moveFollowers(Number(o.id), parentId);
      return removed.length;
    },
  };
  return repo;
}
