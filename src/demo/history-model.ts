// The knobs of the history generator: channel mix and its trend, when people report, and per service the
// seasonality, storm sensitivity, where reports come from, how long they take to close and how they end.

import type { DemoHistoricRequest } from './history.js';

export type Channel = DemoHistoricRequest['channel'];
export type CloseReason = NonNullable<DemoHistoricRequest['closeReason']>;
export type Place = 'any' | 'arterial' | 'residential' | 'intersection' | 'park' | 'graffiti' | 'dumping' | 'facility' | 'median';

export const CHANNELS: readonly Channel[] = ['web', 'mobile', 'open311', 'phone', 'walk_in', 'email', 'mail', 'fax', 'voicemail', 'meeting', 'social', 'field'];

/** Channel shares at the start of the history and two years later (interpolated, then held). Phone stays the
 *  largest channel while web and mobile grow, as in a small city that has just launched its app. */
export const CHANNEL_SHARES: Record<Channel, [start: number, twoYears: number]> = {
  phone: [0.43, 0.355],
  web: [0.175, 0.205],
  mobile: [0.115, 0.175],
  email: [0.07, 0.065],
  walk_in: [0.06, 0.05],
  voicemail: [0.045, 0.04],
  field: [0.028, 0.028],
  open311: [0.01, 0.016],
  social: [0.01, 0.012],
  mail: [0.012, 0.008],
  fax: [0.006, 0.003],
  meeting: [0.005, 0.005],
};

type Day = readonly number[]; // 24 hourly weights, local time
interface Profile {
  weekday: Day;
  saturday: Day;
  sunday: Day;
}

const zeros = (): number[] => Array.from({ length: 24 }, () => 0);
const hours = (spec: Record<number, number>, rest = 0): number[] => zeros().map((_, h) => spec[h] ?? rest);

const OFFICE: Profile = {
  weekday: hours({ 8: 0.7, 9: 1.3, 10: 1.45, 11: 1.3, 12: 0.85, 13: 1.0, 14: 1.0, 15: 0.9, 16: 0.65 }),
  saturday: zeros(),
  sunday: zeros(),
};
const ONLINE_DAY = [0.15, 0.1, 0.07, 0.06, 0.08, 0.18, 0.4, 0.75, 1.05, 1.3, 1.35, 1.3, 1.2, 1.15, 1.1, 1.05, 1.0, 0.95, 0.95, 1.0, 0.95, 0.8, 0.55, 0.3];
const ONLINE: Profile = {
  weekday: ONLINE_DAY,
  saturday: ONLINE_DAY.map((w, h) => w * (h < 8 ? 0.6 : 0.72)),
  sunday: ONLINE_DAY.map((w, h) => w * (h < 9 ? 0.55 : 0.66)),
};
const EMAIL: Profile = {
  weekday: ONLINE_DAY.map((w, h) => w * (h >= 8 && h < 17 ? 1.3 : 0.6)),
  saturday: ONLINE_DAY.map((w) => w * 0.35),
  sunday: ONLINE_DAY.map((w) => w * 0.3),
};
const VOICEMAIL: Profile = {
  weekday: hours({ 0: 0.05, 1: 0.03, 2: 0.02, 3: 0.02, 4: 0.03, 5: 0.08, 6: 0.25, 7: 0.5, 12: 0.35, 17: 0.9, 18: 0.8, 19: 0.65, 20: 0.5, 21: 0.35, 22: 0.2, 23: 0.1 }, 0.15),
  saturday: hours({ 0: 0.1, 1: 0.05, 2: 0.03, 3: 0.02, 4: 0.02, 5: 0.05, 6: 0.15, 22: 0.25, 23: 0.15 }, 0.55),
  sunday: hours({ 0: 0.1, 1: 0.05, 2: 0.03, 3: 0.02, 4: 0.02, 5: 0.05, 6: 0.1, 22: 0.25, 23: 0.15 }, 0.45),
};
const FIELD: Profile = {
  weekday: hours({ 6: 0.6, 7: 1.5, 8: 1.6, 9: 1.6, 10: 1.5, 11: 1.2, 12: 0.7, 13: 1.3, 14: 1.2, 15: 0.8, 16: 0.25 }, 0.04),
  saturday: hours({ 7: 0.4, 8: 0.5, 9: 0.5, 10: 0.5, 11: 0.4, 12: 0.3, 13: 0.3, 14: 0.2 }, 0.04),
  sunday: hours({ 8: 0.3, 9: 0.35, 10: 0.35, 11: 0.3, 12: 0.2 }, 0.03),
};
const MEETING: Profile = {
  weekday: hours({ 10: 0.3, 11: 0.3, 18: 1.2, 19: 1.4, 20: 0.8 }),
  saturday: hours({ 10: 0.5, 11: 0.5 }),
  sunday: zeros(),
};

