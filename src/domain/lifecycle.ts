import { AppError } from './errors.js';
import type { CloseReason, Status } from './vocabulary.js';

/**
 * The request life-cycle. A request is new until someone acknowledges it; it may go in
 * progress or on hold; it closes with a reason; a closed request may be reopened. Open311
 * sees only open/closed.
 */
export type Action = 'acknowledge' | 'start' | 'hold' | 'resume' | 'close' | 'reopen';

const ALLOWED: Record<Action, readonly Status[]> = {
  acknowledge: ['new'],
  start: ['new', 'acknowledged', 'on_hold'],
  hold: ['new', 'acknowledged', 'in_progress'],
  resume: ['on_hold'],
  close: ['new', 'acknowledged', 'in_progress', 'on_hold'],
  reopen: ['closed'],
};

const TARGET: Record<Exclude<Action, 'reopen'>, Status> = {
  acknowledge: 'acknowledged',
  start: 'in_progress',
  hold: 'on_hold',
  resume: 'in_progress',
  close: 'closed',
};

export interface LifecycleState {
  status: Status;
  closeReason: CloseReason | null;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  resolvedAt: Date | null;
}

export function canApply(action: Action, status: Status): boolean {
  return ALLOWED[action].includes(status);
}

/** Which status the request moves to; throws illegal_transition when the action isn't allowed. */
export function transition(state: LifecycleState, action: Action, at: Date, reason?: CloseReason): LifecycleState {
  if (!canApply(action, state.status)) {
    const why = state.status === 'closed' && state.closeReason ? `${state.status} (${state.closeReason})` : state.status;
    throw new AppError('illegal_transition', `cannot ${action} a request that is ${why}`, {
      details: { action, status: state.status, closeReason: state.closeReason },
    });
  }
  if (action === 'reopen') {
    return { ...state, status: state.acknowledgedAt ? 'acknowledged' : 'new', closeReason: null, closedAt: null, resolvedAt: null };
  }
  if (action === 'close') {
    if (!reason) throw new AppError('validation', 'a close reason is required', { issues: [{ field: 'reason', message: 'required' }] });
    // "Resolved" has one definition across the city: closed with reason resolved, at that instant.
    return {
      ...state,
      status: 'closed',
      closeReason: reason,
      closedAt: at,
      resolvedAt: reason === 'resolved' ? at : null,
      acknowledgedAt: state.acknowledgedAt ?? at,
    };
  }
  // Any staff action on a new request counts as acknowledging it.
  return { ...state, status: TARGET[action], acknowledgedAt: state.acknowledgedAt ?? at };
}

/** The status a staff member may set directly, mapped to its action. */
export function actionForStatus(to: Exclude<Status, 'closed'>, from: Status): Action {
  switch (to) {
    case 'new':
      throw new AppError('illegal_transition', 'a request cannot be set back to new', { details: { status: from } });
    case 'acknowledged':
      if (from === 'closed') return 'reopen';
      return 'acknowledge';
    case 'in_progress':
      return from === 'on_hold' ? 'resume' : 'start';
    case 'on_hold':
      return 'hold';
  }
}

export function open311Status(status: Status): 'open' | 'closed' {
  return status === 'closed' ? 'closed' : 'open';
}

export function isOpen(status: Status): boolean {
  return status !== 'closed';
}
