import type { Actor } from '../domain/actor.js';
import { invalid, notFound, type FieldIssue } from '../domain/errors.js';
import { WEBHOOK_EVENT_TYPES } from '../domain/notifications.js';
import { authorizeAdmin } from './admin-actor.js';
import { audited } from './admin/audited.js';
import type { Deps } from './ports.js';

export interface AddWebhookInput {
  url: string;
  events: string[];
  description?: string | undefined;
}

/** The URL and event list checked, or the reasons they are refused. */
function checkSubscription(input: { url: string; events: string[] }): { url: string; events: string[] } {
  let url: URL | undefined;
  try {
    url = new URL(input.url);
  } catch {
    url = undefined;
  }
  const issues: FieldIssue[] = [];
  if (!url || !/^https?:$/.test(url.protocol)) issues.push({ field: 'url', message: 'must be an http(s) URL' });
  const events = [...new Set(input.events.map((e) => e.trim()).filter(Boolean))];
  if (!events.length) issues.push({ field: 'events', message: `name at least one of ${WEBHOOK_EVENT_TYPES.join(', ')} (or *)` });
  for (const e of events) {
    if (e !== '*' && !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e)) issues.push({ field: 'events', message: `unknown event type ${e}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}` });
  }
  if (issues.length) throw invalid(issues);
  return { url: url!.toString(), events };
}

/** Subscribes a URL to event types; the signing secret (whsec_...) is returned once (never audited). */
export async function addWebhook(deps: Deps, actor: Actor, input: AddWebhookInput) {
  const checked = checkSubscription(input);
  const secret = `whsec_${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(24))).toString('base64')}`;
  return audited(deps, actor, 'admin.configure', { action: 'webhook.create', entity: 'webhook' }, async (repos) => {
    const subscription = await repos.webhooks.add({ ...checked, secret, description: input.description?.trim() || null });
    return { entityId: String(subscription.id), before: null, after: subscription, result: { subscription, secret } };
  });
}

/** Edits a subscription (URL, events, description, on or off); its secret and its log stay. */
export async function updateWebhook(deps: Deps, actor: Actor, id: number, input: AddWebhookInput & { active: boolean }) {
  const checked = checkSubscription(input);
  return audited(deps, actor, 'admin.configure', { action: 'webhook.update', entity: 'webhook' }, async (repos) => {
    const before = await repos.webhooks.get(id);
    if (!before) throw notFound('webhook subscription');
    const after = (await repos.webhooks.update(id, { ...checked, description: input.description?.trim() || null, active: input.active }))!;
    return { entityId: String(id), before, after, result: after };
  });
}

export async function listWebhooks(deps: Deps, actor: Actor) {
  authorizeAdmin(actor, 'admin.configure');
  return deps.repos.webhooks.list();
}

/** Stops a subscription (not_found when there is none). */
export async function removeWebhook(deps: Deps, actor: Actor, id: number) {
  return audited(deps, actor, 'admin.configure', { action: 'webhook.disable', entity: 'webhook' }, async (repos) => {
    const before = await repos.webhooks.get(id);
    if (!before) throw notFound('webhook subscription');
    await repos.webhooks.deactivate(id);
    return { entityId: String(id), before, after: { ...before, active: false }, result: true };
  });
}
