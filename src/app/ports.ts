import type { BusinessCalendar } from '../domain/business-hours.js';
import type { Answers } from '../domain/attributes.js';
import type { Channel, CloseReason, Locale, Priority, Status } from '../domain/vocabulary.js';
import type { Delivery, DeliveryAttempt, DeliveryChannel, DeliveryStatus, WebhookSubscription } from './delivery-model.js';
import type { SurveysRepo } from './surveys/ports.js';
import type { Comment, Department, Point, RequestEvent, RequestRecord, Resident, Service, StaffUser } from './model.js';
import type { DistrictShape } from '../domain/district-layer.js';
import type { Liaison, RoutingRule } from '../domain/routing.js';

// The ports the use cases need. src/db/ implements them with SQL; tests may wrap them.

export interface Clock {
  now(): Date;
}

export interface NewRequest {
  /** The tracking id, or the year whose sequence numbers it in the insert itself (formatPublicId's format). */
  publicId: string | { year: number };
  token: string;
  serviceId: number;
  departmentId: number;
  assigneeId: number | null;
  priority: Priority;
  channel: Channel;
  description: string;
  location: Point | null;
  address: string | null;
  addressId: string | null;
  zipcode: string | null;
  districtIds: number[];
  reporterId: number | null;
  locale: Locale;
  answers: Answers;
  externalSystem: string | null;
  externalId: string | null;
  ackDueAt: Date | null;
  resolveDueAt: Date | null;
  createdAt: Date;
}

export type RequestPatch = Partial<
  Pick<
    RequestRecord,
    | 'serviceId'
    | 'departmentId'
    | 'assigneeId'
    | 'status'
    | 'closeReason'
    | 'priority'
    | 'acknowledgedAt'
    | 'closedAt'
    | 'resolvedAt'
    | 'ackDueAt'
    | 'resolveDueAt'
    | 'ackOverdue'
    | 'resolveOverdue'
    | 'duplicateOfId'
    | 'workOrderId'
    | 'meTooCount'
    | 'location'
    | 'address'
    | 'addressId'
    | 'zipcode'
    | 'districtIds'
  >
>;

export interface NewEvent {
  requestId: number;
  type: string;
  public: boolean;
  data: Record<string, unknown>;
  actorType: RequestEvent['actorType'];
  actorId: number | null;
  actorName: string | null;
  createdAt: Date;
}

export interface RequestFilter {
  departmentIds?: number[];
  serviceIds?: number[];
  statuses?: Status[];
  assigneeId?: number;
  channel?: Channel;
  priorities?: Priority[] | undefined;
  districtId?: number | undefined;
  /** Past its acknowledge or resolve due time (and still open). */
  overdue?: boolean | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  /** [west, south, east, north] in degrees. */
  bbox?: [number, number, number, number] | undefined;
  /** newest first (default), oldest first (age), or soonest resolve due time first. */
  sort?: 'newest' | 'oldest' | 'due' | undefined;
  /** Overdue is judged against this time. */
  now?: Date | undefined;
  limit: number;
  offset: number;
}

/** Queue counts for the same scope as a list. */
export interface QueueCounts {
  open: number;
  new: number;
  overdue: number;
  mine: number;
}

export interface RequestsRepo {
  insert(r: NewRequest): Promise<RequestRecord>;
  get(id: number): Promise<RequestRecord | undefined>;
  /** Locks the row until the transaction ends. */
  getForUpdate(id: number): Promise<RequestRecord | undefined>;
  getByPublicId(publicId: string): Promise<RequestRecord | undefined>;
  /** Applies the patch if the row is still at expectedVersion; bumps version and updated_at. */
  update(id: number, patch: RequestPatch, expectedVersion: number, at: Date): Promise<RequestRecord | undefined>;
  list(filter: RequestFilter): Promise<{ items: RequestRecord[]; total: number }>;
  counts(filter: { departmentIds?: number[] | undefined; userId: number; now: Date }): Promise<QueueCounts>;
}

