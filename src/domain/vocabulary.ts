// The words of the domain (../../docs/ARCHITECTURE.md, "Words we use"), as closed sets.

export const STATUSES = ['new', 'acknowledged', 'in_progress', 'on_hold', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const CLOSE_REASONS = [
  'resolved',
  'duplicate',
  'referred',
  'not_city_responsibility',
  'unable_to_locate',
  'no_action_needed',
  'withdrawn',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const CHANNELS = [
  'web',
  'mobile',
  'open311',
  'phone',
  'walk_in',
  'email',
  'mail',
  'fax',
  'voicemail',
  'meeting',
  'social',
  'field',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ROLES = ['admin', 'supervisor', 'call_taker', 'department_staff', 'field', 'read_only'] as const;
export type Role = (typeof ROLES)[number];

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export function isOneOf<T extends string>(set: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (set as readonly string[]).includes(v);
}

export type EventActorType = 'staff' | 'resident' | 'system' | 'integration' | 'open311' | 'import';
