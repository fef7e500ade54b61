import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeRequest } from '../../src/app/acknowledge-request.js';
import { closeRequest } from '../../src/app/close-request.js';
import { commentOnRequest } from '../../src/app/comment-on-request.js';
import { changeService } from '../../src/app/change-service.js';
import type { Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { setLiaisons, upsertStaff } from '../../src/db/repositories/catalogue.js';
import { settingsRepo } from '../../src/db/repositories/geo-settings.js';
import { one, sql } from '../../src/db/sql.js';
import { formatDue } from '../../src/jobs/mail/templates.js';
import { buildTestApp } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { drain, startSmtp, testConfig, testDispatcher, type TestSmtp } from './support.js';

let handle: DatabaseHandle;
let smtp: TestSmtp;
let city: TinyCity;
let config: Config;
let dispatcher: ReturnType<typeof testDispatcher>;
let backupId: number;

// A 1×1 PNG: the photo of the fix.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function addPhoto(requestId: number, visibility: 'public' | 'internal' = 'public', at?: Date) {
  const m = await one<{ id: number }>(
    handle.db,
    sql`insert into media (request_id, visibility, content_type, byte_size, filename, created_at)
        values (${requestId}, ${visibility}, 'image/png', ${PNG.length}, 'fixed.png', ${(at ?? new Date()).toISOString()}) returning id`,
  );
  await handle.db.execute(sql`insert into media_blobs (media_id, variant, data) values (${m!.id}, 'original', ${PNG})`);
  return Number(m!.id);
}

beforeAll(async () => {
  handle = await testDb();
  smtp = await startSmtp();
});
beforeEach(async () => {
  await resetDb(handle);
  smtp.mails.length = 0;
  city = await buildTinyCity(handle);
  backupId = await upsertStaff(handle.db, { email: 'bob.backup@city.example', name: 'Bob Backup', role: 'department_staff', departmentIds: [city.departments.works] });
  await setLiaisons(handle.db, city.departments.works, [city.staff.worksStaff.userId, backupId]);
  // A council district around the test point.
  await handle.exec(`insert into district_layers (code, name) values ('council', 'Council district');
    insert into districts (layer_id, code, name, geom) select id, '3', 'District 3', ST_Multi(ST_MakeEnvelope(-117.7, 34.0, -117.5, 34.1, 4326)) from district_layers where code = 'council';`);
  await handle.exec(`update services set notice = 'Potholes take six weeks after the storms.',
    translations = '{"es": {"name": "Bache", "notice": "Los baches tardan seis semanas después de las tormentas."}}' where code = 'pothole';
    update service_attributes set translations = '{"es": {"description": "¿Qué tamaño tiene?", "values": {"large": "Grande", "small": "Pequeño"}}}' where code = 'size';`);
  config = testConfig({ SMTP_URL: smtp.url });
  dispatcher = testDispatcher(handle, config);
});
afterEach(async () => {
  await dispatcher?.stop();
});
afterAll(async () => {
  await smtp.close();
});

