import { DEFAULT_CALENDAR, validateCalendar, type BusinessCalendar } from '../../domain/business-hours.js';
import type { GeoRepo, IdsRepo, SettingsRepo } from '../../app/ports.js';
import { one, rows, sql, pgCode, type Db } from '../sql.js';
import { pointSql } from './requests.js';

export function geoRepo(db: Db): GeoRepo {
  return {
    async districtsAt(p) {
      const list = await rows<{ id: number }>(db, sql`select id from districts where ST_Intersects(geom, ${pointSql(p)}) order by id`);
      return list.map((r) => Number(r.id));
    },
    async placeOf(p) {
      const r = await one<{ ids: number[] | string | null; layers: number; inside: boolean }>(
        db,
        sql`select (select array_agg(d.id order by d.id) from districts d where ST_Intersects(d.geom, ${pointSql(p)})) as ids,
                   count(distinct l.id)::int as layers, coalesce(bool_or(ST_Intersects(c.geom, ${pointSql(p)})), false) as inside
            from district_layers l join districts c on c.layer_id = l.id and l.is_city_limits`,
      );
      const ids = r?.ids ?? [];
      const districtIds = (Array.isArray(ids) ? ids : ids.replace(/[{}]/g, '').split(',').filter(Boolean)).map(Number);
      return { districtIds, insideCityLimits: r && r.layers > 0 ? Boolean(r.inside) : null };
    },
    async insideCityLimits(p) {
      const r = await one<{ layers: number; inside: boolean }>(
        db,
        sql`select count(distinct l.id)::int as layers, coalesce(bool_or(ST_Intersects(d.geom, ${pointSql(p)})), false) as inside
            from district_layers l join districts d on d.layer_id = l.id where l.is_city_limits`,
      );
      return r && r.layers > 0 ? Boolean(r.inside) : null;
    },
  };
}

export function settingsRepo(db: Db): SettingsRepo {
  const get = async <T>(key: string) => (await one<{ value: T }>(db, sql`select value from settings where key = ${key}`))?.value;
  return {
    get,
    async set(key, value) {
      await db.execute(
        sql`insert into settings (key, value) values (${key}, ${JSON.stringify(value)}::jsonb)
            on conflict (key) do update set value = excluded.value, updated_at = now()`,
      );
    },
    async calendar(): Promise<BusinessCalendar> {
      const stored = await get<unknown>('calendar');
      return stored ? validateCalendar(stored) : DEFAULT_CALENDAR;
    },
  };
}

export function idsRepo(db: Db): IdsRepo {
  return {
    async nextRequestNumber(year) {
      const seq = sql.raw(`request_number_${Math.trunc(year)}`);
      try {
        return Number((await one<{ n: number }>(db, sql`select nextval('${seq}') as n`))!.n);
      } catch (err) {
        if (pgCode(err) !== '42P01') throw err;
        // First request of the year: create its sequence (another process may race us to it).
        await db.execute(sql`create sequence if not exists ${seq}`).catch((e) => {
          if (!['23505', '42P07'].includes(pgCode(e) ?? '')) throw e;
        });
        return Number((await one<{ n: number }>(db, sql`select nextval('${seq}') as n`))!.n);
      }
    },
    async ensureYear(year) {
      const seq = sql.raw(`request_number_${Math.trunc(year)}`);
      await db.execute(sql`create sequence if not exists ${seq}`).catch((e) => {
        if (!['23505', '42P07'].includes(pgCode(e) ?? '')) throw e;
      });
    },
  };
}
