import type { MailKind } from '../../domain/notifications.js';
import type { Locale } from '../../domain/vocabulary.js';
import { renderDigest, renderRequestMail, renderSurveyInvite, type RenderedMail, type RequestView } from './templates.js';

// The admin's read-only look at every e-mail CivicDesk sends, in each language, rendered by the
// same code as the real messages from a made-up request. The wording lives in strings.ts (code),
// so a change to it is a code change, reviewed like one.

export const PREVIEW_KINDS = ['receipt', 'acknowledged', 'status', 'comment', 'closed', 'reopened', 'update', 'liaison_new', 'liaison_rerouted', 'escalation', 'digest', 'survey'] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

/** Who gets each kind: the resident (and followers) or the department's staff. */
export const PREVIEW_AUDIENCE: Record<PreviewKind, 'resident' | 'staff'> = {
  receipt: 'resident',
  acknowledged: 'resident',
  status: 'resident',
  comment: 'resident',
  closed: 'resident',
  reopened: 'resident',
  update: 'resident',
  survey: 'resident',
  liaison_new: 'staff',
  liaison_rerouted: 'staff',
  escalation: 'staff',
  digest: 'staff',
};

const SAMPLE: Record<Locale, { service: string; description: string; comment: string; note: string; department: string; recipient: string }> = {
  en: { service: 'Pothole', description: 'A deep pothole in the bike lane by the school crossing.', comment: 'A crew will patch this hole this week.', note: 'Patched with cold mix.', department: 'Public Works', recipient: 'Rosa' },
  es: { service: 'Bache', description: 'Un bache profundo en el carril bici junto al cruce escolar.', comment: 'Una cuadrilla reparará este bache esta semana.', note: 'Reparado con asfalto en frío.', department: 'Obras Públicas', recipient: 'Rosa' },
};

export function previewMail(kind: PreviewKind, locale: Locale, baseUrl = 'https://city.example.gov'): RenderedMail {
  const s = SAMPLE[locale];
  const publicId = '26-000123';
  if (kind === 'digest') {
    return renderDigest(locale, s.department, [{ publicId, serviceName: s.service, priority: 'high', address: '120 Main St', due: new Date('2026-11-20T17:00:00Z'), url: `${baseUrl}/console/requests/${publicId}` }], 'America/Los_Angeles');
  }
  if (kind === 'survey') return renderSurveyInvite(locale, { publicId, serviceName: s.service, url: `${baseUrl}/survey/sample` });
  const request: RequestView = {
    publicId,
    serviceName: s.service,
    priority: 'high',
    status: 'acknowledged',
    address: '120 Main St',
    location: { lat: 34.0522, lng: -117.7519 },
    districts: ['District 2'],
    description: s.description,
    answers: [],
    photoUrls: [],
    notice: null,
  };
  const data: Record<string, unknown> =
    kind === 'status' ? { to: 'in_progress' } : kind === 'comment' ? { body: s.comment } : kind === 'closed' ? { reason: 'resolved', note: s.note } : kind === 'escalation' ? { kind: 'ack' } : {};
  return renderRequestMail({
    kind: kind as MailKind,
    locale,
    recipientName: PREVIEW_AUDIENCE[kind] === 'resident' ? s.recipient : null,
    request,
    data,
    links: { track: `${baseUrl}/track/${publicId}`, staff: `${baseUrl}/console/requests/${publicId}`, reopen: `${baseUrl}/track/${publicId}?action=reopen`, unfollow: PREVIEW_AUDIENCE[kind] === 'resident' ? `${baseUrl}/api/unfollow/sample` : null },
    photoAttached: kind === 'closed',
  });
}
