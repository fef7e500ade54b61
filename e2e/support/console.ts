/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { one, sql } from '../../src/db/sql.js';
import type { Portal } from './portal.js';

// Steps shared by the staff console's browser tests.

export const DEMO_PASSWORD = 'civicdesk-demo';
export const CALL_TAKER = 'calltaker@alderbrook.example.gov';
export const ADMIN = 'admin@alderbrook.example.gov';
/** Public Works' lead liaison (department_staff) and Parks' (another department). */
export const WORKS_STAFF = 'daniel.reyes@alderbrook.example.gov';
export const PARKS_STAFF = 'miguel.sandoval@alderbrook.example.gov';

export async function signInConsole(page: Page, portal: Portal, email: string, path = '/console') {
  await page.goto(`${portal.url}${path}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
}

export async function staffName(portal: Portal, email: string): Promise<string> {
  return (await one<{ name: string }>(portal.handle.db, sql`select name from users where email = ${email}`))!.name;
}

/** Signs in through the API (no browser) and returns headers for app.inject. */
export async function apiSession(portal: Portal, email: string) {
  const res = await portal.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': res.json().csrfToken as string };
}

/** A new pothole request from a resident, for the tests that need one already in the queue. */
export async function residentPothole(portal: Portal, description: string): Promise<string> {
  return residentRequest(portal, 'pothole', description);
}

/** A new request of any service from a resident at the same address as residentPothole's. */
export async function residentRequest(portal: Portal, serviceCode: string, description: string): Promise<string> {
  const a = (await one<{ lat: number; lng: number; full_address: string }>(portal.handle.db, sql`select ST_Y(location) as lat, ST_X(location) as lng, full_address from addresses order by id offset 7 limit 1`))!;
  const res = await portal.app.inject({
    method: 'POST',
    url: '/api/requests',
    payload: { serviceCode, description, location: { lat: a.lat, lng: a.lng }, address: a.full_address, answers: await minimalAnswers(portal, serviceCode) },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().publicId as string;
}

async function minimalAnswers(portal: Portal, code: string) {
  const s = (await portal.app.inject(`/api/services/${code}`)).json() as { questions: Array<{ code: string; required: boolean; datatype: string; values: Array<{ key: string }> }> };
  const out: Record<string, unknown> = {};
  for (const q of s.questions.filter((x) => x.required)) {
    out[q.code] = q.datatype === 'number' ? 1 : q.datatype === 'multivaluelist' ? [q.values[0]!.key] : q.datatype === 'singlevaluelist' ? q.values[0]!.key : q.datatype === 'datetime' ? '2026-11-20T10:00' : 'yes';
  }
  return out;
}
