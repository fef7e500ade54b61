import { describe, expect, it } from 'vitest';
import {
  CITY_BBOX,
  CITY_LIMITS,
  COUNCIL_DISTRICTS,
  PARKS,
  STREETS,
  districtAt,
  generateAddresses,
  generateIntersections,
  pointInCity,
  pointInRing,
  randomPointInCity,
  ringArea,
  toMetres,
  type Position,
} from './geography.js';
import { createRng } from './random.js';

const ring = CITY_LIMITS.coordinates[0]!;
const closed = (r: Position[]): boolean => r.length >= 4 && r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1];

describe('city limits', () => {
  it('is a closed, counter-clockwise, convex ring', () => {
    expect(CITY_LIMITS.type).toBe('Polygon');
    expect(CITY_LIMITS.coordinates).toHaveLength(1);
    expect(closed(ring)).toBe(true);
    expect(ringArea(ring)).toBeGreaterThan(0);
    for (let i = 0; i < ring.length - 1; i++) {
      const [a, b, c] = [ring[i]!, ring[(i + 1) % (ring.length - 1)]!, ring[(i + 2) % (ring.length - 1)]!];
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      expect(cross).toBeGreaterThan(0);
    }
  });

  it('is about 7 km east-west by 6 km north-south around the centre', () => {
    const [w, s] = toMetres(CITY_BBOX.west, CITY_BBOX.south);
    const [e, n] = toMetres(CITY_BBOX.east, CITY_BBOX.north);
    expect(e - w).toBeGreaterThan(6500);
    expect(e - w).toBeLessThan(7500);
    expect(n - s).toBeGreaterThan(5500);
    expect(n - s).toBeLessThan(6500);
    expect(pointInCity(34.06, -117.62)).toBe(true);
    expect(pointInCity(34.2, -117.62)).toBe(false);
    expect(pointInCity(34.06, -117.8)).toBe(false);
  });
});

describe('council districts', () => {
  const features = COUNCIL_DISTRICTS.features;

  it('are five closed counter-clockwise polygons coded 1 to 5', () => {
    expect(COUNCIL_DISTRICTS.type).toBe('FeatureCollection');
    expect(features.map((f) => f.properties.code)).toEqual(['1', '2', '3', '4', '5']);
    for (const f of features) {
      expect(f.properties.name).toBe(`Council District ${f.properties.code}`);
      expect(f.geometry.type).toBe('Polygon');
      expect(closed(f.geometry.coordinates[0]!)).toBe(true);
      expect(ringArea(f.geometry.coordinates[0]!)).toBeGreaterThan(0);
    }
  });

  it('add up to the city area, in districts of similar size', () => {
    const areas = features.map((f) => ringArea(f.geometry.coordinates[0]!));
    const sum = areas.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - ringArea(ring)) / ringArea(ring)).toBeLessThan(1e-9);
    for (const a of areas) expect(a / sum).toBeGreaterThan(0.17);
  });

  it('tile the city: every point inside is in exactly one district, every point outside in none', () => {
    const pad = 0.1;
    const west = CITY_BBOX.west - pad * (CITY_BBOX.east - CITY_BBOX.west);
    const east = CITY_BBOX.east + pad * (CITY_BBOX.east - CITY_BBOX.west);
    const south = CITY_BBOX.south - pad * (CITY_BBOX.north - CITY_BBOX.south);
    const north = CITY_BBOX.north + pad * (CITY_BBOX.north - CITY_BBOX.south);
    let inside = 0;
    const wrong: string[] = [];
    for (let i = 0; i <= 150; i++) {
      for (let j = 0; j <= 130; j++) {
        // An irrational-ish offset keeps the grid off the cut lines.
        const lng = west + ((i + 0.3183) / 151) * (east - west);
        const lat = south + ((j + 0.2718) / 131) * (north - south);
        const hits = features.filter((f) => pointInRing(lng, lat, f.geometry.coordinates[0]!)).length;
        const inCity = pointInCity(lat, lng);
        if (inCity) inside++;
        if (hits !== (inCity ? 1 : 0) || (districtAt(lat, lng) !== null) !== inCity) wrong.push(`${lat},${lng}: ${hits}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(inside).toBeGreaterThan(10_000);
  });

  it('share their edges exactly', () => {
    for (let k = 0; k < features.length - 1; k++) {
      const a = features[k]!.geometry.coordinates[0]!.map((p) => p.join(','));
      const b = new Set(features[k + 1]!.geometry.coordinates[0]!.map((p) => p.join(',')));
      expect(a.filter((p) => b.has(p)).length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('streets and addresses', () => {
  const addresses = generateAddresses();

  it('has a street grid with unique names', () => {
    expect(STREETS.length).toBeGreaterThan(25);
    expect(new Set(STREETS.map((s) => s.name)).size).toBe(STREETS.length);
    expect(STREETS.some((s) => s.kind === 'arterial')).toBe(true);
  });

  it('gives about 3,000 plausible addresses inside the city, in 2-3 zip codes', () => {
    expect(addresses.length).toBeGreaterThan(2700);
    expect(addresses.length).toBeLessThan(3300);
    expect(new Set(addresses.map((a) => a.id)).size).toBe(addresses.length);
    expect(new Set(addresses.map((a) => a.fullAddress)).size).toBe(addresses.length);
    const pattern = /^[1-9]\d{2,3} [NSEW] [A-Z][A-Za-z ]+ (Ave|St|Blvd|Dr|Rd)$/;
    expect(addresses.filter((a) => !pattern.test(a.fullAddress) || !pointInCity(a.lat, a.lng) || !/^\d{5}$/.test(a.zipcode))).toEqual([]);
    const zips = new Set(addresses.map((a) => a.zipcode));
    expect(zips.size).toBeGreaterThanOrEqual(2);
    expect(zips.size).toBeLessThanOrEqual(3);
  });

  it('is deterministic', () => {
    expect(generateAddresses()).toEqual(addresses);
    expect(addresses[0]!.id).toBe('ALD-00001');
  });

  it('has intersections and parks inside the city', () => {
    const xs = generateIntersections();
    expect(xs.length).toBeGreaterThan(100);
    for (const x of xs) expect(pointInCity(x.lat, x.lng)).toBe(true);
    for (const p of PARKS) {
      expect(pointInCity(p.lat, p.lng)).toBe(true);
      expect(p.address).toContain(p.name);
    }
  });
});

describe('random points', () => {
  it('are inside the city and deterministic for a seed', () => {
    const a = createRng(3);
    const b = createRng(3);
    for (let i = 0; i < 1000; i++) {
      const p = randomPointInCity(a);
      expect(pointInCity(p.lat, p.lng)).toBe(true);
      expect(randomPointInCity(b)).toEqual(p);
    }
  });
});
