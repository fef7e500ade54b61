import type { MailKind } from '../../domain/notifications.js';
import type { Locale } from '../../domain/vocabulary.js';
import { strings } from './strings.js';

// A message is written once as blocks, then rendered to plain text and to HTML, so the two
// bodies always say the same thing.

export type Block =
  | { p: string }
  | { quote: string }
  | { fields: Array<[string, string]> }
  | { link: string; href: string }
  | { list: string[] };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface RequestView {
  publicId: string;
  serviceName: string;
  priority: string;
  status: string;
  address: string | null;
  location: { lat: number; lng: number } | null;
  districts: string[];
  description: string;
  answers: Array<[string, string]>;
  photoUrls: string[];
  notice: string | null;
}

export interface MailInput {
  kind: MailKind;
  locale: Locale;
  recipientName: string | null;
  request: RequestView;
  /** The event's data (status, note, comment body, close reason, overdue kind). */
  data: Record<string, unknown>;
  links: { track: string; staff: string; reopen: string; unfollow: string | null };
  photoAttached: boolean;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function renderRequestMail(m: MailInput): RenderedMail {
  const t = strings(m.locale);
  const r = m.request;
  const priority = t.priority[r.priority] ?? r.priority;
  const blocks: Block[] = [];
  const note = str(m.data.note);
  const staffFields = (): Block => ({
    fields: [
      [t.fields.id, r.publicId],
      [t.fields.service, r.serviceName],
      [t.fields.priority, priority],
      [t.fields.address, r.address ?? t.none],
      [t.fields.coordinates, r.location ? `${r.location.lat.toFixed(6)}, ${r.location.lng.toFixed(6)}` : t.none],
      [t.fields.districts, r.districts.join('; ') || t.none],
      [t.fields.description, r.description || t.none],
      ...r.answers.map(([k, v]): [string, string] => [k, v]),
    ],
  });
  let subject: string;
  switch (m.kind) {
    case 'liaison_new':
    case 'liaison_rerouted':
      subject = m.kind === 'liaison_new' ? t.subject.liaison_new(r.publicId, r.serviceName, priority) : t.subject.liaison_rerouted(r.publicId, r.serviceName, priority);
      blocks.push({ p: m.kind === 'liaison_new' ? t.liaisonIntro : t.reroutedIntro }, staffFields());
      if (note) blocks.push({ fields: [[t.note, note]] });
      if (r.photoUrls.length) blocks.push({ p: `${t.fields.photos}:` }, { list: r.photoUrls });
      blocks.push({ link: t.open, href: m.links.staff });
      break;
    case 'escalation': {
      const what = m.data.kind === 'ack' ? t.ackTarget : t.resolveTarget;
      subject = t.subject.escalation(r.publicId, what);
      blocks.push({ p: t.escalationBody(what) }, staffFields(), { link: t.open, href: m.links.staff });
      break;
    }
    default:
      subject = residentBody(m, blocks);
  }
  if (m.links.unfollow) blocks.push({ link: t.stopFollowing, href: m.links.unfollow });
  return { subject, text: toText(blocks), html: toHtml(subject, blocks) };
}

/** The resident's (and followers') messages; returns the subject, pushes the body. */
function residentBody(m: MailInput, blocks: Block[]): string {
  const t = strings(m.locale);
  const r = m.request;
  const note = str(m.data.note);
  blocks.push({ p: t.hello(m.recipientName) });
  let subject: string;
  switch (m.kind) {
    case 'receipt':
      subject = t.subject.receipt(r.publicId);
      blocks.push({ p: t.receiptBody(r.publicId) }, { fields: [[t.fields.service, r.serviceName], [t.fields.address, r.address ?? t.none]] });
      if (r.notice) blocks.push({ fields: [[t.notice, r.notice]] });
      break;
    case 'acknowledged':
      subject = t.subject.acknowledged(r.publicId);
      blocks.push({ p: t.acknowledgedBody });
      break;
    case 'status': {
      const s = t.status[String(m.data.to)] ?? String(m.data.to);
      subject = t.subject.status(r.publicId, s);
      blocks.push({ p: t.statusBody(s) });
      break;
    }
    case 'comment':
      subject = t.subject.comment(r.publicId);
      blocks.push({ p: t.commentBody }, { quote: String(m.data.body ?? '') });
      break;
    case 'closed': {
      subject = t.subject.closed(r.publicId);
      blocks.push({ p: t.closedBody(t.reason[String(m.data.reason)] ?? String(m.data.reason)) });
      const referred = m.data.referredTo as { agency?: string; contact?: string } | null | undefined;
      if (referred?.agency) blocks.push({ p: [referred.agency, referred.contact].filter(Boolean).join(' — ') });
      if (note) blocks.push({ fields: [[t.resolution, note]] });
      if (m.photoAttached) blocks.push({ p: t.photoAttached });
      blocks.push({ link: t.reopenPrompt, href: m.links.reopen });
      break;
    }
    case 'reopened':
      subject = t.subject.reopened(r.publicId);
      blocks.push({ p: t.reopenedBody });
      break;
    default:
      subject = t.subject.update(r.publicId);
      blocks.push({ p: m.data.toName ? t.reroutedBody(String(m.data.toName)) : t.updateBody });
  }
  if (note && m.kind !== 'closed') blocks.push({ fields: [[t.note, note]] });
  blocks.push({ link: t.track, href: m.links.track });
  return subject;
}

/** A due time as the department reads it: in the city's time zone, in the liaison's language. */
export function formatDue(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
}

export function renderDigest(locale: Locale, department: string, rows: Array<{ publicId: string; serviceName: string; priority: string; address: string | null; due: Date | null; url: string }>, timeZone: string): RenderedMail {
  const t = strings(locale);
  const subject = t.subject.digest(department, rows.length);
  const blocks: Block[] = [
    { p: t.digestIntro(rows.length) },
    { list: rows.map((r) => `${r.publicId} — ${r.serviceName} (${t.priority[r.priority] ?? r.priority}) — ${r.address ?? ''} — ${t.fields.due} ${r.due ? formatDue(r.due, locale, timeZone) : ''} — ${r.url}`) },
  ];
  return { subject, text: toText(blocks), html: toHtml(subject, blocks) };
}

function toText(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if ('p' in b) out.push(b.p);
    else if ('quote' in b) out.push(b.quote.split('\n').map((l) => `> ${l}`).join('\n'));
    else if ('fields' in b) out.push(b.fields.map(([k, v]) => `${k}: ${v}`).join('\n'));
    else if ('link' in b) out.push(`${b.link}\n${b.href}`);
    else out.push(b.list.map((l) => `- ${l}`).join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function toHtml(subject: string, blocks: Block[]): string {
  const e = escapeHtml;
  const body = blocks
    .map((b) => {
      if ('p' in b) return `<p>${e(b.p)}</p>`;
      if ('quote' in b) return `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">${e(b.quote).replace(/\n/g, '<br>')}</blockquote>`;
      if ('fields' in b) return `<table cellpadding="4">${b.fields.map(([k, v]) => `<tr><th align="left" valign="top">${e(k)}</th><td>${e(v).replace(/\n/g, '<br>')}</td></tr>`).join('')}</table>`;
      if ('link' in b) return `<p><a href="${e(b.href)}">${e(b.link)}</a></p>`;
      return `<ul>${b.list.map((l) => `<li>${/^https?:\/\/\S+$/.test(l) ? `<a href="${e(l)}">${e(l)}</a>` : e(l)}</li>`).join('')}</ul>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:sans-serif">\n${body}\n</body></html>`;
}

const SURVEY_TEXT = {
  en: {
    subject: (id: string) => `How did we do? Your request ${id}`,
    body: (service: string) => `Your ${service} request has been closed. Two minutes of your time tell the city whether it was really fixed and how you were treated. You can answer anonymously.`,
    link: 'Answer the survey',
  },
  es: {
    subject: (id: string) => `¿Cómo lo hicimos? Su solicitud ${id}`,
    body: (service: string) => `Su solicitud de ${service} se ha cerrado. Dos minutos de su tiempo le dicen a la ciudad si de verdad se resolvió y cómo le atendieron. Puede responder de forma anónima.`,
    link: 'Responder la encuesta',
  },
} as const;

/** The satisfaction survey invitation, in the resident's language. */
export function renderSurveyInvite(locale: Locale, p: { publicId: string; serviceName: string; url: string }): RenderedMail {
  const t = SURVEY_TEXT[locale === 'es' ? 'es' : 'en'];
  const subject = t.subject(p.publicId);
  const blocks: Block[] = [{ p: t.body(p.serviceName) }, { link: t.link, href: p.url }];
  return { subject, text: toText(blocks), html: toHtml(subject, blocks) };
}
