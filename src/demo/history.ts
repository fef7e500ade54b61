// Years of realistic request history for the demo city, generated from a seed: the service mix by weight,
// seasons and winter storms, the hour-of-day and weekday rhythm of each channel, a phone-first channel mix that
// shifts toward web and mobile, acknowledgement and closing times by service, duplicates of open requests
// nearby, English- and Spanish-speaking reporters, answers to each service's questions and varied descriptions.

import { DEPARTMENTS, SERVICES, type DemoQuestion, type DemoService } from './catalogue.js';
import { PARK_VALUES } from './catalogue-helpers.js';
import { PARKS, addressAt, generateAddresses, generateIntersections, pointInCity, toLngLat, toMetres, type DemoAddress } from './geography.js';
import {
  ACK_SPEED,
  ANONYMOUS,
  CHANNELS,
  CHANNEL_PROFILES,
  CHANNEL_SHARES,
  CONTACT,
  SERVICE_MODELS,
  SPANISH,
  fireworksBoost,
  type Channel,
  type CloseReason,
  type ServiceModel,
} from './history-model.js';
import {
  EMAIL_FORMS,
  FIELD_FORMS,
  INFO_PREFIX,
  INTAKE_PREFIX,
  LETTER_FORMS,
  LINGERING_TAILS,
  MEETING_FORMS,
  PLACES,
  REASON_COMMENTS,
  RESOLVED_COMMENTS,
  SPECIAL_COMMENTS,
  TAILS,
  TEXTS,
  type Bi,
} from './history-text.js';
import { newPerson, type Person } from './people.js';
import { chance, createRng, int, logNormal, normal, pick, poisson, sample, weightedPick, weightedPicker, type Rng } from './random.js';
import { DAY_MS, HOUR_MS, addBusinessHours, fromLocal, isHoliday, localDate, localIso, offsetMinutes, toLocal } from './time.js';

export interface DemoHistoricRequest {
  serviceCode: string;
  channel: 'web' | 'mobile' | 'open311' | 'phone' | 'walk_in' | 'email' | 'mail' | 'fax' | 'voicemail' | 'meeting' | 'social' | 'field';
  createdAt: Date;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  closeReason: null | 'resolved' | 'duplicate' | 'referred' | 'not_city_responsibility' | 'unable_to_locate' | 'no_action_needed' | 'withdrawn';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  lat: number;
  lng: number;
  address: string;
  description: string;
  descriptionLocale: 'en' | 'es';
  answers: Record<string, string | string[]>;
  reporter: null | { name: string; email: string | null; phone: string | null; locale: 'en' | 'es' };
  assigneeEmail: string | null;
  publicComment: string | null;
  /** For duplicates: the position (0-based, in yield order) of the open request this one duplicates. */
  duplicateOf?: number;
}

export interface HistoryOptions {
  from: Date;
  to: Date;
  perYear: number;
  seed: number;
  /** Nothing is created, acknowledged or closed after this instant. */
  now: Date;
}

const YEAR_MS = 365.2425 * DAY_MS;
const MINUTE_MS = 60_000;
const STORM_VOLUME_DAYS = 5;
const STORM_BACKLOG_DAYS = 35;
/** Calendar-clock services whose crews only work by day; the others are on call around the clock. */
const CREW_HOURS: Record<string, [number, number]> = { graffiti: [7, 19], illegal_parking: [7, 19], shopping_carts: [7, 17] };

// ---------------------------------------------------------------------------------------------------------
// The world the requests happen in: addresses, hot spots, parks, facilities and winter storms.

interface Place {
  lat: number;
  lng: number;
  address: string;
}

interface World {
  addresses: DemoAddress[];
  arterial: DemoAddress[];
  residential: DemoAddress[];
  graffitiHot: DemoAddress[];
  dumpingHot: DemoAddress[];
  intersections: Place[];
  signalised: Place[];
  parks: Map<string, Place>;
  facilities: Map<string, Place>;
  storms: Array<{ at: number; size: number }>;
}

function near(list: DemoAddress[], centres: DemoAddress[], radiusM: number): DemoAddress[] {
  return list.filter((a) =>
    centres.some((c) => {
      const [x1, y1] = toMetres(a.lng, a.lat);
      const [x2, y2] = toMetres(c.lng, c.lat);
      return Math.hypot(x1 - x2, y1 - y2) < radiusM;
    }),
  );
}

