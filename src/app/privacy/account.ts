import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { Clock } from '../ports.js';
import type { PrivacyRepo } from './ports.js';
import { hash, requestPrivacyLink } from './resident-data.js';

// Optional resident accounts: the privacy one-time link (purpose 'signin') opens a resident session.
// Nobody needs one to report; it lists the resident's requests and keeps their language.

export const RESIDENT_SESSION_DAYS = 30;

export interface AccountRequest {
  publicId: string;
  service: string;
  status: string;
  createdAt: string;
  role: 'reporter' | 'follower';
}

export interface Account {
  email: string;
  name: string | null;
  locale: 'en' | 'es';
  requests: AccountRequest[];
}

export interface AccountRepo {
  openSession(s: { email: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  /** The e-mail behind a live session, or undefined. */
  sessionEmail(tokenHash: string, now: Date): Promise<string | undefined>;
  endSession(tokenHash: string, at: Date): Promise<void>;
  account(email: string): Promise<Account>;
  /** Saves the language for the resident and for every request they follow (their e-mails). */
  setLocale(email: string, locale: 'en' | 'es'): Promise<void>;
}

export interface AccountDeps {
  clock: Clock;
  privacy: PrivacyRepo;
  accounts: AccountRepo;
  afterCommit?: () => void;
}

export async function requestSignInLink(deps: AccountDeps, input: { email: string; locale?: string | undefined }): Promise<void> {
  await requestPrivacyLink(deps, input, 'signin');
}

/** Trades a one-time sign-in link for a session token (the link ends). */
export async function signInWithLink(deps: AccountDeps, input: { token: string }): Promise<{ session: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const email = input.token.length <= 100 ? await deps.privacy.linkEmail(hash(input.token), now, 'signin') : undefined;
  if (!email) throw new AppError('forbidden', 'this link has expired or was already used: ask for a new one');
  await deps.privacy.useLink(hash(input.token), now);
  const session = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + RESIDENT_SESSION_DAYS * 86_400_000);
  await deps.accounts.openSession({ email, tokenHash: hash(session), expiresAt });
  return { session, expiresAt };
}

export async function residentEmail(deps: AccountDeps, session: string | undefined): Promise<string | undefined> {
  if (!session || session.length > 100) return undefined;
  return deps.accounts.sessionEmail(hash(session), deps.clock.now());
}

export async function signOutResident(deps: AccountDeps, session: string | undefined): Promise<void> {
  if (session && session.length <= 100) await deps.accounts.endSession(hash(session), deps.clock.now());
}
