import type { SurveysRepo, SurveyTarget } from '../../app/surveys/ports.js';
import { one, sql, toDateOrNull, type Db, type Row } from '../sql.js';

const toTarget = (r: Row): SurveyTarget => ({
  requestId: Number(r.id),
  publicId: r.public_id as string,
  serviceId: Number(r.service_id),
  departmentId: Number(r.department_id),
  status: r.status as string,
  closedAt: toDateOrNull(r.closed_at),
  locale: r.locale as string,
  answeredAt: toDateOrNull(r.answered_at),
});

const TARGET = sql`select q.id, q.public_id, q.service_id, q.department_id, q.status, q.closed_at, q.locale, s.answered_at
  from requests q left join surveys s on s.request_id = q.id`;

export function surveysRepo(db: Db): SurveysRepo {
  return {
    async invite(requestId, payload, at) {
      const r = await one(
        db,
        sql`insert into surveys (request_id, invited_at) values (${requestId}, ${at.toISOString()})
            on conflict (request_id) do nothing returning request_id`,
      );
      if (!r) return false;
      await db.execute(sql`insert into outbox (topic, payload) values ('survey.invite', ${JSON.stringify(payload)}::jsonb)`);
      return true;
    },
    async byToken(token) {
      const r = await one(db, sql`${TARGET} where q.token = ${token}`);
      return r && toTarget(r);
    },
    async byRequest(requestId) {
      const r = await one(db, sql`${TARGET} where q.id = ${requestId}`);
      return r && toTarget(r);
    },
    async answer(requestId, a, source, loggedBy, at) {
      const r = await one(
        db,
        sql`insert into surveys as s (request_id, answered_at, source, resolved, satisfaction, courtesy, comment, logged_by_user_id)
            values (${requestId}, ${at.toISOString()}, ${source}, ${a.resolved}, ${a.satisfaction}, ${a.courtesy}, ${a.comment}, ${loggedBy})
            on conflict (request_id) do update set answered_at = excluded.answered_at, source = excluded.source, resolved = excluded.resolved,
              satisfaction = excluded.satisfaction, courtesy = excluded.courtesy, comment = excluded.comment, logged_by_user_id = excluded.logged_by_user_id
            where s.answered_at is null
            returning s.request_id`,
      );
      return Boolean(r);
    },
  };
}

/** For the mailer of 'survey.invite': where to send it now, or nothing (no e-mail, or the resident was anonymised). */
export async function surveyRecipient(db: Db, requestId: number): Promise<{ email: string; locale: string } | undefined> {
  const r = await one<{ email: string; locale: string }>(
    db,
    sql`select p.email, p.locale from requests q join residents p on p.id = q.reporter_id
        where q.id = ${requestId} and p.email is not null and p.anonymised_at is null`,
  );
  return r ?? undefined;
}
