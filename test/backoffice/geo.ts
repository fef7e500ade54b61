// Small geometry helpers for tests around the tiny city's usual point (34.06, -117.62).

export const ORIGIN = { lat: 34.06, lng: -117.62 };
const M_PER_DEG_LAT = 111_320;

/** A point metres north (negative: south) and east of a point. */
export function offset(p: { lat: number; lng: number }, northM: number, eastM = 0) {
  return { lat: p.lat + northM / M_PER_DEG_LAT, lng: p.lng + eastM / (M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180)) };
}

/** A GeoJSON square feature with its south-west corner at (lat, lng), size in degrees. */
export function square(name: string, lat: number, lng: number, size: number) {
  return {
    type: 'Feature',
    properties: { name },
    geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]] },
  };
}

/** Two districts: "north" above the origin's latitude, "south" below it. */
export function northSouth() {
  return {
    type: 'FeatureCollection',
    features: [square('north', ORIGIN.lat, ORIGIN.lng - 0.05, 0.05), square('south', ORIGIN.lat - 0.05, ORIGIN.lng - 0.05, 0.05)],
  };
}