function buildWorld(seed: number, from: number, to: number): World {
  const rng = createRng(seed, 'world');
  const addresses = generateAddresses();
  const arterial = addresses.filter((a) => a.kind === 'arterial');
  const residential = addresses.filter((a) => a.kind === 'residential');
  const graffitiHot = near(addresses, sample(rng, arterial, 400).slice(0, 4), 650);
  const dumpingHot = near(residential, sample(rng, residential, 300).slice(0, 3), 500);
  const allIntersections = generateIntersections();
  const parks = new Map<string, Place>();
  for (const v of PARK_VALUES) {
    const p = PARKS.find((pk) => pk.name === v.name);
    if (p) parks.set(v.key, p);
  }
  const facility = (name: string, x: number, y: number): Place => {
    const [lng, lat] = toLngLat(x, y);
    return { lat, lng, address: `${name}, ${addressAt(lat, lng)}` };
  };
  const facilities = new Map<string, Place>([
    ['city_hall', facility('City Hall', 60, 40)],
    ['library', facility('Alderbrook Public Library', 190, 380)],
    ['community_center', facility('Alder Creek Community Center', -1700, 760)],
    ['senior_center', facility('Senior Center', 880, -290)],
    ['corporation_yard', facility('Corporation Yard', 2050, -2250)],
  ]);
  // Three to five winter storms each season, of varying size.
  const storms: World['storms'] = [];
  const y0 = new Date(from).getUTCFullYear() - 1;
  const y1 = new Date(to).getUTCFullYear();
  for (let y = y0; y <= y1; y++) {
    const start = fromLocal(y, 11, 10, 12);
    const span = fromLocal(y + 1, 3, 20, 12) - start;
    const n = int(rng, 3, 5);
    for (let i = 0; i < n; i++) storms.push({ at: start + Math.floor(rng() * span / DAY_MS) * DAY_MS, size: 0.5 + rng() });
  }
  storms.sort((a, b) => a.at - b.at);
  return {
    addresses,
    arterial,
    residential,
    graffitiHot,
    dumpingHot,
    intersections: allIntersections,
    signalised: allIntersections.filter((i) => i.arterial),
    parks,
    facilities,
    storms,
  };
}

/** Storm level at an instant: 1 the day after a typical storm, decaying with the given time constant. */
function stormLevel(world: World, t: number, days: number, lagMs: number): number {
  let level = 0;
  for (const s of world.storms) {
    const dt = t - s.at - lagMs;
    if (dt < 0) break;
    if (dt < days * 6 * DAY_MS) level += s.size * Math.exp(-dt / (days * DAY_MS));
  }
  return level;
}

// ---------------------------------------------------------------------------------------------------------
// Volume: which services and channels, how many per hour.

const CLOSE_REASONS: CloseReason[] = ['resolved', 'duplicate', 'referred', 'not_city_responsibility', 'unable_to_locate', 'no_action_needed', 'withdrawn'];

interface ModelEntry {
  service: DemoService;
  model: ServiceModel;
  season: number[];
  /** Channel preference multipliers, in CHANNELS order. */
  affinity: number[];
  outcome: (rng: Rng) => CloseReason;
}

const MODELS: ModelEntry[] = SERVICES.map((service) => {
  const model = SERVICE_MODELS[service.code];
  if (!model) throw new Error(`no history model for service ${service.code}`);
  const raw = model.season ?? Array.from({ length: 12 }, () => 1);
  const mean = raw.reduce((a, b) => a + b, 0) / 12;
  const others = CLOSE_REASONS.slice(1).map((r) => model.outcomes?.[r] ?? 0);
  const outcome = service.informationOnly
    ? () => 'resolved' as const
    : weightedPicker(CLOSE_REASONS, [Math.max(0, 1 - others.reduce((a, b) => a + b, 0)), ...others]);
  return { service, model, season: raw.map((v) => v / mean), affinity: CHANNELS.map((c) => model.channels?.[c] ?? 1), outcome };
});

function channelShare(c: Channel, yearsIn: number): number {
  const [a, b] = CHANNEL_SHARES[c];
  const f = Math.min(1, Math.max(0, yearsIn / 2));
  return a + (b - a) * f;
}

function dayKind(lt: { weekday: number; year: number; month: number; day: number }): 'weekday' | 'saturday' | 'sunday' {
  if (lt.weekday === 0 || isHoliday(lt)) return 'sunday';
  return lt.weekday === 6 ? 'saturday' : 'weekday';
}

const KINDS = ['weekday', 'saturday', 'sunday'] as const;
const KIND_INDEX = { weekday: 0, saturday: 1, sunday: 2 } as const;

/** Per kind of day and local hour: the channel mix as a + b × (share of the two-year trend done). */
const MIX: Array<Array<[number, number]>> = KINDS.map((kind) =>
  Array.from({ length: 24 }, (_, hour): [number, number] => {
    let a = 0;
    let b = 0;
    for (const c of CHANNELS) {
      const [start, twoYears] = CHANNEL_SHARES[c];
      const p = CHANNEL_PROFILES[c][kind][hour]!;
      a += start * p;
      b += (twoYears - start) * p;
    }
    return [a, b];
  }),
);

