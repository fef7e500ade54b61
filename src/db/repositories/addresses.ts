import type { AddressesRepo, AddressRecord } from '../../app/ports.js';
import { one, rows, sql, type Db, type Row } from '../sql.js';
import { pointSql } from './requests.js';

const COLUMNS = sql`a.id, a.full_address, a.zipcode, ST_Y(a.location) as lat, ST_X(a.location) as lng`;

const toAddress = (r: Row): AddressRecord => ({
  id: r.id as string,
  fullAddress: r.full_address as string,
  zipcode: (r.zipcode as string | null) ?? null,
  location: { lat: Number(r.lat), lng: Number(r.lng) },
});

// How alike the typed street and the best-matching stretch of an address must be (pg_trgm word
// similarity, 0..1). The extension's default, 0.6, misses a street with two typos ("upper msea raod").
export const ADDRESS_MATCH_THRESHOLD = 0.45;

export function addressesRepo(db: Db): AddressesRepo {
  return {
    async get(id) {
      const r = await one(db, sql`select ${COLUMNS} from addresses a where a.id = ${id}`);
      return r && toAddress(r);
    },
    async search(q, limit) {
      const m = /^(\d+[a-z]?)\s+(.+)$/i.exec(q);
      const number = m ? m[1]!.toLowerCase() : null;
      const street = m ? m[2]! : q;
      // Most people type the house number first: an exact number narrows the list to a few dozen (an
      // index), and the street is then compared with typos allowed.
      if (number) {
        const list = await rows(
          db,
          sql`select * from (
                select ${COLUMNS}, word_similarity(${q}, a.full_address) as score, word_similarity(${street}, a.full_address) as street
                from addresses a where lower(split_part(a.full_address, ' ', 1)) = ${number}) x
              where x.street >= ${ADDRESS_MATCH_THRESHOLD}
              order by x.score desc, x.full_address limit ${limit}`,
        );
        if (list.length) return list.map((r) => ({ ...toAddress(r), score: Number(r.score) }));
      }
      // Otherwise (a mistyped number, or only a street): the best-matching streets among the distinct
      // streets, then their addresses, the nearest number first.
      const list = await db.transaction(async (t) => {
        // The threshold is a setting of the session; set_config(..., true) keeps it to this transaction.
        await t.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(ADDRESS_MATCH_THRESHOLD)}, true)`);
        return rows(
          t as unknown as Db,
          sql`with s as (
                select st.street, word_similarity(${street}, st.street) as ws from address_streets st
                where ${street} <% st.street order by ws desc, st.street limit 5)
              select ${COLUMNS}, s.ws as score
              from s join addresses a on lower(substr(a.full_address, strpos(a.full_address, ' ') + 1)) = s.street
              order by s.ws desc, ${number === null ? sql`` : sql`similarity(lower(split_part(a.full_address, ' ', 1)), ${number}) desc,`}
                length(a.full_address), a.full_address
              limit ${limit}`,
        );
      });
      return list.map((r) => ({ ...toAddress(r), score: Number(r.score) }));
    },
    async nearest(p, opts) {
      // The GiST index finds the nearest few in degrees; metres on the spheroid put them in order.
      const list = await rows(
        db,
        sql`select ${COLUMNS}, ST_Distance(a.location::geography, ${pointSql(p)}::geography) as d
            from (select * from addresses order by location <-> ${pointSql(p)} limit ${Math.max(opts.limit * 4, 16)}) a
            where ST_DWithin(a.location::geography, ${pointSql(p)}::geography, ${opts.withinM})
            order by d limit ${opts.limit}`,
      );
      return list.map((r) => ({ ...toAddress(r), distanceM: Number(r.d) }));
    },
    async upsertMany(list) {
      if (!list.length) return;
      const json = JSON.stringify(list.map((a) => ({ id: a.id, f: a.fullAddress, z: a.zipcode, y: a.location.lat, x: a.location.lng })));
      await db.execute(
        sql`insert into addresses (id, full_address, zipcode, location)
            select x.id, x.f, x.z, ST_SetSRID(ST_MakePoint(x.x, x.y), 4326)
            from jsonb_to_recordset(${json}::jsonb) as x(id text, f text, z text, x float8, y float8)
            on conflict (id) do update set full_address = excluded.full_address, zipcode = excluded.zipcode, location = excluded.location`,
      );
    },
  };
}
