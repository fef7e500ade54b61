import type { Open311Context } from './context.js';
import type { Value } from './xml.js';

/** GET services: every public, active service; metadata=true when it has questions to answer. */
export async function services(ctx: Open311Context): Promise<Value> {
  const list = await ctx.deps.repos.services.list();
  return list.map((s) => ({
    service_code: s.code,
    service_name: s.name,
    description: s.description || null,
    metadata: s.attributes.length > 0,
    type: 'realtime',
    keywords: s.keywords.join(', ') || null,
    group: s.group,
  }));
}
