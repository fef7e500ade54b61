import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { canApply, open311Status, transition, type Action, type LifecycleState } from './lifecycle.js';
import { STATUSES, type Status } from './vocabulary.js';

const at = new Date('2026-05-04T16:00:00Z');
const fresh: LifecycleState = { status: 'new', closeReason: null, acknowledgedAt: null, closedAt: null, resolvedAt: null };

describe('the request life-cycle', () => {
  it('allows exactly these transitions', () => {
    const table: Record<Action, Status[]> = {
      acknowledge: ['new'],
      start: ['new', 'acknowledged', 'on_hold'],
      hold: ['new', 'acknowledged', 'in_progress'],
      resume: ['on_hold'],
      close: ['new', 'acknowledged', 'in_progress', 'on_hold'],
      reopen: ['closed'],
    };
    for (const [action, allowed] of Object.entries(table) as Array<[Action, Status[]]>) {
      for (const s of STATUSES) expect(canApply(action, s), `${action} from ${s}`).toBe(allowed.includes(s));
    }
  });

  it('records "resolved" with its time only for the resolved reason', () => {
    const resolved = transition(fresh, 'close', at, 'resolved');
    expect(resolved).toMatchObject({ status: 'closed', closeReason: 'resolved', closedAt: at, resolvedAt: at, acknowledgedAt: at });
    const withdrawn = transition(fresh, 'close', at, 'withdrawn');
    expect(withdrawn.resolvedAt).toBeNull();
  });

  it('refuses closing a closed request and acknowledging a withdrawn one, with a code', () => {
    const closed = transition(fresh, 'close', at, 'withdrawn');
    for (const action of ['close', 'acknowledge', 'hold', 'start'] as Action[]) {
      try {
        transition(closed, action, at, 'resolved');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('illegal_transition');
        expect((e as AppError).message).toContain('withdrawn');
      }
    }
  });

  it('reopens to acknowledged when it had been acknowledged, else to new', () => {
    const ack = transition(fresh, 'acknowledge', at);
    expect(transition(transition(ack, 'close', at, 'resolved'), 'reopen', at)).toMatchObject({ status: 'acknowledged', closeReason: null, closedAt: null, resolvedAt: null });
    const closedNew = { ...fresh, status: 'closed' as const, closeReason: 'duplicate' as const, closedAt: at };
    expect(transition(closedNew, 'reopen', at).status).toBe('new');
  });

  it('counts any staff action on a new request as acknowledging it, keeping the first time', () => {
    const held = transition(fresh, 'hold', at);
    expect(held.acknowledgedAt).toBe(at);
    const later = new Date(at.getTime() + 3_600_000);
    expect(transition(held, 'resume', later).acknowledgedAt).toBe(at);
  });

  it('requires a reason to close', () => {
    expect(() => transition(fresh, 'close', at)).toThrow(/reason/);
  });

  it('shows Open311 only open or closed', () => {
    expect(STATUSES.map(open311Status)).toEqual(['open', 'open', 'open', 'open', 'closed']);
  });
});
