import type { Open311Context } from './context.js';
import { open311Error } from './errors.js';
import type { Value } from './xml.js';

/** GET tokens/{token}: the service_request_id a POST's token stands for. */
export async function token(ctx: Open311Context, value: string): Promise<Value> {
  const publicId = value.length <= 100 ? await ctx.feed.publicIdForToken(value) : undefined;
  if (!publicId) throw open311Error(404, 'token: no request has this token');
  return [{ service_request_id: publicId, token: value }];
}
