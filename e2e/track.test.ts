import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRequest } from '../src/app/close-request.js';
import { commentOnRequest } from '../src/app/comment-on-request.js';
import { upsertStaff } from '../src/db/repositories/catalogue.js';
import { makeDeps } from '../src/db/deps.js';
import { insertPhoto } from '../src/db/repositories/portal.js';
import { links } from '../src/jobs/links.js';
import { testPhoto } from './support/png.js';
import { richestService, plannedAnswers } from './support/flow.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// The tracking page shows what the city said in public and the photo of the fix, never an
// internal comment or the reporter's details; a follower can follow and unfollow.

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal({ tiles: 'failing' });
});
afterAll(async () => {
  await portal?.close();
});

describe('the tracking page', () => {
  it("shows the public comment and the closing photo, never an internal comment", async () => {
    const service = await richestService(portal);
    const res = await portal.app.inject({
      method: 'POST',
      url: '/api/portal/reports',
      payload: { serviceCode: service.code, address: 'Corner of Oak and Elm', location: { lat: 34.06, lng: -117.62 }, answers: plannedAnswers(service).stored, reporter: { name: 'Private Person', email: 'private@example.net' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { publicId, token } = res.json() as { publicId: string; token: string };
    const deps = makeDeps(portal.handle);
    const request = (await deps.repos.requests.getByPublicId(publicId))!;
    const userId = await upsertStaff(portal.handle.db, { email: 'crew.lead@alderbrook.example.gov', name: 'Crew Lead', role: 'admin' });
    const staff = { type: 'staff' as const, userId, name: 'Crew Lead', role: 'admin' as const, departmentIds: [] };
    await commentOnRequest(deps, staff, { requestId: request.id, visibility: 'public', body: 'Our crew filled the pothole this morning.' });
    await commentOnRequest(deps, staff, { requestId: request.id, visibility: 'internal', body: 'INTERNAL: used the cold-patch stock from yard B.' });
    await closeRequest(deps, staff, { requestId: request.id, reason: 'resolved', note: 'Filled' });
    await insertPhoto(portal.handle.db, { requestId: request.id, contentType: 'image/png', data: testPhoto(), width: 640, height: 480, filename: 'after.png', visibility: 'public', uploadedByUserId: userId, commentId: null });

    const b = await openBrowser({ width: 360, height: 800 });
    try {
      const { page } = b;
      // The reporter's device knows the report's token: it may reopen.
      await page.goto(`${portal.url}/`);
      await page.evaluate(([id, tk]) => localStorage.setItem('civicdesk.reports', JSON.stringify({ [id!]: tk })), [publicId, token]);
      await page.goto(`${portal.url}/track/${publicId}`);
      await page.getByText('Our crew filled the pothole this morning.').waitFor();
      const html = await page.content();
      expect(html).not.toContain('INTERNAL');
      expect(html).not.toContain('Private Person');
      expect(html).not.toContain('private@example.net');
      expect(await page.locator('.badge').first().textContent()).toBe('Closed');
      const img = page.locator('.thumbs img').first();
      await img.waitFor();
      expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(640);
      expect(await page.getByText('Photo from the city').count()).toBe(1);

      // Follow, then unfollow.
      await page.getByLabel('Your e-mail').fill('neighbour@example.net');
      await page.getByRole('button', { name: 'Follow', exact: true }).click();
      await page.getByRole('button', { name: 'Stop following' }).waitFor();
      await page.getByRole('button', { name: 'Stop following' }).click();
      await page.getByText('You no longer follow this request.').waitFor();

      // Reopen within the window.
      await page.getByLabel('What is still wrong?').fill('It is back after the rain.');
      await page.getByRole('button', { name: 'Reopen the request' }).click();
      await page.getByText('Your request is open again.').waitFor();
      await page.locator('.badge', { hasNotText: 'Closed' }).first().waitFor();
    } finally {
      await b.close();
    }
  });

  it('opens the reopen form from the link in the closure e-mail, on a device that never saw the report', async () => {
    const service = await richestService(portal);
    const res = await portal.app.inject({
      method: 'POST',
      url: '/api/portal/reports',
      payload: { serviceCode: service.code, address: 'Corner of Oak and Elm', location: { lat: 34.06, lng: -117.62 }, answers: plannedAnswers(service).stored, reporter: { email: 'linked@example.net' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { publicId, token } = res.json() as { publicId: string; token: string };
    const deps = makeDeps(portal.handle);
    const request = (await deps.repos.requests.getByPublicId(publicId))!;
    const userId = await upsertStaff(portal.handle.db, { email: 'crew.lead@alderbrook.example.gov', name: 'Crew Lead', role: 'admin' });
    await closeRequest(deps, { type: 'staff', userId, name: 'Crew Lead', role: 'admin', departmentIds: [] }, { requestId: request.id, reason: 'resolved', note: 'Filled' });

    const b = await openBrowser({ width: 360, height: 800 });
    try {
      const { page } = b;
      await page.goto(links(portal.url).reopen(publicId, token));
      const note = page.getByLabel('What is still wrong?');
      await note.waitFor();
      expect(await note.evaluate((el) => el === document.activeElement)).toBe(true);
      await note.fill('Still there.');
      await page.getByRole('button', { name: 'Reopen the request' }).click();
      await page.getByText('Your request is open again.').waitFor();
      expect((await deps.repos.requests.getByPublicId(publicId))!.status).not.toBe('closed');
    } finally {
      await b.close();
    }
  });
});
