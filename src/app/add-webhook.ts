import type { Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { WEBHOOK_EVENT_TYPES } from '../domain/notifications.js';
import { authorizeAdmin } from './admin-actor.js';
import type { Deps } from './ports.js';

export interface AddWebhookInput {
  url: string;
  events: string[];
  description?: string | undefined;
}

/** Subscribes a URL to event types; the signing secret (whsec_...) is returned once. */
export async function addWebhook(deps: Deps, actor: Actor, input: AddWebhookInput) {
  authorizeAdmin(actor, 'admin.configure');
  let url: URL | undefined;
  try {
    url = new URL(input.url);
  } catch {
    url = undefined;
  }
  const issues = [];
  if (!url || !/^https?:$/.test(url.protocol)) issues.push({ field: 'url', message: 'must be an http(s) URL' });
  const events = [...new Set(input.events.map((e) => e.trim()).filter(Boolean))];
  if (!events.length) issues.push({ field: 'events', message: `name at least one of ${WEBHOOK_EVENT_TYPES.join(', ')} (or *)` });
  for (const e of events) {
    if (e !== '*' && !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e)) issues.push({ field: 'events', message: `unknown event type ${e}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}` });
  }
  if (issues.length) throw invalid(issues);
  const secret = `whsec_${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(24))).toString('base64')}`;
  const subscription = await deps.repos.webhooks.add({ url: url!.toString(), events, secret, description: input.description?.trim() || null });
  return { subscription, secret };
}

export async function listWebhooks(deps: Deps, actor: Actor) {
  authorizeAdmin(actor, 'admin.configure');
  return deps.repos.webhooks.list();
}

export async function removeWebhook(deps: Deps, actor: Actor, id: number) {
  authorizeAdmin(actor, 'admin.configure');
  return deps.repos.webhooks.deactivate(id);
}