export interface EventsRepo {
  /** Writes the event and its outbox entry, in the caller's transaction. */
  append(e: NewEvent): Promise<RequestEvent>;
  forRequest(requestId: number, opts?: { publicOnly?: boolean }): Promise<RequestEvent[]>;
}

export interface CommentsRepo {
  insert(c: Omit<Comment, 'id'>): Promise<Comment>;
  forRequest(requestId: number, opts?: { publicOnly?: boolean }): Promise<Comment[]>;
}

export interface ServicesRepo {
  getByCode(code: string): Promise<Service | undefined>;
  get(id: number): Promise<Service | undefined>;
  list(opts?: { includeInternal?: boolean; includeInactive?: boolean }): Promise<Service[]>;
}

export interface DepartmentsRepo {
  get(id: number): Promise<Department | undefined>;
  list(): Promise<Department[]>;
}

export interface UsersRepo {
  get(id: number): Promise<StaffUser | undefined>;
  getByEmail(email: string): Promise<StaffUser | undefined>;
}

export interface ResidentsRepo {
  /** The resident with this e-mail (or phone), updated with what is new, or a new one. */
  upsertContact(c: { name: string | null; email: string | null; phone: string | null; locale: Locale }): Promise<Resident>;
  get(id: number): Promise<Resident | undefined>;
}

export interface FollowersRepo {
  add(f: { requestId: number; residentId: number | null; email: string | null; locale: Locale; via: 'reporter' | 'follow' | 'me_too' | 'duplicate' }): Promise<void>;
  count(requestId: number): Promise<number>;
}

export interface GeoRepo {
  /** Ids of every district containing the point, across all layers. */
  districtsAt(p: Point): Promise<number[]>;
  /** null when no city-limits layer is loaded. */
  insideCityLimits(p: Point): Promise<boolean | null>;
  /** Both of the above in one round trip (every submit asks). */
  placeOf(p: Point): Promise<{ districtIds: number[]; insideCityLimits: boolean | null }>;
}

