import { describe, expect, it } from 'vitest';
import { backoffMs, mailsFor, subscriptionWants, webhookTypeFor } from './notifications.js';

describe('the notification policy', () => {
  it('tells the department and the reporter about a new request', () => {
    expect(mailsFor({ type: 'created', public: true, data: {} })).toEqual([
      { kind: 'liaison_new', audience: 'liaisons' },
      { kind: 'receipt', audience: 'reporter' },
    ]);
  });

  it('tells followers about public changes only', () => {
    expect(mailsFor({ type: 'comment_added', public: true, data: { visibility: 'public' } })).toEqual([{ kind: 'comment', audience: 'followers' }]);
    expect(mailsFor({ type: 'comment_added', public: false, data: { visibility: 'internal' } })).toEqual([]);
    expect(mailsFor({ type: 'assigned', public: false, data: {} })).toEqual([]);
    expect(mailsFor({ type: 'closed', public: true, data: {} })).toEqual([{ kind: 'closed', audience: 'followers' }]);
    expect(mailsFor({ type: 'priority_changed', public: true, data: {} })).toEqual([{ kind: 'update', audience: 'followers' }]);
  });

  it('re-routes to the new department and escalates overdue requests to supervisors', () => {
    expect(mailsFor({ type: 'service_changed', public: true, data: {} })[0]).toEqual({ kind: 'liaison_rerouted', audience: 'liaisons' });
    expect(mailsFor({ type: 'overdue', public: false, data: { kind: 'resolve' } })).toEqual([{ kind: 'escalation', audience: 'supervisors' }]);
  });

  it('publishes events as Standard Webhooks event types', () => {
    expect(webhookTypeFor({ type: 'created', public: true, data: {} })).toBe('request.created');
    expect(webhookTypeFor({ type: 'comment_added', public: false, data: {} })).toBe('comment.created');
    expect(webhookTypeFor({ type: 'work_order_linked', public: false, data: {} })).toBe('request.updated');
    expect(subscriptionWants(['*'], 'request.closed')).toBe(true);
    expect(subscriptionWants(['request.created'], 'request.closed')).toBe(false);
  });

  it('backs off exponentially, capped, with bounded jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, 1000, 60_000, mid))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(800);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1200);
    expect(backoffMs(500, 1000, 60_000, mid)).toBe(60_000);
  });
});
