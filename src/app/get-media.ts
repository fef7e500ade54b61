import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { can } from '../domain/policy.js';
import type { Deps, MediaRecord } from './ports.js';

export interface MediaContent {
  media: MediaRecord;
  /** The stored bytes, or null for a photo that lives at media.externalUrl. */
  bytes: Uint8Array | null;
}

/**
 * A photo for whoever may see it: public photos of public requests to anyone; the rest only to
 * staff who may read the request. Everyone else gets not_found (no hint that it exists).
 */
export async function getMedia(deps: Deps, actor: Actor, input: { mediaId: number; variant: 'original' | 'thumbnail' }): Promise<MediaContent> {
  const { repos } = deps;
  const media = await repos.media.get(input.mediaId);
  if (!media) throw notFound('photo');
  const request = await repos.requests.get(media.requestId);
  const service = request && (await repos.services.get(request.serviceId));
  if (!request || !service) throw notFound('photo');
  const isPublic = media.visibility === 'public' && service.visibility === 'public';
  if (!isPublic && !(actor.type === 'staff' && can(actor, 'request.read', request.departmentId))) throw notFound('photo');
  if (media.externalUrl) return { media, bytes: null };
  const bytes = await repos.media.blob(media.id, input.variant);
  if (!bytes) throw notFound('photo');
  return { media, bytes };
}
