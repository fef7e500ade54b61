import { open311Error } from './errors.js';

// Open311 parameters arrive as a query string or a form body. They are decoded here strictly:
// bytes that are not UTF-8 are refused (never turned into U+FFFD and stored), and an empty
// parameter means the same as an absent one.

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class Params {
  constructor(private readonly map: Map<string, string[]>) {}

  static empty() {
    return new Params(new Map());
  }

  /** The first non-empty value of a parameter, or undefined. */
  get(name: string): string | undefined {
    return this.map.get(name)?.find((v) => v !== '');
  }

  /** Every non-empty value of a parameter (name and name[] alike). */
  all(name: string): string[] {
    return [...(this.map.get(name) ?? []), ...(this.map.get(`${name}[]`) ?? [])].filter((v) => v !== '');
  }

  names(): string[] {
    return [...this.map.keys()];
  }

  /** Every parameter and its values, sorted by name (an Idempotency-Key's fingerprint). */
  entries(): Array<[string, string[]]> {
    return [...this.map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  merge(other: Params): Params {
    const map = new Map(this.map);
    for (const [k, v] of other.map) map.set(k, [...(map.get(k) ?? []), ...v]);
    return new Params(map);
  }

  /** attribute[CODE] and attribute[CODE][] as the submit use case takes them. */
  attributes(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, values] of this.map) {
      const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(name);
      if (!m) continue;
      const code = m[1]!;
      const given = values.filter((v) => v !== '');
      if (!given.length) continue;
      const prev = out[code];
      const list = [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), ...given];
      out[code] = m[2] || list.length > 1 ? list : list[0]!;
    }
    return out;
  }
}

function decodeComponent(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 /* % */ && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b /* + */) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // Raw non-ASCII in a URL or body: take it as the UTF-8 it should be.
      bytes.push(...Buffer.from(s[i]!, 'utf8'));
    }
  }
  let text: string;
  try {
    text = UTF8.decode(Uint8Array.from(bytes));
  } catch {
    throw open311Error(400, 'parameters must be UTF-8 text: found bytes that are not UTF-8');
  }
  return checkControls(text);
}

// NUL and the other C0 controls (but tab and line breaks) are no text anyone means to send;
// PostgreSQL refuses NUL in text outright.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function checkControls(text: string): string {
  if (CONTROLS.test(text)) throw open311Error(400, 'parameters must not contain control characters (such as NUL)');
  return text;
}

/** Parses application/x-www-form-urlencoded text (a query string or a form body). */
export function parseUrlEncoded(input: string | Uint8Array): Params {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = UTF8.decode(input);
    } catch {
      throw open311Error(400, 'the request body must be UTF-8 text: found bytes that are not UTF-8');
    }
  }
  const map = new Map<string, string[]>();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return new Params(map);
}

/** Multipart fields arrive already decoded; a replacement character means the client sent bytes that were not UTF-8. */
export function fromFields(fields: Array<[string, string]>): Params {
  const map = new Map<string, string[]>();
  for (const [name, value] of fields) {
    if (name.includes('\uFFFD') || value.includes('\uFFFD')) throw open311Error(400, 'parameters must be UTF-8 text: found bytes that are not UTF-8');
    checkControls(name);
    checkControls(value);
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return new Params(map);
}

// ISO 8601: a date, or a date and time with an optional zone (UTC when none is given).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseDate(name: string, value: string | undefined, errors: string[]): Date | undefined {
  if (value === undefined) return undefined;
  const m = ISO.exec(value.trim());
  if (!m) {
    errors.push(`${name}: "${value.slice(0, 40)}" is not an ISO 8601 date-time (e.g. 2026-05-01T09:30:00Z)`);
    return undefined;
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const zone = m[7] ?? 'Z';
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const date = new Date(iso);
  // Date rolls 2026-02-30 over into March: refuse what does not round-trip.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (Number.isNaN(date.getTime()) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    errors.push(`${name}: "${value.slice(0, 40)}" is not a valid date-time`);
    return undefined;
  }
  return date;
}

export function parseIntParam(name: string, value: string | undefined, min: number, max: number, errors: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    errors.push(`${name}: must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return Number(value);
}

export function parseNumber(name: string, value: string | undefined, errors: string[]): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()) || !Number.isFinite(n)) {
    errors.push(`${name}: "${value.slice(0, 40)}" is not a number`);
    return undefined;
  }
  return n;
}

/** Refuses the request with every message at once. */
export function failIfAny(errors: string[], status = 400): void {
  if (errors.length) throw open311Error(status, ...errors);
}
