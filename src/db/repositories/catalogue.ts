import type { ServiceAttribute } from '../../domain/attributes.js';
import type { Role } from '../../domain/vocabulary.js';
import { one, sql, type Db } from '../sql.js';

// Writing the city's configuration: departments, staff, services and their questions.
// Used by the demo seed, imports and the admin.

export interface DepartmentInput {
  code: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  translations?: Record<string, { name?: string }>;
}

export async function upsertDepartment(db: Db, d: DepartmentInput): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into departments (code, name, email, phone, translations)
        values (${d.code}, ${d.name}, ${d.email ?? null}, ${d.phone ?? null}, ${JSON.stringify(d.translations ?? {})}::jsonb)
        on conflict (code) do update set name = excluded.name, email = excluded.email, phone = excluded.phone, translations = excluded.translations
        returning id`,
  );
  return Number(r!.id);
}

export interface StaffInput {
  email: string;
  name: string;
  role: Role;
  passwordHash?: string | null;
  departmentIds?: number[];
  locale?: string;
}

export async function upsertStaff(db: Db, u: StaffInput): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into users (email, name, role, password_hash, locale) values (${u.email}, ${u.name}, ${u.role}, ${u.passwordHash ?? null}, ${u.locale ?? 'en'})
        on conflict (lower(email)) do update set name = excluded.name, role = excluded.role,
          password_hash = coalesce(excluded.password_hash, users.password_hash)
        returning id`,
  );
  const id = Number(r!.id);
  await db.execute(sql`delete from user_departments where user_id = ${id}`);
  for (const dep of u.departmentIds ?? []) {
    await db.execute(sql`insert into user_departments (user_id, department_id) values (${id}, ${dep}) on conflict do nothing`);
  }
  return id;
}

export async function setLiaisons(db: Db, departmentId: number, userIds: number[]): Promise<void> {
  await db.execute(sql`delete from department_liaisons where department_id = ${departmentId}`);
  for (const [rank, userId] of userIds.entries()) {
    await db.execute(sql`insert into department_liaisons (department_id, user_id, rank) values (${departmentId}, ${userId}, ${rank})`);
  }
}

export interface ServiceInput {
  code: string;
  name: string;
  group: string;
  departmentId: number;
  description?: string;
  keywords?: string[];
  visibility?: 'public' | 'internal';
  informationOnly?: boolean;
  defaultPriority?: 'low' | 'normal' | 'high' | 'urgent';
  ackWithinHours?: number | null;
  resolveWithinHours?: number | null;
  targetsInBusinessHours?: boolean;
  notice?: string | null;
  duplicateRadiusM?: number;
  kbAnswer?: string | null;
  translations?: Record<string, Record<string, string>>;
  attributes?: Array<Omit<ServiceAttribute, 'position' | 'variable' | 'datatypeDescription' | 'translations'> & Partial<ServiceAttribute>>;
}

export async function upsertService(db: Db, s: ServiceInput): Promise<number> {
  const keywords = `{${(s.keywords ?? []).map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  const r = await one<{ id: number }>(
    db,
    sql`insert into services (code, name, group_name, keywords, description, department_id, visibility, information_only,
          default_priority, ack_within_hours, resolve_within_hours, targets_in_business_hours, notice, duplicate_radius_m, kb_answer, translations)
        values (${s.code}, ${s.name}, ${s.group}, ${keywords}::text[], ${s.description ?? ''}, ${s.departmentId}, ${s.visibility ?? 'public'},
          ${s.informationOnly ?? false}, ${s.defaultPriority ?? 'normal'}, ${s.ackWithinHours ?? null}, ${s.resolveWithinHours ?? null},
          ${s.targetsInBusinessHours ?? true}, ${s.notice ?? null}, ${s.duplicateRadiusM ?? 50}, ${s.kbAnswer ?? null}, ${JSON.stringify(s.translations ?? {})}::jsonb)
        on conflict (code) do update set name = excluded.name, group_name = excluded.group_name, keywords = excluded.keywords,
          description = excluded.description, department_id = excluded.department_id, visibility = excluded.visibility,
          information_only = excluded.information_only, default_priority = excluded.default_priority,
          ack_within_hours = excluded.ack_within_hours, resolve_within_hours = excluded.resolve_within_hours,
          targets_in_business_hours = excluded.targets_in_business_hours, notice = excluded.notice,
          duplicate_radius_m = excluded.duplicate_radius_m, kb_answer = excluded.kb_answer, translations = excluded.translations, updated_at = now()
        returning id`,
  );
  const id = Number(r!.id);
  if (s.attributes) {
    await db.execute(sql`delete from service_attributes where service_id = ${id}`);
    for (const [i, a] of s.attributes.entries()) {
      await db.execute(
        sql`insert into service_attributes (service_id, code, datatype, variable, required, position, description, datatype_description, values, translations)
            values (${id}, ${a.code}, ${a.datatype}, ${a.variable ?? true}, ${a.required}, ${a.position ?? i + 1}, ${a.description},
              ${a.datatypeDescription ?? null}, ${JSON.stringify(a.values ?? [])}::jsonb, ${JSON.stringify(a.translations ?? {})}::jsonb)`,
      );
    }
  }
  return id;
}

export interface DistrictInput {
  code: string;
  name: string;
  properties?: Record<string, unknown>;
  /** A GeoJSON Polygon or MultiPolygon geometry. */
  geometry: unknown;
}

export async function upsertDistrictLayer(db: Db, layer: { code: string; name: string; isCityLimits?: boolean }, districts: DistrictInput[]): Promise<number> {
  const r = await one<{ id: number }>(
    db,
    sql`insert into district_layers (code, name, is_city_limits) values (${layer.code}, ${layer.name}, ${layer.isCityLimits ?? false})
        on conflict (code) do update set name = excluded.name, is_city_limits = excluded.is_city_limits returning id`,
  );
  const layerId = Number(r!.id);
  await db.execute(sql`delete from districts where layer_id = ${layerId}`);
  for (const d of districts) {
    await db.execute(
      sql`insert into districts (layer_id, code, name, properties, geom)
          values (${layerId}, ${d.code}, ${d.name}, ${JSON.stringify(d.properties ?? {})}::jsonb,
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(d.geometry)}), 4326)), 3)))`,
    );
  }
  return layerId;
}

/** The port `civicdesk user add` writes through. */
export function staffWriter(db: Db) {
  return {
    async departmentIdByCode(code: string) {
      const r = await one<{ id: number }>(db, sql`select id from departments where code = ${code}`);
      return r ? Number(r.id) : undefined;
    },
    upsertStaff: (u: StaffInput) => upsertStaff(db, u),
  };
}
