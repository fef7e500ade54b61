// The demo city's map: city limits, five council districts that tile them exactly, a street grid with
// plausible house numbers, parks and intersections. All of it is computed deterministically from the
// constants below; nothing is read from disk.

import { createRng, type Rng } from './random.js';

export type Position = [lng: number, lat: number];
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface DistrictFeature {
  type: 'Feature';
  properties: { code: string; name: string };
  geometry: Polygon;
}
export interface DistrictCollection {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

export interface DemoStreet {
  name: string;
  /** 'ns' streets run north-south (Avenues), 'ew' streets run east-west. */
  axis: 'ns' | 'ew';
  /** Metres east (ns) or north (ew) of the city centre. */
  offsetM: number;
  /** Longitude (ns) or latitude (ew) of the street's centre line. */
  position: number;
  kind: 'arterial' | 'residential';
}

export interface DemoAddress {
  id: string;
  fullAddress: string;
  lat: number;
  lng: number;
  zipcode: string;
  street: string;
  kind: 'arterial' | 'residential';
}

export interface DemoPlace {
  name: string;
  lat: number;
  lng: number;
  address: string;
}

const CENTRE = { lat: 34.06, lng: -117.62 };
const M_PER_DEG_LAT = 110_950;
const M_PER_DEG_LNG = 111_320 * Math.cos((CENTRE.lat * Math.PI) / 180);

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Metres east/north of the centre to [lng, lat], rounded to 6 decimals (~0.1 m). */
export function toLngLat(xM: number, yM: number): Position {
  return [round6(CENTRE.lng + xM / M_PER_DEG_LNG), round6(CENTRE.lat + yM / M_PER_DEG_LAT)];
}

/** [lng, lat] to metres east/north of the centre. */
export function toMetres(lng: number, lat: number): [x: number, y: number] {
  return [(lng - CENTRE.lng) * M_PER_DEG_LNG, (lat - CENTRE.lat) * M_PER_DEG_LAT];
}

// ---------------------------------------------------------------------------------------------------------
// City limits: a convex, irregular 12-gon about 7 km east-west by 6 km north-south, listed counter-clockwise
// from its westernmost vertex (so the first half of the ring is the southern boundary).

const LIMIT_VERTICES_M: Array<[number, number]> = [
  [-3500, 200],
  [-3300, -1800],
  [-2600, -2900],
  [-400, -3000],
  [1900, -2950],
  [3200, -2100],
  [3500, -300],
  [3380, 1500],
  [2600, 2850],
  [500, 3000],
  [-1700, 2950],
  [-3000, 2000],
];

const LIMIT_RING: Position[] = LIMIT_VERTICES_M.map(([x, y]) => toLngLat(x, y));

export const CITY_LIMITS: Polygon = {
  type: 'Polygon',
  coordinates: [[...LIMIT_RING.map((p) => [p[0], p[1]] as Position), [LIMIT_RING[0]![0], LIMIT_RING[0]![1]]]],
};

/** Bounding box of the city limits. */
export const CITY_BBOX = {
  west: Math.min(...LIMIT_RING.map((p) => p[0])),
  east: Math.max(...LIMIT_RING.map((p) => p[0])),
  south: Math.min(...LIMIT_RING.map((p) => p[1])),
  north: Math.max(...LIMIT_RING.map((p) => p[1])),
};

/** Crossing-number point-in-polygon test on a closed ring of [lng, lat]. */
export function pointInRing(lng: number, lat: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInCity(lat: number, lng: number): boolean {
  return pointInRing(lng, lat, CITY_LIMITS.coordinates[0]!);
}

/** A uniformly random point inside the city limits. */
export function randomPointInCity(rng: Rng): { lat: number; lng: number } {
  for (;;) {
    const lng = CITY_BBOX.west + rng() * (CITY_BBOX.east - CITY_BBOX.west);
    const lat = CITY_BBOX.south + rng() * (CITY_BBOX.north - CITY_BBOX.south);
    if (pointInCity(lat, lng)) return { lat: round6(lat), lng: round6(lng) };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Council districts: five north-south strips of roughly equal area, cut from the (convex) city limits.
// Every cut meets the southern and northern boundary at one computed point that both neighbouring
// districts use, so the districts share their edges exactly and tile the city with no gaps or overlaps.

const WEST_INDEX = LIMIT_RING.reduce((best, p, i) => (p[0] < LIMIT_RING[best]![0] ? i : best), 0);
const EAST_INDEX = LIMIT_RING.reduce((best, p, i) => (p[0] > LIMIT_RING[best]![0] ? i : best), 0);

/** The ring split at its west and east vertices: south chain (west to east) and north chain (west to east). */
function chains(): { south: Position[]; north: Position[] } {
  const n = LIMIT_RING.length;
  const south: Position[] = [];
  for (let i = WEST_INDEX; ; i = (i + 1) % n) {
    south.push(LIMIT_RING[i]!);
    if (i === EAST_INDEX) break;
  }
  const north: Position[] = [];
  for (let i = WEST_INDEX; ; i = (i - 1 + n) % n) {
    north.push(LIMIT_RING[i]!);
    if (i === EAST_INDEX) break;
  }
  return { south, north };
}
const { south: SOUTH_CHAIN, north: NORTH_CHAIN } = chains();

/** Where the vertical line at lng meets a chain (x strictly increasing along the chain). */
function chainAt(chain: readonly Position[], lng: number): Position {
  for (let i = 0; i < chain.length - 1; i++) {
    const a = chain[i]!;
    const b = chain[i + 1]!;
    if (lng === a[0]) return a;
    if (lng === b[0]) return b;
    if (a[0] < lng && lng < b[0]) return [lng, a[1] + ((lng - a[0]) * (b[1] - a[1])) / (b[0] - a[0])];
  }
  throw new RangeError(`longitude ${lng} is outside the city limits`);
}

/** Signed area (shoelace) of a closed ring in square degrees; positive when counter-clockwise. */
export function ringArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

/** The closed counter-clockwise ring of the part of the city between two longitudes. */
function strip(west: number, east: number): Position[] {
  const ring: Position[] = [];
  const push = (p: Position): void => {
    const last = ring[ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push([p[0], p[1]]);
  };
  push(chainAt(SOUTH_CHAIN, west));
  for (const p of SOUTH_CHAIN) if (p[0] > west && p[0] < east) push(p);
  push(chainAt(SOUTH_CHAIN, east));
  push(chainAt(NORTH_CHAIN, east));
  for (const p of [...NORTH_CHAIN].reverse()) if (p[0] > west && p[0] < east) push(p);
  push(chainAt(NORTH_CHAIN, west));
  if (ring[0]![0] !== ring[ring.length - 1]![0] || ring[0]![1] !== ring[ring.length - 1]![1]) push(ring[0]!);
  return ring;
}

/** Cut longitudes giving districts of equal area, rounded to 1e-4 degree (about 9 m). */
function districtCuts(count: number): number[] {
  const west = CITY_BBOX.west;
  const east = CITY_BBOX.east;
  const total = ringArea(strip(west, east));
  const cuts: number[] = [];
  for (let k = 1; k < count; k++) {
    let lo = west;
    let hi = east;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (ringArea(strip(west, mid)) < (total * k) / count) lo = mid;
      else hi = mid;
    }
    cuts.push(Math.round(((lo + hi) / 2) * 1e4) / 1e4);
  }
  return cuts;
}

const CUTS = districtCuts(5);

export const COUNCIL_DISTRICTS: DistrictCollection = {
  type: 'FeatureCollection',
  features: [CITY_BBOX.west, ...CUTS].map((west, i) => {
    const east = i < CUTS.length ? CUTS[i]! : CITY_BBOX.east;
    const code = String(i + 1);
    return {
      type: 'Feature' as const,
      properties: { code, name: `Council District ${code}` },
      geometry: { type: 'Polygon' as const, coordinates: [strip(west, east)] },
    };
  }),
};

/** The council district code at a point, or null outside the city. */
export function districtAt(lat: number, lng: number): string | null {
  for (const f of COUNCIL_DISTRICTS.features) {
    if (pointInRing(lng, lat, f.geometry.coordinates[0]!)) return f.properties.code;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Streets. Avenues run north-south and streets east-west, on an irregular grid with a major arterial about
// every mile, as in the Inland Empire. Central Ave and Main St are the address baselines: house numbers grow
// by about 125 per 100 m away from them, with N/S (on avenues) and E/W (on streets) prefixes.

const STREET_TABLE: Array<[name: string, axis: 'ns' | 'ew', offsetM: number, kind: 'arterial' | 'residential']> = [
  ['Cypress Ave', 'ns', -3250, 'residential'],
  ['Sultana Ave', 'ns', -2820, 'residential'],
  ['Mountain View Ave', 'ns', -2400, 'arterial'],
  ['Palmetto Ave', 'ns', -1980, 'residential'],
  ['Laurel Ave', 'ns', -1570, 'residential'],
  ['Orange Grove Ave', 'ns', -1180, 'arterial'],
  ['Magnolia Ave', 'ns', -780, 'residential'],
  ['San Antonio Ave', 'ns', -390, 'residential'],
  ['Central Ave', 'ns', 0, 'arterial'],
  ['Sierra Madre Ave', 'ns', 410, 'residential'],
  ['Campus Ave', 'ns', 820, 'residential'],
  ['Vineyard Ave', 'ns', 1200, 'arterial'],
  ['Olive Ave', 'ns', 1620, 'residential'],
  ['Juniper Ave', 'ns', 2030, 'residential'],
  ['Grove Ave', 'ns', 2420, 'arterial'],
  ['Hermosa Ave', 'ns', 2850, 'residential'],
  ['Haven Ave', 'ns', 3250, 'residential'],
  ['Riverside Dr', 'ew', -2800, 'arterial'],
  ['Francis St', 'ew', -2460, 'residential'],
  ['Walnut St', 'ew', -2120, 'residential'],
  ['Mission Blvd', 'ew', -1780, 'arterial'],
  ['Acacia St', 'ew', -1430, 'residential'],
  ['Granada St', 'ew', -1080, 'residential'],
  ['Elm St', 'ew', -720, 'residential'],
  ['Brooks St', 'ew', -360, 'residential'],
  ['Main St', 'ew', 0, 'arterial'],
  ['Alder St', 'ew', 350, 'residential'],
  ['Rosewood St', 'ew', 700, 'residential'],
  ['Sycamore St', 'ew', 1050, 'residential'],
  ['Willow St', 'ew', 1410, 'residential'],
  ['Foothill Blvd', 'ew', 1780, 'arterial'],
  ['Hillcrest Dr', 'ew', 2130, 'residential'],
  ['Canyon View Dr', 'ew', 2480, 'residential'],
  ['Ridgeline Rd', 'ew', 2820, 'arterial'],
];

export const STREETS: DemoStreet[] = STREET_TABLE.map(([name, axis, offsetM, kind]) => ({
  name,
  axis,
  offsetM,
  position: axis === 'ns' ? toLngLat(offsetM, 0)[0] : toLngLat(0, offsetM)[1],
  kind,
}));

const NS = STREETS.filter((s) => s.axis === 'ns');
const EW = STREETS.filter((s) => s.axis === 'ew');

/** House number for a point `along` metres from the baseline, on the east/north (even) or west/south (odd) side. */
function houseNumber(alongM: number, evenSide: boolean): number {
  const base = Math.max(100, Math.round((Math.abs(alongM) * 1.25) / 2) * 2);
  return evenSide ? base : base + 1;
}

function zipFor(xM: number, yM: number): string {
  if (xM < -600) return '91757';
  return yM >= 300 ? '91758' : '91759';
}

function inCityMetres(xM: number, yM: number): boolean {
  const [lng, lat] = toLngLat(xM, yM);
  return pointInCity(lat, lng);
}

/** The street address nearest a point: "1240 N Orange Grove Ave". */
export function addressAt(lat: number, lng: number): string {
  const [x, y] = toMetres(lng, lat);
  let best: DemoStreet = STREETS[0]!;
  let bestD = Infinity;
  for (const s of STREETS) {
    const d = Math.abs((s.axis === 'ns' ? x : y) - s.offsetM);
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  if (best.axis === 'ns') return `${houseNumber(y, x >= best.offsetM)} ${y >= 0 ? 'N' : 'S'} ${best.name}`;
  return `${houseNumber(x, y >= best.offsetM)} ${x >= 0 ? 'E' : 'W'} ${best.name}`;
}

let addressCache: DemoAddress[] | null = null;

/**
 * About 3,000 addresses along the street grid, inside the city limits, on alternating sides of each street
 * and never right at an intersection. Deterministic; the result is cached, so treat it as read-only.
 */
export function generateAddresses(): DemoAddress[] {
  if (addressCache) return addressCache;
  const rng = createRng(75_000, 'addresses');
  const spacing = 55; // metres between consecutive addresses along a street (alternating sides)
  const setback = 14; // metres from the centre line
  const out: DemoAddress[] = [];
  const seen = new Set<string>();
  for (const s of STREETS) {
    const crossing = (s.axis === 'ns' ? EW : NS).map((c) => c.offsetM);
    const min = s.axis === 'ns' ? -3100 : -3600;
    const max = -min;
    let side = 0;
    for (let along = min; along <= max; along += spacing) {
      const a = along + (rng() - 0.5) * 20;
      if (crossing.some((c) => Math.abs(c - a) < 30)) continue;
      side ^= 1;
      const offset = side ? setback : -setback;
      const x = s.axis === 'ns' ? s.offsetM + offset : a;
      const y = s.axis === 'ns' ? a : s.offsetM + offset;
      const onStreet: [number, number] = s.axis === 'ns' ? [s.offsetM, a] : [a, s.offsetM];
      if (!inCityMetres(x, y) || !inCityMetres(...onStreet)) continue;
      const prefix = s.axis === 'ns' ? (a >= 0 ? 'N' : 'S') : a >= 0 ? 'E' : 'W';
      const fullAddress = `${houseNumber(a, side === 1)} ${prefix} ${s.name}`;
      if (seen.has(fullAddress)) continue;
      seen.add(fullAddress);
      const [lng, lat] = toLngLat(x, y);
      out.push({ id: '', fullAddress, lat, lng, zipcode: zipFor(x, y), street: s.name, kind: s.kind });
    }
  }
  out.forEach((a, i) => (a.id = `ALD-${String(i + 1).padStart(5, '0')}`));
  addressCache = out;
  return out;
}

/** Street intersections inside the city, e.g. "Vineyard Ave & Mission Blvd". */
export function generateIntersections(): Array<DemoPlace & { arterial: boolean }> {
  const out: Array<DemoPlace & { arterial: boolean }> = [];
  for (const ns of NS) {
    for (const ew of EW) {
      if (!inCityMetres(ns.offsetM, ew.offsetM)) continue;
      const [lng, lat] = toLngLat(ns.offsetM, ew.offsetM);
      const name = `${ns.name} & ${ew.name}`;
      out.push({ name, lat, lng, address: name, arterial: ns.kind === 'arterial' || ew.kind === 'arterial' });
    }
  }
  return out;
}

const PARK_TABLE: Array<[string, number, number]> = [
  ['Alder Creek Park', -1800, 900],
  ['Veterans Memorial Park', 200, 520],
  ['Brookside Park', 1000, -1250],
  ['Mountain View Park', -2600, -1600],
  ['Los Olivos Park', 2600, 1250],
  ['Ramona Park', -3000, 1150],
  ['Sunrise Park', 1400, 2300],
  ['Mission Sports Complex', -600, -1950],
];

/** City parks, with the street address of their entrance. */
export const PARKS: DemoPlace[] = PARK_TABLE.map(([name, x, y]) => {
  const [lng, lat] = toLngLat(x, y);
  return { name, lat, lng, address: `${name}, ${addressAt(lat, lng)}` };
});
