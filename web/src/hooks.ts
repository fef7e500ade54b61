import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './api.js';
import { currentLang } from './i18n.js';

export function useConfig() {
  return useQuery({ queryKey: ['config'], queryFn: api.config, staleTime: Infinity });
}

export function useLang() {
  const { i18n } = useTranslation();
  return i18n.language === 'es' ? 'es' : currentLang();
}

export function useServices() {
  const lang = useLang();
  return useQuery({ queryKey: ['services', lang], queryFn: () => api.services(lang) });
}

export function formatDistance(t: (k: string, o?: Record<string, unknown>) => string, metres: number, lang: string) {
  if (metres < 1000) return t('nearby.distance', { metres });
  return t('nearby.distanceKm', { km: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(metres / 1000) });
}

export function formatDate(iso: string, lang: string, withTime = false) {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' }).format(new Date(iso));
}

/** The signed-in resident's account, or { signedIn: false } (accounts are optional). */
export function useAccount() {
  return useQuery({ queryKey: ['account'], queryFn: api.account, staleTime: 60_000 });
}
