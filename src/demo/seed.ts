import type { DatabaseHandle } from '../db/connect.js';
import { argon2id } from '../db/deps.js';
import { setLiaisons, upsertDepartment, upsertDistrictLayer, upsertService, upsertStaff } from '../db/repositories/catalogue.js';
import {
  advanceRequestNumber,
  currentRequestNumber,
  insertAddresses,
  linkDuplicates,
  insertHistoricRequests,
  insertResidents,
  placeRequestsInDistricts,
  type HistoricEventRow,
  type HistoricRequestRow,
} from '../db/repositories/history.js';
import { settingsRepo } from '../db/repositories/geo-settings.js';
import { one, rows, sql } from '../db/sql.js';
import { DEFAULT_CALENDAR } from '../domain/business-hours.js';
import { formatPublicId, localYear } from '../domain/public-id.js';
import { dueTimes } from '../domain/targets.js';
import { CITY, DEPARTMENTS, SERVICES, type DemoService } from './catalogue.js';
import { CITY_LIMITS, COUNCIL_DISTRICTS, generateAddresses } from './geography.js';
import { generateHistory, type DemoHistoricRequest, type HistoryOptions } from './history.js';
import { cityHolidays } from './time.js';

export const DEMO_PASSWORD = 'civicdesk-demo';

const CITYWIDE_STAFF = [
  { email: 'admin@alderbrook.example.gov', name: 'Alex Admin', role: 'admin' as const },
  { email: 'manager@alderbrook.example.gov', name: 'Morgan Reyes', role: 'supervisor' as const },
  { email: 'calltaker@alderbrook.example.gov', name: 'Carmen Ortiz', role: 'call_taker' as const },
  { email: 'calltaker2@alderbrook.example.gov', name: 'Dana Whitfield', role: 'call_taker' as const },
  { email: 'council@alderbrook.example.gov', name: 'Council Office', role: 'read_only' as const },
];

export interface SeedOptions {
  log?: (line: string) => void;
  /** Requests per year of generated history (default 12,000); 0 for none. */
  perYear?: number;
  years?: number;
  now?: Date;
}

