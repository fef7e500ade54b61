import { invalid } from '../domain/errors.js';
import type { Point } from './model.js';
import type { Deps } from './ports.js';
import { validPoint } from './resolve-location.js';

// Public: the address list is the city's own open data, not anyone's personal data.

export const MIN_QUERY = 3;

/** Addresses like what was typed, typos and all, best first: for residents and call-takers. */
export async function searchAddresses(deps: Deps, input: { q: string; limit?: number | undefined }) {
  const q = input.q.trim().replace(/\s+/g, ' ');
  if (q.length < MIN_QUERY) throw invalid([{ field: 'q', message: `type at least ${MIN_QUERY} characters` }]);
  return deps.repos.addresses.search(q.slice(0, 200), Math.min(input.limit ?? 10, 50));
}

/** The nearest addresses to a map pin, within withinM metres. */
export async function nearestAddresses(deps: Deps, input: { location: Point; limit?: number | undefined; withinM?: number | undefined }) {
  if (!validPoint(input.location)) throw invalid([{ field: 'location', message: 'latitude must be within ±90 and longitude within ±180' }]);
  return deps.repos.addresses.nearest(input.location, { limit: Math.min(input.limit ?? 1, 20), withinM: Math.min(input.withinM ?? 250, 5000) });
}
