import type { Actor } from '../domain/actor.js';
import { parseDistrictLayer, layerCode } from '../domain/district-layer.js';
import { invalid } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
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
  return deps.tx(async (repos) => {
    const result = await repos.districts.replaceLayer({ code, name, isCityLimits: Boolean(input.cityLimits) }, districts);
    const requestsPlaced = await repos.districts.replaceRequestDistricts();
    return { layer: { id: result.layerId, code, name, isCityLimits: Boolean(input.cityLimits) }, districts: districts.length, ...result, requestsPlaced };
  });
}