export interface SettingsRepo {
  calendar(): Promise<BusinessCalendar>;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export interface IdsRepo {
  /** Next number in the year's sequence; outside any transaction, so gaps are possible. */
  nextRequestNumber(year: number): Promise<number>;
  /** Creates the year's sequence if it is missing (see MissingYearSequence). */
  ensureYear(year: number): Promise<void>;
}

/** An insert numbered by a year's sequence found none yet (the year's first request): create it, then retry. */
export class MissingYearSequence extends Error {
  constructor(readonly year: number) {
    super(`no request number sequence for ${year} yet`);
  }
}

export interface SessionRecord {
  user: StaffUser;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionsRepo {
  create(s: { id: string; userId: number; csrfToken: string; expiresAt: Date }): Promise<void>;
  /** The live session with this id (the hash of the cookie's token), or undefined. */
  get(id: string, now: Date): Promise<SessionRecord | undefined>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: number): Promise<void>;
}

export interface CredentialsRepo {
  /** The password hash and lock-out state of an active staff user. */
  forSignIn(email: string): Promise<{ userId: number; passwordHash: string | null; failedLogins: number; lockedUntil: Date | null } | undefined>;
  recordFailure(userId: number, lockUntil: Date | null): Promise<void>;
  recordSuccess(userId: number): Promise<void>;
  setPasswordHash(userId: number, hash: string): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface DeliveriesRepo {
  list(f: { status?: DeliveryStatus | undefined; channel?: DeliveryChannel | undefined; requestId?: number | undefined; limit: number; offset: number }): Promise<{ items: Delivery[]; total: number }>;
  get(id: number): Promise<(Delivery & { attempts_: DeliveryAttempt[] }) | undefined>;
  /** Makes a dead (or waiting) delivery due now with a fresh budget of attempts; undefined if delivered or unknown. */
  retry(id: number): Promise<Delivery | undefined>;
  /** Outbox jobs that could not be fanned out (dead), newest first. */
  deadJobs(limit: number): Promise<Array<{ id: number; topic: string; payload: Record<string, unknown>; attempts: number; lastError: string | null; createdAt: Date }>>;
  /** Makes a dead outbox job due again with a fresh budget; false if it isn't dead. */
  retryJob(id: number): Promise<boolean>;
}

export interface WebhooksRepo {
  add(s: { url: string; events: string[]; secret: string; description: string | null }): Promise<WebhookSubscription>;
  list(): Promise<WebhookSubscription[]>;
  /** Deactivates; past deliveries stay in the log. */
  deactivate(id: number): Promise<boolean>;
  get(id: number): Promise<WebhookSubscription | undefined>;
  /** Changes the URL, events, description or active flag; the secret stays. */
  update(id: number, s: { url: string; events: string[]; description: string | null; active: boolean }): Promise<WebhookSubscription | undefined>;
}

export interface IntegrationRepo {
  createKey(k: { name: string; prefix: string; keyHash: string }): Promise<{ id: number }>;
  /** Removes the follower with this stop-following token; the request's public id, or undefined. */
  unfollow(token: string): Promise<string | undefined>;
  /** The live integration key with this hash; marks it used. */
  keyByHash(keyHash: string): Promise<{ id: number; name: string } | undefined>;
  /** Requests changed after (since, afterId), oldest change first: a cursor that never skips a row. */
  changedSince(since: Date, afterId: number, limit: number): Promise<RequestRecord[]>;
  /** The request the system knows by this id: its linked work order id, or the external id it was filed with. */
  findByExternalRef(ref: string, system: string): Promise<RequestRecord | undefined>;
}

export interface ResponseTemplate {
  id: number;
  name: string;
  body: string;
  translations: Record<string, { name?: string; body?: string }>;
  active: boolean;
}

export interface AuditEntry {
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  at: Date;
}

/** The staff console's reads and the admin's writes (issue 7). */
export interface ConsoleRepo {
  /** Residents whose phone (digits) or e-mail matches, with how many requests they made. */
  searchResidents(q: { phone?: string | undefined; email?: string | undefined; text?: string | undefined }, limit: number): Promise<Array<Resident & { requestCount: number }>>;
  requestsOfResident(residentId: number, limit: number): Promise<RequestRecord[]>;
  templates(opts?: { includeInactive?: boolean }): Promise<ResponseTemplate[]>;
  template(id: number): Promise<ResponseTemplate | undefined>;
  saveTemplate(t: Omit<ResponseTemplate, 'id'> & { id?: number | undefined }): Promise<ResponseTemplate>;
  audit(e: AuditEntry): Promise<void>;
  auditLog(limit: number): Promise<Array<AuditEntry & { id: number }>>;
  serviceIdByCode(code: string): Promise<number | undefined>;
  /** Inserts or updates a service and replaces its questions. */
  saveService(s: ServiceDraft): Promise<number>;
  saveDepartment(d: { id?: number | undefined; code: string; name: string; email: string | null; phone: string | null; liaisonIds: number[] }): Promise<number>;
  listUsers(): Promise<StaffUser[]>;
  districts(): Promise<Array<{ id: number; layer: string; name: string }>>;
  saveUser(u: { id: number; name: string; role: StaffUser['role']; departmentIds: number[]; away: boolean; active: boolean }): Promise<void>;
}

export interface ServiceDraft {
  code: string;
  name: string;
  group: string;
  departmentId: number;
  description: string;
  keywords: string[];
  visibility: 'public' | 'internal';
  informationOnly: boolean;
  defaultPriority: Priority;
  ackWithinHours: number | null;
  resolveWithinHours: number | null;
  targetsInBusinessHours: boolean;
  notice: string | null;
  kbAnswer: string | null;
  active: boolean;
  translations: Service['translations'];
  attributes: Service['attributes'];
}

export interface ApiKeyRecord {
  id: number;
  name: string;
  kind: 'open311' | 'integration';
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeysRepo {
  insert(k: { name: string; kind: ApiKeyRecord['kind']; prefix: string; keyHash: string; createdAt: Date }): Promise<ApiKeyRecord>;
  /** The key with this hash unless it was revoked. */
  findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Revokes the key; undefined when there is no such key. Revoking twice keeps the first time. */
  revoke(id: number, at: Date): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  touch(id: number, at: Date): Promise<void>;
}

export interface MediaRecord {
  id: number;
  requestId: number;
  commentId: number | null;
  visibility: 'public' | 'internal';
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  filename: string | null;
  /** A photo that lives elsewhere (Open311 media_url): no bytes stored. */
  externalUrl: string | null;
  createdAt: Date;
}

export interface MediaRepo {
  insert(m: Omit<MediaRecord, 'id'> & { uploadedByUserId: number | null }, blobs: { original: Uint8Array; thumbnail: Uint8Array } | null): Promise<MediaRecord>;
  get(id: number): Promise<MediaRecord | undefined>;
  blob(id: number, variant: 'original' | 'thumbnail'): Promise<Uint8Array | undefined>;
  forRequest(requestId: number, opts?: { publicOnly?: boolean }): Promise<MediaRecord[]>;
}

/** A photo checked from its bytes, re-encoded without metadata, with a thumbnail. */
export interface ProcessedImage {
  contentType: string;
  width: number;
  height: number;
  original: Uint8Array;
  thumbnail: Uint8Array;
}

export interface ImageProcessor {
  /** Throws AppError('validation') when the bytes are not an accepted image or claim to be another type. */
  process(bytes: Uint8Array, declared: { contentType?: string | undefined; filename?: string | undefined }): Promise<ProcessedImage>;
}

/** Updates posted by an outside system (Open311 servicerequestupdates), remembered by their update_id. */
export interface ExternalUpdatesRepo {
  find(apiKeyId: number, updateId: string): Promise<{ requestId: number; eventIds: number[] } | undefined>;
  /** false when this key already posted this update_id (another transaction may hold it until it commits). */
  claim(apiKeyId: number, updateId: string, requestId: number, at: Date): Promise<boolean>;
  setEvents(apiKeyId: number, updateId: string, eventIds: number[]): Promise<void>;
}

// ---- the back office: routing, districts, addresses, duplicates, overdue sweeps ----

export interface RoutingRepo {
  /** Every rule that could apply to this service in these districts. */
  rulesFor(serviceId: number, districtIds: number[]): Promise<RoutingRule[]>;
  /** rulesFor and every department's auto-assign setting, in one round trip (what a new request's route needs). */
  routeFacts(serviceId: number, districtIds: number[]): Promise<{ rules: RoutingRule[]; autoAssign: Map<number, boolean> }>;
  /** The department's liaisons, lead first. */
  liaisons(departmentId: number): Promise<Liaison[]>;
  departmentAutoAssign(departmentId: number): Promise<boolean>;
  setDepartmentAutoAssign(departmentId: number, on: boolean): Promise<boolean>;
  list(): Promise<RoutingRule[]>;
  /** Inserts, or replaces the rule with the same service and district. */
  save(rule: Omit<RoutingRule, 'id'> & { note: string | null }): Promise<RoutingRule>;
  delete(id: number): Promise<boolean>;
}

export interface DistrictLayerSummary {
  id: number;
  code: string;
  name: string;
  isCityLimits: boolean;
  districts: number;
}

export interface DistrictsRepo {
  /** Creates or replaces a layer; districts keep their ids by code, so routing rules survive a re-import. */
  replaceLayer(layer: { code: string; name: string; isCityLimits: boolean }, districts: DistrictShape[]): Promise<{ layerId: number; added: number; updated: number; removed: number }>;
  /** Re-places every located request in the districts that now contain it. */
  replaceRequestDistricts(): Promise<number>;
  layers(): Promise<DistrictLayerSummary[]>;
  districts(layerId?: number): Promise<Array<{ id: number; layerId: number; code: string; name: string }>>;
}

export interface AddressRecord {
  id: string;
  fullAddress: string;
  zipcode: string | null;
  location: Point;
}

export interface AddressesRepo {
  get(id: string): Promise<AddressRecord | undefined>;
  /** Typo-tolerant search (trigram word similarity), best match first. */
  search(q: string, limit: number): Promise<Array<AddressRecord & { score: number }>>;
  /** The nearest addresses to a point within withinM metres, nearest first. */
  nearest(p: Point, opts: { limit: number; withinM: number }): Promise<Array<AddressRecord & { distanceM: number }>>;
  upsertMany(list: AddressRecord[]): Promise<void>;
}

export interface NearbyRequest {
  id: number;
  publicId: string;
  serviceId: number;
  status: Status;
  description: string;
  address: string | null;
  location: Point;
  meTooCount: number;
  createdAt: Date;
  distanceM: number;
}

export interface DuplicatesRepo {
  /** Open requests of the service within radiusM metres of the point, nearest first. */
  nearbyOpen(serviceId: number, p: Point, radiusM: number, opts: { excludeId?: number; limit: number }): Promise<NearbyRequest[]>;
  /** The duplicate's reporter and followers follow the parent too (via 'duplicate'); returns how many were added. */
  moveFollowers(duplicateId: number, parentId: number): Promise<number>;
  /** Undoes moveFollowers: removes from the parent those who came through this duplicate. */
  removeFollowers(duplicateId: number, parentId: number): Promise<number>;
}

export interface OverdueMark {
  id: number;
  ackOverdue: boolean;
  resolveOverdue: boolean;
  /** Which targets this sweep found missed. */
  kinds: Array<'acknowledge' | 'resolve'>;
  ackDueAt: Date | null;
  resolveDueAt: Date | null;
  departmentId: number;
}

export interface OverdueRepo {
  /** Flags (and locks) up to limit open requests whose due times passed at `now`, skipping rows others hold. */
  markOverdue(now: Date, limit: number): Promise<OverdueMark[]>;
}

/** A request submission's Idempotency-Key: who sent it (scope), what they sent (fingerprint), what it made. */
export interface SubmissionKey {
  scope: string;
  key: string;
  fingerprint: string;
}

export interface IdempotencyRepo {
  /** The request an earlier submission with this key made, if it committed. */
  find(scope: string, key: string): Promise<{ fingerprint: string; requestId: number | null } | undefined>;
  /**
   * Claims the key inside the submitting transaction. On a server a concurrent claim of the same
   * key waits here until the first transaction ends; false means the key is (now) taken.
   */
  claim(k: SubmissionKey): Promise<boolean>;
  /** Records the request the claimed key made (same transaction). */
  attach(scope: string, key: string, requestId: number): Promise<void>;
}

export interface Repos {
  idempotency: IdempotencyRepo;
  requests: RequestsRepo;
  events: EventsRepo;
  comments: CommentsRepo;
  services: ServicesRepo;
  departments: DepartmentsRepo;
  users: UsersRepo;
  residents: ResidentsRepo;
  followers: FollowersRepo;
  geo: GeoRepo;
  settings: SettingsRepo;
  sessions: SessionsRepo;
  credentials: CredentialsRepo;
  deliveries: DeliveriesRepo;
  webhooks: WebhooksRepo;
  integration: IntegrationRepo;
  console: ConsoleRepo;
  apiKeys: ApiKeysRepo;
  media: MediaRepo;
  externalUpdates: ExternalUpdatesRepo;
  routing: RoutingRepo;
  districts: DistrictsRepo;
  addresses: AddressesRepo;
  duplicates: DuplicatesRepo;
  overdue: OverdueRepo;
  surveys: SurveysRepo;
}

export interface Deps {
  passwords: PasswordHasher;
  clock: Clock;
  /** Photo checking and thumbnails (sharp); absent where no photos are taken. */
  images?: ImageProcessor;
  ids: IdsRepo;
  /** Repositories outside a transaction, for reads. */
  repos: Repos;
  /** Runs fn in one transaction: everything it writes commits together or not at all. */
  tx<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
  /** Called after a transaction that wrote outbox entries commits (wakes the dispatcher). */
  afterCommit?: () => void;
  /** Called once a submitted request has committed (counts intake by channel for the metrics). */
  onSubmitted?: (channel: Channel) => void;
}

export type { CloseReason };
