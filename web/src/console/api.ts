import { ApiError } from '../api.js';

// The staff console's calls. The session lives in an httpOnly cookie; the CSRF token the server
// hands out at sign-in (and from /api/auth/me) goes in a header on every state-changing call.

export interface Me {
  user: { id: number; email: string; name: string; role: Role; departmentIds: number[] };
  csrfToken: string;
}
export type Role = 'admin' | 'supervisor' | 'call_taker' | 'department_staff' | 'field' | 'read_only';

export interface RequestSummary {
  id: number;
  publicId: string;
  serviceId: number;
  departmentId: number;
  assigneeId: number | null;
  status: string;
  closeReason: string | null;
  priority: string;
  channel: string;
  description: string;
  location: { lat: number; lng: number } | null;
  address: string | null;
  districtIds: number[];
  locale: string;
  answers: Record<string, string | number | string[]>;
  duplicateOfId: number | null;
  meTooCount: number;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  ackOverdue: boolean;
  resolveOverdue: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface RequestDetail extends RequestSummary {
  service: { code: string; name: string };
  reporter: { name: string | null; email: string | null; phone: string | null } | null;
  timeline: Array<{ id: number; type: string; public: boolean; actorType: string; actorName: string | null; data: Record<string, unknown>; at: string }>;
  comments: Array<{ id: number; visibility: 'public' | 'internal'; body: string; authorName: string | null; at: string }>;
  /** When its satisfaction survey was answered (online or on a call); null if not. */
  surveyAnsweredAt?: string | null;
}

export interface Directory {
  users: Array<{ id: number; name: string; role: Role; departmentIds: number[]; away: boolean; active: boolean; email: string | null }>;
  departments: Array<{ id: number; code: string; name: string; email: string | null; phone: string | null; liaisonIds: number[] }>;
  districts: Array<{ id: number; layer: string; name: string }>;
  services: Array<{ id: number; code: string; name: string; names: Record<string, string>; departmentId: number; active: boolean }>;
}

export interface Template {
  id: number;
  name: string;
  body: string;
  translations: { es?: { name?: string; body?: string } };
  active: boolean;
}

export interface Caller {
  resident: { id: number; name: string | null; email: string | null; phone: string | null; locale: string; requestCount: number };
  requests: RequestSummary[];
}

export interface Counts {
  open: number;
  new: number;
  overdue: number;
  mine: number;
}

export interface BulkResult {
  id: number;
  ok: boolean;
  version?: number;
  error?: { code: string; message: string };
}

let csrf = '';
export const setCsrf = (token: string) => (csrf = token);

export class StaffApiError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly issues: Array<{ field: string; message: string }> = [],
  ) {
    super(status, code, message);
  }
}

export async function staffCall<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (json as { error?: { code: string; message: string; issues?: Array<{ field: string; message: string }> } } | undefined)?.error;
    throw new StaffApiError(res.status, err?.code ?? 'http', err?.message ?? `HTTP ${res.status}`, err?.issues ?? []);
  }
  return json as T;
}

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const staff = {
  me: () => staffCall<Me>('GET', '/api/auth/me'),
  login: (email: string, password: string) => staffCall<Me>('POST', '/api/auth/login', { email, password }),
  logout: () => staffCall<void>('POST', '/api/auth/logout'),
  queue: (params: Record<string, string | number | undefined>) => staffCall<{ total: number; items: RequestSummary[] }>('GET', `/api/requests?${qs(params)}`),
  counts: (department?: string) => staffCall<Counts>('GET', `/api/requests/counts?${qs({ department })}`),
  request: (id: string) => staffCall<RequestDetail>('GET', `/api/requests/${encodeURIComponent(id)}`),
  act: (id: number, action: string, body: Record<string, unknown>) => staffCall<RequestSummary>('POST', `/api/requests/${id}/${action}`, body),
  surveyCall: (id: number, body: { resolved: boolean | null; satisfaction: number | null; courtesy: number | null; comment: string | null }) =>
    staffCall<{ publicId: string; answered: true }>('POST', `/api/requests/${id}/survey-call`, body),
  bulk: (body: Record<string, unknown>) => staffCall<{ results: BulkResult[] }>('POST', '/api/requests/bulk', body),
  directory: () => staffCall<Directory>('GET', '/api/directory'),
  templates: (all = false) => staffCall<Template[]>('GET', `/api/response-templates${all ? '?all=true' : ''}`),
  callers: (p: { phone?: string; email?: string }) => staffCall<Caller[]>('GET', `/api/callers?${qs(p)}`),
  photos: (id: number) => staffCall<Array<{ id: number; visibility: string; url: string; thumbnailUrl: string; at: string }>>('GET', `/api/requests/${id}/photos`),
  addPhoto: async (id: number, photo: File, expectedVersion: number, visibility: 'public' | 'internal' = 'public') => {
    const form = new FormData();
    form.append('visibility', visibility);
    form.append('expectedVersion', String(expectedVersion));
    form.append('photo', photo, photo.name);
    const res = await fetch(`/api/requests/${id}/photos`, { method: 'POST', body: form, headers: { 'x-csrf-token': csrf, accept: 'application/json' } });
    const json = await res.json().catch(() => undefined);
    if (!res.ok) throw new StaffApiError(res.status, json?.error?.code ?? 'http', json?.error?.message ?? `HTTP ${res.status}`, json?.error?.issues ?? []);
    return json as { id: number; url: string; thumbnailUrl: string; version: number };
  },
  submit: (body: unknown) => staffCall<RequestSummary>('POST', '/api/requests', body),
};

export { qs };
