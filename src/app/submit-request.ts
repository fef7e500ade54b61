import { actorFields, SYSTEM, type Actor } from '../domain/actor.js';
import { validateAnswers, type RawAnswers } from '../domain/attributes.js';
import { AppError, invalid, type FieldIssue } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { localYear } from '../domain/public-id.js';
import { dueTimes } from '../domain/targets.js';
import type { Channel, Locale, Priority } from '../domain/vocabulary.js';
import type { Point, RequestRecord, Service } from './model.js';
import { inTransaction } from './in-transaction.js';
import { MissingYearSequence, type Deps, type Repos, type SubmissionKey } from './ports.js';
import { resolveLocation } from './resolve-location.js';
import { resolveRoute, routeData } from './resolve-route.js';

export const MAX_DESCRIPTION = 4000;
/** One @, a dot in the domain, and none of the characters an address can't hold unquoted (<, >, quotes, brackets...). */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export interface SubmitRequestInput {
  serviceCode: string;
  channel: Channel;
  description?: string | undefined;
  location?: Point | undefined;
  address?: string | undefined;
  addressId?: string | undefined;
  zipcode?: string | undefined;
  answers?: RawAnswers | undefined;
  priority?: Priority | undefined;
  locale?: Locale | undefined;
  reporter?: { name?: string | undefined; email?: string | undefined; phone?: string | undefined } | undefined;
  external?: { system: string; id: string } | undefined;
  /** The caller's Idempotency-Key: a repeat with the same key and body answers with the first request. */
  idempotency?: SubmissionKey | undefined;
}

export interface SubmitResult {
  request: RequestRecord;
  service: Service;
  /** True when an earlier submission with the same Idempotency-Key made this request. */
  replayed: boolean;
}

export interface SubmitOptions {
  /** More writes that belong to the new request (a photo), in its transaction: all commit or none. */
  within?: (txDeps: Deps, request: RequestRecord) => Promise<void>;
}

