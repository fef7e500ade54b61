import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import type { Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { drain, startSmtp, testConfig, testDispatcher, type TestSmtp } from './support.js';

let handle: DatabaseHandle;
let smtp: TestSmtp;
let city: TinyCity;
let config: Config;
let dispatcher: ReturnType<typeof testDispatcher>;

beforeAll(async () => {
  handle = await testDb();
  smtp = await startSmtp();
});
beforeEach(async () => {
  await resetDb(handle);
  smtp.mails.length = 0;
  city = await buildTinyCity(handle);
  config = testConfig({ SMTP_URL: smtp.url });
  dispatcher = testDispatcher(handle, config);
});
afterEach(async () => {
  await dispatcher?.stop();
});
afterAll(async () => {
  await smtp.close();
});

describe('the satisfaction survey invitation', () => {
  it('reaches the reporter once the request closes, in their language, with the link to answer', async () => {
    const req = await buildRequest(city.deps, { reporter: { name: 'Lucía', email: 'lucia@example.org' }, locale: 'es' });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: req.id, reason: 'resolved', note: 'Reparado' });
    await drain(handle, dispatcher);
    const invites = smtp.to('lucia@example.org').filter((m) => m.subject.startsWith('¿Cómo lo hicimos?'));
    expect(invites).toHaveLength(1);
    expect(invites[0]!.subject).toBe(`¿Cómo lo hicimos? Su solicitud ${req.publicId}`);
    expect(invites[0]!.text).toContain('https://311.city.example/');
    expect(invites[0]!.text).toMatch(/survey/);
    expect(invites[0]!.messageId).toMatch(/^<survey-\d+\./);
  });

  it('sends nothing to an anonymous reporter', async () => {
    const req = await buildRequest(city.deps);
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: req.id, reason: 'resolved' });
    await drain(handle, dispatcher);
    expect(smtp.mails.filter((m) => /survey|encuesta/i.test(m.subject + m.text))).toHaveLength(0);
  });
});
