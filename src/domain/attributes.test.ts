import { describe, expect, it } from 'vitest';
import { validateAnswers, type ServiceAttribute } from './attributes.js';
import { AppError } from './errors.js';

const q = (code: string, datatype: ServiceAttribute['datatype'], required = false, values: string[] = []): ServiceAttribute => ({
  code,
  datatype,
  variable: true,
  required,
  position: 1,
  description: code,
  datatypeDescription: null,
  values: values.map((key) => ({ key, name: key.toUpperCase() })),
  translations: {},
});

const questions = [
  q('surface', 'singlevaluelist', true, ['wall', 'fence']),
  q('colours', 'multivaluelist', false, ['red', 'blue']),
  q('days', 'number'),
  q('seen', 'datetime'),
  q('plate', 'string'),
  q('notes', 'text'),
  { ...q('info', 'text'), variable: false },
];

const issuesOf = (raw: Record<string, unknown>) => {
  try {
    validateAnswers(questions, raw as never);
    return [];
  } catch (e) {
    return (e as AppError).issues.map((i) => i.field).sort();
  }
};

describe('answers to a service questions', () => {
  it('normalises good answers', () => {
    expect(validateAnswers(questions, { surface: 'wall', colours: 'red', days: '3', seen: '2026-05-01T10:00:00Z', plate: ' 7ABC123 ' })).toEqual({
      surface: 'wall',
      colours: ['red'],
      days: 3,
      seen: '2026-05-01T10:00:00Z',
      plate: '7ABC123',
    });
  });

  it('reports every problem at once', () => {
    expect(issuesOf({ colours: ['red', 'green'], days: 'three', seen: 'yesterday', plate: 'x'.repeat(300), extra: '1', info: 'x' })).toEqual([
      'attribute[colours]',
      'attribute[days]',
      'attribute[extra]',
      'attribute[info]',
      'attribute[plate]',
      'attribute[seen]',
      'attribute[surface]',
    ]);
  });

  it('refuses a value not in the list and several values for a single-value list', () => {
    expect(issuesOf({ surface: 'roof' })).toEqual(['attribute[surface]']);
    expect(issuesOf({ surface: ['wall', 'fence'] })).toEqual(['attribute[surface]']);
  });
});
