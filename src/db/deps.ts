import type { Clock, Deps, Repos } from '../app/ports.js';
import type { DatabaseHandle } from './connect.js';
import { commentsRepo, eventsRepo } from './repositories/events.js';
import { geoRepo, idsRepo, settingsRepo } from './repositories/geo-settings.js';
import { followersRepo, residentsRepo, usersRepo } from './repositories/people.js';
import { requestsRepo } from './repositories/requests.js';
import { departmentsRepo, servicesRepo } from './repositories/services.js';
import type { Db } from './sql.js';
import { credentialsRepo, sessionsRepo } from './repositories/sessions.js';
import { consoleRepo } from './repositories/console.js';
import { hash, verify } from '@node-rs/argon2';
import { deliveriesRepo, integrationRepo, webhooksRepo } from './repositories/deliveries.js';
import { apiKeysRepo, externalUpdatesRepo } from './repositories/api-keys.js';
import { mediaRepo } from './repositories/media.js';
import { sharpImages } from '../media/sharp-images.js';
import { addressesRepo } from './repositories/addresses.js';
import { districtsRepo } from './repositories/districts.js';
import { duplicatesRepo } from './repositories/duplicates.js';
import { overdueRepo } from './repositories/overdue.js';
import { routingRepo } from './repositories/routing.js';
import { surveysRepo } from './repositories/surveys.js';
import { requestIdempotencyRepo } from './repositories/idempotency.js';

export function makeRepos(db: Db): Repos {
  return {
    idempotency: requestIdempotencyRepo(db),
    requests: requestsRepo(db),
    events: eventsRepo(db),
    comments: commentsRepo(db),
    services: servicesRepo(db),
    departments: departmentsRepo(db),
    users: usersRepo(db),
    residents: residentsRepo(db),
    followers: followersRepo(db),
    geo: geoRepo(db),
    settings: settingsRepo(db),
    sessions: sessionsRepo(db),
    credentials: credentialsRepo(db),
    deliveries: deliveriesRepo(db),
    webhooks: webhooksRepo(db),
    integration: integrationRepo(db),
    console: consoleRepo(db),
    apiKeys: apiKeysRepo(db),
    media: mediaRepo(db),
    externalUpdates: externalUpdatesRepo(db),
    routing: routingRepo(db),
    districts: districtsRepo(db),
    addresses: addressesRepo(db),
    duplicates: duplicatesRepo(db),
    overdue: overdueRepo(db),
    surveys: surveysRepo(db),
  };
}

// OWASP's argon2id baseline (19 MiB, 2 passes), which is also the library default.
export const argon2id = { hash: (p: string) => hash(p), verify: (h: string, p: string) => verify(h, p) };

export const systemClock: Clock = { now: () => new Date() };

/** The use cases' dependencies, backed by this database. */
export function makeDeps(handle: DatabaseHandle, opts: Pick<Deps, 'afterCommit' | 'onSubmitted'> & { clock?: Clock } = {}): Deps {
  return {
    clock: opts.clock ?? systemClock,
    passwords: argon2id,
    images: sharpImages,
    ids: idsRepo(handle.db),
    repos: makeRepos(handle.db),
    tx: (fn) => handle.db.transaction((t) => fn(makeRepos(t as unknown as Db))),
    ...(opts.afterCommit ? { afterCommit: opts.afterCommit } : {}),
    ...(opts.onSubmitted ? { onSubmitted: opts.onSubmitted } : {}),
  };
}
