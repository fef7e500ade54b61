import type { DistrictsRepo } from '../../app/ports.js';
import { one, rows, sql, type Db } from '../sql.js';

export function districtsRepo(db: Db): DistrictsRepo {
  return {
    async replaceLayer(layer, districts) {
      const l = await one<{ id: number }>(
        db,
        sql`insert into district_layers (code, name, is_city_limits) values (${layer.code}, ${layer.name}, ${layer.isCityLimits})
            on conflict (code) do update set name = excluded.name, is_city_limits = excluded.is_city_limits returning id`,
      );
      const layerId = Number(l!.id);
      const codes = `{${districts.map((d) => `"${d.code.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
      const removed = await rows(db, sql`delete from districts where layer_id = ${layerId} and not (code = any(${codes}::text[])) returning id`);
      // One statement for the whole layer; ST_MakeValid repairs the self-touching rings real files have.
      const written = await rows<{ inserted: boolean }>(
        db,
        sql`insert into districts (layer_id, code, name, properties, geom)
            select ${layerId}, x.code, x.name, x.properties,
              ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326)), 3))
            from jsonb_to_recordset(${JSON.stringify(districts)}::jsonb) as x(code text, name text, properties jsonb, geometry jsonb)
            on conflict (layer_id, code) do update set name = excluded.name, properties = excluded.properties, geom = excluded.geom
            returning (xmax = 0) as inserted`,
      );
      const added = written.filter((w) => w.inserted).length;
      return { layerId, added, updated: written.length - added, removed: removed.length };
    },
    async replaceRequestDistricts() {
      const r = await rows(
        db,
        sql`update requests r set district_ids = n.ids
            from (select q.id, coalesce((select array_agg(d.id order by d.id) from districts d where ST_Intersects(d.geom, q.location)), '{}') as ids
                  from requests q where q.location is not null) n
            where n.id = r.id and r.district_ids is distinct from n.ids
            returning r.id`,
      );
      return r.length;
    },
    async layers() {
      const list = await rows(
        db,
        sql`select l.id, l.code, l.name, l.is_city_limits, (select count(*)::int from districts d where d.layer_id = l.id) as n
            from district_layers l order by l.name`,
      );
      return list.map((r) => ({ id: Number(r.id), code: r.code as string, name: r.name as string, isCityLimits: Boolean(r.is_city_limits), districts: Number(r.n) }));
    },
    async districts(layerId) {
      const list = await rows(
        db,
        sql`select id, layer_id, code, name from districts ${layerId === undefined ? sql`` : sql`where layer_id = ${layerId}`} order by layer_id, name, id`,
      );
      return list.map((r) => ({ id: Number(r.id), layerId: Number(r.layer_id), code: r.code as string, name: r.name as string }));
    },
  };
}
