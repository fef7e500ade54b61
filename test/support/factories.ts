import type { Actor } from '../../src/domain/actor.js';
import type { Deps } from '../../src/app/ports.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { makeDeps } from '../../src/db/deps.js';
import { setLiaisons, upsertDepartment, upsertService, upsertStaff, type ServiceInput } from '../../src/db/repositories/catalogue.js';
import { submitRequest, type SubmitRequestInput } from '../../src/app/submit-request.js';
import type { Role } from '../../src/domain/vocabulary.js';

/** A settable clock for tests. */
export function fixedClock(iso: string) {
  let t = new Date(iso);
  return {
    now: () => new Date(t),
    set: (v: string | Date) => (t = new Date(v)),
    advanceHours: (h: number) => (t = new Date(t.getTime() + h * 3_600_000)),
  };
}

export interface TinyCity {
  deps: Deps;
  departments: { works: number; parks: number };
  staff: Record<'admin' | 'worksStaff' | 'parksStaff' | 'callTaker' | 'supervisor' | 'readOnly', Actor & { type: 'staff' }>;
}

/** Two departments, a handful of services and staff: enough for most use-case tests. */
export async function buildTinyCity(handle: DatabaseHandle, opts: { clock?: { now(): Date } } = {}): Promise<TinyCity> {
  const db = handle.db;
  const works = await upsertDepartment(db, { code: 'works', name: 'Public Works', email: 'works@city.example' });
  const parks = await upsertDepartment(db, { code: 'parks', name: 'Parks', email: 'parks@city.example' });
  await buildService(handle, {
    code: 'pothole',
    name: 'Pothole',
    group: 'Streets',
    departmentId: works,
    ackWithinHours: 8,
    resolveWithinHours: 72,
    attributes: [
      { code: 'size', datatype: 'singlevaluelist', required: true, description: 'How big is it?', values: [{ key: 'small', name: 'Small' }, { key: 'large', name: 'Large' }] },
      { code: 'lane', datatype: 'string', required: false, description: 'Which lane?', values: [] },
    ],
  });
  await buildService(handle, { code: 'tree', name: 'Tree down', group: 'Parks', departmentId: parks, ackWithinHours: 4, resolveWithinHours: 48 });
  await buildService(handle, { code: 'info', name: 'Trash schedule question', group: 'Information', departmentId: works, informationOnly: true, kbAnswer: 'Pickup is on your street every Tuesday.' });
  await buildService(handle, { code: 'workorder', name: 'Internal work order', group: 'Internal', departmentId: works, visibility: 'internal' });

  const staff = async (email: string, role: Role, departmentIds: number[] = []) => {
    const userId = await upsertStaff(db, { email, name: email.split('@')[0]!, role, departmentIds });
    return { type: 'staff' as const, userId, name: email.split('@')[0]!, role, departmentIds };
  };
  const worksStaff = await staff('wendy@city.example', 'department_staff', [works]);
  const parksStaff = await staff('pat@city.example', 'department_staff', [parks]);
  await setLiaisons(db, works, [worksStaff.userId]);
  return {
    deps: makeDeps(handle, opts.clock ? { clock: opts.clock } : {}),
    departments: { works, parks },
    staff: {
      admin: await staff('ada@city.example', 'admin'),
      worksStaff,
      parksStaff,
      callTaker: await staff('carl@city.example', 'call_taker'),
      supervisor: await staff('sue@city.example', 'supervisor'),
      readOnly: await staff('rory@city.example', 'read_only'),
    },
  };
}

export function buildService(handle: DatabaseHandle, s: ServiceInput) {
  return upsertService(handle.db, s);
}

export const RESIDENT: Actor = { type: 'resident', residentId: null, name: null };

/** A submitted pothole request unless told otherwise. */
export async function buildRequest(deps: Deps, overrides: Partial<SubmitRequestInput> = {}, actor: Actor = RESIDENT) {
  const { request } = await submitRequest(deps, actor, {
    serviceCode: 'pothole',
    channel: 'web',
    description: 'Deep pothole in the right lane',
    location: { lat: 34.06, lng: -117.62 },
    answers: { size: 'large' },
    ...overrides,
  });
  return request;
}