/** Profiles scaled so an average hour of the week weighs 1. */
function normalise(p: Profile): Profile {
  const sum = (d: Day): number => d.reduce((a, b) => a + b, 0);
  const k = 168 / (5 * sum(p.weekday) + sum(p.saturday) + sum(p.sunday));
  return { weekday: p.weekday.map((w) => w * k), saturday: p.saturday.map((w) => w * k), sunday: p.sunday.map((w) => w * k) };
}

export const CHANNEL_PROFILES: Record<Channel, Profile> = {
  phone: normalise(OFFICE),
  walk_in: normalise(OFFICE),
  mail: normalise(OFFICE),
  fax: normalise(OFFICE),
  web: normalise(ONLINE),
  mobile: normalise(ONLINE),
  open311: normalise(ONLINE),
  social: normalise(ONLINE),
  email: normalise(EMAIL),
  voicemail: normalise(VOICEMAIL),
  field: normalise(FIELD),
  meeting: normalise(MEETING),
};

export interface ServiceModel {
  /** Monthly volume multipliers, January first (normalised to a mean of 1). */
  season?: number[];
  /** Extra volume right after a winter storm: volume × (1 + storm × level), level 1 on the day after. */
  storm?: number;
  /** Volume multiplier by local hour. */
  hourFactor?: (hour: number) => number;
  place: Place;
  /** Time from acknowledgement to resolution: log-normal with this median (hours) and log-sd. */
  close: { clock: 'business' | 'calendar'; median: number; sigma: number };
  /** Shares of the close reasons other than 'resolved' (the rest is resolved). */
  outcomes?: Partial<Record<CloseReason, number>>;
  /** Share of requests that sit in a long backlog and are never closed. */
  backlog?: number;
  /** Channel preference multipliers. */
  channels?: Partial<Record<Channel, number>>;
  /** Relative weights for list answers, by question code (in the order of the values). */
  answerWeights?: Record<string, number[]>;
}

const DEFAULT_OUTCOMES: Partial<Record<CloseReason, number>> = {
  duplicate: 0.075,
  unable_to_locate: 0.01,
  no_action_needed: 0.01,
  not_city_responsibility: 0.01,
  referred: 0.005,
  withdrawn: 0.01,
};
const out = (o: Partial<Record<CloseReason, number>>): Partial<Record<CloseReason, number>> => ({ ...DEFAULT_OUTCOMES, ...o });

const biz = (median: number, sigma = 0.8) => ({ clock: 'business' as const, median, sigma });
const cal = (median: number, sigma = 0.8) => ({ clock: 'calendar' as const, median, sigma });

const WINTER = [1.5, 1.6, 1.4, 1.1, 0.9, 0.8, 0.7, 0.7, 0.7, 0.8, 0.9, 1.2];
const SUMMER = [0.85, 0.85, 0.9, 0.95, 1.05, 1.15, 1.2, 1.2, 1.1, 1.0, 0.9, 0.85];
const NIGHT = (h: number): number => (h >= 21 || h < 2 ? 3 : h >= 8 && h < 17 ? 0.6 : 1);
const INFO_CHANNELS: Partial<Record<Channel, number>> = { phone: 2, walk_in: 2.5, email: 1.2, web: 0.6, mobile: 0.15, open311: 0, field: 0, social: 0.5, meeting: 0.5 };
const FIELD_ONLY: Partial<Record<Channel, number>> = Object.fromEntries(CHANNELS.map((c) => [c, c === 'field' ? 1 : 0]));

