import { staffCall } from '../api.js';

export interface AdminQuestion {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  variable: boolean;
  required: boolean;
  description: string;
  datatypeDescription: string | null;
  values: Array<{ key: string; name: string }>;
  translations: { es?: { description?: string; values?: Record<string, string> } };
}

export interface AdminService {
  id?: number;
  code: string;
  name: string;
  group: string;
  departmentId: number;
  description: string;
  keywords: string[];
  visibility: 'public' | 'internal';
  informationOnly: boolean;
  defaultPriority: string;
  ackWithinHours: number | null;
  resolveWithinHours: number | null;
  targetsInBusinessHours: boolean;
  notice: string | null;
  kbAnswer: string | null;
  active: boolean;
  translations: { es?: { name?: string; group?: string; description?: string; notice?: string; kbAnswer?: string } };
  questions: AdminQuestion[];
}

export interface AuditRow {
  id: number;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  at: string;
}

export const admin = {
  services: () => staffCall<AdminService[]>('GET', '/api/admin/services'),
  createService: (s: AdminService) => staffCall<AdminService>('POST', '/api/admin/services', s),
  updateService: (s: AdminService) => staffCall<AdminService>('PUT', `/api/admin/services/${encodeURIComponent(s.code)}`, s),
  saveTemplate: (t: { id?: number; name: string; body: string; translations: unknown; active: boolean }) =>
    t.id ? staffCall('PUT', `/api/admin/response-templates/${t.id}`, { ...t, id: undefined }) : staffCall('POST', '/api/admin/response-templates', t),
  saveDepartment: (d: { id?: number; code: string; name: string; email: string | null; phone: string | null; liaisonIds: number[] }) =>
    d.id ? staffCall('PUT', `/api/admin/departments/${d.id}`, { ...d, id: undefined }) : staffCall('POST', '/api/admin/departments', d),
  saveUser: (u: { id: number; name: string; role: string; departmentIds: number[]; away: boolean; active: boolean }) => staffCall('PUT', `/api/admin/users/${u.id}`, { ...u, id: undefined }),
  calendar: () => staffCall<unknown>('GET', '/api/admin/calendar'),
  saveCalendar: (c: unknown) => staffCall<unknown>('PUT', '/api/admin/calendar', c),
  audit: () => staffCall<AuditRow[]>('GET', '/api/admin/audit-log?limit=200'),
};
