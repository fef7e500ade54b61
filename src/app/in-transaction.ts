import type { Deps, Repos } from './ports.js';

/**
 * The same deps, bound to a transaction that is already open: use cases called with them write
 * into that transaction, so several of them commit together or not at all. afterCommit is left to
 * the caller, who calls it once the outer transaction has committed.
 */
export function inTransaction(deps: Deps, repos: Repos): Deps {
  const { afterCommit: _ignored, ...rest } = deps;
  return { ...rest, repos, tx: (fn) => fn(repos) };
}
