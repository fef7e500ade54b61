import { invalid, type FieldIssue } from './errors.js';
import type { AttributeDatatype } from './vocabulary.js';

/** A service's question, in the Open311 attribute model. */
export interface ServiceAttribute {
  code: string;
  datatype: AttributeDatatype;
  /** false: informational text shown to the reporter, never answered. */
  variable: boolean;
  required: boolean;
  position: number;
  description: string;
  datatypeDescription: string | null;
  values: Array<{ key: string; name: string }>;
  translations: Record<string, { description?: string; values?: Record<string, string> }>;
}

export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;
export type RawAnswers = Record<string, string | string[] | number | undefined>;

const MAX_STRING = 255;
const MAX_TEXT = 4000;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/**
 * Checks answers against a service's questions and returns them normalised (numbers as
 * numbers, multi-value lists as arrays). Every problem is reported at once.
 */
export function validateAnswers(attributes: ServiceAttribute[], raw: RawAnswers, field = 'attribute'): Answers {
  const issues: FieldIssue[] = [];
  const out: Answers = {};
  const known = new Map(attributes.filter((a) => a.variable).map((a) => [a.code, a]));
  for (const code of Object.keys(raw)) {
    if (!known.has(code)) issues.push({ field: `${field}[${code}]`, message: 'is not a question of this service' });
  }
  for (const a of known.values()) {
    const f = `${field}[${a.code}]`;
    const value = raw[a.code];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (a.required) issues.push({ field: f, message: `is required (${a.description})` });
      continue;
    }
    const checked = checkValue(a, value, f, issues);
    if (checked !== undefined) out[a.code] = checked;
  }
  if (issues.length) throw invalid(issues);
  return out;
}

function checkValue(a: ServiceAttribute, value: string | string[] | number, f: string, issues: FieldIssue[]): AnswerValue | undefined {
  const keys = new Set(a.values.map((v) => v.key));
  if (a.datatype === 'multivaluelist') {
    const list = (Array.isArray(value) ? value : [String(value)]).map(String);
    const bad = list.filter((v) => !keys.has(v));
    if (bad.length) return void issues.push({ field: f, message: `${bad.map((b) => JSON.stringify(b)).join(', ')} not among the allowed values` });
    return [...new Set(list)];
  }
  if (Array.isArray(value)) {
    if (value.length !== 1) return void issues.push({ field: f, message: 'takes a single value' });
    value = value[0]!;
  }
  const s = String(value).trim();
  switch (a.datatype) {
    case 'number': {
      const n = Number(s);
      if (s === '' || !Number.isFinite(n)) return void issues.push({ field: f, message: 'must be a number' });
      return n;
    }
    case 'datetime':
      if (!ISO_DATETIME.test(s) || Number.isNaN(Date.parse(s))) return void issues.push({ field: f, message: 'must be an ISO 8601 date or date-time' });
      return s;
    case 'singlevaluelist':
      if (!keys.has(s)) return void issues.push({ field: f, message: `${JSON.stringify(s)} is not among the allowed values` });
      return s;
    case 'string':
      if (s.length > MAX_STRING) return void issues.push({ field: f, message: `must be at most ${MAX_STRING} characters` });
      return s;
    case 'text':
      if (s.length > MAX_TEXT) return void issues.push({ field: f, message: `must be at most ${MAX_TEXT} characters` });
      return s;
  }
}
