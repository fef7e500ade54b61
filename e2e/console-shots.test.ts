import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ADMIN, residentPothole, signInConsole } from './support/console.js';
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
