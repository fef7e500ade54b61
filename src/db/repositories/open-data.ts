import type { OpenDataRepo } from '../../app/reports/ports.js';
import { rows, sql, type Db } from '../sql.js';

// ISO 8601 in UTC, formatted by PostgreSQL: no Date objects per row on the way out.
const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

// The open-data columns, chosen here so nothing else can leak: no reporter, no description (residents write
// names and phone numbers into it), no answers, no comments, no internal-only services.
export function openDataRepo(db: Db): OpenDataRepo {
  return {
    async page(after, limit, f) {
      const list = await rows(
        db,
        sql`select r.id, r.public_id, s.code as service_code, s.name as service_name, s.group_name, d.name as department, r.status, r.close_reason,
              r.channel, r.priority, ${iso('r.created_at')} as created_at, ${iso('r.acknowledged_at')} as acknowledged_at,
              ${iso('r.closed_at')} as closed_at, ${iso('r.resolved_at')} as resolved_at, r.address, r.zipcode,
              ST_Y(r.location) as lat, ST_X(r.location) as lng
            from requests r join services s on s.id = r.service_id join departments d on d.id = r.department_id
            where r.id > ${after} and s.visibility = 'public'
              ${f.from ? sql`and r.created_at >= ${f.from.toISOString()}` : sql``}
              ${f.to ? sql`and r.created_at < ${f.to.toISOString()}` : sql``}
              ${f.serviceId !== undefined ? sql`and r.service_id = ${f.serviceId}` : sql``}
            order by r.id limit ${limit}`,
      );
      return list.map((r) => ({
        id: Number(r.id),
        publicId: r.public_id as string,
        serviceCode: r.service_code as string,
        serviceName: r.service_name as string,
        serviceGroup: r.group_name as string,
        department: r.department as string,
        status: r.status as string,
        closeReason: (r.close_reason as string | null) ?? null,
        channel: r.channel as string,
        priority: r.priority as string,
        createdAt: r.created_at as string,
        acknowledgedAt: (r.acknowledged_at as string | null) ?? null,
        closedAt: (r.closed_at as string | null) ?? null,
        resolvedAt: (r.resolved_at as string | null) ?? null,
        address: (r.address as string | null) ?? null,
        zipcode: (r.zipcode as string | null) ?? null,
        lat: r.lat === null || r.lat === undefined ? null : Number(r.lat),
        lng: r.lng === null || r.lng === undefined ? null : Number(r.lng),
      }));
    },
  };
}
