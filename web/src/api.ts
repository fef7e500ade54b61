// The portal's calls to the CivicDesk API, and the shapes they answer with.

export interface AppConfig {
  tileUrl: string;
  city: { name: string; centre: { lat: number; lng: number } };
  locales: string[];
}

export interface Question {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  variable: boolean;
  required: boolean;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
}

export interface Service {
  code: string;
  name: string;
  group: string;
  description: string;
  keywords: string[];
  informationOnly: boolean;
  ackWithinHours: number | null;
  resolveWithinHours: number | null;
  notice: string | null;
  kbAnswer: string | null;
  questions: Question[];
}

export interface Address {
  id: string;
  fullAddress: string;
  lat: number;
  lng: number;
  zipcode: string | null;
}

interface ApiAddress {
  id: string;
  fullAddress: string;
  zipcode: string | null;
  location: { lat: number; lng: number };
}

const toAddress = (a: ApiAddress): Address => ({ id: a.id, fullAddress: a.fullAddress, zipcode: a.zipcode, lat: a.location.lat, lng: a.location.lng });

export interface Duplicate {
  publicId: string;
  status: string;
  description: string;
  address: string | null;
  location: { lat: number; lng: number } | null;
  meTooCount: number;
  createdAt: string;
  distanceM: number;
}

export interface NearbyRequest {
  publicId: string;
  serviceCode: string;
  serviceName: string;
  status: string;
  lat: number;
  lng: number;
  address: string | null;
  distanceM: number;
  meTooCount: number;
  createdAt: string;
}

export interface ReportResult {
  publicId: string;
  token: string;
  status: string;
  service: { code: string; name: string; notice: string | null; resolveWithinHours: number | null; ackWithinHours: number | null };
  ackDueAt: string | null;
  resolveDueAt: string | null;
}

export interface Tracked {
  publicId: string;
  service: { code: string; name: string };
  status: string;
  open311Status: 'open' | 'closed';
  closeReason: string | null;
  address: string | null;
  location: { lat: number; lng: number } | null;
  createdAt: string;
  expectedBy: string | null;
  closedAt: string | null;
  meTooCount: number;
  reopenableUntil: string | null;
  timeline: Array<{ type: string; at: string; status?: string; reason?: string }>;
  comments: Array<{ id: number; body: string; at: string }>;
  photos: Array<{ id: number; url: string; byStaff: boolean; at: string }>;
}

export interface MyData {
  email: string;
  requests: Array<Record<string, unknown>>;
  subscriptions: Array<{ publicId: string; via: string; since: string }>;
}

export interface MyAccount {
  signedIn: true;
  email: string;
  name: string | null;
  locale: 'en' | 'es';
  requests: Array<{ publicId: string; service: string; status: string; createdAt: string; role: 'reporter' | 'follower' }>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(url, init);
  const json = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (json as { error?: { code: string; message: string } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? 'http', err?.message ?? `HTTP ${res.status}`);
  }
  return json as T;
}

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const api = {
  config: () => call<AppConfig>('GET', '/api/config'),
  services: (locale: string) => call<Service[]>('GET', `/api/services?${qs({ locale })}`),
  service: (code: string, locale: string) => call<Service>('GET', `/api/services/${encodeURIComponent(code)}?${qs({ locale })}`),
  addresses: async (q: string) => (await call<ApiAddress[]>('GET', `/api/addresses?${qs({ q, limit: 8 })}`)).map(toAddress),
  nearestAddress: async (lat: number, lng: number) => {
    const [a] = await call<ApiAddress[]>('GET', `/api/addresses/nearest?${qs({ lat, lng })}`);
    if (!a) throw new ApiError(404, 'not_found', 'no address near this point');
    return toAddress(a);
  },
  /** Open requests of one service within its duplicate radius: offered before a new report. */
  duplicates: async (p: { lat: number; lng: number; serviceCode: string; limit?: number }) => (await call<{ radiusM: number; items: Duplicate[] }>('GET', `/api/requests/nearby?${qs(p)}`)).items,
  /** Requests around a point for the map page, with filters. */
  nearby: (p: { lat: number; lng: number; service?: string; status?: string; days?: number; radius?: number; locale: string; limit?: number }) =>
    call<NearbyRequest[]>('GET', `/api/public/nearby?${qs(p)}`),
  meToo: (publicId: string, email: string | undefined, locale: string) => call<{ meTooCount: number }>('POST', `/api/requests/${encodeURIComponent(publicId)}/me-too`, { email, locale }),
  /** With an Idempotency-Key, a retry answers with the report the first try made, never a second one. */
  report: (body: unknown, idempotencyKey?: string) => call<ReportResult>('POST', '/api/portal/reports', body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  addPhoto: (publicId: string, token: string, photo: Blob) => {
    const form = new FormData();
    form.append('photo', photo, 'photo.jpg');
    return call<{ id: number; url: string }>('POST', `/api/track/${encodeURIComponent(publicId)}/photos`, form, { 'x-report-token': token });
  },
  track: (publicId: string, locale: string) => call<Tracked>('GET', `/api/track/${encodeURIComponent(publicId)}?${qs({ locale })}`),
  follow: (publicId: string, email: string, locale: string) => call<{ unfollowToken: string }>('POST', `/api/track/${encodeURIComponent(publicId)}/follow`, { email, locale }),
  unfollow: (token: string) => call<{ removed: boolean }>('POST', '/api/followers/unfollow', { token }),
  privacyLink: (email: string, locale: string) => call<{ sent: true }>('POST', '/api/privacy/link', { email, locale }),
  privacyExport: (token: string) => call<MyData>('POST', '/api/privacy/export', { token }),
  privacyErase: (token: string) => call<{ requests: number; residents: number; followers: number }>('POST', '/api/privacy/erase', { token }),
  account: () => call<MyAccount | { signedIn: false }>('GET', '/api/account'),
  accountLink: (email: string, locale: string) => call<{ sent: true }>('POST', '/api/account/link', { email, locale }),
  accountSignIn: (token: string) => call<{ signedIn: true }>('POST', '/api/account/session', { token }),
  accountLocale: (locale: string) => call<{ locale: string }>('PUT', '/api/account/locale', { locale }),
  accountSignOut: () => call<{ signedIn: false }>('POST', '/api/account/sign-out', {}),
  reopen: (publicId: string, token: string, note: string) => call<{ status: string }>('POST', `/api/track/${encodeURIComponent(publicId)}/reopen`, { token, note: note || undefined }),
};
