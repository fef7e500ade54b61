import { acknowledgeRequest } from '../../src/app/acknowledge-request.js';
import { closeRequest } from '../../src/app/close-request.js';
import { submitRequest } from '../../src/app/submit-request.js';
import { answerSurvey } from '../../src/app/surveys/answer-survey.js';
import type { Actor } from '../../src/domain/actor.js';
import type { Channel } from '../../src/domain/vocabulary.js';
import { makeDeps } from '../../src/db/deps.js';
import { upsertDepartment, upsertService } from '../../src/db/repositories/catalogue.js';
import { one, rows, sql } from '../../src/db/sql.js';
import type { Portal } from './portal.js';

// The reports' browser tests read their own requests, not the demo's random history: two departments
// and three services of their own, and requests placed in 2018-2019 (years before the demo's history),
// each received, acknowledged, closed and surveyed at a chosen instant through the real use cases.

export const RANGE = { from: '2018-07-01', to: '2019-12-31' };

interface Plan {
  at: string;
  service: 'rt_pothole' | 'rt_sign' | 'rt_tree';
  channel: Channel;
  /** Hours after coming in (wall clock) when acknowledged / closed; absent: never. */
  ack?: number;
  close?: number;
  reason?: 'resolved' | 'not_city_responsibility';
  survey?: { satisfaction: number; courtesy: number; resolved: boolean; comment?: string };
  place: number;
}

// Instants in UTC; Alderbrook keeps Los Angeles time (17:00Z is 09:00 or 10:00 local on a weekday).
const PLAN: Plan[] = [
  { at: '2018-09-04T17:00:00Z', service: 'rt_pothole', channel: 'phone', ack: 2, close: 20, reason: 'resolved', place: 0 },
  { at: '2018-11-13T17:00:00Z', service: 'rt_tree', channel: 'web', ack: 1, close: 30, reason: 'resolved', place: 1 },
  { at: '2019-01-15T17:00:00Z', service: 'rt_pothole', channel: 'web', ack: 1, close: 6, reason: 'resolved', place: 0, survey: { satisfaction: 5, courtesy: 5, resolved: true, comment: 'Fixed the same day, thank you.' } },
  { at: '2019-02-12T17:00:00Z', service: 'rt_pothole', channel: 'phone', ack: 30, close: 200, reason: 'resolved', place: 2, survey: { satisfaction: 2, courtesy: 3, resolved: true, comment: 'It took far too long.' } },
  { at: '2019-03-05T17:00:00Z', service: 'rt_sign', channel: 'email', ack: 3, close: 22, reason: 'resolved', place: 3 },
  { at: '2019-04-09T17:00:00Z', service: 'rt_tree', channel: 'web', ack: 5, close: 48, reason: 'not_city_responsibility', place: 1, survey: { satisfaction: 3, courtesy: 4, resolved: false } },
  { at: '2019-05-14T17:00:00Z', service: 'rt_pothole', channel: 'walk_in', ack: 2, close: 27, reason: 'resolved', place: 0 },
  { at: '2019-07-16T17:00:00Z', service: 'rt_sign', channel: 'web', ack: 1, close: 4, reason: 'resolved', place: 3, survey: { satisfaction: 4, courtesy: 5, resolved: true, comment: 'Quick and polite.' } },
  { at: '2019-08-20T17:00:00Z', service: 'rt_tree', channel: 'phone', ack: 2, place: 1 },
  { at: '2019-10-08T17:00:00Z', service: 'rt_pothole', channel: 'web', place: 2 },
  { at: '2019-11-19T17:00:00Z', service: 'rt_pothole', channel: 'phone', ack: 4, place: 0 },
  { at: '2019-12-03T17:00:00Z', service: 'rt_sign', channel: 'web', place: 3 },
];

export interface ReportData {
  departments: { streets: number; parks: number };
  services: Record<'rt_pothole' | 'rt_sign' | 'rt_tree', number>;
  publicIds: string[];
}

export async function buildReportData(portal: Portal, managerEmail: string): Promise<ReportData> {
  const db = portal.handle.db;
  const streets = await upsertDepartment(db, { code: 'rt_streets', name: 'Test Streets', email: 'streets@alderbrook.example.gov', translations: { es: { name: 'Calles de prueba' } } });
  const parks = await upsertDepartment(db, { code: 'rt_parks', name: 'Test Parks', email: 'parks@alderbrook.example.gov', translations: { es: { name: 'Parques de prueba' } } });
  const service = (code: string, name: string, nameEs: string, departmentId: number, ack: number, resolve: number) =>
    upsertService(db, { code, name, group: 'Test', departmentId, ackWithinHours: ack, resolveWithinHours: resolve, duplicateRadiusM: 0, translations: { es: { name: nameEs } } });
  const services = {
    rt_pothole: await service('rt_pothole', 'Test pothole', 'Bache de prueba', streets, 8, 40),
    rt_sign: await service('rt_sign', 'Test street sign', 'Señal de prueba', streets, 4, 16),
    rt_tree: await service('rt_tree', 'Test fallen tree', 'Árbol caído de prueba', parks, 8, 24),
  };
  await db.execute(sql`insert into settings (key, value) values ('reports', ${JSON.stringify({ annualSystemCost: 120000, currency: 'USD' })}::jsonb)
    on conflict (key) do update set value = excluded.value`);
  const places = await rows<{ lat: number; lng: number; full_address: string }>(db, sql`select ST_Y(location) as lat, ST_X(location) as lng, full_address from addresses order by id limit 4 offset 20`);
  const user = (await one<{ id: number; name: string }>(db, sql`select id, name from users where email = ${managerEmail}`))!;
  const manager: Actor = { type: 'staff', userId: user.id, name: user.name, role: 'supervisor', departmentIds: [] };
  const resident: Actor = { type: 'resident', residentId: null, name: null };
  let now = new Date();
  const deps = makeDeps(portal.handle, { clock: { now: () => new Date(now) } });
  const publicIds: string[] = [];
  for (const [i, p] of PLAN.entries()) {
    const start = new Date(p.at);
    const at = (h: number) => new Date(start.getTime() + h * 3_600_000);
    now = start;
    const place = places[p.place]!;
    const { request } = await submitRequest(deps, p.channel === 'web' ? resident : manager, {
      serviceCode: p.service,
      channel: p.channel,
      description: `Report test request ${i + 1}`,
      location: { lat: place.lat, lng: place.lng },
      address: place.full_address,
      reporter: { name: `Report Tester ${i + 1}`, email: `report.tester${i + 1}@example.net` },
    });
    publicIds.push(request.publicId);
    if (p.ack !== undefined) {
      now = at(p.ack);
      await acknowledgeRequest(deps, manager, { requestId: request.id });
    }
    if (p.close !== undefined) {
      now = at(p.close);
      await closeRequest(deps, manager, { requestId: request.id, reason: p.reason ?? 'resolved', note: 'Done' });
    }
    if (p.survey) {
      now = at((p.close ?? 0) + 24);
      await answerSurvey(deps, request.token, p.survey);
    }
  }
  return { departments: { streets, parks }, services, publicIds };
}