export const SERVICE_MODELS: Record<string, ServiceModel> = {
  pothole: {
    season: WINTER,
    storm: 2.5,
    place: 'arterial',
    close: biz(45, 0.75),
    outcomes: out({ duplicate: 0.08, unable_to_locate: 0.02, not_city_responsibility: 0.01 }),
    channels: { field: 1.5, mobile: 1.3 },
    answerWeights: { size: [3.5, 4.5, 2], lane: [6, 1, 2, 0.5, 1] },
  },
  sidewalk_damage: { place: 'residential', close: biz(140, 0.8), backlog: 0.12, outcomes: out({ not_city_responsibility: 0.05 }), answerWeights: { problem: [6, 3, 1, 1] } },
  street_sweeping: { season: [0.8, 0.8, 0.8, 0.8, 0.9, 0.9, 0.9, 1, 1.1, 1.3, 1.5, 1.2], place: 'residential', close: biz(24, 0.6) },
  storm_drain: { season: [1.6, 1.6, 1.3, 0.9, 0.6, 0.5, 0.5, 0.6, 0.7, 1.0, 1.2, 1.5], storm: 4, place: 'any', close: biz(14, 0.8) },
  traffic_sign: { place: 'intersection', close: biz(14, 0.9), outcomes: out({ duplicate: 0.08 }), answerWeights: { sign_type: [3, 0.5, 2, 1, 1.5, 1], problem: [3, 1.5, 1, 1.5, 1] } },
  road_debris: { storm: 1.5, place: 'arterial', close: cal(2.5, 0.7), outcomes: out({ unable_to_locate: 0.08 }), answerWeights: { debris_type: [2, 2, 1.5, 1, 0.5, 1], blocking_traffic: [2, 1] } },
  dead_animal: { season: [0.8, 0.8, 0.9, 1, 1.1, 1.2, 1.2, 1.2, 1.1, 1, 0.9, 0.8], place: 'any', close: biz(4, 0.7), outcomes: out({ unable_to_locate: 0.05 }), answerWeights: { animal: [4, 1.5, 1.5, 3, 0.5, 1], where: [5, 3, 1, 0.5] } },
  missed_trash_pickup: {
    season: [1.25, 1.0, 0.95, 0.95, 0.95, 1.0, 1.05, 1.0, 0.95, 0.95, 0.95, 1.1],
    place: 'residential',
    close: biz(8, 0.6),
    outcomes: out({ duplicate: 0.01, no_action_needed: 0.05 }),
    channels: { phone: 1.3, field: 0.1 },
  },
  bulky_item_pickup: { season: [1.2, 0.9, 1.0, 1.1, 1.1, 1.1, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9], place: 'residential', close: biz(32, 0.45), outcomes: out({ duplicate: 0.01, withdrawn: 0.04 }), channels: { phone: 1.4, field: 0 } },
  trash_schedule_question: { season: [1.3, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 0.9, 1.0, 0.9, 1.1, 1.4], place: 'residential', close: cal(0), channels: INFO_CHANNELS },
  graffiti: {
    season: SUMMER,
    place: 'graffiti',
    close: cal(6.5, 0.7),
    outcomes: out({ duplicate: 0.085, not_city_responsibility: 0.01, unable_to_locate: 0.01, no_action_needed: 0.005, withdrawn: 0.003 }),
    channels: { field: 2.2, mobile: 1.6, web: 1.1, phone: 0.85, walk_in: 0.5 },
    answerWeights: { surface: [4, 4, 3, 2, 1.5, 1, 1.5, 0.5], offensive: [1, 5], size: [5, 4, 1], property: [3, 2, 2, 1] },
  },
  illegal_dumping: { season: [1.1, 0.9, 0.95, 1.0, 1.05, 1.05, 1.05, 1.05, 1.0, 0.95, 0.9, 1.0], place: 'dumping', close: biz(14, 0.8), outcomes: out({ duplicate: 0.06, not_city_responsibility: 0.03 }), channels: { field: 1.5, mobile: 1.3 } },
  shopping_carts: { place: 'arterial', close: biz(14, 0.7), outcomes: out({ referred: 0.2 }), channels: { field: 1.2 } },
  encampment: { place: 'arterial', close: biz(60, 0.8), outcomes: out({ referred: 0.3, unable_to_locate: 0.1, duplicate: 0.08 }), channels: { field: 1.5 } },
  general_question: { place: 'any', close: cal(0), channels: INFO_CHANNELS },
  water_leak: {
    season: [0.9, 0.9, 0.9, 1, 1.05, 1.1, 1.15, 1.15, 1.1, 1, 0.9, 0.9],
    place: 'any',
    close: cal(7, 0.9),
    outcomes: out({ duplicate: 0.12, not_city_responsibility: 0.1 }),
    answerWeights: { where: [3, 3, 3, 0.5, 1.5], severity: [4, 4, 1.5] },
  },
  sewer_backup: { storm: 1, place: 'residential', close: cal(4, 0.7), outcomes: out({ not_city_responsibility: 0.2, duplicate: 0.06 }), channels: { phone: 1.5, voicemail: 1.5 } },
  low_water_pressure: { season: SUMMER, place: 'residential', close: biz(20, 0.7), outcomes: out({ not_city_responsibility: 0.2, no_action_needed: 0.15, duplicate: 0.08 }) },
  water_waste: { season: [0.4, 0.4, 0.6, 0.9, 1.3, 1.6, 1.8, 1.8, 1.5, 1.0, 0.5, 0.4], place: 'residential', close: biz(40, 0.7), outcomes: out({ no_action_needed: 0.1, unable_to_locate: 0.1 }) },
  fire_hydrant: { season: SUMMER, place: 'any', close: cal(10, 1.0), outcomes: out({ duplicate: 0.1 }), answerWeights: { problem: [4, 1.5, 1, 1] } },
  tree_down: { season: [1.4, 1.2, 1.1, 0.8, 0.6, 0.6, 0.6, 0.6, 0.8, 1.1, 1.4, 1.6], storm: 4, place: 'any', close: cal(5, 0.8), outcomes: out({ duplicate: 0.1, not_city_responsibility: 0.06 }), answerWeights: { blocking: [3, 3, 1, 1.5], power_lines: [1, 8, 1], size: [4, 3, 1] } },
  tree_trimming: { season: [0.8, 0.8, 1.0, 1.1, 1.1, 1.1, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1], place: 'residential', close: biz(260, 0.8), backlog: 0.1, outcomes: out({ no_action_needed: 0.15, not_city_responsibility: 0.1, duplicate: 0.03 }) },
  park_maintenance: { season: SUMMER, place: 'park', close: biz(20, 0.8), outcomes: out({ duplicate: 0.06 }), channels: { field: 1.5 } },
  playground_equipment: { season: SUMMER, place: 'park', close: biz(14, 0.9), answerWeights: { unsafe: [2, 1] } },
  park_restroom: { season: SUMMER, place: 'park', close: biz(6, 0.7) },
  irrigation_leak: { season: SUMMER, place: 'median', close: biz(12, 0.8), outcomes: out({ duplicate: 0.08 }), channels: { field: 1.5 } },
  streetlight_out: {
    season: [1.2, 1.1, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 1.0, 1.1, 1.2, 1.2],
    storm: 0.5,
    place: 'any',
    close: biz(40, 0.8),
    outcomes: out({ referred: 0.25, duplicate: 0.08, unable_to_locate: 0.02 }),
    answerWeights: { problem: [8, 2, 1, 0.5, 0.3] },
  },
  traffic_signal: { storm: 1, place: 'intersection', close: cal(2.5, 0.8), outcomes: out({ duplicate: 0.2, no_action_needed: 0.05 }), answerWeights: { problem: [2, 2, 1, 2, 2, 0.5] } },
  abandoned_vehicle: { place: 'residential', close: biz(60, 0.5), outcomes: out({ no_action_needed: 0.25, unable_to_locate: 0.04, duplicate: 0.04 }), channels: { phone: 1.2 } },
  blocked_driveway: { hourFactor: (h) => (h >= 6 && h < 9 ? 2.2 : h >= 22 || h < 5 ? 0.6 : 1), place: 'residential', close: cal(1.5, 0.6), outcomes: out({ no_action_needed: 0.15, duplicate: 0.02 }), channels: { phone: 1.4, voicemail: 1.2 } },
  illegal_parking: { place: 'any', close: cal(4, 0.8), outcomes: out({ no_action_needed: 0.2, duplicate: 0.03 }) },
  oversized_vehicle: { place: 'residential', close: biz(40, 0.7), outcomes: out({ no_action_needed: 0.12 }) },
  overgrown_lot: { season: [0.5, 0.6, 1.0, 1.4, 1.6, 1.5, 1.3, 1.1, 0.9, 0.8, 0.6, 0.5], place: 'residential', close: biz(170, 0.6), outcomes: out({ no_action_needed: 0.12, duplicate: 0.03 }) },
  property_maintenance: { place: 'residential', close: biz(180, 0.7), backlog: 0.03, outcomes: out({ no_action_needed: 0.15, not_city_responsibility: 0.03, duplicate: 0.03 }) },
  unpermitted_construction: { place: 'residential', close: biz(100, 0.7), outcomes: out({ no_action_needed: 0.25, duplicate: 0.02 }) },
  street_vending: { season: SUMMER, place: 'arterial', close: biz(40, 0.8), outcomes: out({ unable_to_locate: 0.15, no_action_needed: 0.1, duplicate: 0.04 }) },
  illegal_signs: { place: 'arterial', close: biz(16, 0.7), channels: { field: 2 } },
  permit_question: { season: [0.9, 0.9, 1.0, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 0.9, 0.8, 0.7], place: 'any', close: cal(0), channels: INFO_CHANNELS },
  noise: {
    season: [0.85, 0.8, 0.9, 0.9, 1.0, 1.15, 1.3, 1.2, 1.0, 0.95, 0.9, 1.1],
    hourFactor: NIGHT,
    place: 'residential',
    close: cal(2, 0.8),
    outcomes: out({ unable_to_locate: 0.15, no_action_needed: 0.15, duplicate: 0.04 }),
    answerWeights: { source: [5, 1, 2, 1.5, 1, 0.5] },
  },
  speeding: { place: 'residential', close: biz(100, 0.6), outcomes: out({ duplicate: 0.04 }) },
  fireworks: { hourFactor: (h) => (h >= 19 ? 4 : h < 2 ? 3 : 0.25), place: 'residential', close: cal(2, 0.7), outcomes: out({ unable_to_locate: 0.35, no_action_needed: 0.1, duplicate: 0.08 }) },
  internal_work_order: { place: 'arterial', close: biz(30, 0.9), outcomes: { withdrawn: 0.03 }, channels: FIELD_ONLY },
  facility_maintenance: { place: 'facility', close: biz(18, 0.9), outcomes: { withdrawn: 0.02 }, channels: FIELD_ONLY },
};

