import { describe, expect, it } from 'vitest';
import { CITY, DEPARTMENTS, SERVICES, type DemoQuestion, type DemoService } from './catalogue.js';
import { PARK_VALUES } from './catalogue-helpers.js';
import { PARKS } from './geography.js';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const byCode = (code: string): DemoService => {
  const s = SERVICES.find((x) => x.code === code);
  if (!s) throw new Error(`no service ${code}`);
  return s;
};
const question = (service: string, code: string): DemoQuestion => {
  const q = byCode(service).questions.find((x) => x.code === code);
  if (!q) throw new Error(`no question ${service}.${code}`);
  return q;
};

describe('city', () => {
  it('describes Alderbrook', () => {
    expect(CITY).toMatchObject({ name: 'Alderbrook', jurisdictionId: 'alderbrook.example.gov', timeZone: 'America/Los_Angeles' });
    expect(CITY.centre.lat).toBeCloseTo(34.06, 2);
    expect(CITY.centre.lng).toBeCloseTo(-117.62, 2);
    expect(CITY.population).toBeGreaterThan(70_000);
    expect(CITY.population).toBeLessThan(80_000);
    expect(CITY.fiscalYearStartMonth).toBe(7);
  });
});

describe('departments', () => {
  it('has exactly the eight departments', () => {
    expect(DEPARTMENTS).toHaveLength(8);
    expect(new Set(DEPARTMENTS.map((d) => d.code)).size).toBe(8);
    const names = DEPARTMENTS.map((d) => d.name).join(' | ');
    for (const word of ['Public Works', 'Parks', 'Water', 'Code Enforcement', 'Parking', 'Street Lighting', 'Quality of Life', 'Graffiti', 'Sheriff']) {
      expect(names).toContain(word);
    }
  });

  it('has 2-4 staff each, one lead liaison and one or two backups, all on the city domain', () => {
    const emails = new Set<string>();
    for (const d of DEPARTMENTS) {
      expect(d.code).toMatch(SNAKE);
      expect(d.email).toMatch(/^[a-z.]+@alderbrook\.example\.gov$/);
      expect(d.phone).toMatch(/^\(909\) 555-01\d\d$/);
      expect(d.staff.length).toBeGreaterThanOrEqual(2);
      expect(d.staff.length).toBeLessThanOrEqual(4);
      expect(d.staff.filter((m) => m.liaison === 'lead')).toHaveLength(1);
      const backups = d.staff.filter((m) => m.liaison === 'backup').length;
      expect(backups).toBeGreaterThanOrEqual(1);
      expect(backups).toBeLessThanOrEqual(2);
      for (const m of d.staff) {
        expect(m.email).toMatch(/^[a-z]+\.[a-z]+@alderbrook\.example\.gov$/);
        expect(emails.has(m.email)).toBe(false);
        emails.add(m.email);
        expect(['supervisor', 'department_staff', 'field']).toContain(m.role);
      }
    }
  });
});

