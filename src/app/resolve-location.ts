import type { FieldIssue } from '../domain/errors.js';
import type { Point } from './model.js';
import type { Repos } from './ports.js';

export interface LocationInput {
  location?: Point | undefined;
  address?: string | undefined;
  addressId?: string | undefined;
  zipcode?: string | undefined;
}

export interface ResolvedLocation {
  location: Point | null;
  address: string | null;
  addressId: string | null;
  zipcode: string | null;
}

export const validPoint = (p: Point) => Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;

/**
 * Fills a location from the master address list when an address id is given: the point, the address as
 * the city writes it and the zip, unless the caller gave their own. Problems go into issues.
 */
export async function resolveLocation(repos: Repos, input: LocationInput, issues: FieldIssue[]): Promise<ResolvedLocation> {
  const addressId = input.addressId?.trim() || null;
  let out: ResolvedLocation = {
    location: input.location ?? null,
    address: input.address?.trim() || null,
    addressId,
    zipcode: input.zipcode?.trim() || null,
  };
  if (out.location && !validPoint(out.location)) issues.push({ field: 'location', message: 'latitude must be within ±90 and longitude within ±180' });
  if (addressId) {
    const known = await repos.addresses.get(addressId);
    if (!known) issues.push({ field: 'address_id', message: 'no address with that id in the address list' });
    else out = { location: out.location ?? known.location, address: out.address ?? known.fullAddress, addressId, zipcode: out.zipcode ?? known.zipcode };
  }
  if (!out.location && !out.address && !addressId) issues.push({ field: 'location', message: 'give a location: lat and long, an address, or an address id' });
  return out;
}