/** Extra volume for fireworks around July 4 and New Year's Eve (the monthly season would smear it). */
export function fireworksBoost(month: number, day: number): number {
  if (month === 7 && day >= 1 && day <= 5) return day === 4 ? 60 : 20;
  if (month === 6 && day >= 25) return 6;
  if (month === 12 && day === 31) return 40;
  if (month === 1 && day === 1) return 15;
  return 0.25;
}

/** How fast each department acknowledges, relative to the others (1 = typical). */
export const ACK_SPEED: Record<string, number> = {
  public_works: 1.0,
  parks: 1.2,
  water: 0.8,
  code_enforcement: 1.6,
  parking: 1.0,
  street_lighting: 1.3,
  quality_of_life: 0.7,
  sheriff: 1.5,
};

/** Probability that a reporter stays anonymous, by channel. */
export const ANONYMOUS: Record<Channel, number> = {
  web: 0.2,
  mobile: 0.25,
  open311: 0.3,
  phone: 0.15,
  voicemail: 0.3,
  walk_in: 0.04,
  email: 0.03,
  mail: 0.2,
  fax: 0.1,
  meeting: 0.1,
  social: 0.3,
  field: 1,
};

/** Probability that a (new) reporter prefers Spanish, by channel. */
export const SPANISH: Record<Channel, number> = {
  web: 0.22,
  mobile: 0.26,
  open311: 0.15,
  phone: 0.36,
  voicemail: 0.36,
  walk_in: 0.45,
  email: 0.17,
  mail: 0.3,
  fax: 0.1,
  meeting: 0.35,
  social: 0.2,
  field: 0,
};

/** Probability that the reporter's e-mail / phone is on the request, by channel. */
export const CONTACT: Record<Channel, { email: number; phone: number }> = {
  web: { email: 0.97, phone: 0.5 },
  mobile: { email: 0.95, phone: 0.6 },
  open311: { email: 0.9, phone: 0.3 },
  phone: { email: 0.3, phone: 0.97 },
  voicemail: { email: 0.05, phone: 0.95 },
  walk_in: { email: 0.35, phone: 0.85 },
  email: { email: 1, phone: 0.25 },
  mail: { email: 0.1, phone: 0.5 },
  fax: { email: 0.2, phone: 0.8 },
  meeting: { email: 0.4, phone: 0.6 },
  social: { email: 0.3, phone: 0.1 },
  field: { email: 0, phone: 0 },
};
