import type { RoutingRepo } from '../../app/ports.js';
import type { Liaison, RoutingRule } from '../../domain/routing.js';
import { one, rows, sql, type Db, type Row } from '../sql.js';
import { intArray } from './requests.js';

const toRule = (r: Row): RoutingRule => ({
  id: Number(r.id),
  serviceId: r.service_id === null ? null : Number(r.service_id),
  districtId: r.district_id === null ? null : Number(r.district_id),
  departmentId: Number(r.department_id),
  autoAssign: r.auto_assign === null ? null : Boolean(r.auto_assign),
});

export function routingRepo(db: Db): RoutingRepo {
  return {
    async rulesFor(serviceId, districtIds) {
      const list = await rows(
        db,
        sql`select * from routing_rules
            where (service_id is null or service_id = ${serviceId})
              and (district_id is null or district_id = any(${intArray(districtIds)}))
            order by id`,
      );
      return list.map(toRule);
    },
    async routeFacts(serviceId, districtIds) {
      const r = await one<{ rules: Row[] | null; auto: Record<string, boolean> | null }>(
        db,
        sql`select (select json_agg(x order by x.id) from routing_rules x
                    where (x.service_id is null or x.service_id = ${serviceId})
                      and (x.district_id is null or x.district_id = any(${intArray(districtIds)}))) as rules,
                   (select json_object_agg(d.id, d.auto_assign) from departments d) as auto`,
      );
      return { rules: (r?.rules ?? []).map(toRule), autoAssign: new Map(Object.entries(r?.auto ?? {}).map(([k, v]) => [Number(k), Boolean(v)])) };
    },
    async liaisons(departmentId) {
      const list = await rows(
        db,
        sql`select l.user_id, l.rank, u.away, u.active from department_liaisons l join users u on u.id = l.user_id
            where l.department_id = ${departmentId} order by l.rank`,
      );
      return list.map((r): Liaison => ({ userId: Number(r.user_id), rank: Number(r.rank), away: Boolean(r.away), active: Boolean(r.active) }));
    },
    async departmentAutoAssign(departmentId) {
      const r = await one<{ auto_assign: boolean }>(db, sql`select auto_assign from departments where id = ${departmentId}`);
      return Boolean(r?.auto_assign);
    },
    async setDepartmentAutoAssign(departmentId, on) {
      const r = await one(db, sql`update departments set auto_assign = ${on} where id = ${departmentId} returning id`);
      return Boolean(r);
    },
    async list() {
      return (await rows(db, sql`select * from routing_rules order by id`)).map(toRule);
    },
    async save(rule) {
      const r = await one(
        db,
        sql`insert into routing_rules (service_id, district_id, department_id, auto_assign, note)
            values (${rule.serviceId}, ${rule.districtId}, ${rule.departmentId}, ${rule.autoAssign}, ${rule.note})
            on conflict (coalesce(service_id, 0), coalesce(district_id, 0))
            do update set department_id = excluded.department_id, auto_assign = excluded.auto_assign, note = excluded.note
            returning *`,
      );
      return toRule(r!);
    },
    async delete(id) {
      return Boolean(await one(db, sql`delete from routing_rules where id = ${id} returning id`));
    },
  };
}
