import type { AccountRepo } from '../../app/privacy/account.js';
import { one, rows, sql, toDate, type Db } from '../sql.js';

// Resident sessions and "My requests": requests the e-mail reported or follows, newest first.

export function accountRepo(db: Db): AccountRepo {
  return {
    async openSession(s) {
      await db.execute(sql`insert into resident_sessions (token_hash, email, expires_at) values (${s.tokenHash}, ${s.email}, ${s.expiresAt.toISOString()})`);
    },

    async sessionEmail(tokenHash, now) {
      const r = await one<{ email: string }>(db, sql`select email from resident_sessions where token_hash = ${tokenHash} and ended_at is null and expires_at > ${now.toISOString()}`);
      return r?.email;
    },

    async endSession(tokenHash, at) {
      await db.execute(sql`update resident_sessions set ended_at = ${at.toISOString()} where token_hash = ${tokenHash} and ended_at is null`);
    },

    async account(email) {
      const person = await one<{ name: string | null; locale: string }>(
        db,
        sql`select name, locale from residents where lower(email) = ${email} and anonymised_at is null
            union all select null, locale from followers where lower(email) = ${email} limit 1`,
      );
      const lang = person?.locale === 'es' ? 'es' : 'en';
      const list = await rows<{ public_id: string; service: string; status: string; created_at: unknown; role: string }>(
        db,
        sql`select q.public_id, coalesce(s.translations -> ${lang} ->> 'name', s.name) as service, q.status, q.created_at, min(x.role) as role
            from (select q.id, 'reporter' as role from requests q join residents p on p.id = q.reporter_id where lower(p.email) = ${email}
                  union all select f.request_id, 'follower' from followers f where lower(f.email) = ${email} and f.via <> 'reporter') x
            join requests q on q.id = x.id join services s on s.id = q.service_id
            group by q.id, q.public_id, s.translations, s.name, q.status, q.created_at
            order by q.created_at desc, q.id desc limit 200`,
      );
      return {
        email,
        name: person?.name ?? null,
        locale: lang,
        requests: list.map((r) => ({
          publicId: r.public_id,
          service: r.service,
          status: r.status,
          createdAt: toDate(r.created_at).toISOString(),
          role: r.role === 'reporter' ? 'reporter' : 'follower',
        })),
      };
    },

    async setLocale(email, locale) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`update residents set locale = ${locale} where lower(email) = ${email}`);
        await tx.execute(sql`update followers set locale = ${locale} where lower(email) = ${email}`);
      });
    },
  };
}