describe('e-mail to the department', () => {
  it("sends the lead liaison and the backups a summary of a new request with everything they need", async () => {
    const req = await buildRequest(city.deps, {
      description: 'Deep pothole in the right lane, a car lost a tyre',
      address: '12 Elm Street',
      reporter: { name: 'Rosa', email: 'rosa@example.org' },
    });
    const photo = await addPhoto(req.id);
    await drain(handle, dispatcher);

    for (const liaison of ['wendy@city.example', 'bob.backup@city.example']) {
      const [mail, ...more] = smtp.to(liaison);
      expect(more).toHaveLength(0);
      expect(mail!.subject).toBe(`New normal request ${req.publicId}: Pothole`);
      for (const part of [mail!.text, mail!.html]) {
        expect(part).toContain(req.publicId);
        expect(part).toContain('Pothole');
        expect(part).toContain('normal');
        expect(part).toContain('12 Elm Street');
        expect(part).toContain('34.060000, -117.620000');
        expect(part).toContain('Council district: District 3');
        expect(part).toContain('Deep pothole in the right lane, a car lost a tyre');
        expect(part).toContain('How big is it?');
        expect(part).toContain('Large');
        expect(part).toContain(`https://311.city.example/media/${photo}`);
        expect(part).toContain(`https://311.city.example/console/requests/${req.publicId}`);
      }
      expect(mail!.messageId).toMatch(/^<event-\d+\.[A-Za-z0-9_-]+@311\.city\.example>$/);
      // Staff e-mail carries no resident's stop-following link.
      expect(mail!.headers.get('list')).toBeUndefined();
    }
    // The resident's receipt: tracking id, link, the service's notice; and a way to stop.
    const [receipt] = smtp.to('rosa@example.org');
    expect(receipt!.subject).toBe(`We received your request ${req.publicId}`);
    expect(receipt!.text).toContain('Hello Rosa,');
    expect(receipt!.text).toContain(`https://311.city.example/track/${req.publicId}?token=`);
    expect(receipt!.text).toContain('Potholes take six weeks after the storms.');
    expect(JSON.stringify(receipt!.headers.get('list'))).toContain('https://311.city.example/api/unfollow/');
    expect(smtp.mails).toHaveLength(3);
  });

  it('tells the new department when a request is re-routed, and followers about the change', async () => {
    const parksLiaison = city.staff.parksStaff.userId;
    await setLiaisons(handle.db, city.departments.parks, [parksLiaison]);
    const req = await buildRequest(city.deps, { reporter: { email: 'rosa@example.org' } });
    await drain(handle, dispatcher);
    smtp.mails.length = 0;
    await changeService(city.deps, city.staff.supervisor, { requestId: req.id, serviceCode: 'tree', note: 'it is a fallen branch' });
    await drain(handle, dispatcher);
    const [mail] = smtp.to('pat@city.example');
    expect(mail!.subject).toBe(`Request ${req.publicId} re-routed to you: Tree down (normal)`);
    expect(mail!.text).toContain('it is a fallen branch');
    expect(smtp.to('rosa@example.org')[0]!.text).toContain('Tree down');
    expect(smtp.to('wendy@city.example')).toHaveLength(0);
  });

  it("escalates an overdue request to the supervisors and sends the department a daily digest", async () => {
    const req = await buildRequest(city.deps);
    await handle.exec(`update requests set ack_due_at = now() - interval '2 hours', ack_overdue = true`);
    await city.deps.tx((repos) =>
      repos.events.append({ requestId: req.id, type: 'overdue', public: false, data: { kind: 'ack' }, actorType: 'system', actorId: null, actorName: 'CivicDesk', createdAt: new Date() }),
    );
    await drain(handle, dispatcher);
    const [escalation] = smtp.to('sue@city.example');
    expect(escalation!.subject).toBe(`Overdue: request ${req.publicId} missed its acknowledgement target`);

    smtp.mails.length = 0;
    await dispatcher.runOnce(); // schedules the digest
    await handle.exec(`update scheduled_jobs set next_run_at = now() - interval '1 minute'`);
    const again = testDispatcher(handle, config); // a fresh process checks the schedule at once
    expect(await again.runOnce()).toBeGreaterThan(0);
    await drain(handle, again);
    await again.stop();
    const digest = smtp.to('wendy@city.example');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('Public Works: 1 overdue request');
    expect(digest[0]!.text).toContain(req.publicId);
    // The due time reads in the city's own time zone, not in UTC.
    const due = (await one<{ ack_due_at: Date | string }>(handle.db, sql`select ack_due_at from requests where id = ${req.id}`))!.ack_due_at;
    const { timeZone } = await settingsRepo(handle.db).calendar();
    expect(digest[0]!.text).toContain(formatDue(new Date(due), 'en', timeZone));
    expect(digest[0]!.text).not.toContain('UTC');
    const next = await one<{ next_run_at: string }>(handle.db, sql`select next_run_at::text from scheduled_jobs where name = 'digest.overdue'`);
    expect(new Date(next!.next_run_at.replace(' ', 'T').replace(/\+00$/, 'Z')).getTime()).toBeGreaterThan(Date.now());
  });
});

