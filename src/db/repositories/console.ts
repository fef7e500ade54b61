import type { Resident } from '../../app/model.js';
import type { ConsoleRepo, ResponseTemplate } from '../../app/ports.js';
import { one, rows, sql, toDate, type Db, type Row } from '../sql.js';
import { setLiaisons, upsertDepartment, upsertService, upsertStaff } from './catalogue.js';
import { usersRepo } from './people.js';
import { REQUEST_COLUMNS, toRequest } from './requests.js';

// The staff console's reads (callers, templates) and the admin's writes, with the audit log.

const toTemplate = (r: Row): ResponseTemplate => ({
  id: Number(r.id),
  name: r.name as string,
  body: r.body as string,
  translations: (r.translations as ResponseTemplate['translations']) ?? {},
  active: Boolean(r.active),
});

const toResident = (r: Row): Resident & { requestCount: number } => ({
  id: Number(r.id),
  email: (r.email as string | null) ?? null,
  name: (r.name as string | null) ?? null,
  phone: (r.phone as string | null) ?? null,
  locale: r.locale as Resident['locale'],
  requestCount: Number(r.request_count ?? 0),
});

export function consoleRepo(db: Db): ConsoleRepo {
  return {
    async searchResidents(q, limit) {
      const where = [];
      const digits = (q.phone ?? '').replace(/\D/g, '');
      if (digits.length >= 4) where.push(sql`regexp_replace(coalesce(p.phone, ''), '\\D', '', 'g') like ${`%${digits}`}`);
      if (q.email) where.push(sql`lower(p.email) = lower(${q.email.trim()})`);
      if (q.text && q.text.trim().length >= 2) where.push(sql`(p.name ilike ${`%${q.text.trim()}%`} or p.email ilike ${`${q.text.trim()}%`})`);
      if (!where.length) return [];
      const list = await rows(
        db,
        sql`select p.*, (select count(*) from requests r where r.reporter_id = p.id) as request_count
            from residents p where p.anonymised_at is null and (${sql.join(where, sql` or `)})
            order by request_count desc, p.id limit ${limit}`,
      );
      return list.map(toResident);
    },
    async requestsOfResident(residentId, limit) {
      const list = await rows(db, sql`select ${REQUEST_COLUMNS} from requests r where r.reporter_id = ${residentId} order by r.created_at desc limit ${limit}`);
      return list.map(toRequest);
    },
    async templates(opts = {}) {
      const list = await rows(db, sql`select * from response_templates ${opts.includeInactive ? sql`` : sql`where active`} order by name, id`);
      return list.map(toTemplate);
    },
    async template(id) {
      const r = await one(db, sql`select * from response_templates where id = ${id}`);
      return r && toTemplate(r);
    },
    async saveTemplate(t) {
      const tr = JSON.stringify(t.translations);
      const r = t.id
        ? await one(db, sql`update response_templates set name = ${t.name}, body = ${t.body}, translations = ${tr}::jsonb, active = ${t.active}, updated_at = now() where id = ${t.id} returning *`)
        : await one(db, sql`insert into response_templates (name, body, translations, active) values (${t.name}, ${t.body}, ${tr}::jsonb, ${t.active}) returning *`);
      return toTemplate(r!);
    },
    async audit(e) {
      await db.execute(
        sql`insert into audit_log (actor_user_id, actor_name, action, entity, entity_id, before, after, created_at)
            values (${e.actorUserId}, ${e.actorName}, ${e.action}, ${e.entity}, ${e.entityId},
              ${e.before === undefined ? null : JSON.stringify(e.before)}::jsonb, ${e.after === undefined ? null : JSON.stringify(e.after)}::jsonb, ${e.at.toISOString()})`,
      );
    },
    async auditLog(limit) {
      const list = await rows(db, sql`select * from audit_log order by id desc limit ${limit}`);
      return list.map((r) => ({
        id: Number(r.id),
        actorUserId: (r.actor_user_id as number | null) ?? null,
        actorName: (r.actor_name as string | null) ?? null,
        action: r.action as string,
        entity: r.entity as string,
        entityId: (r.entity_id as string | null) ?? null,
        before: r.before,
        after: r.after,
        at: toDate(r.created_at),
      }));
    },
    async serviceIdByCode(code) {
      const r = await one<{ id: number }>(db, sql`select id from services where code = ${code}`);
      return r ? Number(r.id) : undefined;
    },
    async saveService(s) {
      const id = await upsertService(db, {
        ...s,
        translations: s.translations as Record<string, Record<string, string>>,
        attributes: s.attributes,
      });
      await db.execute(sql`update services set active = ${s.active} where id = ${id}`);
      return id;
    },
    async saveDepartment(d) {
      if (d.id) await db.execute(sql`update departments set code = ${d.code} where id = ${d.id}`);
      const id = await upsertDepartment(db, { code: d.code, name: d.name, email: d.email, phone: d.phone });
      await setLiaisons(db, id, d.liaisonIds);
      return id;
    },
    async listUsers() {
      const ids = await rows<{ id: number }>(db, sql`select id from users order by name, id`);
      const users = usersRepo(db);
      return Promise.all(ids.map(async (r) => (await users.get(Number(r.id)))!));
    },
    async districts() {
      const list = await rows(db, sql`select d.id, l.name as layer, d.name from districts d join district_layers l on l.id = d.layer_id where not l.is_city_limits order by l.name, d.name`);
      return list.map((r) => ({ id: Number(r.id), layer: r.layer as string, name: r.name as string }));
    },
    async saveUser(u) {
      const cur = await usersRepo(db).get(u.id);
      await upsertStaff(db, { email: cur!.email, name: u.name, role: u.role, departmentIds: u.departmentIds });
      await db.execute(sql`update users set away = ${u.away}, active = ${u.active} where id = ${u.id}`);
      if (!u.active) await db.execute(sql`delete from sessions where user_id = ${u.id}`);
    },
  };
}
