import type { Deps } from '../app/ports.js';
import type { Open311Feed } from '../db/repositories/open311-feed.js';

/** What every Open311 operation may use. */
export interface Open311Context {
  deps: Deps;
  feed: Open311Feed;
  /** Where this server is reached from outside, without a trailing slash. */
  publicUrl: string;
  /** JURISDICTION_ID, else the city setting's jurisdictionId, else none (any is accepted). */
  jurisdictionId(): Promise<string | undefined>;
}

export const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
export const MAX_SPAN_DAYS = 90;
export const DAY_MS = 86_400_000;
export const DEFAULT_PAGE_SIZE = 1000;

export function mediaUrl(ctx: Open311Context, media: { id: number; externalUrl: string | null } | null): string | null {
  if (!media) return null;
  return media.externalUrl ?? `${ctx.publicUrl}/media/${media.id}`;
}
