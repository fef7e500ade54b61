import { notFound } from '../domain/errors.js';
import type { Deps } from './ports.js';

/** The stop-following link in every resident e-mail: the token is the permission. */
export async function unfollowRequest(deps: Deps, token: string): Promise<{ publicId: string }> {
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(token)) throw notFound('subscription');
  const publicId = await deps.repos.integration.unfollow(token);
  if (!publicId) throw notFound('subscription');
  return { publicId };
}
