/**
 * Retention: how long after closing a request its reporter's name, e-mail and phone are kept.
 * The request itself, its public history and the statistics stay; only the person goes.
 */
export const RETENTION_SETTING = 'privacy.retention';
export const MAX_RETENTION_DAYS = 36_500;
/** How long a link from the "my data" e-mail works. */
export const PRIVACY_LINK_MINUTES = 60;

export function checkRetentionDays(days: unknown): number {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_RETENTION_DAYS) {
    throw new RangeError(`retention must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}, got ${String(days)}`);
  }
  return days;
}

/** Requests closed before this moment have their reporters anonymised. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - checkRetentionDays(days) * 86_400_000);
}

export function normaliseEmail(email: string): string | null {
  const e = email.trim().toLowerCase();
  return e.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}
