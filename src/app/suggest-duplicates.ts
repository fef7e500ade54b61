import type { Actor } from '../domain/actor.js';
import { AppError, invalid, type FieldIssue } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { Point } from './model.js';
import type { Deps, NearbyRequest } from './ports.js';
import { resolveLocation } from './resolve-location.js';

export interface SuggestDuplicatesInput {
  serviceCode: string;
  location?: Point | undefined;
  addressId?: string | undefined;
  limit?: number | undefined;
}

/**
 * At intake: the open requests of the same service within the service's duplicate radius, nearest first,
 * so the resident or call-taker can follow one ("me too") instead of filing the same problem again.
 */
export async function suggestDuplicates(deps: Deps, actor: Actor, input: SuggestDuplicatesInput): Promise<{ radiusM: number; items: NearbyRequest[] }> {
  authorize(actor, 'request.create');
  const service = await deps.repos.services.getByCode(input.serviceCode);
  if (!service || !service.active || (service.visibility === 'internal' && actor.type !== 'staff')) {
    throw new AppError('unknown_service', `no service with code ${JSON.stringify(input.serviceCode)}`);
  }
  const issues: FieldIssue[] = [];
  const place = await resolveLocation(deps.repos, { location: input.location, addressId: input.addressId }, issues);
  if (issues.length) throw invalid(issues);
  if (!place.location || service.duplicateRadiusM === 0 || service.informationOnly) return { radiusM: service.duplicateRadiusM, items: [] };
  const items = await deps.repos.duplicates.nearbyOpen(service.id, place.location, service.duplicateRadiusM, { limit: input.limit ?? 10 });
  return { radiusM: service.duplicateRadiusM, items };
}
