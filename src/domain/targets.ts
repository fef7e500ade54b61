// Service targets ("acknowledge within 4 business hours, resolve within 5 days") turned into due instants and
// measured against what actually happened. Business-hour targets run on the city's calendar; the others on
// the plain clock, which is what a "24 hours, every day" promise means.
import { addBusinessHours, businessHoursBetween, type BusinessCalendar } from './business-hours.js';

export interface ServiceTargets {
  ackWithinHours: number | null;
  resolveWithinHours: number | null;
  inBusinessHours: boolean;
}

const HOUR = 3_600_000;

export function dueTimes(
  targets: ServiceTargets,
  createdAt: Date,
  cal: BusinessCalendar,
): { ackDueAt: Date | null; resolveDueAt: Date | null } {
  const due = (hours: number | null): Date | null => {
    if (hours === null) return null;
    if (targets.inBusinessHours) return addBusinessHours(cal, createdAt, hours);
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a finite number >= 0, got ${hours}`);
    return new Date(createdAt.getTime() + Math.round(hours * HOUR));
  };
  return { ackDueAt: due(targets.ackWithinHours), resolveDueAt: due(targets.resolveWithinHours) };
}

/** Done on the due instant is on time; with no due time nothing can be late. */
export function isOverdue(due: Date | null, doneAt: Date | null, now: Date): boolean {
  if (due === null) return false;
  return (doneAt ?? now).getTime() > due.getTime();
}

export function elapsedHours(
  targets: Pick<ServiceTargets, 'inBusinessHours'>,
  from: Date,
  to: Date,
  cal: BusinessCalendar,
): number {
  if (targets.inBusinessHours) return businessHoursBetween(cal, from, to);
  return Math.max(0, (to.getTime() - from.getTime()) / HOUR);
}

/** Null when there is no target or nothing to measure yet, so reports can leave those out of the rate. */
export function withinTarget(targetHours: number | null, elapsed: number | null): boolean | null {
  if (targetHours === null || elapsed === null) return null;
  return elapsed <= targetHours;
}
