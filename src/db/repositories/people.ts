import type { Resident, StaffUser } from '../../app/model.js';
import type { FollowersRepo, ResidentsRepo, UsersRepo } from '../../app/ports.js';
import { one, sql, type Db, type Row } from '../sql.js';
import { parseTextArray } from './services.js';
import { randomBytes } from 'node:crypto';

const ints = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : typeof v === 'string' ? parseTextArray(v).map(Number) : []);

const toUser = (r: Row): StaffUser => ({
  id: Number(r.id),
  email: r.email as string,
  name: r.name as string,
  role: r.role as StaffUser['role'],
  locale: r.locale as StaffUser['locale'],
  away: Boolean(r.away),
  active: Boolean(r.active),
  departmentIds: ints(r.department_ids),
});

const USER_SELECT = sql`select u.*, coalesce((select array_agg(ud.department_id order by ud.department_id) from user_departments ud where ud.user_id = u.id), '{}') as department_ids from users u`;

export function usersRepo(db: Db): UsersRepo {
  return {
    async get(id) {
      const r = await one(db, sql`${USER_SELECT} where u.id = ${id}`);
      return r && toUser(r);
    },
    async getByEmail(email) {
      const r = await one(db, sql`${USER_SELECT} where lower(u.email) = lower(${email})`);
      return r && toUser(r);
    },
  };
}

const toResident = (r: Row): Resident => ({
  id: Number(r.id),
  email: (r.email as string | null) ?? null,
  name: (r.name as string | null) ?? null,
  phone: (r.phone as string | null) ?? null,
  locale: r.locale as Resident['locale'],
});

export function residentsRepo(db: Db): ResidentsRepo {
  return {
    async upsertContact(c) {
      // One resident per e-mail (or, without one, per phone): a caller's history stays together.
      const existing = c.email
        ? await one(db, sql`select * from residents where lower(email) = lower(${c.email}) and anonymised_at is null order by id limit 1`)
        : c.phone
          ? await one(db, sql`select * from residents where phone = ${c.phone} and email is null and anonymised_at is null order by id limit 1`)
          : undefined;
      if (existing) {
        const r = await one(
          db,
          sql`update residents set name = coalesce(${c.name}, name), phone = coalesce(${c.phone}, phone), locale = ${c.locale}
              where id = ${existing.id as number} returning *`,
        );
        return toResident(r!);
      }
      const r = await one(db, sql`insert into residents (email, name, phone, locale) values (${c.email}, ${c.name}, ${c.phone}, ${c.locale}) returning *`);
      return toResident(r!);
    },
    async get(id) {
      const r = await one(db, sql`select * from residents where id = ${id}`);
      return r && toResident(r);
    },
  };
}

export function followersRepo(db: Db): FollowersRepo {
  return {
    async add(f) {
      await db.execute(
        sql`insert into followers (request_id, resident_id, email, locale, unsubscribe_token, via)
            values (${f.requestId}, ${f.residentId}, ${f.email}, ${f.locale}, ${randomBytes(18).toString('base64url')}, ${f.via})
            on conflict do nothing`,
      );
    },
    async count(requestId) {
      const r = await one<{ n: number }>(db, sql`select count(*)::int as n from followers where request_id = ${requestId}`);
      return r?.n ?? 0;
    },
  };
}
