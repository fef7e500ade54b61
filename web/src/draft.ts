import { useEffect, useState } from 'react';
import type { Service } from './api.js';

// An unfinished report lives in localStorage, so a dropped connection, a reload or a closed tab
// does not lose it. Photos are kept too (already resized, so a few hundred KB at most).

export type Step = 'place' | 'service' | 'nearby' | 'details' | 'contact' | 'review';

export interface Place {
  text: string;
  addressId?: string | undefined;
  zipcode?: string | null | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  source?: 'typed' | 'address' | 'map' | 'gps' | undefined;
}

export interface Draft {
  step: Step;
  place: Place;
  serviceCode: string | null;
  /** The chosen service's definition, kept so the flow goes on without a connection. */
  serviceDef?: Service | undefined;
  answers: Record<string, string | string[]>;
  description: string;
  photos: string[];
  anonymous: boolean;
  name: string;
  email: string;
  phone: string;
  updatesLocale: 'en' | 'es';
  /** Sent as Idempotency-Key: a retry of this draft (after a lost answer or a reload) can't make a second report. */
  submissionKey?: string | undefined;
}

/** A fresh Idempotency-Key (randomUUID needs a secure context; getRandomValues does not). */
export function newSubmissionKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const emptyDraft = (locale: 'en' | 'es'): Draft => ({
  step: 'place',
  place: { text: '' },
  serviceCode: null,
  answers: {},
  description: '',
  photos: [],
  anonymous: false,
  name: '',
  email: '',
  phone: '',
  updatesLocale: locale,
  submissionKey: newSubmissionKey(),
});

const KEY = 'civicdesk.draft';

export function loadDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft;
    // A draft saved before drafts had a key gets one now (and keeps it from here on).
    return d.submissionKey ? d : { ...d, submissionKey: newSubmissionKey() };
  } catch {
    return null;
  }
}

export function saveDraft(d: Draft | null) {
  try {
    if (d) localStorage.setItem(KEY, JSON.stringify(d));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full (photos) or unavailable: keep the draft without its photos.
    try {
      if (d) localStorage.setItem(KEY, JSON.stringify({ ...d, photos: [] }));
    } catch {
      /* nothing more to do */
    }
  }
}

export function isStarted(d: Draft) {
  return Boolean(d.place.text || d.place.lat !== undefined || d.serviceCode || d.description);
}

/** Tokens the reporter got for their reports, and follow tokens: they stay on this device. */
export const tokens = {
  report: (publicId: string) => readMap('civicdesk.reports')[publicId],
  saveReport: (publicId: string, token: string) => writeMap('civicdesk.reports', publicId, token),
  follow: (publicId: string) => readMap('civicdesk.follows')[publicId],
  saveFollow: (publicId: string, token: string | undefined) => writeMap('civicdesk.follows', publicId, token),
};

function readMap(key: string): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

function writeMap(key: string, k: string, v: string | undefined) {
  const m = readMap(key);
  if (v === undefined) delete m[k];
  else m[k] = v;
  try {
    localStorage.setItem(key, JSON.stringify(m));
  } catch {
    /* unavailable */
  }
}

/** navigator.onLine, kept up to date. */
export function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);
  return online;
}