/** One report from any channel: validated, placed, timed, numbered and recorded with its event. */
export async function submitRequest(deps: Deps, actor: Actor, input: SubmitRequestInput, opts: SubmitOptions = {}): Promise<SubmitResult> {
  authorize(actor, 'request.create');
  const key = input.idempotency;
  if (key) {
    const prior = await deps.repos.idempotency.find(key.scope, key.key);
    if (prior) return replay(deps, key, prior);
  }
  const service = await deps.repos.services.getByCode(input.serviceCode);
  // Internal-only services don't exist for the public: same answer as an unknown code.
  if (!service || (service.visibility === 'internal' && actor.type !== 'staff' && actor.type !== 'integration' && actor.type !== 'import')) {
    throw new AppError('unknown_service', `no service with code ${JSON.stringify(input.serviceCode)}`, {
      issues: [{ field: 'service_code', message: 'unknown service' }],
    });
  }
  if (!service.active) throw new AppError('service_inactive', `the service ${service.code} is not taking requests`);

  const issues: FieldIssue[] = [];
  const description = (input.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION) issues.push({ field: 'description', message: `must be at most ${MAX_DESCRIPTION} characters` });
  // An address id from the master address list fills in the point, the address and the zip.
  const place = await resolveLocation(deps.repos, input, issues);
  const loc = place.location;
  const email = input.reporter?.email?.trim() || null;
  if (email && !EMAIL.test(email)) issues.push({ field: 'email', message: 'is not an e-mail address' });
  let answers = {};
  try {
    answers = validateAnswers(service.attributes, input.answers ?? {});
  } catch (e) {
    if (e instanceof AppError) issues.push(...e.issues);
    else throw e;
  }
  if (issues.length) throw invalid(issues);

  const placed = loc ? await deps.repos.geo.placeOf(loc) : { districtIds: [], insideCityLimits: null };
  const districtIds = placed.districtIds;
  if (placed.insideCityLimits === false) {
    throw new AppError('outside_city', 'that location is outside the city limits', { issues: [{ field: 'location', message: 'outside the city limits' }] });
  }

  const calendar = await deps.repos.settings.calendar();
  const now = deps.clock.now();
  const due = dueTimes(
    { ackWithinHours: service.ackWithinHours, resolveWithinHours: service.resolveWithinHours, inBusinessHours: service.targetsInBusinessHours },
    now,
    calendar,
  );
  const year = localYear(now, calendar.timeZone);
  const locale: Locale = input.locale ?? 'en';

  const recordRequest = async (repos: Repos): Promise<{ prior: Awaited<ReturnType<Repos['idempotency']['find']>> } | { request: RequestRecord }> => {
    // Claimed in this transaction: a concurrent retry waits here for ours, then replays it.
    if (key && !(await repos.idempotency.claim(key))) return { prior: await repos.idempotency.find(key.scope, key.key) };
    const contact = input.reporter;
    const reporter =
      contact && (contact.name?.trim() || email || contact.phone?.trim())
        ? await repos.residents.upsertContact({ name: contact.name?.trim() || null, email, phone: contact.phone?.trim() || null, locale })
        : null;
    // The city's routing rules pick the department (and, when it auto-assigns, the liaison present).
    const routed = await resolveRoute(repos, { serviceId: service.id, defaultDepartmentId: service.departmentId, districtIds });
    const assigneeId = service.informationOnly ? null : routed.assigneeId;
    let req = await repos.requests.insert({
      publicId: { year },
      token: randomToken(),
      serviceId: service.id,
      departmentId: routed.departmentId,
      assigneeId,
      priority: input.priority ?? service.defaultPriority,
      channel: input.channel,
      description,
      location: loc,
      address: place.address,
      addressId: place.addressId,
      zipcode: place.zipcode,
      districtIds,
      reporterId: reporter?.id ?? null,
      locale,
      answers,
      externalSystem: input.external?.system ?? null,
      externalId: input.external?.id ?? null,
      ackDueAt: service.informationOnly ? null : due.ackDueAt,
      resolveDueAt: service.informationOnly ? null : due.resolveDueAt,
      createdAt: now,
    });
    const who = actorFields(actor);
    await repos.events.append({ requestId: req.id, type: 'created', public: true, data: { channel: input.channel, serviceCode: service.code, routing: routeData(routed) }, ...who, createdAt: now });
    if (assigneeId !== null) {
      await repos.events.append({ requestId: req.id, type: 'assigned', public: false, data: { from: null, to: assigneeId, auto: true }, ...actorFields(SYSTEM), createdAt: now });
    }
    if (reporter?.email) await repos.followers.add({ requestId: req.id, residentId: reporter.id, email: reporter.email, locale, via: 'reporter' });
    // An information request (a question answered on the phone) is counted, then closes at once.
    if (service.informationOnly) {
      req = (await repos.requests.update(
        req.id,
        { status: 'closed', closeReason: 'resolved', closedAt: now, resolvedAt: now, acknowledgedAt: now },
        req.version,
        now,
      ))!;
      await repos.events.append({ requestId: req.id, type: 'closed', public: true, data: { reason: 'resolved', note: service.kbAnswer, informationOnly: true }, ...who, createdAt: now });
    }
    if (key) await repos.idempotency.attach(key.scope, key.key, req.id);
    if (opts.within) await opts.within(inTransaction(deps, repos), req);
    return { request: req };
  };

  // The tracking number comes from the year's sequence inside the insert; the year's first request creates
  // the sequence and runs the transaction again (nothing of the first attempt was kept).
  const outcome = await deps.tx(recordRequest).catch(async (err: unknown) => {
    if (!(err instanceof MissingYearSequence)) throw err;
    await deps.ids.ensureYear(err.year);
    return deps.tx(recordRequest);
  });
  if ('prior' in outcome) return replay(deps, key!, outcome.prior);
  deps.afterCommit?.();
  deps.onSubmitted?.(outcome.request.channel);
  return { request: outcome.request, service, replayed: false };
}

async function replay(deps: Deps, key: SubmissionKey, prior: { fingerprint: string; requestId: number | null } | undefined): Promise<SubmitResult> {
  if (prior && prior.fingerprint !== key.fingerprint) {
    throw new AppError('conflict', 'this Idempotency-Key was already used for a different request; use a new key for a new report', {
      details: { idempotencyKey: 'reused_with_different_body' },
    });
  }
  const request = prior?.requestId != null ? await deps.repos.requests.get(prior.requestId) : undefined;
  const service = request && (await deps.repos.services.get(request.serviceId));
  if (!request || !service) throw new AppError('conflict', 'a request with this Idempotency-Key is still being recorded; retry shortly');
  return { request, service, replayed: true };
}

function randomToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return Buffer.from(bytes).toString('base64url');
}
