import type { MediaRecord, MediaRepo } from '../../app/ports.js';
import { one, rows, sql, toBytes, toDate, type Db, type Row } from '../sql.js';

const toMedia = (r: Row): MediaRecord => ({
  id: Number(r.id),
  requestId: Number(r.request_id),
  commentId: r.comment_id === null || r.comment_id === undefined ? null : Number(r.comment_id),
  visibility: r.visibility as MediaRecord['visibility'],
  contentType: r.content_type as string,
  byteSize: Number(r.byte_size),
  width: r.width === null || r.width === undefined ? null : Number(r.width),
  height: r.height === null || r.height === undefined ? null : Number(r.height),
  filename: (r.filename as string | null) ?? null,
  externalUrl: (r.external_url as string | null) ?? null,
  createdAt: toDate(r.created_at),
});

// Bytes travel as hex text: one parameter type that both drivers pass to bytea unchanged.
const bytea = (b: Uint8Array) => sql`decode(${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}, 'hex')`;

export function mediaRepo(db: Db): MediaRepo {
  return {
    async insert(m, blobs) {
      const r = await one(
        db,
        sql`insert into media (request_id, comment_id, kind, visibility, content_type, byte_size, width, height, filename, external_url, uploaded_by_user_id, created_at)
            values (${m.requestId}, ${m.commentId}, 'photo', ${m.visibility}, ${m.contentType}, ${m.byteSize}, ${m.width}, ${m.height}, ${m.filename},
              ${m.externalUrl}, ${m.uploadedByUserId}, ${m.createdAt.toISOString()})
            returning *`,
      );
      const media = toMedia(r!);
      if (blobs) {
        await db.execute(
          sql`insert into media_blobs (media_id, variant, data) values (${media.id}, 'original', ${bytea(blobs.original)}), (${media.id}, 'thumbnail', ${bytea(blobs.thumbnail)})`,
        );
      }
      return media;
    },
    async get(id) {
      const r = await one(db, sql`select * from media where id = ${id}`);
      return r && toMedia(r);
    },
    async blob(id, variant) {
      const r = await one(db, sql`select data from media_blobs where media_id = ${id} and variant = ${variant}`);
      return r ? toBytes(r.data) : undefined;
    },
    async forRequest(requestId, opts = {}) {
      const list = await rows(db, sql`select * from media where request_id = ${requestId} ${opts.publicOnly ? sql`and visibility = 'public'` : sql``} order by id`);
      return list.map(toMedia);
    },
  };
}
