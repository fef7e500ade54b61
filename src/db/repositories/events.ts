import type { Comment, RequestEvent } from '../../app/model.js';
import type { CommentsRepo, EventsRepo } from '../../app/ports.js';
import { one, rows, sql, toDate, type Db, type Row } from '../sql.js';

/** A request_events row as the domain sees it (every repository that reads events uses this). */
export const toEvent = (r: Row): RequestEvent => ({
  id: Number(r.id),
  requestId: Number(r.request_id),
  type: r.type as string,
  actorType: r.actor_type as RequestEvent['actorType'],
  actorId: (r.actor_id as number | null) ?? null,
  actorName: (r.actor_name as string | null) ?? null,
  public: Boolean(r.public),
  data: (r.data as Record<string, unknown>) ?? {},
  createdAt: toDate(r.created_at),
});

export function eventsRepo(db: Db): EventsRepo {
  return {
    async append(e) {
      // One round trip: the event and, in the same statement (so the same transaction), its outbox row;
      // the work this event causes (mail, webhooks) exists if and only if the event does.
      const r = await one(
        db,
        sql`with e as (
              insert into request_events (request_id, type, actor_type, actor_id, actor_name, public, data, created_at)
              values (${e.requestId}, ${e.type}, ${e.actorType}, ${e.actorId}, ${e.actorName}, ${e.public}, ${JSON.stringify(e.data)}::jsonb, ${e.createdAt.toISOString()})
              returning *
            ), o as (
              insert into outbox (topic, payload)
              select 'request.event', jsonb_build_object('eventId', e.id, 'requestId', e.request_id, 'type', e.type) from e
            )
            select * from e`,
      );
      return toEvent(r!);
    },
    async forRequest(requestId, opts = {}) {
      const list = await rows(
        db,
        sql`select * from request_events where request_id = ${requestId} ${opts.publicOnly ? sql`and public` : sql``} order by id`,
      );
      return list.map(toEvent);
    },
  };
}

const toComment = (r: Row): Comment => ({
  id: Number(r.id),
  requestId: Number(r.request_id),
  authorUserId: (r.author_user_id as number | null) ?? null,
  authorName: (r.author_name as string | null) ?? null,
  visibility: r.visibility as Comment['visibility'],
  body: r.body as string,
  createdAt: toDate(r.created_at),
});

export function commentsRepo(db: Db): CommentsRepo {
  return {
    async insert(c) {
      const r = await one(
        db,
        sql`insert into comments (request_id, author_user_id, author_name, visibility, body, created_at)
            values (${c.requestId}, ${c.authorUserId}, ${c.authorName}, ${c.visibility}, ${c.body}, ${c.createdAt.toISOString()}) returning *`,
      );
      return toComment(r!);
    },
    async forRequest(requestId, opts = {}) {
      const list = await rows(
        db,
        sql`select * from comments where request_id = ${requestId} ${opts.publicOnly ? sql`and visibility = 'public'` : sql``} order by id`,
      );
      return list.map(toComment);
    },
  };
}
