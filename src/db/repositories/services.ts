import type { ServiceAttribute } from '../../domain/attributes.js';
import type { Department, Service } from '../../app/model.js';
import type { DepartmentsRepo, ServicesRepo } from '../../app/ports.js';
import { one, rows, sql, toDate, type Db, type Row } from '../sql.js';

const toAttribute = (r: Row): ServiceAttribute => ({
  code: r.code as string,
  datatype: r.datatype as ServiceAttribute['datatype'],
  variable: Boolean(r.variable),
  required: Boolean(r.required),
  position: Number(r.position),
  description: r.description as string,
  datatypeDescription: (r.datatype_description as string | null) ?? null,
  values: (r.values as ServiceAttribute['values']) ?? [],
  translations: (r.translations as ServiceAttribute['translations']) ?? {},
});

const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const toService = (r: Row, attributes: ServiceAttribute[]): Service => ({
  id: Number(r.id),
  code: r.code as string,
  name: r.name as string,
  group: r.group_name as string,
  keywords: (r.keywords as string[] | string) instanceof Array ? (r.keywords as string[]) : parseTextArray(r.keywords as string),
  description: r.description as string,
  departmentId: Number(r.department_id),
  visibility: r.visibility as Service['visibility'],
  informationOnly: Boolean(r.information_only),
  defaultPriority: r.default_priority as Service['defaultPriority'],
  ackWithinHours: numOrNull(r.ack_within_hours),
  resolveWithinHours: numOrNull(r.resolve_within_hours),
  targetsInBusinessHours: Boolean(r.targets_in_business_hours),
  notice: (r.notice as string | null) ?? null,
  duplicateRadiusM: Number(r.duplicate_radius_m),
  kbAnswer: (r.kb_answer as string | null) ?? null,
  translations: (r.translations as Service['translations']) ?? {},
  active: Boolean(r.active),
  attributes,
  updatedAt: toDate(r.updated_at),
});

function parseTextArray(v: string | null | undefined): string[] {
  if (!v || v === '{}') return [];
  return v
    .slice(1, -1)
    .match(/("([^"\\]|\\.)*"|[^,]+)/g)!
    .map((s) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s));
}

const ATTRIBUTES_JSON = sql.raw(`coalesce((select json_agg(a order by a.position, a.id) from service_attributes a where a.service_id = s.id), '[]'::json)`);

function oneWithAttributes(r: Row | undefined): Service | undefined {
  if (!r) return undefined;
  const attrs = typeof r.attributes_json === 'string' ? (JSON.parse(r.attributes_json) as Row[]) : (r.attributes_json as Row[]);
  return toService(r, attrs.map(toAttribute));
}

export function servicesRepo(db: Db): ServicesRepo {
  async function withAttributes(list: Row[]): Promise<Service[]> {
    if (!list.length) return [];
    const ids = `{${list.map((r) => Number(r.id)).join(',')}}`;
    const attrs = await rows(db, sql`select * from service_attributes where service_id = any(${ids}::int[]) order by service_id, position, id`);
    const byService = new Map<number, ServiceAttribute[]>();
    for (const a of attrs) {
      const k = Number(a.service_id);
      byService.set(k, [...(byService.get(k) ?? []), toAttribute(a)]);
    }
    return list.map((r) => toService(r, byService.get(Number(r.id)) ?? []));
  }
  return {
    // One service is read on every submit: with its questions in the same round trip.
    async getByCode(code) {
      return oneWithAttributes(await one(db, sql`select s.*, ${ATTRIBUTES_JSON} as attributes_json from services s where s.code = ${code}`));
    },
    async get(id) {
      return oneWithAttributes(await one(db, sql`select s.*, ${ATTRIBUTES_JSON} as attributes_json from services s where s.id = ${id}`));
    },
    async list(opts = {}) {
      const list = await rows(
        db,
        sql`select * from services where true
            ${opts.includeInternal ? sql`` : sql`and visibility = 'public'`}
            ${opts.includeInactive ? sql`` : sql`and active`}
            order by group_name, name`,
      );
      return withAttributes(list);
    },
  };
}

const toDepartment = (r: Row): Department => ({
  id: Number(r.id),
  code: r.code as string,
  name: r.name as string,
  email: (r.email as string | null) ?? null,
  phone: (r.phone as string | null) ?? null,
  liaisonIds: ((r.liaison_ids as number[] | null) ?? []).map(Number),
});

const DEPARTMENT_SELECT = sql`select d.*, coalesce((select array_agg(l.user_id order by l.rank) from department_liaisons l where l.department_id = d.id), '{}') as liaison_ids from departments d`;

export function departmentsRepo(db: Db): DepartmentsRepo {
  return {
    async get(id) {
      const r = await one(db, sql`${DEPARTMENT_SELECT} where d.id = ${id}`);
      return r && toDepartment(normaliseArrays(r));
    },
    async list() {
      return (await rows(db, sql`${DEPARTMENT_SELECT} order by d.name`)).map((r) => toDepartment(normaliseArrays(r)));
    },
  };
}

function normaliseArrays(r: Row): Row {
  const v = r.liaison_ids;
  return typeof v === 'string' ? { ...r, liaison_ids: parseTextArray(v).map(Number) } : r;
}

export { parseTextArray };
