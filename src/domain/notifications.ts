// Who hears about what: the notification policy as data. Pure; the dispatcher (src/jobs)
// turns each plan into deliveries, one per (event, recipient).

export type MailKind =
  | 'liaison_new'
  | 'liaison_rerouted'
  | 'receipt'
  | 'acknowledged'
  | 'status'
  | 'comment'
  | 'closed'
  | 'reopened'
  | 'update'
  | 'escalation'
  | 'digest';

/** liaisons: the request's department's lead and backups; followers: everyone following it, the reporter included. */
export type Audience = 'liaisons' | 'reporter' | 'followers' | 'supervisors';

export interface MailPlan {
  kind: MailKind;
  audience: Audience;
}

export interface EventFacts {
  type: string;
  public: boolean;
  data: Record<string, unknown>;
}

/** The e-mails an event causes. The first plan to reach a recipient wins: no (event, recipient) gets two. */
export function mailsFor(e: EventFacts): MailPlan[] {
  switch (e.type) {
    case 'created':
      // An information question answered on the phone closes at once: the closed event tells the resident.
      return [{ kind: 'liaison_new', audience: 'liaisons' }, { kind: 'receipt', audience: 'reporter' }];
    case 'service_changed':
      return [{ kind: 'liaison_rerouted', audience: 'liaisons' }, { kind: 'update', audience: 'followers' }];
    case 'overdue':
      return [{ kind: 'escalation', audience: 'supervisors' }];
  }
  if (!e.public) return [];
  switch (e.type) {
    case 'acknowledged':
      return [{ kind: 'acknowledged', audience: 'followers' }];
    case 'status_changed':
      return [{ kind: 'status', audience: 'followers' }];
    case 'comment_added':
      return e.data.visibility === 'internal' ? [] : [{ kind: 'comment', audience: 'followers' }];
    case 'closed':
      return [{ kind: 'closed', audience: 'followers' }];
    case 'reopened':
      return [{ kind: 'reopened', audience: 'followers' }];
    default:
      return [{ kind: 'update', audience: 'followers' }];
  }
}

export const WEBHOOK_EVENT_TYPES = ['request.created', 'request.updated', 'request.closed', 'request.reopened', 'request.overdue', 'comment.created'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The Standard Webhooks event type an event is published as. */
export function webhookTypeFor(e: EventFacts): WebhookEventType {
  switch (e.type) {
    case 'created':
      return 'request.created';
    case 'closed':
      return 'request.closed';
    case 'reopened':
      return 'request.reopened';
    case 'overdue':
      return 'request.overdue';
    case 'comment_added':
      return 'comment.created';
    default:
      return 'request.updated';
  }
}

export function subscriptionWants(events: readonly string[], type: WebhookEventType): boolean {
  return events.includes('*') || events.includes(type);
}

/**
 * Exponential backoff: base · 2^(attempt-1), capped, with ±20% jitter so a recovered server
 * isn't hit by every retry in the same instant. `random` is injectable for tests.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
