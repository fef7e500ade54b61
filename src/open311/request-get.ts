import type { Open311Context } from './context.js';
import { open311Error } from './errors.js';
import type { Params } from './params.js';
import { requestViews } from './request-view.js';
import type { Value } from './xml.js';

/** GET requests/{id}: one request, still as an array. */
export async function requestGet(ctx: Open311Context, id: string, params: Params): Promise<Value> {
  const found = id.length <= 40 ? await ctx.feed.requestByPublicId(id) : undefined;
  if (!found) throw open311Error(404, `service_request_id: no request with id "${id.slice(0, 40)}"`);
  return requestViews(ctx, [found], params.get('extensions') === 'true');
}
