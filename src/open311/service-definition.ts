import type { Open311Context } from './context.js';
import { open311Error } from './errors.js';
import type { Value } from './xml.js';

/** GET services/{code}: the questions of a public service, in the Open311 attribute model. */
export async function serviceDefinition(ctx: Open311Context, code: string): Promise<Value> {
  const s = await ctx.deps.repos.services.getByCode(code);
  if (!s || s.visibility !== 'public' || !s.active) throw open311Error(404, `service_code: no service with code "${code.slice(0, 100)}"`);
  return {
    service_code: s.code,
    attributes: s.attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: a.position,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}
