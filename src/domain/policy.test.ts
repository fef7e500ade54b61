import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { can, MATRIX, REQUEST_ACTIONS } from './policy.js';
import { ROLES } from './vocabulary.js';

const staff = (role: (typeof ROLES)[number], departmentIds: number[] = [1]): Actor => ({ type: 'staff', userId: 1, name: 'x', role, departmentIds });

describe('permissions as data', () => {
  it('has a rule for every role and action', () => {
    for (const role of ROLES) for (const a of REQUEST_ACTIONS) expect(['all', 'own', 'none']).toContain(MATRIX[role][a]);
  });

  it('keeps department staff to their own departments', () => {
    expect(can(staff('department_staff'), 'request.close', 1)).toBe(true);
    expect(can(staff('department_staff'), 'request.close', 2)).toBe(false);
    expect(can(staff('supervisor'), 'request.close', 2)).toBe(true);
  });

  it('lets call-takers take and read any request but not close it', () => {
    expect(can(staff('call_taker', []), 'request.create')).toBe(true);
    expect(can(staff('call_taker', []), 'request.read', 5)).toBe(true);
    expect(can(staff('call_taker', []), 'request.close', 5)).toBe(false);
  });

  it('gives residents and Open311 apps only what the public may do', () => {
    const resident: Actor = { type: 'resident', residentId: null, name: null };
    expect(can(resident, 'request.create')).toBe(true);
    expect(can(resident, 'request.read')).toBe(false);
    expect(can(resident, 'request.close')).toBe(false);
    expect(can({ type: 'open311', keyId: 1, name: 'app' }, 'request.close')).toBe(false);
    expect(can(staff('read_only'), 'request.acknowledge', 1)).toBe(false);
  });
});
