import type { CredentialsRepo, SessionsRepo } from '../../app/ports.js';
import { one, sql, toDate, toDateOrNull, type Db } from '../sql.js';
import { usersRepo } from './people.js';

export function sessionsRepo(db: Db): SessionsRepo {
  const users = usersRepo(db);
  return {
    async create(s) {
      await db.execute(sql`insert into sessions (id, user_id, csrf_token, expires_at) values (${s.id}, ${s.userId}, ${s.csrfToken}, ${s.expiresAt.toISOString()})`);
    },
    async get(id, now) {
      const r = await one(db, sql`select user_id, csrf_token, expires_at from sessions where id = ${id} and expires_at > ${now.toISOString()}`);
      if (!r) return undefined;
      const user = await users.get(Number(r.user_id));
      if (!user || !user.active) return undefined;
      return { user, csrfToken: r.csrf_token as string, expiresAt: toDate(r.expires_at) };
    },
    async delete(id) {
      await db.execute(sql`delete from sessions where id = ${id}`);
    },
    async deleteForUser(userId) {
      await db.execute(sql`delete from sessions where user_id = ${userId}`);
    },
  };
}

export function credentialsRepo(db: Db): CredentialsRepo {
  return {
    async forSignIn(email) {
      const r = await one(db, sql`select id, password_hash, failed_logins, locked_until from users where lower(email) = lower(${email}) and active`);
      if (!r) return undefined;
      return {
        userId: Number(r.id),
        passwordHash: (r.password_hash as string | null) ?? null,
        failedLogins: Number(r.failed_logins),
        lockedUntil: toDateOrNull(r.locked_until),
      };
    },
    async recordFailure(userId, lockUntil) {
      await db.execute(sql`update users set failed_logins = failed_logins + 1, locked_until = ${lockUntil ? lockUntil.toISOString() : null} where id = ${userId}`);
    },
    async recordSuccess(userId) {
      await db.execute(sql`update users set failed_logins = 0, locked_until = null where id = ${userId}`);
    },
    async setPasswordHash(userId, hash) {
      await db.execute(sql`update users set password_hash = ${hash}, failed_logins = 0, locked_until = null where id = ${userId}`);
    },
  };
}
