import type { Page } from 'playwright-core';
import type { Portal } from './portal.js';

// Steps of the report flow shared by the browser tests, by mouse or by keyboard only.

export interface Question {
  code: string;
  datatype: string;
  variable: boolean;
  required: boolean;
  description: string;
  values: Array<{ key: string; name: string }>;
}
export interface ServiceDef {
  code: string;
  name: string;
  group: string;
  informationOnly: boolean;
  questions: Question[];
}

/**
 * The public service with the most kinds of question (and, if asked, one of this datatype): the
 * tests between them then fill every datatype the demo city uses.
 */
export async function richestService(portal: Portal, withDatatype?: string): Promise<ServiceDef> {
  const list = (await portal.app.inject('/api/services?locale=en')).json() as ServiceDef[];
  const score = (s: ServiceDef) => new Set(s.questions.filter((q) => q.variable).map((q) => q.datatype)).size * 10 + s.questions.length;
  const fits = list.filter((s) => !s.informationOnly && (!withDatatype || s.questions.some((q) => q.variable && q.datatype === withDatatype)));
  return fits.sort((a, b) => score(b) - score(a) || a.code.localeCompare(b.code))[0]!;
}

export async function serviceIn(portal: Portal, code: string, locale: 'en' | 'es'): Promise<ServiceDef> {
  return (await portal.app.inject(`/api/services/${code}?locale=${locale}`)).json() as ServiceDef;
}

/** What the tests type for each datatype, and what the server should then store. */
export function plannedAnswers(s: ServiceDef) {
  const typed: Record<string, string | string[]> = {};
  const stored: Record<string, unknown> = {};
  for (const q of s.questions.filter((x) => x.variable)) {
    switch (q.datatype) {
      case 'string':
        typed[q.code] = stored[q.code] = 'By the bus stop';
        break;
      case 'text':
        typed[q.code] = stored[q.code] = 'It has been there for a week.';
        break;
      case 'number':
        typed[q.code] = '3';
        stored[q.code] = 3;
        break;
      case 'datetime':
        typed[q.code] = stored[q.code] = '2026-11-20T09:30';
        break;
      case 'singlevaluelist':
        typed[q.code] = stored[q.code] = q.values[0]!.key;
        break;
      case 'multivaluelist':
        typed[q.code] = stored[q.code] = q.values.slice(0, 2).map((v) => v.key);
        break;
    }
  }
  return { typed, stored };
}

/** Fills the service's questions with the mouse and the page's own controls. */
export async function fillQuestionsByMouse(page: Page, s: ServiceDef) {
  const { typed } = plannedAnswers(s);
  for (const q of s.questions.filter((x) => x.variable)) {
    const v = typed[q.code]!;
    if (q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist') {
      for (const key of Array.isArray(v) ? v : [v]) await page.locator(`fieldset[data-question="${q.code}"] input[value="${key}"]`).check();
    } else {
      await page.locator(`[data-question="${q.code}"]`).fill(String(v));
    }
  }
}

/** Presses Tab until the focused element matches (and contains the text); fails after 80 presses. */
export async function tabTo(page: Page, selector: string, text?: string) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const ok = await page.evaluate(
      ([sel, txt]) => {
        const el = document.activeElement;
        return Boolean(el && el.matches(sel!) && (!txt || (el.textContent ?? '').includes(txt)));
      },
      [selector, text ?? ''] as const,
    );
    if (ok) return;
  }
  throw new Error(`Tab never reached ${selector}${text ? ` with "${text}"` : ''}`);
}

/** Fills the questions with the keyboard only. */
export async function fillQuestionsByKeyboard(page: Page, s: ServiceDef) {
  const { typed } = plannedAnswers(s);
  for (const q of s.questions.filter((x) => x.variable)) {
    const v = typed[q.code]!;
    if (q.datatype === 'singlevaluelist') {
      await tabTo(page, `fieldset[data-question="${q.code}"] input`);
      await page.keyboard.press('Space');
    } else if (q.datatype === 'multivaluelist') {
      await tabTo(page, `fieldset[data-question="${q.code}"] input`);
      await page.keyboard.press('Space');
      if ((v as string[]).length > 1) {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
      }
    } else if (q.datatype === 'datetime') {
      await tabTo(page, `[data-question="${q.code}"]`);
      // Chromium's date-time field takes its parts in the page's locale order (en-US: m/d/y h:m AM).
      // Month and day move on when complete; the year takes up to six digits, so step on by hand.
      await page.keyboard.type('11202026');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.type('0930A');
    } else {
      await tabTo(page, `[data-question="${q.code}"]`);
      await page.keyboard.type(String(v));
    }
  }
}

export async function draftPlace(page: Page): Promise<{ lat?: number; lng?: number; text: string; addressId?: string }> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('civicdesk.draft') ?? '{}').place);
}

/** The page's visible text. */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

/**
 * After a service is chosen the flow shows either the nearby-duplicates step or the details step,
 * once the nearby lookup has answered. Waits for whichever comes (never a fixed pause: under load the
 * lookup can take seconds) and says which.
 */
export async function afterService(page: Page, nearbyText: string, detailsText: string): Promise<'nearby' | 'details'> {
  const nearby = page.locator('h1', { hasText: nearbyText });
  const details = page.locator('h1, h2', { hasText: detailsText });
  await nearby.or(details).first().waitFor({ timeout: 30_000 });
  return (await nearby.count()) > 0 ? 'nearby' : 'details';
}

/** Waits for the flow's step heading (or any h1/h2 with this text). */
export async function heading(page: Page, text: string) {
  await page.locator('h1, h2', { hasText: text }).first().waitFor({ timeout: 30_000 });
}

export function expectClose(a: number, b: number, eps = 1e-5) {
  if (!(Math.abs(a - b) < eps)) throw new Error(`expected ${a} to be within ${eps} of ${b}`);
}