describe("the resident's e-mails", () => {
  it('follow acknowledgement, a public comment and closure with the photo, in Spanish for a Spanish-speaking resident', async () => {
    const req = await buildRequest(city.deps, { locale: 'es', reporter: { name: 'Lucía', email: 'lucia@example.org' } });
    await acknowledgeRequest(city.deps, city.staff.worksStaff, { requestId: req.id });
    await commentOnRequest(city.deps, city.staff.worksStaff, { requestId: req.id, visibility: 'internal', body: 'crew B tomorrow' });
    await commentOnRequest(city.deps, city.staff.worksStaff, { requestId: req.id, visibility: 'public', body: 'Una cuadrilla irá mañana.' });
    await addPhoto(req.id);
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: req.id, reason: 'resolved', note: 'Bache rellenado con asfalto.' });
    await drain(handle, dispatcher);

    // The survey invitation follows closure; test/notify/survey.test.ts covers it.
    const mails = smtp.to('lucia@example.org').filter((m) => !m.subject.startsWith('¿Cómo lo hicimos?'));
    expect(mails.map((m) => m.subject)).toEqual([
      `Hemos recibido su solicitud ${req.publicId}`,
      `Su solicitud ${req.publicId} ha sido recibida por el departamento`,
      `Nuevo comentario en la solicitud ${req.publicId}`,
      `Su solicitud ${req.publicId} ha sido cerrada`,
    ]);
    const [receipt, , comment, closed] = mails;
    expect(receipt!.text).toContain('Hola, Lucía:');
    expect(receipt!.text).toContain('Los baches tardan seis semanas después de las tormentas.');
    expect(receipt!.text).toContain('Bache');
    expect(comment!.text).toContain('Una cuadrilla irá mañana.');
    expect(comment!.text).not.toContain('crew B');
    expect(closed!.text).toContain('Su solicitud fue cerrada: resuelta.');
    expect(closed!.text).toContain('Bache rellenado con asfalto.');
    expect(closed!.text).toContain('¿No está arreglado? Reabra su solicitud:');
    expect(closed!.text).toContain(`https://311.city.example/track/${req.publicId}?token=`);
    expect(closed!.attachments).toHaveLength(1);
    expect(closed!.attachments[0]!.contentType).toBe('image/png');
    expect(Buffer.compare(closed!.attachments[0]!.content, PNG)).toBe(0);
    expect(closed!.html).toContain('<a href="https://311.city.example/track/');
    // Every message has its own stable Message-ID.
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
  });

  it('stops when the resident follows the stop-following link', async () => {
    const req = await buildRequest(city.deps, { reporter: { email: 'rosa@example.org' } });
    await drain(handle, dispatcher);
    const receipt = smtp.to('rosa@example.org')[0]!;
    const link = /https:\/\/311\.city\.example(\/api\/unfollow\/[A-Za-z0-9_-]+)/.exec(receipt.text)![1]!;
    const app: FastifyInstance = await buildTestApp(handle, city.deps);
    try {
      const res = await app.inject({ url: link });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(req.publicId);
      expect((await app.inject({ url: link })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
    await commentOnRequest(city.deps, city.staff.worksStaff, { requestId: req.id, visibility: 'public', body: 'On our list.' });
    await drain(handle, dispatcher);
    expect(smtp.to('rosa@example.org')).toHaveLength(1);
  });

  it('writes .eml files and lists them in the admin API when there is no SMTP server', async () => {
    const noSmtp = testConfig();
    const d = testDispatcher(handle, noSmtp);
    await buildRequest(city.deps, { reporter: { email: 'rosa@example.org' } });
    await drain(handle, d);
    await d.stop();
    const app = await (await import('../../src/server/app.js')).buildApp({ config: noSmtp, handle, deps: city.deps, ready: () => true });
    try {
      const { signInAs } = await import('../support/app.js');
      const admin = await signInAs(app, handle, 'admin@city.example', 'admin');
      const res = await app.inject({ url: '/api/admin/outbox-mail', headers: admin.headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().files).toHaveLength(3); // two liaisons and the receipt
      expect(res.json().files[0].name).toMatch(/\.eml$/);
    } finally {
      await app.close();
    }
  });
});