describe('services', () => {
  it('has about forty services with unique snake_case codes', () => {
    expect(SERVICES.length).toBeGreaterThanOrEqual(38);
    expect(SERVICES.length).toBeLessThanOrEqual(46);
    expect(new Set(SERVICES.map((s) => s.code)).size).toBe(SERVICES.length);
    for (const s of SERVICES) expect(s.code).toMatch(SNAKE);
  });

  it('has weights that are shares of requests summing to 1', () => {
    for (const s of SERVICES) expect(s.weight).toBeGreaterThan(0);
    expect(SERVICES.reduce((a, s) => a + s.weight, 0)).toBeCloseTo(1, 9);
  });

  it('routes every service to a department that exists', () => {
    const codes = new Set(DEPARTMENTS.map((d) => d.code));
    for (const s of SERVICES) expect(codes.has(s.departmentCode), s.code).toBe(true);
    // and every department owns at least one service
    for (const d of DEPARTMENTS) expect(SERVICES.some((s) => s.departmentCode === d.code), d.code).toBe(true);
  });

  it('has sensible targets', () => {
    for (const s of SERVICES) {
      if (s.informationOnly) continue;
      expect(s.resolveWithinHours, s.code).toBeGreaterThan(0);
      if (s.ackWithinHours !== null && s.resolveWithinHours !== null) expect(s.ackWithinHours).toBeLessThanOrEqual(s.resolveWithinHours);
      expect(s.duplicateRadiusM).toBeGreaterThanOrEqual(0);
    }
  });

  it('makes graffiti a quarter of requests, removed within 24 calendar hours', () => {
    const g = byCode('graffiti');
    expect(g.weight).toBeCloseTo(0.25, 2);
    expect(g.resolveWithinHours).toBe(24);
    expect(g.inBusinessHours).toBe(false);
    expect(g.departmentCode).toBe('quality_of_life');
  });

  it('warns about the post-storm pothole backlog', () => {
    const p = byCode('pothole');
    expect(p.notice).toMatch(/six weeks/);
    expect(p.noticeEs).toMatch(/seis semanas/);
  });

  it('has two or three information-only services without targets', () => {
    const info = SERVICES.filter((s) => s.informationOnly);
    expect(info.length).toBeGreaterThanOrEqual(2);
    expect(info.length).toBeLessThanOrEqual(3);
    expect(info.map((s) => s.code)).toEqual(expect.arrayContaining(['trash_schedule_question', 'permit_question']));
    for (const s of info) {
      expect(s.ackWithinHours).toBeNull();
      expect(s.resolveWithinHours).toBeNull();
      expect(s.visibility).toBe('public');
    }
  });

  it('has one or two internal-only services', () => {
    const internal = SERVICES.filter((s) => s.visibility === 'internal');
    expect(internal.length).toBeGreaterThanOrEqual(1);
    expect(internal.length).toBeLessThanOrEqual(2);
    expect(internal.map((s) => s.code)).toContain('internal_work_order');
    for (const s of internal) expect(s.informationOnly).toBe(false);
  });

  it('asks the questions the field crews need', () => {
    expect(question('graffiti', 'surface').datatype).toBe('singlevaluelist');
    expect(question('graffiti', 'offensive').values?.map((v) => v.key)).toEqual(['yes', 'no']);
    expect(question('graffiti', 'size').required).toBe(true);
    expect(question('pothole', 'size').datatype).toBe('singlevaluelist');
    expect(question('pothole', 'lane').datatype).toBe('singlevaluelist');
    expect(question('streetlight_out', 'pole_number').datatype).toBe('string');
    expect(question('streetlight_out', 'problem').datatype).toBe('singlevaluelist');
    expect(question('abandoned_vehicle', 'plate').datatype).toBe('string');
    expect(question('abandoned_vehicle', 'colour').datatype).toBe('singlevaluelist');
    expect(question('abandoned_vehicle', 'make').datatype).toBe('string');
    expect(question('abandoned_vehicle', 'days_parked').datatype).toBe('number');
    expect(question('missed_trash_pickup', 'bin_type').datatype).toBe('multivaluelist');
    expect(question('missed_trash_pickup', 'pickup_day').datatype).toBe('datetime');
    for (const code of ['water_leak', 'tree_down', 'dead_animal', 'illegal_dumping', 'noise', 'park_maintenance', 'sidewalk_damage', 'traffic_signal']) {
      expect(byCode(code).questions.length, code).toBeGreaterThan(0);
    }
  });

  it('has well-formed questions with unique values', () => {
    for (const s of SERVICES) {
      expect(new Set(s.questions.map((q) => q.code)).size, s.code).toBe(s.questions.length);
      for (const q of s.questions) {
        const where = `${s.code}.${q.code}`;
        expect(q.code, where).toMatch(SNAKE);
        const isList = q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist';
        if (!isList) {
          expect(q.values, where).toBeUndefined();
          continue;
        }
        const values = q.values ?? [];
        expect(values.length, where).toBeGreaterThanOrEqual(2);
        expect(new Set(values.map((v) => v.key)).size, where).toBe(values.length);
        expect(new Set(values.map((v) => v.name)).size, where).toBe(values.length);
        expect(new Set(values.map((v) => v.nameEs)).size, where).toBe(values.length);
        for (const v of values) expect(v.key, where).toMatch(SNAKE);
      }
    }
  });

  it('translates every string into Spanish', () => {
    const pairs: Array<[string, string | undefined, string | undefined]> = [];
    for (const d of DEPARTMENTS) pairs.push([`department ${d.code}`, d.name, d.nameEs]);
    for (const s of SERVICES) {
      pairs.push([`${s.code}.name`, s.name, s.nameEs], [`${s.code}.group`, s.group, s.groupEs]);
      pairs.push([`${s.code}.description`, s.description, s.descriptionEs], [`${s.code}.kbAnswer`, s.kbAnswer, s.kbAnswerEs]);
      expect(s.notice === undefined, `${s.code}.notice`).toBe(s.noticeEs === undefined);
      if (s.notice !== undefined) pairs.push([`${s.code}.notice`, s.notice, s.noticeEs]);
      for (const q of s.questions) {
        pairs.push([`${s.code}.${q.code}`, q.description, q.descriptionEs]);
        for (const v of q.values ?? []) pairs.push([`${s.code}.${q.code}.${v.key}`, v.name, v.nameEs]);
      }
    }
    for (const [where, en, es] of pairs) {
      expect(en?.trim(), where).toBeTruthy();
      expect(es?.trim(), where).toBeTruthy();
      // Anything longer than a word or two must actually be translated (names like "No" or "Coyote" may match).
      if (en!.split(' ').length > 2) expect(es, where).not.toBe(en);
    }
  });

  it('has search keywords in both languages', () => {
    for (const s of SERVICES) {
      const en = `${s.name} ${s.description} ${s.kbAnswer}`.toLowerCase();
      const es = `${s.nameEs} ${s.descriptionEs} ${s.kbAnswerEs}`.toLowerCase();
      expect(s.keywords.length, s.code).toBeGreaterThanOrEqual(3);
      expect(s.keywords.some((k) => en.includes(k.toLowerCase())), s.code).toBe(true);
      expect(s.keywords.some((k) => es.includes(k.toLowerCase()) && !en.includes(k.toLowerCase())), s.code).toBe(true);
    }
  });

  it('lists parks that exist on the map', () => {
    for (const v of PARK_VALUES) expect(PARKS.some((p) => p.name === v.name), v.name).toBe(true);
  });
});
