import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import { purgeReporters } from '../../src/app/privacy/purge-reporters.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { privacyRepo } from '../../src/db/repositories/privacy.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { SYSTEM } from '../../src/domain/actor.js';
import { deliveriesForPrivacyLink } from '../../src/jobs/privacy-link.js';
import { buildTestApp } from '../support/app.js';
import { runCli, tempDataDir } from '../support/cli.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let city: TinyCity;
let app: FastifyInstance;
const clock = fixedClock('2026-01-05T15:00:00Z');
const privacy = () => ({ clock, privacy: privacyRepo(handle.db) });

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-01-05T15:00:00Z');
  city = await buildTinyCity(handle, { clock });
  app = await buildTestApp(handle, city.deps);
});
afterAll(async () => {
  await app?.close();
});

const reporter = (tag: string) => ({ name: `Name ${tag}`, email: `${tag}@residents.example`, phone: `555-${tag}` });
const count = async (q: ReturnType<typeof sql>) => Number((await one<{ n: number }>(handle.db, q))!.n);

describe('privacy purge: reporters of requests closed longer than the retention', () => {
  it('anonymises only requests closed before the cutoff, keeps the request, its history and the figures, and is idempotent', async () => {
    const old = await buildRequest(city.deps, { reporter: reporter('oldpurge1') });
    const kept = await buildRequest(city.deps, { reporter: reporter('keptopen2') });
    // The same person on an old closed request and an open one: unlinked from the old one only.
    const shared = await buildRequest(city.deps, { reporter: reporter('sharedp3') });
    const sharedOpen = await buildRequest(city.deps, { reporter: reporter('sharedp3') });
    await city.deps.repos.followers.add({ requestId: old.id, residentId: null, email: 'neighbour@residents.example', locale: 'en', via: 'follow' });
    await closeRequest(city.deps, city.staff.admin, { requestId: old.id, reason: 'resolved' });
    await closeRequest(city.deps, city.staff.admin, { requestId: shared.id, reason: 'resolved' });
    clock.set('2026-03-01T15:00:00Z'); // 55 days later
    const recent = await buildRequest(city.deps, { reporter: reporter('recentc4') });
    await closeRequest(city.deps, city.staff.admin, { requestId: recent.id, reason: 'resolved' });
    const before = {
      events: await count(sql`select count(*)::int as n from request_events`),
      daily: await rows(handle.db, sql`select * from report_daily order by 1, 2, 3`),
    };

    const r = await purgeReporters(privacy(), SYSTEM, { days: 30 });
    expect(r).toMatchObject({ requests: 2, residents: 1, days: 30 });

    const reporterOf = async (id: number) => (await one<{ reporter_id: number | null }>(handle.db, sql`select reporter_id from requests where id = ${id}`))!.reporter_id;
    expect(await reporterOf(old.id)).toBeNull();
    expect(await reporterOf(shared.id)).toBeNull();
    expect(await reporterOf(kept.id)).not.toBeNull();
    expect(await reporterOf(sharedOpen.id)).not.toBeNull();
    expect(await reporterOf(recent.id)).not.toBeNull();
    // The person behind the old request is gone from the database; the shared one stays (open request).
    const people = await rows<{ email: string | null; name: string | null; phone: string | null }>(handle.db, sql`select email, name, phone from residents order by id`);
    const dump = JSON.stringify(people) + JSON.stringify(await rows(handle.db, sql`select email from followers`));
    expect(dump).not.toContain('oldpurge1');
    expect(dump).not.toContain('neighbour@');
    expect(dump).toContain('sharedp3');
    expect(dump).toContain('recentc4');
    // The request, its public tracking page, its events and the report figures stay.
    const track = await app.inject({ url: `/api/track/${old.publicId}` });
    expect(track.statusCode).toBe(200);
    expect(track.json().status).toBe('closed');
    expect(await count(sql`select count(*)::int as n from request_events`)).toBe(before.events);
    expect(await rows(handle.db, sql`select * from report_daily order by 1, 2, 3`)).toEqual(before.daily);
    // One audit row; a second run finds nothing and writes nothing.
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'privacy.purge'`)).toBe(1);
    expect(await purgeReporters(privacy(), SYSTEM, { days: 30 })).toMatchObject({ requests: 0, residents: 0, followers: 0 });
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'privacy.purge'`)).toBe(1);
  });

  it('uses the retention setting, refuses without one, and is an admin action', async () => {
    await expect(purgeReporters(privacy(), SYSTEM)).rejects.toThrow(/no retention set/);
    await privacyRepo(handle.db).setRetentionDays(10);
    const old = await buildRequest(city.deps, { reporter: reporter('settingx5') });
    await closeRequest(city.deps, city.staff.admin, { requestId: old.id, reason: 'resolved' });
    clock.advanceHours(11 * 24);
    expect(await purgeReporters(privacy(), SYSTEM)).toMatchObject({ requests: 1, days: 10 });
    await expect(purgeReporters(privacy(), city.staff.supervisor, { days: 1 })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe("a resident's own data, through a one-time link", () => {
  async function linkFor(email: string): Promise<string | null> {
    const res = await app.inject({ method: 'POST', url: '/api/privacy/link', payload: { email, locale: 'es' } });
    expect(res.statusCode, res.body).toBe(202);
    const job = (await one<{ payload: Record<string, unknown> }>(handle.db, sql`select payload from outbox where topic = 'privacy.link' order by id desc limit 1`))!;
    const mails = await deliveriesForPrivacyLink(handle.db, loadConfig({ CIVICDESK_DATA_DIR: '/nonexistent', PUBLIC_URL: 'https://311.example.gov' }), job.payload);
    if (!mails.length) return null;
    const text = String(mails[0]!.payload.text);
    expect(text).toContain('Ver o borrar mis datos');
    return decodeURIComponent(/#token=([^\s]+)/.exec(text)![1]!);
  }

  it('downloads the requests, comments and subscriptions, then erases them; the link then stops working', async () => {
    const mine = await buildRequest(city.deps, { reporter: reporter('selfserve6'), description: 'Pothole by my gate' });
    await city.deps.repos.followers.add({ requestId: (await buildRequest(city.deps)).id, residentId: null, email: 'selfserve6@residents.example', locale: 'en', via: 'follow' });
    const token = (await linkFor('SelfServe6@residents.example'))!;
    expect(token).toBeTruthy();

    const exp = await app.inject({ method: 'POST', url: '/api/privacy/export', payload: { token } });
    expect(exp.statusCode, exp.body).toBe(200);
    const data = exp.json();
    expect(data.requests).toHaveLength(1);
    expect(data.requests[0]).toMatchObject({ publicId: mine.publicId, description: 'Pothole by my gate', reporter: { name: 'Name selfserve6', phone: '555-selfserve6' } });
    expect(data.subscriptions.map((s: { via: string }) => s.via).sort()).toEqual(['follow', 'reporter']);

    const erase = await app.inject({ method: 'POST', url: '/api/privacy/erase', payload: { token } });
    expect(erase.statusCode, erase.body).toBe(200);
    expect(erase.json()).toMatchObject({ requests: 1, residents: 1, followers: 2 });
    const left = JSON.stringify(await rows(handle.db, sql`select r.*, f.email as f from residents r full join followers f on true`));
    expect(left).not.toContain('selfserve6');
    expect((await app.inject({ url: `/api/track/${mine.publicId}` })).statusCode).toBe(200);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'privacy.erase'`)).toBe(1);

    const again = await app.inject({ method: 'POST', url: '/api/privacy/export', payload: { token } });
    expect(again.statusCode).toBe(403);
  });

  it('answers the same for an unknown address and sends nothing; a link expires after an hour', async () => {
    expect(await linkFor('nobody-here@residents.example')).toBeNull();
    await buildRequest(city.deps, { reporter: reporter('expiry7') });
    const token = (await linkFor('expiry7@residents.example'))!;
    clock.advanceHours(1.1);
    expect((await app.inject({ method: 'POST', url: '/api/privacy/export', payload: { token } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/privacy/link', payload: { email: 'not an address' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('civicdesk privacy', () => {
  it('sets the retention and purges from the command line; a bad --days is refused', async () => {
    const dir = tempDataDir();
    const set = await runCli(['privacy', 'retention', '--days', '400', '--data-dir', dir]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('400 days after their request closes');
    const purge = await runCli(['privacy', 'purge', '--data-dir', dir]);
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stdout).toMatch(/\(400 days\): 0 requests anonymised/);
    const bad = await runCli(['privacy', 'purge', '--days', 'soon', '--data-dir', dir]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--days');
  }, 240_000);
});