/** Seeds the demo city, Alderbrook, into an empty database. Returns false if a city is already there. */
export async function seedDemo(handle: DatabaseHandle, opts: SeedOptions = {}): Promise<boolean> {
  const log = opts.log ?? (() => undefined);
  const db = handle.db;
  const existing = await one<{ n: number }>(db, sql`select count(*)::int as n from services`);
  if (existing && existing.n > 0) return false;
  const started = performance.now();
  log('Seeding the demo city, Alderbrook (first start only) ...');
  const now = opts.now ?? new Date();
  const thisYear = now.getUTCFullYear();
  // The city's own holidays (California's, not only the federal ones) over the history and ahead.
  const calendar = { ...DEFAULT_CALENDAR, timeZone: CITY.timeZone, holidays: cityHolidays(thisYear - (opts.years ?? 2) - 1, thisYear + 3) };
  const settings = settingsRepo(db);
  await settings.set('city', { name: CITY.name, jurisdictionId: CITY.jurisdictionId, fiscalYearStartMonth: CITY.fiscalYearStartMonth, centre: CITY.centre });
  await settings.set('calendar', calendar);

  const passwordHash = await argon2id.hash(DEMO_PASSWORD);
  const departmentIds = new Map<string, number>();
  const staffIds = new Map<string, number>();
  const staffNames = new Map<number, string>();
  for (const u of CITYWIDE_STAFF) {
    const id = await upsertStaff(db, { ...u, passwordHash });
    staffIds.set(u.email, id);
    staffNames.set(id, u.name);
  }
  for (const d of DEPARTMENTS) {
    const id = await upsertDepartment(db, { code: d.code, name: d.name, email: d.email, phone: d.phone, translations: { es: { name: d.nameEs } } });
    departmentIds.set(d.code, id);
    const liaisons: Array<{ rank: number; id: number }> = [];
    for (const s of d.staff) {
      const uid = await upsertStaff(db, { email: s.email, name: s.name, role: s.role, passwordHash, departmentIds: [id] });
      staffIds.set(s.email, uid);
      staffNames.set(uid, s.name);
      if (s.liaison) liaisons.push({ rank: s.liaison === 'lead' ? 0 : 1 + liaisons.length, id: uid });
    }
    await setLiaisons(db, id, liaisons.sort((a, b) => a.rank - b.rank).map((l) => l.id));
  }
  const serviceIds = new Map<string, number>();
  for (const s of SERVICES) serviceIds.set(s.code, await upsertService(db, serviceInput(s, departmentIds.get(s.departmentCode)!)));

  await upsertDistrictLayer(db, { code: 'city_limits', name: 'City limits', isCityLimits: true }, [{ code: 'city', name: CITY.name, geometry: CITY_LIMITS }]);
  await upsertDistrictLayer(
    db,
    { code: 'council', name: 'Council districts' },
    COUNCIL_DISTRICTS.features.map((f) => ({ code: String(f.properties.code), name: String(f.properties.name), geometry: f.geometry })),
  );
  await insertAddresses(db, generateAddresses());
  log(`  city configured: ${DEPARTMENTS.length} departments, ${SERVICES.length} services, ${staffIds.size} staff`);

  const perYear = opts.perYear ?? 12_000;
  const years = opts.years ?? 2;
  if (perYear > 0) {
    const total = await insertDemoHistory(db, { departmentIds, serviceIds, staffIds, staffNames }, { from: new Date(now.getTime() - years * 365.25 * 86_400_000), to: now, perYear, seed: 311, now });
    log(`  ${total.toLocaleString('en-US')} requests of history generated`);
  }
  log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

export interface DemoIds {
  departmentIds: Map<string, number>;
  serviceIds: Map<string, number>;
  staffIds: Map<string, number>;
  staffNames: Map<number, string>;
}

/** The ids of the demo catalogue already in the database (by department/service code, staff e-mail). */
export async function loadDemoIds(db: DatabaseHandle['db']): Promise<DemoIds> {
  const departmentIds = new Map((await rows<{ code: string; id: number }>(db, sql`select code, id from departments`)).map((r) => [r.code, Number(r.id)]));
  const serviceIds = new Map((await rows<{ code: string; id: number }>(db, sql`select code, id from services`)).map((r) => [r.code, Number(r.id)]));
  const users = await rows<{ email: string; id: number; name: string }>(db, sql`select email, id, name from users`);
  return { departmentIds, serviceIds, staffIds: new Map(users.map((u) => [u.email, Number(u.id)])), staffNames: new Map(users.map((u) => [Number(u.id), u.name])) };
}

/** Generated history (src/demo/history.ts) written through the bulk path, with its events; returns how many. */
export async function insertDemoHistory(db: DatabaseHandle['db'], ids: DemoIds, opts: HistoryOptions & { max?: number }): Promise<number> {
  const { departmentIds, serviceIds, staffIds, staffNames } = ids;
  const now = opts.now;
  const calendar = await settingsRepo(db).calendar();
  const byCode = new Map(SERVICES.map((s) => [s.code, s]));
  const counters = new Map<number, number>();
  let batch: DemoHistoricRequest[] = [];
  let total = 0;
  // Repeat reporters are one resident; duplicates point at their originals (by yield position).
  const residentByContact = new Map<string, number>();
  const publicIds: string[] = [];
  const duplicates: Array<{ child: string; parent: number }> = [];
  const flush = async () => {
    if (!batch.length) return;
    await db.transaction(async (tx) => {
      const txDb = tx as unknown as typeof db;
      const contactKey = (r: NonNullable<DemoHistoricRequest['reporter']>) => r.email ?? r.phone ?? `name:${r.name}`;
      const fresh = new Map<string, NonNullable<DemoHistoricRequest['reporter']>>();
      for (const h of batch) if (h.reporter && !residentByContact.has(contactKey(h.reporter))) fresh.set(contactKey(h.reporter), h.reporter);
      const freshIds = await insertResidents(txDb, [...fresh.values()].map((r) => ({ ...r })));
      [...fresh.keys()].forEach((k, i) => residentByContact.set(k, freshIds[i]!));
      const reqRows: HistoricRequestRow[] = [];
      const events: HistoricEventRow[] = [];
      // Numbers continue after the year's sequence: the database may already hold requests.
      for (const y of new Set(batch.map((h) => localYear(h.createdAt, calendar.timeZone)))) if (!counters.has(y)) counters.set(y, await currentRequestNumber(txDb, y));
      for (const [i, h] of batch.entries()) {
        const svc = byCode.get(h.serviceCode)!;
        const year = localYear(h.createdAt, calendar.timeZone);
        const n = (counters.get(year) ?? 0) + 1;
        counters.set(year, n);
        const due = dueTimes({ ackWithinHours: svc.ackWithinHours, resolveWithinHours: svc.resolveWithinHours, inBusinessHours: svc.inBusinessHours }, h.createdAt, calendar);
        const assigneeId = h.assigneeEmail ? staffIds.get(h.assigneeEmail) ?? null : null;
        const last = h.closedAt ?? h.acknowledgedAt ?? h.createdAt;
        const publicId = formatPublicId(year, n);
        publicIds.push(publicId);
        if (h.duplicateOf !== undefined) duplicates.push({ child: publicId, parent: h.duplicateOf });
        reqRows.push({
          publicId,
          token: Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(18))).toString('base64url'),
          serviceId: serviceIds.get(h.serviceCode)!,
          departmentId: departmentIds.get(svc.departmentCode)!,
          assigneeId,
          status: h.closedAt ? 'closed' : h.acknowledgedAt ? 'acknowledged' : 'new',
          closeReason: h.closedAt ? h.closeReason ?? 'resolved' : null,
          priority: h.priority,
          channel: h.channel,
          description: h.description,
          lat: h.lat,
          lng: h.lng,
          address: h.address,
          addressId: null,
          zipcode: null,
          reporterId: h.reporter ? residentByContact.get(contactKey(h.reporter))! : null,
          locale: h.reporter?.locale ?? h.descriptionLocale,
          answers: h.answers,
          externalSystem: null,
          externalId: null,
          ackDueAt: svc.informationOnly ? null : due.ackDueAt?.toISOString() ?? null,
          resolveDueAt: svc.informationOnly ? null : due.resolveDueAt?.toISOString() ?? null,
          acknowledgedAt: h.acknowledgedAt?.toISOString() ?? null,
          closedAt: h.closedAt?.toISOString() ?? null,
          resolvedAt: h.closedAt && (h.closeReason ?? 'resolved') === 'resolved' ? h.closedAt.toISOString() : null,
          createdAt: h.createdAt.toISOString(),
          updatedAt: last.toISOString(),
        });
        const staffName = assigneeId ? staffNames.get(assigneeId) ?? null : null;
        events.push({ request: i, type: 'created', actorType: h.reporter ? 'resident' : 'system', actorId: null, actorName: h.reporter?.name ?? null, public: true, data: { channel: h.channel, serviceCode: h.serviceCode }, createdAt: h.createdAt.toISOString() });
        if (h.acknowledgedAt && !(svc.informationOnly && h.closedAt?.getTime() === h.acknowledgedAt.getTime())) {
          events.push({ request: i, type: 'acknowledged', actorType: 'staff', actorId: assigneeId, actorName: staffName, public: true, data: { from: 'new', to: 'acknowledged' }, createdAt: h.acknowledgedAt.toISOString() });
        }
        if (h.publicComment) {
          const at = new Date(((h.acknowledgedAt ?? h.createdAt).getTime() + (h.closedAt ?? now).getTime()) / 2).toISOString();
          events.push({ request: i, type: 'comment_added', actorType: 'staff', actorId: assigneeId, actorName: staffName, public: true, data: { visibility: 'public', body: h.publicComment }, createdAt: at, comment: { visibility: 'public', body: h.publicComment, authorUserId: assigneeId } });
        }
        if (h.closedAt) {
          events.push({ request: i, type: 'closed', actorType: 'staff', actorId: assigneeId, actorName: staffName, public: true, data: { reason: h.closeReason ?? 'resolved', note: null }, createdAt: h.closedAt.toISOString() });
        }
      }
      await insertHistoricRequests(txDb, reqRows, events);
    });
    total += batch.length;
    batch = [];
  };
  for (const h of generateHistory(opts)) {
    if (total + batch.length >= (opts.max ?? Infinity)) break;
    batch.push(h);
    if (batch.length >= 2000) await flush();
  }
  await flush();
  await linkDuplicates(db, duplicates.map((d) => ({ child: d.child, parent: publicIds[d.parent]! })));
  for (const [year, n] of counters) await advanceRequestNumber(db, year, n);
  await placeRequestsInDistricts(db);
  return total;
}

