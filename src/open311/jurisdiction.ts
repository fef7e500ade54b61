import type { Open311Context } from './context.js';
import { open311Error } from './errors.js';
import type { Params } from './params.js';

/** A jurisdiction_id, when given, must be the one this server answers for. */
export async function checkJurisdiction(ctx: Open311Context, params: Params): Promise<void> {
  const given = params.get('jurisdiction_id');
  if (given === undefined) return;
  const ours = await ctx.jurisdictionId();
  if (ours !== undefined && given !== ours) {
    throw open311Error(400, `jurisdiction_id: "${given.slice(0, 100)}" is not served here; this server answers for "${ours}"`);
  }
}
