import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import type { Role } from './vocabulary.js';

/**
 * Who may do what, as data: one matrix of roles × actions, each either everywhere ('all'),
 * only within the actor's own departments ('own'), or not at all. Every use case asks here.
 */
export const REQUEST_ACTIONS = [
  'request.read',
  'request.create',
  'request.acknowledge',
  'request.assign',
  'request.comment_public',
  'request.comment_internal',
  'request.change_priority',
  'request.change_status',
  'request.close',
  'request.reopen',
  'request.change_service',
  'request.attach_media',
  'request.change_location',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const ADMIN_ACTIONS = ['admin.configure', 'admin.users', 'admin.api_keys', 'reports.read'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export type Permission = RequestAction | AdminAction;
type Scope = 'all' | 'own' | 'none';

const ALL_REQUESTS: Record<RequestAction, Scope> = Object.fromEntries(REQUEST_ACTIONS.map((a) => [a, 'all'])) as Record<RequestAction, Scope>;
const OWN_REQUESTS: Record<RequestAction, Scope> = Object.fromEntries(REQUEST_ACTIONS.map((a) => [a, 'own'])) as Record<RequestAction, Scope>;

export const MATRIX: Record<Role, Record<Permission, Scope>> = {
  admin: { ...ALL_REQUESTS, 'admin.configure': 'all', 'admin.users': 'all', 'admin.api_keys': 'all', 'reports.read': 'all' },
  supervisor: { ...ALL_REQUESTS, 'admin.configure': 'none', 'admin.users': 'none', 'admin.api_keys': 'none', 'reports.read': 'all' },
  // The one point of contact: takes any request, sees every request, talks to the caller.
  call_taker: {
    ...ALL_REQUESTS,
    'request.acknowledge': 'none',
    'request.assign': 'none',
    'request.change_priority': 'none',
    'request.change_status': 'none',
    'request.close': 'none',
    'admin.configure': 'none',
    'admin.users': 'none',
    'admin.api_keys': 'none',
    'reports.read': 'none',
  },
  // Department staff work their own department's requests, and only those.
  department_staff: { ...OWN_REQUESTS, 'request.create': 'all', 'admin.configure': 'none', 'admin.users': 'none', 'admin.api_keys': 'none', 'reports.read': 'own' },
  field: {
    ...OWN_REQUESTS,
    'request.create': 'all',
    'request.assign': 'none',
    'request.change_priority': 'none',
    'request.change_service': 'none',
    'request.change_location': 'none',
    'admin.configure': 'none',
    'admin.users': 'none',
    'admin.api_keys': 'none',
    'reports.read': 'none',
  },
  read_only: {
    ...(Object.fromEntries(REQUEST_ACTIONS.map((a) => [a, 'none'])) as Record<RequestAction, Scope>),
    'request.read': 'all',
    'admin.configure': 'none',
    'admin.users': 'none',
    'admin.api_keys': 'none',
    'reports.read': 'all',
  },
};

/** What machine and resident actors may do to requests (integration keys act on any request). */
const NON_STAFF: Record<Exclude<Actor['type'], 'staff'>, readonly Permission[]> = {
  resident: ['request.create', 'request.comment_public', 'request.reopen', 'request.attach_media'],
  open311: ['request.create', 'request.read', 'request.attach_media'],
  integration: ['request.read', 'request.create', 'request.acknowledge', 'request.comment_public', 'request.comment_internal', 'request.change_status', 'request.close', 'request.reopen', 'request.assign', 'request.change_priority', 'request.attach_media'],
  import: [...REQUEST_ACTIONS],
  // The operator at the command line (civicdesk apikey create ...).
  system: [...REQUEST_ACTIONS, ...ADMIN_ACTIONS],
};

export function can(actor: Actor, permission: Permission, departmentId?: number): boolean {
  if (actor.type !== 'staff') return NON_STAFF[actor.type].includes(permission);
  const scope = MATRIX[actor.role][permission];
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  return departmentId === undefined || actor.departmentIds.includes(departmentId);
}

export function authorize(actor: Actor, permission: Permission, departmentId?: number): void {
  if (!can(actor, permission, departmentId)) {
    throw new AppError('forbidden', `not allowed: ${permission}`, { details: { permission } });
  }
}
