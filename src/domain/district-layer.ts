// A layer of districts (wards, council districts, community boards, service zones, the city limits) read
// from GeoJSON: checked here, before any of it reaches PostGIS, so a bad file is a clear error, not a 500.
import { invalid, type FieldIssue } from './errors.js';

type Position = [number, number];
type Ring = Position[];
type PolygonCoords = Ring[];

export interface DistrictShape {
  code: string;
  name: string;
  properties: Record<string, unknown>;
  /** Always a MultiPolygon: features that share a code are one district. */
  geometry: { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

export interface LayerOptions {
  /** The feature property that names each district. */
  nameProperty: string;
  /** The property that identifies it (default: the name property). */
  codeProperty?: string | undefined;
}

const MAX_ISSUES = 20;
const WGS84 = new Set(['urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:OGC::CRS84', 'EPSG:4326', 'urn:ogc:def:crs:EPSG::4326']);

export function parseDistrictLayer(doc: unknown, opts: LayerOptions): DistrictShape[] {
  const issues: FieldIssue[] = [];
  const fail = (field: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ field, message });
  };
  if (!isRecord(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw invalid([{ field: 'geojson', message: 'must be a GeoJSON FeatureCollection' }]);
  }
  const crs = isRecord(doc.crs) && isRecord(doc.crs.properties) ? doc.crs.properties.name : undefined;
  if (crs !== undefined && !WGS84.has(String(crs))) {
    throw invalid([{ field: 'geojson.crs', message: `coordinates must be WGS84 longitude/latitude, not ${String(crs)}` }]);
  }
  const codeProperty = opts.codeProperty ?? opts.nameProperty;
  const byCode = new Map<string, DistrictShape>();
  doc.features.forEach((f: unknown, i: number) => {
    const where = `features[${i}]`;
    if (!isRecord(f) || f.type !== 'Feature') return fail(where, 'not a GeoJSON Feature');
    const props = isRecord(f.properties) ? f.properties : {};
    const name = propertyText(props[opts.nameProperty]);
    const code = propertyText(props[codeProperty]);
    if (!name) return fail(`${where}.properties.${opts.nameProperty}`, 'missing: every district needs a name');
    if (!code) return fail(`${where}.properties.${codeProperty}`, 'missing: every district needs a code');
    const polygons = polygonsOf(f.geometry, `${where}.geometry`, fail);
    if (!polygons) return;
    const existing = byCode.get(code);
    if (existing) existing.geometry.coordinates.push(...polygons);
    else byCode.set(code, { code, name, properties: props, geometry: { type: 'MultiPolygon', coordinates: polygons } });
  });
  if (issues.length) throw invalid(issues);
  if (byCode.size === 0) throw invalid([{ field: 'geojson.features', message: 'the layer has no districts' }]);
  return [...byCode.values()];
}

function polygonsOf(g: unknown, where: string, fail: (f: string, m: string) => void): PolygonCoords[] | null {
  if (!isRecord(g)) {
    fail(where, 'missing geometry');
    return null;
  }
  const list = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  if (!Array.isArray(list)) {
    fail(where, `must be a Polygon or MultiPolygon, not ${String(g.type)}`);
    return null;
  }
  for (const [p, poly] of list.entries()) {
    if (!Array.isArray(poly) || poly.length === 0) {
      fail(`${where}.coordinates[${p}]`, 'a polygon needs at least one ring');
      return null;
    }
    for (const ring of poly) {
      if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) {
        fail(`${where}.coordinates[${p}]`, 'each ring needs at least 4 [longitude, latitude] positions within ±180/±90');
        return null;
      }
    }
  }
  return list as PolygonCoords[];
}

function isPosition(p: unknown): boolean {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

function propertyText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A layer's code from its name: "Council districts" -> "council-districts". */
export function layerCode(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
