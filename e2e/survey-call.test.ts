/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../src/db/sql.js';
import { axeViolations } from './support/checks.js';
import { ADMIN, apiSession, CALL_TAKER, residentPothole, signInConsole } from './support/console.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// A call-taker's follow-up call on a closed request: the satisfaction survey's answers, logged
// from the request's page with the keyboard, counted in the surveys report.

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal({ tiles: 'local' });
});
afterAll(async () => {
  await portal?.close();
});

async function closedPothole(description: string) {
  const publicId = await residentPothole(portal, description);
  const admin = await apiSession(portal, ADMIN);
  const d = (await portal.app.inject({ url: `/api/requests/${publicId}`, headers: admin })).json() as { id: number; version: number };
  const res = await portal.app.inject({ method: 'POST', url: `/api/requests/${d.id}/close`, headers: admin, payload: { expectedVersion: d.version, reason: 'resolved', note: 'Patched' } });
  expect(res.statusCode).toBe(200);
  return publicId;
}

describe('the follow-up call survey', () => {
  it('lets a call-taker log the answers with the keyboard, and the surveys report counts them', async () => {
    const publicId = await closedPothole('Survey call test hole');
    const comment = `Crew was quick ${Date.now()}`;
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, CALL_TAKER, `/console/requests/${publicId}`);
      const section = page.getByRole('region', { name: 'Follow-up call: satisfaction survey' });
      await section.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/polish-survey-1280.png', fullPage: true });

      // Keyboard only: radios in labelled groups, arrows move within a group.
      await section.getByRole('radio', { name: 'Yes' }).focus();
      await page.keyboard.press('Space');
      await page.getByRole('group', { name: /Satisfaction/ }).getByRole('radio', { name: '3' }).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight');
      await page.getByRole('group', { name: /Courtesy/ }).getByRole('radio', { name: '5' }).focus();
      await page.keyboard.press('Space');
      await section.getByLabel('What they said (optional)').focus();
      await page.keyboard.type(comment);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await section.getByText(/The survey was answered on/).waitFor({ timeout: 15_000 });
      expect(await axeViolations(page)).toEqual([]);
      if (process.env.SCREENSHOTS) await section.screenshot({ path: '/tmp/polish-survey-answered-1280.png' });

      const stored = (await one<{ source: string; resolved: boolean; satisfaction: number; courtesy: number; comment: string; logged_by: string }>(
        portal.handle.db,
        sql`select s.source, s.resolved, s.satisfaction, s.courtesy, s.comment, u.email as logged_by
            from surveys s join requests r on r.id = s.request_id left join users u on u.id = s.logged_by_user_id where r.public_id = ${publicId}`,
      ))!;
      expect(stored).toEqual({ source: 'call', resolved: true, satisfaction: 4, courtesy: 5, comment, logged_by: CALL_TAKER });

      const admin = await apiSession(portal, ADMIN);
      const report = (await portal.app.inject({ url: '/api/reports/surveys', headers: admin })).json() as { comments: Array<{ publicId: string; source: string; satisfaction: number | null; courtesy: number | null; resolved: boolean | null; comment: string }> };
      expect(report.comments.find((c) => c.publicId === publicId)).toMatchObject({ source: 'call', satisfaction: 4, courtesy: 5, resolved: true, comment });

      // The page says so when it is opened again, and offers no second form.
      await page.reload();
      await section.getByText(/The survey was answered on/).waitFor();
      expect(await section.getByRole('button', { name: 'Log the answers' }).count()).toBe(0);
    } finally {
      await b.close();
    }
  }, 90_000);

  it('works in Spanish at 360 px and says when someone answered first', async () => {
    const publicId = await closedPothole('Survey call race hole');
    const b = await openBrowser({ width: 360, height: 780 });
    try {
      const { page } = b;
      await signInConsole(page, portal, CALL_TAKER, `/console/requests/${publicId}`);
      await page.getByRole('region', { name: 'Follow-up call: satisfaction survey' }).waitFor();
      await page.evaluate(() => localStorage.setItem('civicdesk.lang', 'es'));
      await page.reload();
      const section = page.getByRole('region', { name: 'Llamada de seguimiento: encuesta de satisfacción' });
      await section.waitFor();
      if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/polish-survey-360-es.png', fullPage: true });
      expect(await axeViolations(page)).toEqual([]);

      // Someone else logs an answer while this page is open.
      const admin = await apiSession(portal, ADMIN);
      const first = await portal.app.inject({ method: 'POST', url: `/api/requests/${publicId}/survey-call`, headers: admin, payload: { satisfaction: 2 } });
      expect(first.statusCode).toBe(201);
      await section.getByRole('group', { name: /Satisfacción/ }).getByRole('radio', { name: '5' }).check();
      await section.getByRole('button', { name: 'Anotar las respuestas' }).click();
      await section.getByText(/La encuesta (ya )?se contestó/).waitFor({ timeout: 15_000 });
      const s = (await one<{ satisfaction: number }>(portal.handle.db, sql`select s.satisfaction from surveys s join requests r on r.id = s.request_id where r.public_id = ${publicId}`))!;
      expect(s.satisfaction).toBe(2);
    } finally {
      await b.close();
    }
  }, 90_000);
});
