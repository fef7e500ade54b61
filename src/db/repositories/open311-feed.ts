import type { RequestEvent, RequestRecord } from '../../app/model.js';
import { one, rows, sql, toDate, type Db, type Row, type SQL } from '../sql.js';
import { toEvent } from './events.js';
import { REQUEST_COLUMNS, intArray, toRequest } from './requests.js';

// The public side of requests for Open311: only requests of public services, with what a public
// answer needs beside them (service, department, first public photo). No reporter data is read.

export interface FeedRequest {
  request: RequestRecord;
  serviceCode: string;
  serviceName: string;
  serviceNotice: string | null;
  agency: string;
  duplicateOfPublicId: string | null;
  media: { id: number; externalUrl: string | null } | null;
}

export interface FeedFilter {
  publicIds?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  updatedAfter?: Date | undefined;
  updatedBefore?: Date | undefined;
  statuses?: Array<'open' | 'closed'> | undefined;
  bbox?: { minLng: number; minLat: number; maxLng: number; maxLat: number } | undefined;
  order: 'created_desc' | 'updated_asc';
  limit: number;
  offset: number;
}

export interface FeedEvent extends RequestEvent {
  publicId: string;
  requestStatus: RequestRecord['status'];
}

export interface District {
  id: number;
  layer: string;
  code: string;
  name: string;
}

const texts = (list: string[]) => sql`${`{${list.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;

const toFeedRequest = (r: Row): FeedRequest => ({
  request: toRequest(r),
  serviceCode: r.service_code as string,
  serviceName: r.service_name as string,
  serviceNotice: (r.service_notice as string | null) ?? null,
  agency: r.agency as string,
  duplicateOfPublicId: (r.duplicate_public_id as string | null) ?? null,
  media: r.media_id === null || r.media_id === undefined ? null : { id: Number(r.media_id), externalUrl: (r.media_external_url as string | null) ?? null },
});

export function open311Feed(db: Db) {
  const select = (where: SQL, tail: SQL) => sql`
    select ${REQUEST_COLUMNS}, s.code as service_code, s.name as service_name, s.notice as service_notice, d.name as agency,
      dup.public_id as duplicate_public_id, pm.id as media_id, pm.external_url as media_external_url
    from requests r
      join services s on s.id = r.service_id and s.visibility = 'public'
      join departments d on d.id = r.department_id
      left join requests dup on dup.id = r.duplicate_of_id
      left join lateral (select m.id, m.external_url from media m where m.request_id = r.id and m.visibility = 'public' order by m.id limit 1) pm on true
    where ${where} ${tail}`;

  return {
    async requests(f: FeedFilter): Promise<FeedRequest[]> {
      const where: SQL[] = [sql`true`];
      if (f.publicIds) where.push(sql`r.public_id = any(${texts(f.publicIds)})`);
      if (f.serviceCodes) where.push(sql`s.code = any(${texts(f.serviceCodes)})`);
      if (f.createdFrom) where.push(sql`r.created_at >= ${f.createdFrom.toISOString()}`);
      if (f.createdTo) where.push(sql`r.created_at <= ${f.createdTo.toISOString()}`);
      if (f.updatedAfter) where.push(sql`r.updated_at > ${f.updatedAfter.toISOString()}`);
      if (f.updatedBefore) where.push(sql`r.updated_at <= ${f.updatedBefore.toISOString()}`);
      if (f.statuses && f.statuses.length === 1) where.push(f.statuses[0] === 'closed' ? sql`r.status = 'closed'` : sql`r.status <> 'closed'`);
      if (f.bbox) {
        const b = f.bbox;
        where.push(sql`r.location && ST_MakeEnvelope(${b.minLng}, ${b.minLat}, ${b.maxLng}, ${b.maxLat}, 4326)`);
      }
      const order = f.order === 'updated_asc' ? sql`order by r.updated_at, r.id` : sql`order by r.created_at desc, r.id desc`;
      const list = await rows(db, select(sql.join(where, sql` and `), sql`${order} limit ${f.limit} offset ${f.offset}`));
      return list.map(toFeedRequest);
    },

    async requestByPublicId(publicId: string): Promise<FeedRequest | undefined> {
      const r = await one(db, select(sql`r.public_id = ${publicId}`, sql``));
      return r && toFeedRequest(r);
    },

    async publicIdForToken(token: string): Promise<string | undefined> {
      const r = await one<{ public_id: string }>(
        db,
        sql`select r.public_id from requests r join services s on s.id = r.service_id and s.visibility = 'public' where r.token = ${token}`,
      );
      return r?.public_id;
    },

    /** The public timelines of these requests, oldest first (imported history may share one instant: the report first). */
    async publicEvents(requestIds: number[]): Promise<RequestEvent[]> {
      if (!requestIds.length) return [];
      const list = await rows(
        db,
        sql`select * from request_events where request_id = any(${intArray(requestIds)}::bigint[]) and public
                  order by request_id, created_at, (type = 'created') desc, id`,
      );
      return list.map(toEvent);
    },

    /** Public events of public requests in a time window (the servicerequestupdates feed), oldest first. */
    async publicEventsBetween(from: Date, to: Date, limit: number, offset: number): Promise<FeedEvent[]> {
      const list = await rows(
        db,
        sql`select e.*, r.public_id, r.status as request_status from request_events e
              join requests r on r.id = e.request_id
              join services s on s.id = r.service_id and s.visibility = 'public'
            where e.public and e.type <> 'created' and e.created_at >= ${from.toISOString()} and e.created_at <= ${to.toISOString()}
            order by e.created_at, e.id limit ${limit} offset ${offset}`,
      );
      return list.map((r) => ({ ...toEvent(r), publicId: r.public_id as string, requestStatus: r.request_status as RequestRecord['status'] }));
    },

    async districts(ids: number[]): Promise<District[]> {
      if (!ids.length) return [];
      const list = await rows(db, sql`select d.id, d.code, d.name, l.code as layer from districts d join district_layers l on l.id = d.layer_id where d.id = any(${intArray(ids)}) order by l.code, d.code`);
      return list.map((r) => ({ id: Number(r.id), layer: r.layer as string, code: r.code as string, name: r.name as string }));
    },

    async latestServiceChange(): Promise<Date | null> {
      const r = await one<{ t: unknown }>(db, sql`select max(updated_at) as t from services where visibility = 'public'`);
      return r?.t ? toDate(r.t) : null;
    },
  };
}

export type Open311Feed = ReturnType<typeof open311Feed>;
