import type { RequestEvent, RequestRecord, Service } from '../app/model.js';
import type { Config } from '../config.js';
import { makeRepos } from '../db/deps.js';
import type { NewDelivery } from '../db/repositories/job-queue.js';
import { activeSubscriptions, districtNames, eventById, followersOf, liaisonsOf, mediaOf, supervisorsOf, type Person } from '../db/repositories/notify-facts.js';
import type { Db } from '../db/sql.js';
import { mailsFor, subscriptionWants, webhookTypeFor, type Audience } from '../domain/notifications.js';
import type { Locale } from '../domain/vocabulary.js';
import { links, stableMessageId } from './links.js';
import { renderRequestMail, type RequestView } from './mail/templates.js';

interface Recipient extends Person {
  unfollowToken: string | null;
  staff: boolean;
}

/**
 * The 'request.event' job: one event becomes its deliveries — one e-mail per (event,
 * recipient), one webhook call per (event, subscription). Written, not sent: the deliveries
 * are sent, retried and recorded on their own.
 */
export async function deliveriesForEvent(db: Db, config: Config, eventId: number): Promise<NewDelivery[]> {
  const event = await eventById(db, eventId);
  if (!event) return [];
  const repos = makeRepos(db);
  const request = await repos.requests.get(event.requestId);
  if (!request) return [];
  const service = await repos.services.get(request.serviceId);
  if (!service) return [];
  const L = links(config.publicUrl);
  const out: NewDelivery[] = [];

  const plans = mailsFor(event);
  if (plans.length) {
    const districts = await districtNames(db, request.districtIds);
    const media = await mediaOf(db, request.id);
    const seen = new Set<string>();
    for (const plan of plans) {
      for (const r of await audience(db, plan.audience, request)) {
        const key = r.email.trim().toLowerCase();
        if (!key || seen.has(key)) continue;
        seen.add(key);
        const view = requestView(request, service, r.locale, districts, r.staff ? media.map((m) => L.media(m.id)) : []);
        const mail = renderRequestMail({
          kind: plan.kind,
          locale: r.locale,
          recipientName: r.name,
          request: view,
          data: event.data,
          links: {
            track: L.track(request.publicId, request.token),
            reopen: L.reopen(request.publicId, request.token),
            staff: L.staff(request.publicId),
            unfollow: r.unfollowToken ? L.unfollow(r.unfollowToken) : null,
          },
          photoAttached: plan.kind === 'closed' && request.closedAt !== null && media.some((m) => m.visibility === 'public'),
        });
        const headers: Record<string, string> = { 'X-CivicDesk-Request': request.publicId, 'X-CivicDesk-Event': String(event.id) };
        if (r.unfollowToken) {
          headers['List-Unsubscribe'] = `<${L.unfollow(r.unfollowToken)}>`;
          headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'; // RFC 8058: POST to the same link

        }
        out.push({
          dedupeKey: `email:event:${event.id}:${key}`,
          channel: 'email',
          kind: plan.kind,
          eventId: event.id,
          requestId: request.id,
          subscriptionId: null,
          recipient: r.email.trim(),
          messageId: stableMessageId(`event-${event.id}`, key, config.publicUrl),
          payload: {
            ...mail,
            headers,
            ...(plan.kind === 'closed' && request.closedAt ? { closingPhoto: { requestId: request.id, closedAt: request.closedAt.toISOString() } } : {}),
          },
        });
      }
    }
  }

  const type = webhookTypeFor(event);
  for (const sub of await activeSubscriptions(db)) {
    if (!subscriptionWants(sub.events, type)) continue;
    const id = `msg_evt${event.id}_sub${sub.id}`;
    out.push({
      dedupeKey: `webhook:event:${event.id}:${sub.id}`,
      channel: 'webhook',
      kind: type,
      eventId: event.id,
      requestId: request.id,
      subscriptionId: sub.id,
      recipient: `subscription ${sub.id}`,
      messageId: id,
      payload: { body: JSON.stringify({ type, timestamp: event.createdAt.toISOString(), data: webhookData(event, request, service) }) },
    });
  }
  return out;
}

async function audience(db: Db, a: Audience, request: RequestRecord): Promise<Recipient[]> {
  const staff = (list: Person[]) => list.map((p) => ({ ...p, unfollowToken: null, staff: true }));
  switch (a) {
    case 'liaisons':
      return staff(await liaisonsOf(db, request.departmentId));
    case 'supervisors':
      return staff(await supervisorsOf(db, request.departmentId));
    case 'reporter':
    case 'followers': {
      const list = await followersOf(db, request.id);
      return list.filter((f) => a === 'followers' || f.via === 'reporter').map((f) => ({ ...f, unfollowToken: f.token, staff: false }));
    }
  }
}

function requestView(request: RequestRecord, service: Service, locale: Locale, districts: string[], photoUrls: string[]): RequestView {
  const tr = service.translations[locale] ?? {};
  const answers: Array<[string, string]> = [];
  for (const a of service.attributes) {
    const v = request.answers[a.code];
    if (v === undefined) continue;
    const names = new Map(a.values.map((x) => [x.key, a.translations[locale]?.values?.[x.key] ?? x.name]));
    const shown = (Array.isArray(v) ? v : [v]).map((x) => names.get(String(x)) ?? String(x)).join(', ');
    answers.push([a.translations[locale]?.description ?? a.description, shown]);
  }
  return {
    publicId: request.publicId,
    serviceName: tr.name ?? service.name,
    priority: request.priority,
    status: request.status,
    address: request.address,
    location: request.location,
    districts,
    description: request.description,
    answers,
    photoUrls,
    notice: tr.notice ?? service.notice,
  };
}

/** What a webhook says: the event and the request, never the reporter's personal data. */
function webhookData(event: RequestEvent, r: RequestRecord, service: Service) {
  return {
    event: { id: event.id, type: event.type, public: event.public, data: event.data, actor: { type: event.actorType, name: event.actorType === 'resident' ? null : event.actorName }, createdAt: event.createdAt.toISOString() },
    request: {
      id: r.id,
      publicId: r.publicId,
      serviceCode: service.code,
      status: r.status,
      closeReason: r.closeReason,
      priority: r.priority,
      departmentId: r.departmentId,
      address: r.address,
      location: r.location,
      externalSystem: r.externalSystem,
      externalId: r.externalId,
      workOrderId: r.workOrderId,
      updatedAt: r.updatedAt.toISOString(),
    },
  };
}