function serviceInput(s: DemoService, departmentId: number) {
  return {
    code: s.code,
    name: s.name,
    group: s.group,
    departmentId,
    description: s.description,
    keywords: s.keywords,
    visibility: s.visibility,
    informationOnly: s.informationOnly,
    defaultPriority: s.defaultPriority,
    ackWithinHours: s.ackWithinHours,
    resolveWithinHours: s.resolveWithinHours,
    targetsInBusinessHours: s.inBusinessHours,
    notice: s.notice ?? null,
    duplicateRadiusM: s.duplicateRadiusM,
    kbAnswer: s.kbAnswer,
    translations: {
      es: {
        name: s.nameEs,
        group: s.groupEs,
        description: s.descriptionEs,
        kbAnswer: s.kbAnswerEs,
        ...(s.noticeEs ? { notice: s.noticeEs } : {}),
      },
    },
    attributes: s.questions.map((q, i) => ({
      code: q.code,
      datatype: q.datatype,
      required: q.required,
      description: q.description,
      position: i + 1,
      values: (q.values ?? []).map((v) => ({ key: v.key, name: v.name })),
      translations: { es: { description: q.descriptionEs, values: Object.fromEntries((q.values ?? []).map((v) => [v.key, v.nameEs])) } },
    })),
  };
}
