import { SPEC_URL, type Open311Context } from './context.js';
import type { Value } from './xml.js';

/** GET discovery: where the endpoint is, which formats it speaks, when its services last changed. */
export async function discovery(ctx: Open311Context): Promise<Value> {
  const changeset = ((await ctx.feed.latestServiceChange()) ?? new Date(0)).toISOString();
  return {
    changeset,
    contact: `Open311 GeoReport v2 at ${ctx.publicUrl}/open311/v2; ask the city's 311 administrator for help and for an api_key`,
    key_service: 'API keys are issued by the city\'s 311 administrator (civicdesk apikey create --name NAME)',
    endpoints: [
      { specification: SPEC_URL, url: `${ctx.publicUrl}/open311/v2`, changeset, type: 'production', formats: ['text/xml', 'application/json'] },
    ],
  };
}
