import type { Actor } from '../domain/actor.js';
import { parseDistrictLayer, layerCode } from '../domain/district-layer.js';
import { invalid } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { audited } from './admin/audited.js';
import type { Deps } from './ports.js';

export interface ImportDistrictsInput {
  /** The layer's name ("Community districts"); its code is derived unless given. */
  layer: string;
  code?: string | undefined;
  nameProperty: string;
  codeProperty?: string | undefined;
  /** This layer is the city limits: points outside all of its polygons are refused at intake. */
  cityLimits?: boolean | undefined;
  geojson: unknown;
}

/**
 * Loads (or reloads) a layer of districts from GeoJSON, and places every located request in the districts
 * that now contain it, all in one transaction. Districts keep their ids by code across reloads, so the
 * routing rules that name them survive.
 */
export async function importDistricts(deps: Deps, actor: Actor, input: ImportDistrictsInput) {
  authorize(actor, 'admin.configure');
  const name = input.layer.trim();
  const code = input.code?.trim() || layerCode(name);
  if (!name || !code) throw invalid([{ field: 'layer', message: 'give the layer a name' }]);
  if (!input.nameProperty.trim()) throw invalid([{ field: 'nameProperty', message: 'say which feature property names a district' }]);
  const districts = parseDistrictLayer(input.geojson, { nameProperty: input.nameProperty.trim(), codeProperty: input.codeProperty?.trim() || undefined });
  // Audited as a summary (names and counts): the geometry itself would swell the log.
  return audited(deps, actor, 'admin.configure', { action: 'district_layer.import', entity: 'district_layer' }, async (repos) => {
    const before = (await repos.districts.layers()).find((l) => l.code === code);
    const result = await repos.districts.replaceLayer({ code, name, isCityLimits: Boolean(input.cityLimits) }, districts);
    const requestsPlaced = await repos.districts.replaceRequestDistricts();
    const out = { layer: { id: result.layerId, code, name, isCityLimits: Boolean(input.cityLimits) }, districts: districts.length, ...result, requestsPlaced };
    return { entityId: code, before: before ?? null, after: { ...out.layer, districts: districts.map((d) => d.name), added: result.added, updated: result.updated, removed: result.removed }, result: out };
  });
}
