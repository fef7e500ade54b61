import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ADMIN, apiSession, residentPothole, signInConsole } from './support/console.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// Screenshots of every console and admin page at 1280 and 360 px, for a person to look at:
// CONSOLE_SHOTS=1 npx vitest run e2e/console-shots.test.ts  -> /tmp/shots/console/

const OUT = '/tmp/shots/console';
let portal: Portal;

describe('console screenshots', () => {
  beforeAll(async () => {
    portal = await startPortal({ tiles: 'local' });
    mkdirSync(OUT, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await portal?.close();
  });

  it('shoots every page at both widths', async () => {
    const publicId = await residentPothole(portal, 'A deep pothole by the school crossing; cars swerve around it.');
    await residentPothole(portal, 'Pothole near the school, the same one probably');
    // Something on the configuration screens: a rule, two keys (one revoked), a webhook.
    const headers = await apiSession(portal, ADMIN);
    const post = (url: string, payload: object) => portal.app.inject({ method: 'POST', url, headers, payload });
    const parks = (await portal.app.inject({ url: '/api/directory', headers })).json().departments.find((d: { code: string }) => d.code === 'parks').id;
    await post('/api/admin/routing-rules', { serviceCode: 'shopping_carts', departmentId: parks });
    await post('/api/admin/api-keys', { name: 'Neighbourhood app', kind: 'open311' });
    const revoked = (await post('/api/admin/api-keys', { name: 'Old work-order system', kind: 'integration' })).json().id;
    await post(`/api/admin/api-keys/${revoked}/revoke`, {});
    await post('/api/admin/webhooks', { url: 'https://workorders.example.gov/civicdesk/hook', events: ['request.created', 'request.closed'], description: 'Work orders' });
    for (const width of [1280, 360]) {
      const b = await openBrowser({ width, height: width === 360 ? 780 : 900 });
      try {
        const { page } = b;
        await page.goto(`${portal.url}/console`);
        await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
        await page.screenshot({ path: `${OUT}/sign-in-${width}.png`, fullPage: true });
        await signInConsole(page, portal, ADMIN);
        const pages: Array<[string, string, string]> = [
          ['queue', '/console', 'Queue'],
          ['queue-map', '/console?view=map', 'Queue'],
          ['detail', `/console/requests/${publicId}`, publicId],
          ['intake', '/console/intake', 'Take a request'],
          ['admin-services', '/admin/services', 'Services'],
          ['admin-service-edit', '/admin/services/pothole', 'Pothole'],
          ['admin-templates', '/admin/templates', 'Response templates'],
          ['admin-departments', '/admin/departments', 'Departments'],
          ['admin-users', '/admin/users', 'Users and roles'],
          ['admin-calendar', '/admin/calendar', 'Business calendar'],
          ['admin-audit', '/admin/audit', 'Audit log'],
          ['admin-routing', '/admin/routing', 'Routing rules'],
          ['admin-districts', '/admin/districts', 'District layers'],
          ['admin-keys', '/admin/keys', 'API keys'],
          ['admin-webhooks', '/admin/webhooks', 'Webhooks'],
          ['admin-email', '/admin/email', 'E-mail templates'],
        ];
        for (const [name, path, title] of pages) {
          await page.goto(`${portal.url}${path}`);
          await page.locator('h1', { hasText: title }).first().waitFor();
          await page.waitForLoadState('networkidle');
          await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: name !== 'admin-users' && name !== 'admin-services' });
        }
        // The intake with a service chosen: its knowledge-base answer and questions.
        await page.goto(`${portal.url}/console/intake`);
        await page.locator('#service-search').fill('pothole');
        await page.locator('#service-search').press('Enter');
        await page.getByTestId('kb-answer').waitFor();
        await page.screenshot({ path: `${OUT}/intake-service-${width}.png`, fullPage: true });
      } finally {
        await b.close();
      }
    }
  }, 300_000);
});
