import type { AnonymiseResult, PrivacyRepo, ResidentData } from '../../app/privacy/ports.js';
import { RETENTION_SETTING } from '../../domain/privacy.js';
import { one, rows, sql, toDate, type Db } from '../sql.js';

// Anonymisation and the resident's own data. Everything a purge touches is in one transaction.

const ids = (list: number[]) => `{${list.map((n) => Math.trunc(n)).join(',')}}`;

export function privacyRepo(db: Db): PrivacyRepo {
  return {
    async retentionDays() {
      const r = await one<{ value: { days?: unknown } }>(db, sql`select value from settings where key = ${RETENTION_SETTING}`);
      return typeof r?.value?.days === 'number' ? r.value.days : null;
    },

    async setRetentionDays(days) {
      if (days === null) await db.execute(sql`delete from settings where key = ${RETENTION_SETTING}`);
      else
        await db.execute(
          sql`insert into settings (key, value) values (${RETENTION_SETTING}, ${JSON.stringify({ days })}::jsonb)
              on conflict (key) do update set value = excluded.value, updated_at = now()`,
        );
    },

    async closedWithReporterBefore(cutoff) {
      const r = await rows<{ id: string | number }>(db, sql`select id from requests where status = 'closed' and reporter_id is not null and closed_at < ${cutoff.toISOString()} order by id`);
      return r.map((x) => Number(x.id));
    },

    async requestsOfEmail(email) {
      const r = await rows<{ id: string | number }>(db, sql`select q.id from requests q join residents p on p.id = q.reporter_id where lower(p.email) = ${email} order by q.id`);
      return r.map((x) => Number(x.id));
    },

    async anonymise(scope, audit, at) {
      return db.transaction(async (tx) => {
        const reqIds = ids(scope.requestIds);
        const residentRows = await rows<{ id: number }>(
          tx,
          sql`select distinct reporter_id as id from requests where id = any(${reqIds}::bigint[]) and reporter_id is not null
              union select id from residents where ${scope.email ?? null}::text is not null and lower(email) = ${scope.email ?? null}`,
        );
        const residentIds = ids(residentRows.map((r) => Number(r.id)));
        const unlinked = await rows(tx, sql`update requests set reporter_id = null where id = any(${reqIds}::bigint[]) and reporter_id is not null returning id`);
        const followers = await rows(
          tx,
          sql`delete from followers where request_id = any(${reqIds}::bigint[]) or resident_id = any(${residentIds}::int[])
              or (${scope.email ?? null}::text is not null and lower(email) = ${scope.email ?? null}) returning id`,
        );
        // Sent and dead mail about these requests (or to this address) keeps its log line, not its content.
        await tx.execute(
          sql`update deliveries set recipient = 'anonymised', payload = '{}'::jsonb
              where channel = 'email' and status <> 'pending'
                and (request_id = any(${reqIds}::bigint[]) or (${scope.email ?? null}::text is not null and lower(recipient) = ${scope.email ?? null}))`,
        );
        await tx.execute(sql`update request_events set actor_name = null where request_id = any(${reqIds}::bigint[]) and actor_type = 'resident'`);
        const residents = await rows(
          tx,
          sql`update residents p set name = null, email = null, phone = null, anonymised_at = ${at.toISOString()}
              where p.id = any(${residentIds}::int[]) and p.anonymised_at is null
                and not exists (select 1 from requests q where q.reporter_id = p.id) returning id`,
        );
        const result: AnonymiseResult = { requests: unlinked.length, residents: residents.length, followers: followers.length };
        if (result.requests || result.residents || result.followers) {
          await tx.execute(
            sql`insert into audit_log (actor_name, action, entity, entity_id, after, created_at)
                values (${audit.actorName}, ${audit.action}, 'residents', null, ${JSON.stringify(result)}::jsonb, ${at.toISOString()})`,
          );
        }
        return result;
      });
    },

    async residentData(email) {
      const reqs = await rows<Record<string, unknown>>(
        db,
        sql`select q.id, q.public_id, s.code as service, q.status, q.close_reason, q.description, q.address, q.answers, q.created_at, q.closed_at,
                   st_y(q.location) as lat, st_x(q.location) as lng, p.name, p.email, p.phone
            from requests q join residents p on p.id = q.reporter_id join services s on s.id = q.service_id
            where lower(p.email) = ${email} order by q.id`,
      );
      const comments = reqs.length
        ? await rows<{ request_id: string | number; body: string; created_at: unknown }>(
            db,
            sql`select request_id, body, created_at from comments where visibility = 'public' and request_id = any(${ids(reqs.map((r) => Number(r.id)))}::bigint[]) order by id`,
          )
        : [];
      const subs = await rows<{ public_id: string; via: string; created_at: unknown }>(
        db,
        sql`select q.public_id, f.via, f.created_at from followers f join requests q on q.id = f.request_id where lower(f.email) = ${email} order by f.id`,
      );
      const data: ResidentData = {
        email,
        requests: reqs.map((r) => ({
          publicId: String(r.public_id),
          service: String(r.service),
          status: String(r.status),
          closeReason: (r.close_reason as string | null) ?? null,
          description: String(r.description ?? ''),
          address: (r.address as string | null) ?? null,
          location: r.lat === null || r.lat === undefined ? null : { lat: Number(r.lat), lng: Number(r.lng) },
          answers: (r.answers as Record<string, unknown>) ?? {},
          createdAt: toDate(r.created_at).toISOString(),
          closedAt: r.closed_at ? toDate(r.closed_at).toISOString() : null,
          reporter: { name: (r.name as string | null) ?? null, email: (r.email as string | null) ?? null, phone: (r.phone as string | null) ?? null },
          comments: comments.filter((c) => Number(c.request_id) === Number(r.id)).map((c) => ({ body: c.body, at: toDate(c.created_at).toISOString() })),
        })),
        subscriptions: subs.map((s) => ({ publicId: s.public_id, via: s.via, since: toDate(s.created_at).toISOString() })),
      };
      return data;
    },

    async createLink(link) {
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into privacy_links (token_hash, email, locale, expires_at, purpose) values (${link.tokenHash}, ${link.email}, ${link.locale}, ${link.expiresAt.toISOString()}, ${link.purpose ?? 'privacy'})`,
        );
        await tx.execute(sql`insert into outbox (topic, payload) values ('privacy.link', ${JSON.stringify({ email: link.email, locale: link.locale, token: link.token, purpose: link.purpose ?? 'privacy' })}::jsonb)`);
      });
    },

    async linkEmail(tokenHash, now, purpose = 'privacy') {
      const r = await one<{ email: string }>(
        db,
        sql`select email from privacy_links where token_hash = ${tokenHash} and purpose = ${purpose} and used_at is null and expires_at > ${now.toISOString()}`,
      );
      return r?.email;
    },

    async useLink(tokenHash, at) {
      await db.execute(sql`update privacy_links set used_at = ${at.toISOString()} where token_hash = ${tokenHash}`);
    },
  };
}
