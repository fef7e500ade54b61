import { describe, expect, it } from 'vitest';
import { chooseAssignee, chooseRoute, type RoutingRule } from './routing.js';

const rule = (id: number, serviceId: number | null, districtId: number | null, departmentId: number): RoutingRule => ({ id, serviceId, districtId, departmentId, autoAssign: null });

describe('chooseRoute', () => {
  const rules = [rule(1, null, 10, 100), rule(2, 5, null, 200), rule(3, 5, 10, 300), rule(4, null, 11, 400)];
  const at = (serviceId: number, districtIds: number[]) => chooseRoute(rules, { serviceId, districtIds, defaultDepartmentId: 9 });

  it('prefers service+district, then service, then district, then the default', () => {
    expect(at(5, [10])).toMatchObject({ departmentId: 300, match: 'service_district', ruleId: 3 });
    expect(at(5, [12])).toMatchObject({ departmentId: 200, match: 'service' });
    expect(at(6, [10])).toMatchObject({ departmentId: 100, match: 'district' });
    expect(at(6, [12])).toMatchObject({ departmentId: 9, match: 'default', ruleId: null });
  });

  it('breaks a tie between rules of the same kind by age', () => {
    expect(at(6, [11, 10])).toMatchObject({ departmentId: 100, ruleId: 1 });
  });
});

describe('chooseAssignee', () => {
  it('takes the lead, else the first backup who is present', () => {
    const l = (userId: number, rank: number, away = false, active = true) => ({ userId, rank, away, active });
    expect(chooseAssignee([l(2, 1), l(1, 0)])).toBe(1);
    expect(chooseAssignee([l(1, 0, true), l(3, 2), l(2, 1)])).toBe(2);
    expect(chooseAssignee([l(1, 0, true), l(2, 1, false, false), l(3, 2)])).toBe(3);
    expect(chooseAssignee([l(1, 0, true)])).toBeNull();
  });
});
