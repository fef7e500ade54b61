import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { drain, startSmtp, testConfig, testDispatcher, type TestSmtp } from '../notify/support.js';
import { buildTestApp } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';

// Optional resident accounts: a one-time link by e-mail (read from the real SMTP server) signs the
// resident in; "My requests" shows theirs only; the language saved is the one their next e-mail uses.

let handle: DatabaseHandle;
let smtp: TestSmtp;
let city: TinyCity;
let app: FastifyInstance;
let dispatcher: ReturnType<typeof testDispatcher>;

beforeAll(async () => {
  handle = await testDb();
  smtp = await startSmtp();
});
beforeEach(async () => {
  await resetDb(handle);
  smtp.mails.length = 0;
  city = await buildTinyCity(handle);
  app = await buildTestApp(handle, city.deps);
  dispatcher = testDispatcher(handle, testConfig({ SMTP_URL: smtp.url }));
});
afterEach(async () => {
  await dispatcher?.stop();
  await app?.close();
});
afterAll(async () => {
  await smtp.close();
});

const EMAIL = 'ana.account@residents.example';

async function signInLink(email: string, locale = 'en') {
  const res = await app.inject({ method: 'POST', url: '/api/account/link', payload: { email, locale } });
  expect(res.statusCode).toBe(202);
  await drain(handle, dispatcher);
  const mail = smtp.to(email).at(-1)!;
  expect(mail.text).toContain('https://311.city.example/account?lang=');
  return { mail, token: decodeURIComponent(/#token=(\S+)/.exec(mail.text)![1]!) };
}

describe('resident accounts', () => {
  it('signs in by the e-mailed link, lists only my requests newest first, keeps my language for my e-mails, signs out', async () => {
    const mine = await buildRequest(city.deps, { reporter: { name: 'Ana', email: EMAIL } });
    const theirs = await buildRequest(city.deps, { reporter: { name: 'Bo', email: 'bo@residents.example' } });
    const followed = await buildRequest(city.deps, { reporter: { name: 'Cy', email: 'cy@residents.example' } });
    await city.deps.repos.followers.add({ requestId: followed.id, residentId: null, email: EMAIL, locale: 'en', via: 'follow' });
    await drain(handle, dispatcher);
    smtp.mails.length = 0;

    // An unknown address gets the same answer and no mail.
    expect((await app.inject({ method: 'POST', url: '/api/account/link', payload: { email: 'nobody@residents.example' } })).statusCode).toBe(202);
    const { mail, token } = await signInLink(EMAIL);
    expect(mail.subject).toBe('Sign in to the 311 service');
    expect(smtp.to('nobody@residents.example')).toHaveLength(0);
    // Only the hash is stored; a sign-in link does not open the privacy page's export.
    expect(JSON.stringify(await one(handle.db, sql`select * from privacy_links where purpose = 'signin'`))).not.toContain(token);
    expect((await app.inject({ method: 'POST', url: '/api/privacy/export', payload: { token } })).statusCode).toBe(403);

    const before = await app.inject({ url: '/api/account' });
    expect(before.json()).toEqual({ signedIn: false });
    const signIn = await app.inject({ method: 'POST', url: '/api/account/session', payload: { token } });
    expect(signIn.statusCode).toBe(200);
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/^cd_resident=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    // The link works once.
    expect((await app.inject({ method: 'POST', url: '/api/account/session', payload: { token } })).statusCode).toBe(403);
    // The resident cookie is not a staff session.
    expect((await app.inject({ url: '/api/requests', headers: { cookie } })).statusCode).toBe(401);

    const acc = await app.inject({ url: '/api/account', headers: { cookie } });
    expect(acc.statusCode).toBe(200);
    expect(acc.headers['cache-control']).toBe('no-store');
    const body = acc.json();
    expect(body).toMatchObject({ signedIn: true, email: EMAIL, name: 'Ana', locale: 'en' });
    expect(body.requests.map((r: { publicId: string; role: string }) => [r.publicId, r.role])).toEqual([
      [followed.publicId, 'follower'],
      [mine.publicId, 'reporter'],
    ]);
    expect(JSON.stringify(body)).not.toContain(theirs.publicId);

    // Language: refused without a session, bad values refused, Spanish saved and used for the next e-mail.
    expect((await app.inject({ method: 'PUT', url: '/api/account/locale', payload: { locale: 'es' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'PUT', url: '/api/account/locale', headers: { cookie }, payload: { locale: 'fr' } })).statusCode).toBe(400);
    const es = await app.inject({ method: 'PUT', url: '/api/account/locale', headers: { cookie }, payload: { locale: 'es' } });
    expect(es.json()).toEqual({ locale: 'es' });
    expect((await app.inject({ url: '/api/account', headers: { cookie } })).json().locale).toBe('es');
    smtp.mails.length = 0;
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: mine.id, reason: 'resolved', note: 'Reparado' });
    await drain(handle, dispatcher);
    const after = smtp.to(EMAIL);
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((m) => m.subject.startsWith('¿Cómo lo hicimos?'))).toBe(true);
    expect(after.map((m) => m.subject).filter((s) => !/solicitud/i.test(s))).toEqual([]);

    // Sign out: the cookie is cleared and the old session no longer works.
    const out = await app.inject({ method: 'POST', url: '/api/account/sign-out', headers: { cookie }, payload: {} });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/cd_resident=;/);
    expect((await app.inject({ url: '/api/account', headers: { cookie } })).json()).toEqual({ signedIn: false });
    expect((await app.inject({ method: 'PUT', url: '/api/account/locale', headers: { cookie }, payload: { locale: 'en' } })).statusCode).toBe(401);
  }, 40_000);

  it('refuses a made-up or expired link with a clear 403 and bad input with 400', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/account/session', payload: { token: 'x'.repeat(43) } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/account/session', payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/account/link', payload: { email: 'not an address' } })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/account', headers: { cookie: 'cd_resident=forged' } })).json()).toEqual({ signedIn: false });
  });
});
