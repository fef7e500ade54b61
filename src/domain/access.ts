import type { Permission } from './policy.js';

/**
 * Who may call each HTTP route, as data beside the permission matrix (policy.ts). The server
 * refuses to start with a route that is not listed here, and a hook enforces the staff rows
 * before any body is validated; the use cases then narrow by department through `authorize`.
 *
 * - anyone:      no sign-in; what is shown is public data only (the use case decides). With
 *                `any`, the caller (a resident when not signed in) must hold one of those.
 * - reporter:    the reporter's token from the confirmation (tracking link); checked by the route.
 * - staff:       a signed-in staff member whose role holds at least one of `any` (in any scope);
 *                `request` means the :id request's department decides between 'own' and 'all'.
 * - resident:    a resident signed in by the e-mailed link (resident session cookie); checked by the route.
 * - integration: an integration key as `Authorization: Bearer` (the work-order API).
 * - api_key:     an Open311 api_key (of either kind) in the form or query.
 */
export type RouteAccess =
  | { who: 'anyone'; any?: readonly Permission[] }
  | { who: 'reporter' }
  | { who: 'resident' }
  | { who: 'staff'; any?: readonly Permission[]; request?: true }
  | { who: 'integration' }
  | { who: 'api_key' };

const anyone: RouteAccess = { who: 'anyone' };
const creates: RouteAccess = { who: 'anyone', any: ['request.create'] };
const staff = (...any: Permission[]): RouteAccess => ({ who: 'staff', ...(any.length ? { any } : {}) });
const onRequest = (...any: Permission[]): RouteAccess => ({ who: 'staff', any, request: true });
const configure = staff('admin.configure');
const integration: RouteAccess = { who: 'integration' };

