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
  calendar: () => staffCall<Calendar>('GET', '/api/admin/calendar'),
  saveCalendar: (c: Calendar) => staffCall<Calendar>('PUT', '/api/admin/calendar', c),
  audit: () => staffCall<AuditRow[]>('GET', '/api/admin/audit-log?limit=200'),
};

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface Calendar {
  timeZone: string;
  hours: Partial<Record<Weekday, Array<[string, string]>>>;
  holidays: string[];
}
export interface RoutingRule {
  id: number;
  serviceId: number | null;
  districtId: number | null;
  departmentId: number;
  autoAssign: boolean | null;
}
export interface DistrictLayer {
  id: number;
  code: string;
  name: string;
  isCityLimits: boolean;
  districts: number;
}
export interface LayerResult {
  layer: { id: number; code: string; name: string };
  districts: number;
  added: number;
  updated: number;
  removed: number;
  requestsPlaced: number;
}
export interface ApiKey {
  id: number;
  name: string;
  kind: 'open311' | 'integration';
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface Webhook {
  id: number;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  createdAt: string;
}
export interface Delivery {
  id: number;
  channel: 'email' | 'webhook';
  kind: string;
  requestId: number | null;
  subscriptionId: number | null;
  recipient: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
export interface MailPreview {
  kind: string;
  audience: 'resident' | 'staff';
  subject: string;
  text: string;
  html: string;
}

const enc = encodeURIComponent;

/** The configuration screens added beside the services: routing, districts, keys, webhooks, e-mail. */
export const config = {
  rules: () => staffCall<RoutingRule[]>('GET', '/api/admin/routing-rules'),
  saveRule: (r: { serviceCode: string | null; districtId: number | null; departmentId: number; autoAssign: boolean | null }) => staffCall<RoutingRule>('POST', '/api/admin/routing-rules', r),
  deleteRule: (id: number) => staffCall<void>('DELETE', `/api/admin/routing-rules/${id}`),
  layers: () => staffCall<DistrictLayer[]>('GET', '/api/admin/district-layers'),
  districts: (layerId: number) => staffCall<Array<{ id: number; layerId: number; code: string; name: string }>>('GET', `/api/districts?layer=${layerId}`),
  uploadLayer: (code: string, q: { name: string; nameProperty: string; codeProperty?: string; cityLimits: boolean }, geojson: unknown) =>
    staffCall<LayerResult>(
      'PUT',
      `/api/admin/district-layers/${enc(code)}?name=${enc(q.name)}&nameProperty=${enc(q.nameProperty)}${q.codeProperty ? `&codeProperty=${enc(q.codeProperty)}` : ''}&cityLimits=${q.cityLimits}`,
      geojson,
    ),
  apiKeys: () => staffCall<ApiKey[]>('GET', '/api/admin/api-keys'),
  createApiKey: (k: { name: string; kind: ApiKey['kind'] }) => staffCall<ApiKey & { key: string }>('POST', '/api/admin/api-keys', k),
  revokeApiKey: (id: number) => staffCall<ApiKey>('POST', `/api/admin/api-keys/${id}/revoke`),
  webhooks: () => staffCall<Webhook[]>('GET', '/api/admin/webhooks'),
  createWebhook: (w: { url: string; events: string[]; description?: string }) => staffCall<Webhook & { secret: string }>('POST', '/api/admin/webhooks', w),
  updateWebhook: (id: number, w: { url: string; events: string[]; description: string | null; active: boolean }) => staffCall<Webhook>('PUT', `/api/admin/webhooks/${id}`, w),
  deliveries: (channel: 'email' | 'webhook', limit = 50) => staffCall<{ total: number; items: Delivery[] }>('GET', `/api/admin/deliveries?channel=${channel}&limit=${limit}`),
  retryDelivery: (id: number) => staffCall<Delivery>('POST', `/api/admin/deliveries/${id}/retry`),
  mail: (locale: 'en' | 'es') => staffCall<MailPreview[]>('GET', `/api/admin/email-templates?locale=${locale}`),
};
