import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { authorize, can } from '../domain/policy.js';
import type { Deps } from './ports.js';

/** A request with its service, reporter and full timeline, for staff who may see it. */
export async function getRequest(deps: Deps, actor: Actor, id: number) {
  const { repos } = deps;
  const request = await repos.requests.get(id);
  if (!request) throw notFound('request');
  authorize(actor, 'request.read', request.departmentId);
  const internal = can(actor, 'request.comment_internal', request.departmentId);
  const [service, reporter, events, comments] = await Promise.all([
    repos.services.get(request.serviceId),
    request.reporterId ? repos.residents.get(request.reporterId) : undefined,
    repos.events.forRequest(id, { publicOnly: !internal }),
    repos.comments.forRequest(id, { publicOnly: !internal }),
  ]);
  return { request, service: service!, reporter, events, comments };
}
