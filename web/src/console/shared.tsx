import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useLang } from '../hooks.js';
import { staff } from './api.js';

export const STATUSES = ['new', 'acknowledged', 'in_progress', 'on_hold', 'closed'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CHANNELS = ['phone', 'walk_in', 'email', 'mail', 'fax', 'voicemail', 'meeting', 'web', 'mobile', 'open311', 'social', 'field'] as const;
export const INTAKE_CHANNELS = ['phone', 'walk_in', 'email', 'mail', 'fax', 'voicemail', 'meeting'] as const;
export const CLOSE_REASONS = ['resolved', 'referred', 'not_city_responsibility', 'unable_to_locate', 'no_action_needed', 'withdrawn'] as const;

export function useDirectory() {
  return useQuery({ queryKey: ['directory'], queryFn: staff.directory, staleTime: 300_000 });
}

/** Service names by id, in the page's language. */
export function useServiceNames() {
  const dir = useDirectory();
  const lang = useLang();
  return useMemo(() => new Map((dir.data?.services ?? []).map((s) => [s.id, s.names[lang] ?? s.name])), [dir.data, lang]);
}

/** Every active service the staff member may use (internal ones too), in the page's language. */
export function useStaffServices() {
  const lang = useLang();
  return useQuery({ queryKey: ['staff-services', lang], queryFn: () => api.services(lang), staleTime: 60_000 });
}

/** "3 h" or "5 d" since (or until) a time. */
export function useSpan() {
  const { t } = useTranslation();
  return (iso: string | null, now = Date.now()) => {
    if (!iso) return '—';
    const h = Math.round(Math.abs(now - new Date(iso).getTime()) / 3_600_000);
    const s = h < 48 ? t('console.queue.hours', { count: h }) : t('console.queue.days', { count: Math.round(h / 24) });
    return new Date(iso).getTime() < now && iso ? s : `+${s}`;
  };
}

export function useWhen() {
  const lang = useLang();
  return (iso: string | null) => (iso ? new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—');
}

export function Issues({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error as { message: string; issues?: Array<{ field: string; message: string }> };
  return (
    <div className="error-box" role="alert">
      <p className="error">{t('console.admin.errors')}</p>
      <ul>{e.issues?.length ? e.issues.map((i) => <li key={i.field + i.message}>{`${i.field}: ${i.message}`}</li>) : <li>{e.message}</li>}</ul>
    </div>
  );
}