/** Keyed by "METHOD /path" exactly as the route is registered (HEAD follows GET). */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // System and sign-in
  'GET /api/health': anyone,
  'GET /api/ready': anyone,
  'GET /metrics': anyone,
  'POST /api/auth/login': anyone,
  'POST /api/auth/logout': anyone,
  'GET /api/auth/me': staff(),

  // The portal and the public: public data only
  'GET /api/config': anyone,
  'GET /api/services': anyone,
  'GET /api/services/:code': anyone,
  'POST /api/portal/reports': creates,
  'POST /api/requests': creates, // residents on web/mobile; other channels and priority need staff (the route)
  'GET /api/requests/nearby': creates,
  'POST /api/requests/:id/me-too': creates,
  'GET /api/public/nearby': anyone,
  'GET /api/public/performance': anyone,
  'GET /api/public/requests.csv': anyone,
  'GET /api/public/requests.geojson': anyone,
  'GET /api/track/:publicId': anyone,
  'POST /api/track/:publicId/follow': anyone,
  'POST /api/followers/unfollow': anyone,
  'GET /api/unfollow/:token': anyone,
  'POST /api/unfollow/:token': anyone,
  'GET /api/surveys/:token': anyone,
  'POST /api/surveys/:token': anyone,
  'GET /media/:id': anyone, // internal photos only to staff who may read the request (get-media)
  'GET /media/:id/thumbnail': anyone,
  'GET /api/addresses': anyone,
  'GET /api/addresses/nearest': anyone,
  'GET /api/addresses/:id': anyone,
  'POST /api/track/:publicId/reopen': { who: 'reporter' },
  'POST /api/track/:publicId/photos': { who: 'reporter' },
  'POST /api/privacy/link': anyone,
  'POST /api/privacy/export': anyone, // the one-time link's token decides
  'POST /api/privacy/erase': anyone,
  'POST /api/account/link': anyone,
  'POST /api/account/session': anyone, // the one-time link's token decides
  'GET /api/account': anyone, // answers { signedIn: false } without a resident session
  'PUT /api/account/locale': { who: 'resident' },
  'POST /api/account/sign-out': anyone,

  // Open311 GeoReport v2: reads are public, writes need an api_key
  'GET /open311/v2/:file': anyone,
  'GET /open311/v2/services/:file': anyone,
  'GET /open311/v2/requests/:file': anyone,
  'GET /open311/v2/tokens/:file': anyone,
  'POST /open311/v2/:file': { who: 'api_key' },

  // Staff: the queue and one request
  'GET /api/requests': staff('request.read'),
  'GET /api/requests/counts': staff('request.read'),
  'GET /api/requests/:id': onRequest('request.read'),
  'GET /api/requests/:id/photos': onRequest('request.read'),
  'POST /api/requests/:id/acknowledge': onRequest('request.acknowledge'),
  'POST /api/requests/:id/assign': onRequest('request.assign'),
  'POST /api/requests/:id/priority': onRequest('request.change_priority'),
  'POST /api/requests/:id/status': onRequest('request.change_status'),
  'POST /api/requests/:id/close': onRequest('request.close'),
  'POST /api/requests/:id/reopen': onRequest('request.reopen'),
  'POST /api/requests/:id/service': onRequest('request.change_service'),
  'POST /api/requests/:id/comments': onRequest('request.comment_public', 'request.comment_internal'),
  'POST /api/requests/:id/photos': onRequest('request.attach_media'),
  'POST /api/requests/:id/location': onRequest('request.change_location'),
  'POST /api/requests/:id/duplicate': onRequest('request.close'),
  'POST /api/requests/:id/survey-call': onRequest('request.comment_public'),
  'POST /api/requests/bulk': staff('request.acknowledge', 'request.assign', 'request.close'),
  'GET /api/callers': staff('request.create'),
  'GET /api/response-templates': staff('request.comment_public'),
  'GET /api/directory': staff('request.read'),
  'GET /api/districts': staff(),

  // Reports (department staff see their own departments' figures)
  ...Object.fromEntries(['ytd', 'channels', 'cost-split', 'performance', 'overdue', 'trends', 'heatmap', 'surveys'].map((r) => [`GET /api/reports/${r}`, staff('reports.read')])),

  // Administration
  'GET /api/admin/services': configure,
  'POST /api/admin/services': configure,
  'PUT /api/admin/services/:code': configure,
  'POST /api/admin/response-templates': configure,
  'PUT /api/admin/response-templates/:id': configure,
  'GET /api/admin/calendar': configure,
  'PUT /api/admin/calendar': configure,
  'POST /api/admin/departments': configure,
  'PUT /api/admin/departments/:id': configure,
  'PUT /api/admin/departments/:id/auto-assign': configure,
  'PUT /api/admin/users/:id': staff('admin.users'),
  'GET /api/admin/audit-log': configure,
  'GET /api/admin/district-layers': configure,
  'PUT /api/admin/district-layers/:code': configure,
  'GET /api/admin/routing-rules': configure,
  'POST /api/admin/routing-rules': configure,
  'DELETE /api/admin/routing-rules/:id': configure,
  'GET /api/admin/deliveries': configure,
  'GET /api/admin/deliveries/:id': configure,
  'POST /api/admin/deliveries/:id/retry': configure,
  'GET /api/admin/dead-letters': configure,
  'GET /api/admin/dead-jobs': configure,
  'POST /api/admin/dead-jobs/:id/retry': configure,
  'GET /api/admin/outbox-mail': configure,
  'GET /api/admin/webhooks': configure,
  'POST /api/admin/webhooks': configure,
  'DELETE /api/admin/webhooks/:id': configure,
  'POST /api/admin/integration-keys': staff('admin.api_keys'),
  'GET /api/admin/api-keys': staff('admin.api_keys'),
  'POST /api/admin/api-keys': staff('admin.api_keys'),
  'POST /api/admin/api-keys/:id/revoke': staff('admin.api_keys'),
  'PUT /api/admin/webhooks/:id': configure,
  'GET /api/admin/email-templates': configure,

  // The work-order system's API
  'GET /api/integration/v1/requests': integration,
  ...Object.fromEntries(
    ['requests/:ref', 'external/:ref'].flatMap((base) => [
      [`GET /api/integration/v1/${base}`, integration],
      [`POST /api/integration/v1/${base}/status`, integration],
      [`POST /api/integration/v1/${base}/comments`, integration],
      [`PUT /api/integration/v1/${base}/work-order`, integration],
    ]),
  ),
};

/** Routes outside the API (the web app's files, /docs) are static and public. */
export function isApiRoute(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/open311/') || url.startsWith('/media/') || url === '/metrics';
}

export function routeAccess(method: string, url: string): RouteAccess | undefined {
  return ROUTE_ACCESS[`${method} ${url}`];
}
