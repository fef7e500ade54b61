import type { OverdueMark, OverdueRepo } from '../../app/ports.js';
import { rows, sql, toDateOrNull, type Db } from '../sql.js';

export function overdueRepo(db: Db): OverdueRepo {
  return {
    async markOverdue(now, limit) {
      const at = now.toISOString();
      // Rows another transaction holds are skipped (the next sweep gets them). The version is left alone: a
      // flag set by the clock is not an edit, and must not make a staff member's open form stale.
      const list = await rows(
        db,
        sql`with due as (
              select r.id,
                (r.acknowledged_at is null and not r.ack_overdue and r.ack_due_at < ${at}) as ack,
                (not r.resolve_overdue and r.resolve_due_at < ${at}) as res
              from requests r
              where r.id in (
                select id from requests where status <> 'closed' and acknowledged_at is null and not ack_overdue and ack_due_at < ${at}
                union
                select id from requests where status <> 'closed' and not resolve_overdue and resolve_due_at < ${at})
              order by r.id limit ${limit}
              for update of r skip locked)
            update requests r set ack_overdue = r.ack_overdue or due.ack, resolve_overdue = r.resolve_overdue or due.res, updated_at = ${at}
            from due where due.id = r.id
            returning r.id, r.department_id, r.ack_overdue, r.resolve_overdue, r.ack_due_at, r.resolve_due_at, due.ack, due.res`,
      );
      return list.map(
        (r): OverdueMark => ({
          id: Number(r.id),
          departmentId: Number(r.department_id),
          ackOverdue: Boolean(r.ack_overdue),
          resolveOverdue: Boolean(r.resolve_overdue),
          kinds: [...(r.ack ? (['acknowledge'] as const) : []), ...(r.res ? (['resolve'] as const) : [])],
          ackDueAt: toDateOrNull(r.ack_due_at),
          resolveDueAt: toDateOrNull(r.resolve_due_at),
        }),
      );
    },
  };
}
