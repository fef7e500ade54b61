/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import en from '../../web/src/locales/en.js';
import es from '../../web/src/locales/es.js';

// Page checks shared by the browser tests: axe-core's WCAG 2.1 AA rules, and English left on a
// Spanish page (compared against the English catalogue).

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a <script>: the pages' Content-Security-Policy refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE}\n;void 0`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

function flatten(o: unknown, out: string[] = []): string[] {
  if (typeof o === 'string') out.push(o);
  else if (o && typeof o === 'object') for (const v of Object.values(o)) flatten(v, out);
  return out;
}

function pairs(a: unknown, b: unknown, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof a === 'string') out.push([a, String(b)]);
  else if (a && typeof a === 'object') for (const [k, v] of Object.entries(a)) pairs(v, (b as Record<string, unknown>)[k], out);
  return out;
}

/** Pieces of English text (between placeholders) that the Spanish catalogue does not also use. */
export const ENGLISH_FRAGMENTS: string[] = (() => {
  const spanish = flatten(es).join('\n');
  const fragments = new Set<string>();
  for (const [e, s] of pairs(en, es)) {
    if (e === s) continue;
    for (const f of e.split(/\{\{[^}]+\}\}/)) {
      const frag = f.trim().replace(/[.:…]+$/, '');
      if (frag.length >= 4 && /[a-z]{3}/i.test(frag) && !spanish.includes(frag)) fragments.add(frag);
    }
  }
  return [...fragments];
})();

/** The page's visible text plus the text a screen reader reads from attributes. */
export async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs = Array.from(document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')).flatMap((el) =>
      ['aria-label', 'alt', 'title', 'placeholder'].map((a) => el.getAttribute(a) ?? '').filter(Boolean),
    );
    return [document.title, document.body.innerText, ...attrs].join('\n');
  });
}

/** English catalogue strings still visible on the page. */
export async function englishLeft(page: Page): Promise<string[]> {
  const text = await pageText(page);
  return ENGLISH_FRAGMENTS.filter((f) => new RegExp(`(^|[^\\p{L}])${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text));
}
