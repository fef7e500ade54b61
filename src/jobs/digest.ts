import type { Config } from '../config.js';
import { makeRepos } from '../db/deps.js';
import type { NewDelivery } from '../db/repositories/job-queue.js';
import { settingsRepo } from '../db/repositories/geo-settings.js';
import { liaisonsOf, overdueRequests } from '../db/repositories/notify-facts.js';
import type { Db } from '../db/sql.js';
import { links, stableMessageId } from './links.js';
import { renderDigest } from './mail/templates.js';

// The daily digest of overdue requests, one e-mail per department to its liaisons. The
// schedule (scheduled_jobs) enqueues a 'digest.overdue' job for the day; this turns it into
// deliveries keyed by (day, department, recipient), so a day's digest goes out once.

export async function deliveriesForDigest(db: Db, config: Config, day: string): Promise<NewDelivery[]> {
  const overdue = await overdueRequests(db);
  const repos = makeRepos(db);
  const L = links(config.publicUrl);
  const { timeZone } = await settingsRepo(db).calendar();
  const out: NewDelivery[] = [];
  const byDept = new Map<number, typeof overdue>();
  for (const r of overdue) byDept.set(r.departmentId, [...(byDept.get(r.departmentId) ?? []), r]);
  for (const [departmentId, list] of byDept) {
    const dept = await repos.departments.get(departmentId);
    if (!dept) continue;
    for (const p of await liaisonsOf(db, departmentId)) {
      const key = p.email.toLowerCase();
      const mail = renderDigest(
        p.locale,
        dept.name,
        list.map((r) => ({ publicId: r.publicId, serviceName: r.serviceName, priority: r.priority, address: r.address, due: r.ackOverdue ? r.ackDueAt : r.resolveDueAt, url: L.staff(r.publicId) })),
        timeZone,
      );
      out.push({
        dedupeKey: `email:digest:${day}:${departmentId}:${key}`,
        channel: 'email',
        kind: 'digest',
        eventId: null,
        requestId: null,
        subscriptionId: null,
        recipient: p.email,
        messageId: stableMessageId(`digest-${day}-${departmentId}`, key, config.publicUrl),
        payload: { ...mail, headers: { 'X-CivicDesk-Digest': day } },
      });
    }
  }
  return out;
}

/** The next time it is `hour`:00 in the time zone, after `now`. */
export function nextLocalHour(now: Date, timeZone: string, hour: number): Date {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const partsAt = (d: Date) => {
    const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  };
  for (let day = 0; day < 3; day++) {
    const local = new Date(partsAt(now) + day * 86_400_000);
    const guess = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour);
    // The zone's offset at the guess, then again at the answer (they differ across a DST change).
    const first = guess - (partsAt(new Date(guess)) - guess);
    const at = new Date(guess - (partsAt(new Date(first)) - first));
    if (at.getTime() > now.getTime()) return at;
  }
  return new Date(now.getTime() + 86_400_000);
}

/** The city's local date of an instant, as YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
