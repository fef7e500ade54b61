import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { NewDelivery } from '../db/repositories/job-queue.js';
import { one, sql, type Db } from '../db/sql.js';
import { stableMessageId } from './links.js';

// 'privacy.link' (written by POST /api/privacy/link) becomes one e-mail carrying the one-time link
// to the resident's own data, but only when the city holds something under that address: the API
// answers the same either way, so nobody learns whether an address is known.

const TEXT = {
  en: {
    subject: 'Your data held by the 311 service',
    body: 'Someone (we hope you) asked to see or erase the data the 311 service holds about this e-mail address. The link works for one hour. If it was not you, ignore this message.',
    link: 'See or erase my data',
  },
  es: {
    subject: 'Sus datos en el servicio 311',
    body: 'Alguien (esperamos que usted) pidió ver o borrar los datos que el servicio 311 guarda sobre esta dirección de correo. El enlace funciona durante una hora. Si no fue usted, ignore este mensaje.',
    link: 'Ver o borrar mis datos',
  },
};

// The same link signs a resident in to "My requests" (purpose 'signin', written by POST /api/account/link).
const SIGN_IN = {
  en: {
    subject: 'Sign in to the 311 service',
    body: 'Someone (we hope you) asked to sign in to the 311 service with this e-mail address, to see their requests. The link works once, for one hour. If it was not you, ignore this message.',
    link: 'Sign in',
  },
  es: {
    subject: 'Iniciar sesión en el servicio 311',
    body: 'Alguien (esperamos que usted) pidió iniciar sesión en el servicio 311 con esta dirección de correo, para ver sus solicitudes. El enlace funciona una vez, durante una hora. Si no fue usted, ignore este mensaje.',
    link: 'Iniciar sesión',
  },
};

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export async function deliveriesForPrivacyLink(db: Db, config: Config, p: Record<string, unknown>): Promise<NewDelivery[]> {
  const email = String(p.email ?? '');
  const known = await one(
    db,
    sql`select 1 from residents where lower(email) = ${email} union all select 1 from followers where lower(email) = ${email} limit 1`,
  );
  if (!known) return [];
  const signIn = p.purpose === 'signin';
  const t = (signIn ? SIGN_IN : TEXT)[p.locale === 'es' ? 'es' : 'en'];
  const url = `${config.publicUrl}/${signIn ? 'account' : 'privacy'}?lang=${p.locale === 'es' ? 'es' : 'en'}#token=${encodeURIComponent(String(p.token))}`;
  const scope = createHash('sha256').update(String(p.token)).digest('hex').slice(0, 16);
  return [
    {
      dedupeKey: `email:privacy:${scope}`,
      channel: 'email',
      kind: 'privacy',
      eventId: null,
      requestId: null,
      subscriptionId: null,
      recipient: email,
      messageId: stableMessageId(`privacy-${scope}`, email, config.publicUrl),
      payload: {
        subject: t.subject,
        text: `${t.body}\n\n${t.link}: ${url}\n`,
        html: `<!doctype html><html><body><p>${escape(t.body)}</p><p><a href="${escape(url)}">${escape(t.link)}</a></p></body></html>`,
      },
    },
  ];
}
