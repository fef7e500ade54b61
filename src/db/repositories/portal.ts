import { randomBytes } from 'node:crypto';
import { one, rows, sql, toDate, type Db } from '../sql.js';

// Read models and small writes for the residents' portal. Everything returned here is public:
// no reporter data and no internal comments, events or photos ever leave through these queries.

export interface PublicPhoto {
  id: number;
  commentId: number | null;
  byStaff: boolean;
  at: Date;
}

export async function publicPhotos(db: Db, requestId: number): Promise<PublicPhoto[]> {
  const list = await rows<{ id: unknown; comment_id: unknown; uploaded_by_user_id: unknown; created_at: unknown }>(
    db,
    sql`select id, comment_id, uploaded_by_user_id, created_at from media
        where request_id = ${requestId} and visibility = 'public' and kind = 'photo' order by id`,
  );
  return list.map((m) => ({
    id: Number(m.id),
    commentId: m.comment_id === null ? null : Number(m.comment_id),
    byStaff: m.uploaded_by_user_id !== null,
    at: toDate(m.created_at),
  }));
}

/** A public photo's bytes (the thumbnail when asked and present, else the original). */
export interface NewPhoto {
  requestId: number;
  contentType: string;
  data: Buffer;
  width: number | null;
  height: number | null;
  filename: string | null;
  visibility: 'public' | 'internal';
  uploadedByUserId: number | null;
  commentId: number | null;
}

export async function insertPhoto(db: Db, p: NewPhoto): Promise<number> {
  const m = await one<{ id: unknown }>(
    db,
    sql`insert into media (request_id, comment_id, kind, visibility, content_type, byte_size, width, height, filename, uploaded_by_user_id)
        values (${p.requestId}, ${p.commentId}, 'photo', ${p.visibility}, ${p.contentType}, ${p.data.length}, ${p.width}, ${p.height}, ${p.filename}, ${p.uploadedByUserId})
        returning id`,
  );
  const id = Number(m!.id);
  await db.execute(sql`insert into media_blobs (media_id, variant, data) values (${id}, 'original', ${p.data})`);
  return id;
}

/** Follows a request by e-mail; returns the token that unfollows (the existing one if already following). */
export async function follow(db: Db, requestId: number, email: string, locale: string): Promise<string> {
  const token = randomBytes(18).toString('base64url');
  await db.execute(
    sql`insert into followers (request_id, email, locale, unsubscribe_token, via)
        values (${requestId}, ${email}, ${locale}, ${token}, 'follow') on conflict do nothing`,
  );
  const r = await one<{ t: string }>(db, sql`select unsubscribe_token as t from followers where request_id = ${requestId} and lower(email) = lower(${email})`);
  return r!.t;
}

export async function unfollow(db: Db, token: string): Promise<boolean> {
  const r = await rows(db, sql`delete from followers where unsubscribe_token = ${token} returning id`);
  return r.length > 0;
}

export interface NearbyFilter {
  lat: number;
  lng: number;
  radiusM: number;
  serviceCode?: string | undefined;
  status?: 'open' | 'closed' | 'all' | undefined;
  sinceDays?: number | undefined;
  limit: number;
}

export interface NearbyRow {
  publicId: string;
  serviceCode: string;
  serviceName: string;
  translations: Record<string, { name?: string }>;
  status: string;
  lat: number;
  lng: number;
  address: string | null;
  distanceM: number;
  meTooCount: number;
  createdAt: Date;
}

/** Public requests near a point, nearest first: no descriptions, no reporter data. */
export async function nearbyRequests(db: Db, f: NearbyFilter): Promise<NearbyRow[]> {
  const point = sql`ST_SetSRID(ST_MakePoint(${f.lng}, ${f.lat}), 4326)::geography`;
  const status = f.status === 'closed' ? sql`and r.status = 'closed'` : f.status === 'all' ? sql`` : sql`and r.status <> 'closed'`;
  const service = f.serviceCode ? sql`and s.code = ${f.serviceCode}` : sql``;
  const since = f.sinceDays ? sql`and r.created_at >= now() - make_interval(days => ${f.sinceDays})` : sql``;
  const list = await rows<Record<string, unknown>>(
    db,
    sql`select r.public_id, s.code, s.name, s.translations, r.status, ST_Y(r.location) as lat, ST_X(r.location) as lng, r.address,
               ST_Distance(r.location::geography, ${point}) as distance, r.me_too_count, r.created_at
        from requests r join services s on s.id = r.service_id
        where r.location is not null and s.visibility = 'public' and r.duplicate_of_id is null
          and ST_DWithin(r.location::geography, ${point}, ${f.radiusM}) ${status} ${service} ${since}
        order by distance limit ${f.limit}`,
  );
  return list.map((r) => ({
    publicId: r.public_id as string,
    serviceCode: r.code as string,
    serviceName: r.name as string,
    translations: (r.translations as NearbyRow['translations']) ?? {},
    status: r.status as string,
    lat: Number(r.lat),
    lng: Number(r.lng),
    address: (r.address as string | null) ?? null,
    distanceM: Math.round(Number(r.distance)),
    meTooCount: Number(r.me_too_count),
    createdAt: toDate(r.created_at),
  }));
}