/** Relative volume of each service on a day (season, storms, fireworks). */
function serviceDayWeights(world: World, t: number, month: number, day: number): number[] {
  const storm = stormLevel(world, t, STORM_VOLUME_DAYS, DAY_MS / 2);
  return MODELS.map(({ service, model, season }) => {
    let w = service.weight * season[month - 1]! * (1 + (model.storm ?? 0) * storm);
    if (service.code === 'fireworks') w *= fireworksBoost(month, day);
    return w;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Answers, locations, priority and descriptions.

const MAKES = ['Toyota Camry', 'Honda Civic', 'Nissan Altima', 'Ford F-150', 'Chevy Silverado', 'Honda Accord', 'Toyota Corolla', 'Chevy Impala', 'Dodge Caravan', 'BMW 3 Series', 'Hyundai Elantra', 'Ford Explorer', 'Nissan Sentra', 'Toyota Tacoma', 'Jeep Cherokee', 'Kia Optima', 'Chevy Malibu', 'Mazda 3'];
const STORES = ['Alder Market', 'Mercado La Esperanza', 'ValuFoods', 'Super Ahorros', 'Brookside Grocery', 'Sunrise Foods', 'Mission Discount'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

function plate(rng: Rng): string {
  let s = String(int(rng, 4, 9));
  for (let i = 0; i < 3; i++) s += LETTERS[int(rng, 0, LETTERS.length - 1)];
  return s + String(int(rng, 0, 999)).padStart(3, '0');
}

function listValue(rng: Rng, q: DemoQuestion, weights?: number[]): string {
  const values = q.values ?? [];
  const w = weights && weights.length === values.length ? weights : values.map((v) => (v.key === 'other' || v.key === 'unsure' ? 0.3 : 1));
  return weightedPick(rng, values, w).key;
}

function answerFor(q: DemoQuestion, model: ServiceModel, t: number, locale: 'en' | 'es', rng: Rng): string | string[] {
  const weights = model.answerWeights?.[q.code];
  switch (q.datatype) {
    case 'singlevaluelist':
      return listValue(rng, q, weights);
    case 'multivaluelist': {
      const values = q.values ?? [];
      const k = Math.min(values.length, weightedPick(rng, [1, 2, 3], [0.7, 0.25, 0.05]));
      const picked = new Set<string>();
      while (picked.size < k) picked.add(listValue(rng, q, weights));
      return values.filter((v) => picked.has(v.key)).map((v) => v.key);
    }
    case 'number':
      switch (q.code) {
        case 'item_count':
          return String(weightedPick(rng, [1, 2, 3, 4, 5], [3, 3, 2, 1, 1]));
        case 'cart_count':
          return String(weightedPick(rng, [1, 2, 3, 4], [6, 2.5, 1, 0.5]));
        case 'days_parked':
          return String(Math.max(3, Math.round(logNormal(rng, 7, 0.6))));
        case 'people':
          return String(int(rng, 1, 6));
        case 'sign_count':
          return String(int(rng, 2, 25));
        case 'estimated_hours':
          return String(pick(rng, [1, 2, 2, 3, 4, 4, 6, 8]));
        default:
          return String(int(rng, 1, 10));
      }
    case 'string':
      switch (q.code) {
        case 'plate':
          return chance(rng, 0.08) ? (locale === 'es' ? 'ninguna' : 'none') : plate(rng);
        case 'make':
          return pick(rng, MAKES);
        case 'vehicle':
          return locale === 'es'
            ? `${pick(rng, MAKES)} ${pick(rng, ['gris', 'azul', 'verde', 'color plata', 'color vino'])}`
            : `${pick(rng, ['white', 'black', 'silver', 'gray', 'red', 'blue'])} ${pick(rng, MAKES)}`;
        case 'store':
          return pick(rng, STORES);
        case 'pole_number':
          return chance(rng, 0.35) ? `SCE ${int(rng, 1_000_000, 4_999_999)}` : `ALD-${String(int(rng, 1, 4200)).padStart(4, '0')}`;
        case 'crew':
          return pick(rng, ['Asphalt crew 1', 'Asphalt crew 2', 'Concrete crew', 'Sign shop', 'Street maintenance']);
        case 'asset_id':
          return `ST-${int(rng, 10_000, 19_999)}`;
        default:
          return 'n/a';
      }
    case 'datetime':
      switch (q.code) {
        case 'pickup_day': {
          // The most recent weekday collection day: today if reported in the afternoon, else an earlier day.
          let d = t - (toLocal(t).hour >= 14 && chance(rng, 0.5) ? 0 : int(rng, 1, 2) * DAY_MS);
          while ([0, 6].includes(toLocal(d).weekday)) d -= DAY_MS;
          return localDate(d);
        }
        case 'since':
          return localDate(t - int(rng, 0, 10) * DAY_MS);
        default:
          return localIso(Math.floor((t - rng() * 48 * HOUR_MS) / MINUTE_MS) * MINUTE_MS);
      }
    case 'text':
      return pick(rng, ['Started this morning.', 'Reported by front desk staff.', 'Ongoing for several days.', 'Needs a contractor.']);
  }
}

/** All answers (used to write the description) and the ones actually given (optional ones are often skipped). */
function makeAnswers(s: DemoService, model: ServiceModel, t: number, c: Channel, locale: 'en' | 'es', rng: Rng) {
  const full: Record<string, string | string[]> = {};
  for (const q of s.questions) full[q.code] = answerFor(q, model, t, locale, rng);
  // Keep answers consistent with each other.
  if (s.code === 'sewer_backup' && full.where === 'inside') full.in_home = 'yes';
  if (s.code === 'tree_down' && full.blocking === 'nothing' && full.size === 'whole_tree') full.size = 'limb';
  const optional = c === 'field' ? 0.3 : c === 'phone' || c === 'voicemail' || c === 'walk_in' ? 0.45 : 0.62;
  const given: Record<string, string | string[]> = {};
  for (const q of s.questions) {
    const keep = q.required || chance(rng, optional) || (s.code === 'irrigation_leak' && q.code === 'park' && full.location_type === 'park');
    if (keep) given[q.code] = full[q.code]!;
  }
  if (s.code === 'irrigation_leak' && full.location_type !== 'park') delete given.park;
  return { full, given };
}

function jitter(p: Place, metres: number, rng: Rng): Place {
  if (metres <= 0) return p;
  const [x, y] = toMetres(p.lng, p.lat);
  const [lng, lat] = toLngLat(x + normal(rng, 0, metres), y + normal(rng, 0, metres));
  return pointInCity(lat, lng) ? { lat, lng, address: p.address } : p;
}

/** A point uniformly within `metres` of p (inside the city), with p's address. */
function within(p: Place, metres: number, rng: Rng): Place {
  if (metres <= 0) return p;
  const [x, y] = toMetres(p.lng, p.lat);
  const r = metres * Math.sqrt(rng());
  const a = 2 * Math.PI * rng();
  const [lng, lat] = toLngLat(x + r * Math.cos(a), y + r * Math.sin(a));
  return pointInCity(lat, lng) ? { lat, lng, address: p.address } : p;
}

function address(a: DemoAddress): Place {
  return { lat: a.lat, lng: a.lng, address: a.fullAddress };
}

function locate(world: World, s: DemoService, model: ServiceModel, answers: Record<string, string | string[]>, c: Channel, rng: Rng): Place {
  const pin = c === 'web' || c === 'mobile' || c === 'open311' || c === 'social' ? 8 : 0;
  const park = (key: unknown): Place | undefined => (typeof key === 'string' ? world.parks.get(key) : undefined);
  switch (model.place) {
    case 'park': {
      const p = park(answers.park) ?? pick(rng, [...world.parks.values()]);
      return jitter(p, 60, rng);
    }
    case 'median': {
      const p = answers.location_type === 'park' ? park(answers.park) : undefined;
      return p ? jitter(p, 60, rng) : jitter(address(pick(rng, world.arterial)), pin, rng);
    }
    case 'facility':
      return world.facilities.get(String(answers.facility)) ?? world.facilities.get('city_hall')!;
    case 'intersection':
      if (s.code === 'traffic_signal') return jitter(pick(rng, world.signalised), pin, rng);
      return chance(rng, 0.6) ? jitter(pick(rng, world.intersections), pin, rng) : jitter(address(pick(rng, world.residential)), pin, rng);
    case 'graffiti': {
      const r = rng();
      const list = r < 0.45 ? world.graffitiHot : r < 0.8 ? world.arterial : world.addresses;
      return jitter(address(pick(rng, list)), pin, rng);
    }
    case 'dumping': {
      const r = rng();
      const list = r < 0.35 ? world.dumpingHot : r < 0.75 ? world.residential : world.addresses;
      return jitter(address(pick(rng, list)), pin, rng);
    }
    case 'arterial':
      if (s.code === 'encampment' && answers.where === 'park') return jitter(pick(rng, [...world.parks.values()]), 80, rng);
      return jitter(address(pick(rng, chance(rng, 0.75) ? world.arterial : world.addresses)), pin, rng);
    case 'residential':
      return jitter(address(pick(rng, chance(rng, 0.85) ? world.residential : world.addresses)), pin, rng);
    case 'any':
      return jitter(address(pick(rng, world.addresses)), pin, rng);
  }
}

const LEVELS = ['low', 'normal', 'high', 'urgent'] as const;
type Priority = (typeof LEVELS)[number];

function priorityFor(s: DemoService, a: Record<string, string | string[]>, rng: Rng): Priority {
  let p: Priority = s.defaultPriority;
  const is = (code: string, ...keys: string[]): boolean => keys.includes(String(a[code]));
  switch (s.code) {
    case 'graffiti':
      if (is('offensive', 'yes')) p = 'high';
      break;
    case 'pothole':
      if (is('size', 'large') && is('lane', 'travel_lane', 'bike_lane')) p = 'high';
      else if (is('size', 'small')) p = 'low';
      break;
    case 'water_leak':
      p = is('severity', 'gushing') ? 'urgent' : is('severity', 'trickle') ? 'normal' : 'high';
      break;
    case 'traffic_sign':
      if (is('sign_type', 'stop', 'yield') && is('problem', 'knocked_down', 'missing')) p = 'urgent';
      break;
    case 'traffic_signal':
      p = is('problem', 'dark', 'flashing', 'stuck') ? 'urgent' : is('problem', 'timing') ? 'low' : 'high';
      break;
    case 'tree_down':
      if (is('blocking', 'nothing') && !is('power_lines', 'yes')) p = 'high';
      break;
    case 'road_debris':
      if (is('blocking_traffic', 'no')) p = 'normal';
      break;
    case 'storm_drain':
      if (is('flooding', 'yes')) p = 'high';
      break;
    case 'playground_equipment':
      if (is('unsafe', 'no')) p = 'normal';
      break;
    case 'fire_hydrant':
      if (is('problem', 'open', 'knocked_over')) p = 'urgent';
      else if (is('problem', 'blocked')) p = 'normal';
      break;
    case 'sewer_backup':
      if (is('where', 'cleanout') && is('in_home', 'no')) p = 'high';
      break;
  }
  // Now and then a supervisor bumps a request up or down.
  const r = rng();
  const i = LEVELS.indexOf(p);
  if (r < 0.03 && i < 3) return LEVELS[i + 1]!;
  if (r > 0.985 && i > 0) return LEVELS[i - 1]!;
  return p;
}

/** Places that read right in a call-taker's third-person note (not "in front of my house"). */
const INTAKE_PLACES: Bi = [PLACES[0].filter((p) => !/\bmy\b/.test(p)), PLACES[1].filter((p) => !/\bmi\b/.test(p))];

const cap = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const li = (locale: 'en' | 'es'): 0 | 1 => (locale === 'en' ? 0 : 1);
const pickBi = (rng: Rng, bi: Bi, locale: 'en' | 'es'): string => pick(rng, bi[li(locale)]);

/** Fills {ph}, {n:code} and {p:code:one:many} in a template. */
function fill(template: string, s: DemoService, full: Record<string, string | string[]>, locale: 'en' | 'es', rng: Rng): string {
  if (!template.includes('{')) return template;
  const spec = TEXTS[s.code];
  return template
    .replace(/\{ph\}/g, () => {
      const ph = spec?.ph;
      if (!ph) return '';
      const value = full[ph.question];
      const keys = Array.isArray(value) ? value : [String(value)];
      const phrases = keys.map((k) => {
        const v = ph.values[k]?.[li(locale)] ?? k;
        return Array.isArray(v) ? pick(rng, v) : v;
      });
      if (phrases.length < 2) return phrases[0] ?? '';
      return `${phrases.slice(0, -1).join(', ')} ${locale === 'en' ? 'and' : 'y'} ${phrases[phrases.length - 1]}`;
    })
    .replace(/\{n:([a-z_]+)\}/g, (_, code: string) => String(full[code] ?? ''))
    .replace(/\{p:([a-z_]+):([^:}]+):([^}]+)\}/g, (_, code: string, one: string, many: string) => (String(full[code]) === '1' ? one : many));
}

function describe(s: DemoService, c: Channel, locale: 'en' | 'es', full: Record<string, string | string[]>, rng: Rng): string {
  const spec = TEXTS[s.code];
  if (!spec) return s.name;
  const what = (loc: 'en' | 'es'): string => fill(pickBi(rng, spec.what, loc), s, full, loc, rng);
  const say = (): string => cap(fill(pickBi(rng, spec.say, locale), s, full, locale, rng));
  const place = (): string => pickBi(rng, PLACES, locale);
  if (s.visibility === 'internal') return cap(fill(pick(rng, spec.say[0]), s, full, 'en', rng));
  switch (c) {
    case 'field':
      return cap(pick(rng, FIELD_FORMS).replace('{what}', what('en')));
    case 'phone':
    case 'voicemail':
    case 'walk_in': {
      let text = `${pickBi(rng, (s.informationOnly ? INFO_PREFIX : INTAKE_PREFIX)[c], locale)} ${what(locale)}`;
      if (!s.informationOnly && chance(rng, 0.35)) text += `, ${pick(rng, INTAKE_PLACES[li(locale)])}`;
      text += '.';
      if (chance(rng, 0.15)) text += locale === 'en' ? ' Callback requested.' : ' Pide que le devuelvan la llamada.';
      return text;
    }
    case 'meeting':
      return pickBi(rng, MEETING_FORMS, locale).replace('{what}', what(locale));
    case 'mail':
    case 'fax':
      return pickBi(rng, LETTER_FORMS, locale).replace('{say}', say());
    case 'email': {
      let body = say();
      if (chance(rng, 0.4)) body += ` ${cap(place())}.`;
      return pickBi(rng, EMAIL_FORMS, locale).replace('{say}', body);
    }
    case 'social':
      return `@AlderbrookCity ${say().replace(/\.$/, '')}`;
    default: {
      const r = rng();
      if (r < 0.1) return cap(what(locale)); // terse: "graffiti on the utility box"
      let text = say();
      if (chance(rng, 0.35)) text += ` ${cap(place())}.`;
      if (chance(rng, 0.3)) {
        const lingering = s.inBusinessHours && !s.informationOnly && chance(rng, 0.5);
        text += ` ${pickBi(rng, lingering ? LINGERING_TAILS : TAILS, locale)}`;
      }
      if (r > 0.88) text = text.toLowerCase().replace(/[.!]$/, ''); // typed quickly on a phone
      return text;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Timing.

function crewHours(ms: number, code: string, rng: Rng): number {
  const window = CREW_HOURS[code];
  if (!window) return ms;
  const [start, end] = window;
  const lt = toLocal(ms);
  if (lt.hour >= start && lt.hour < end) return ms;
  const base = lt.hour >= end ? new Date(Date.UTC(lt.year, lt.month - 1, lt.day + 1)) : new Date(Date.UTC(lt.year, lt.month - 1, lt.day));
  return fromLocal(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), start) + Math.floor(rng() * 1.5 * HOUR_MS);
}

function after(start: number, hours: number, clock: 'business' | 'calendar', code: string, rng: Rng): number {
  if (clock === 'business') return addBusinessHours(start, hours);
  return crewHours(start + hours * HOUR_MS, code, rng);
}

/** Per department: who picks up field-initiated work, and everyone weighted by how much they take on. */
const ASSIGNEES = new Map(
  DEPARTMENTS.map((d) => {
    const field = d.staff.filter((m) => m.role === 'field').map((m) => m.email);
    const any = weightedPicker(
      d.staff.map((m) => m.email),
      d.staff.map((m) => (m.role === 'field' ? 3 : m.role === 'department_staff' ? 2 : 0.5)),
    );
    return [d.code, { field, any }] as const;
  }),
);

function pickAssignee(departmentCode: string, c: Channel, rng: Rng): string | null {
  const a = ASSIGNEES.get(departmentCode);
  if (!a) return null;
  if (c === 'field' && a.field.length) return pick(rng, a.field);
  if (chance(rng, 0.15)) return null;
  return a.any(rng);
}

// ---------------------------------------------------------------------------------------------------------
// The generator.

interface Recent {
  index: number;
  createdAt: number;
  closedAt: number | null;
  place: Place;
  answers: Record<string, string | string[]>;
  full: Record<string, string | string[]>;
}

/** What is shared by every request created in one hour. */
interface Hour {
  years: number;
  pickService: (rng: Rng) => ModelEntry;
  channelBase: number[];
  backlog: number;
}

/** The state of one history run; plain methods so the engine can optimise them (a large generator body it won't). */
class Simulation {
  readonly from: number;
  readonly now: number;
  readonly end: number;
  readonly world: World;
  readonly rng: Rng;
  readonly firstSlot: number;
  readonly slots: number;
  /** Per hour slot: expected requests, local hour, kind of day (0 weekday, 1 Saturday, 2 Sunday or holiday), local day number. */
  readonly expected: Float64Array;
  private readonly slotHour: Uint8Array;
  private readonly slotKind: Uint8Array;
  private readonly slotDay: Int32Array;
  private readonly dayWeights = new Map<number, { weights: number[]; total: number }>();
  private readonly persons: Person[] = [];
  private readonly regulars: Person[] = [];
  private readonly recent = new Map<string, Recent[]>();
  private readonly cw = new Array<number>(CHANNELS.length).fill(0);
  private index = 0;

  constructor(opts: HistoryOptions) {
    this.from = opts.from.getTime();
    this.now = opts.now.getTime();
    this.end = Math.min(opts.to.getTime(), this.now);
    this.world = buildWorld(opts.seed, this.from, Math.max(this.from, this.end));
    this.rng = createRng(opts.seed, 'history');
    this.firstSlot = Math.floor(this.from / HOUR_MS) * HOUR_MS;
    const slots = this.end > this.from && opts.perYear > 0 ? Math.ceil((this.end - this.firstSlot) / HOUR_MS) : 0;
    this.slots = slots;
    this.expected = new Float64Array(slots);
    this.slotHour = new Uint8Array(slots);
    this.slotKind = new Uint8Array(slots);
    this.slotDay = new Int32Array(slots);
    // The relative intensity of every hour, scaled so the expected total is perYear × years.
    const kinds = new Map<number, number>();
    let total = 0;
    for (let i = 0; i < slots; i++) {
      const t = this.firstSlot + i * HOUR_MS;
      const local = t + offsetMinutes(t) * 60_000;
      const day = Math.floor(local / DAY_MS);
      const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
      let kind = kinds.get(day);
      if (kind === undefined) {
        const d = new Date(day * DAY_MS); // the local date, read with the UTC getters
        kind = KIND_INDEX[dayKind({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() })];
        kinds.set(day, kind);
      }
      this.slotHour[i] = hour;
      this.slotKind[i] = kind;
      this.slotDay[i] = day;
      const f = Math.min(1, Math.max(0, (t - this.from) / YEAR_MS / 2));
      const mix = MIX[kind]![hour]![0]! + MIX[kind]![hour]![1]! * f;
      const covered = (Math.min(t + HOUR_MS, this.end) - Math.max(t, this.from)) / HOUR_MS;
      this.expected[i] = mix * this.weightsFor(day, t).total * covered;
      total += this.expected[i]!;
    }
    const scale = total > 0 ? (opts.perYear * (this.end - this.from)) / YEAR_MS / total : 0;
    for (let i = 0; i < slots; i++) this.expected[i] = this.expected[i]! * scale;
  }

  /** Relative volume of each service on a local day (cached). */
  private weightsFor(day: number, t: number): { weights: number[]; total: number } {
    let w = this.dayWeights.get(day);
    if (!w) {
      const d = new Date(day * DAY_MS);
      const weights = serviceDayWeights(this.world, t, d.getUTCMonth() + 1, d.getUTCDate());
      w = { weights, total: weights.reduce((a, b) => a + b, 0) };
      this.dayWeights.set(day, w);
    }
    return w;
  }

  /** The requests created in hour slot i, in created order. */
  hour(i: number): DemoHistoricRequest[] {
    const rng = this.rng;
    const n = poisson(rng, this.expected[i]!);
    if (n === 0) return [];
    const slot = this.firstSlot + i * HOUR_MS;
    const lo = Math.max(slot, this.from);
    const hi = Math.min(slot + HOUR_MS, this.end);
    const hour = this.slotHour[i]!;
    const kind = KINDS[this.slotKind[i]!]!;
    const years = (slot - this.from) / YEAR_MS;
    const dayW = this.weightsFor(this.slotDay[i]!, slot).weights;
    const serviceW = new Array<number>(MODELS.length);
    for (let k = 0; k < MODELS.length; k++) {
      const factor = MODELS[k]!.model.hourFactor;
      serviceW[k] = factor ? dayW[k]! * factor(hour) : dayW[k]!;
    }
    const h: Hour = {
      years,
      pickService: weightedPicker(MODELS, serviceW),
      channelBase: CHANNELS.map((c) => channelShare(c, years) * CHANNEL_PROFILES[c][kind][hour]!),
      backlog: Math.min(1.5, stormLevel(this.world, slot, STORM_BACKLOG_DAYS, 0)),
    };
    const times: number[] = [];
    for (let k = 0; k < n; k++) times.push(Math.floor(lo + rng() * (hi - lo)));
    times.sort((a, b) => a - b);
    return times.map((t) => this.request(t, h));
  }

  private reporter(c: Channel): { reporter: DemoHistoricRequest['reporter']; locale: 'en' | 'es' } {
    const rng = this.rng;
    if (c === 'field') return { reporter: null, locale: 'en' };
    if (chance(rng, ANONYMOUS[c])) return { reporter: null, locale: chance(rng, SPANISH[c]) ? 'es' : 'en' };
    let person: Person;
    if (this.persons.length > 50 && chance(rng, 0.22)) {
      person = this.regulars.length && chance(rng, 0.45) ? pick(rng, this.regulars) : pick(rng, this.persons);
    } else {
      person = newPerson(rng, chance(rng, SPANISH[c]) ? 'es' : 'en');
      this.persons.push(person);
      if (this.regulars.length < 40 && chance(rng, 0.02)) this.regulars.push(person);
    }
    const contact = CONTACT[c];
    let email = chance(rng, contact.email) ? person.email : null;
    let phone = chance(rng, contact.phone) ? person.phone : null;
    if (!email && !phone) {
      if (c === 'email' || c === 'web' || c === 'mobile') email = person.email;
      else phone = person.phone;
    }
    return { reporter: { name: person.name, email, phone, locale: person.locale }, locale: person.locale };
  }

  /** An open request of the same service created recently, for a duplicate to point at. */
  private openOriginal(code: string, t: number): Recent | undefined {
    const list = this.recent.get(code);
    if (!list) return undefined;
    const windowMs = (code === 'graffiti' ? 3 : 21) * DAY_MS;
    const open: Recent[] = [];
    for (let k = list.length - 1; k >= 0 && open.length < 10; k--) {
      const r = list[k]!;
      if (r.createdAt <= t - windowMs) break;
      if (r.closedAt === null || r.closedAt > t) open.push(r);
    }
    return open.length ? pick(this.rng, open) : undefined;
  }

  private remember(code: string, r: Recent): void {
    let list = this.recent.get(code);
    if (!list) this.recent.set(code, (list = []));
    list.push(r);
    if (list[0]!.createdAt < r.createdAt - 45 * DAY_MS) list.splice(0, list.findIndex((x) => x.createdAt >= r.createdAt - 30 * DAY_MS));
  }

  private request(t: number, h: Hour): DemoHistoricRequest {
    const rng = this.rng;
    const entry = h.pickService(rng);
    const { service: s, model } = entry;
    const cw = this.cw;
    let cwTotal = 0;
    for (let k = 0; k < CHANNELS.length; k++) cwTotal += cw[k] = h.channelBase[k]! * entry.affinity[k]!;
    const c: Channel = cwTotal > 0 ? weightedPick(rng, CHANNELS, cw) : 'web';

    const { reporter, locale } = this.reporter(c);
    // Bilingual call-takers sometimes write a Spanish call up in English.
    const descriptionLocale: 'en' | 'es' = locale === 'es' && (c === 'phone' || c === 'walk_in' || c === 'voicemail') && chance(rng, 0.25) ? 'en' : locale;

    // How it will end; a duplicate needs an open request of the same service nearby.
    let reason: CloseReason = entry.outcome(rng);
    const original = reason === 'duplicate' ? this.openOriginal(s.code, t) : undefined;
    if (reason === 'duplicate' && !original) reason = 'resolved';

    const { full, given } = original
      ? { full: { ...original.full }, given: Object.fromEntries(Object.entries(original.answers).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])) }
      : makeAnswers(s, model, t, c, locale, rng);
    const place = original ? within(original.place, Math.min(15, s.duplicateRadiusM * 0.5), rng) : locate(this.world, s, model, full, c, rng);
    const priority = priorityFor(s, full, rng);
    const description = describe(s, c, descriptionLocale, full, rng);
    let { ack, close } = this.timing(t, h, entry, c, reason, priority, full);
    if (ack !== null && ack > this.now) {
      ack = null;
      close = null;
    }
    if (close !== null && close > this.now) close = null;

    const assigneeEmail = ack === null || s.informationOnly ? null : pickAssignee(s.departmentCode, c, rng);
    const publicComment = this.comment(s, c, reason, close, ack, h.backlog, reporter?.locale ?? descriptionLocale);
    const request: DemoHistoricRequest = {
      serviceCode: s.code,
      channel: c,
      createdAt: new Date(t),
      acknowledgedAt: ack === null ? null : new Date(ack),
      closedAt: close === null ? null : new Date(close),
      closeReason: close === null ? null : reason,
      priority,
      lat: place.lat,
      lng: place.lng,
      address: place.address,
      description,
      descriptionLocale,
      answers: given,
      reporter,
      assigneeEmail,
      publicComment,
    };
    if (original && close !== null) request.duplicateOf = original.index;
    if (!original && !s.informationOnly) this.remember(s.code, { index: this.index, createdAt: t, closedAt: close, place, answers: given, full });
    this.index++;
    return request;
  }

  /** When the request is acknowledged and closed (before clamping to now). */
  private timing(
    t: number,
    h: Hour,
    { service: s, model }: ModelEntry,
    c: Channel,
    reason: CloseReason,
    priority: Priority,
    full: Record<string, string | string[]>,
  ): { ack: number | null; close: number | null } {
    const rng = this.rng;
    if (s.informationOnly) return { ack: t, close: t };
    let ack: number;
    if (c === 'field' || s.visibility === 'internal' || s.ackWithinHours === null) {
      ack = t + Math.floor(rng() * 10 * MINUTE_MS);
    } else {
      const speed = (ACK_SPEED[s.departmentCode] ?? 1) * (1 - 0.08 * Math.min(2, h.years)) * (chance(rng, 0.02) ? 5 + rng() * 15 : 1);
      ack = s.inBusinessHours
        ? addBusinessHours(t, logNormal(rng, 0.25 * Math.min(s.ackWithinHours, 8) * speed, 1.0))
        : crewHours(t + logNormal(rng, 0.3 * s.ackWithinHours * speed, 0.9) * HOUR_MS, s.code, rng);
    }
    let median = model.close.median;
    if (s.code === 'pothole') median *= 1 + 3 * h.backlog;
    if (s.code === 'graffiti' && full.offensive === 'yes') median *= 0.5;
    if (s.code === 'water_leak' && full.severity === 'gushing') median *= 0.4;
    median *= priority === 'urgent' ? 0.6 : priority === 'high' ? 0.8 : priority === 'low' ? 1.15 : 1;
    const { clock, sigma } = model.close;
    switch (reason) {
      case 'resolved':
        return { ack, close: chance(rng, model.backlog ?? 0) ? null : after(ack, logNormal(rng, median, sigma), clock, s.code, rng) };
      case 'duplicate':
        return { ack, close: addBusinessHours(ack, logNormal(rng, 0.5, 1)) };
      case 'referred':
        return { ack, close: addBusinessHours(ack, logNormal(rng, 2, 1)) };
      case 'not_city_responsibility':
        return { ack, close: after(ack, logNormal(rng, median * 0.4, sigma), clock, s.code, rng) };
      case 'unable_to_locate':
      case 'no_action_needed':
        return { ack, close: after(ack, logNormal(rng, median * 0.7, sigma), clock, s.code, rng) };
      case 'withdrawn':
        return { ack, close: after(ack, rng() * median, clock, s.code, rng) };
    }
  }

  /** What the public was told. */
  private comment(s: DemoService, c: Channel, reason: CloseReason, close: number | null, ack: number | null, backlog: number, locale: 'en' | 'es'): string | null {
    const rng = this.rng;
    if (s.informationOnly) {
      // Questions that came in writing get the knowledge-base answer back.
      return c === 'web' || c === 'email' || c === 'mobile' || c === 'social' ? (locale === 'es' ? s.kbAnswerEs : s.kbAnswer) : null;
    }
    if (s.visibility === 'public' && close !== null && chance(rng, 0.65)) {
      const bi = SPECIAL_COMMENTS[s.code]?.[reason] ?? (reason === 'resolved' ? RESOLVED_COMMENTS[s.code] : undefined) ?? REASON_COMMENTS[reason]!;
      return pickBi(rng, bi, locale);
    }
    if (s.code === 'pothole' && close === null && ack !== null && backlog > 0.3 && chance(rng, 0.5)) {
      return pickBi(rng, SPECIAL_COMMENTS.pothole!.open!, locale);
    }
    return null;
  }
}

/**
 * Yields requests in created order between `from` and the earlier of `to` and `now`, about `perYear` a year
 * (the expected total is exactly perYear × the span in years). Deterministic for a seed.
 */
export function* generateHistory(opts: HistoryOptions): Generator<DemoHistoricRequest> {
  const sim = new Simulation(opts);
  for (let i = 0; i < sim.slots; i++) yield* sim.hour(i);
}
