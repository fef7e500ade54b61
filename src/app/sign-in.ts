import { AppError } from '../domain/errors.js';
import type { StaffUser } from './model.js';
import type { Deps } from './ports.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_HOURS = 12;

export interface SignInResult {
  /** Goes in the cookie; only its hash is stored. */
  token: string;
  csrfToken: string;
  user: StaffUser;
  expiresAt: Date;
}

const randomToken = () => Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

export async function sessionId(token: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Buffer.from(digest).toString('hex');
}

/** E-mail and password sign-in, with a lock-out after repeated failures. */
export async function signIn(deps: Deps, input: { email: string; password: string }): Promise<SignInResult> {
  const now = deps.clock.now();
  const refused = new AppError('unauthenticated', 'wrong e-mail or password');
  const cred = await deps.repos.credentials.forSignIn(input.email.trim());
  if (!cred || !cred.passwordHash) {
    // Spend the same time as a real check, so response times don't reveal which e-mails exist.
    await deps.passwords.verify(DUMMY_HASH, input.password).catch(() => false);
    throw refused;
  }
  if (cred.lockedUntil && cred.lockedUntil > now) {
    throw new AppError('rate_limited', `too many failed sign-ins; try again after ${cred.lockedUntil.toISOString()}`);
  }
  if (!(await deps.passwords.verify(cred.passwordHash, input.password))) {
    const failures = cred.failedLogins + 1;
    await deps.repos.credentials.recordFailure(cred.userId, failures >= MAX_FAILED_SIGN_INS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null);
    throw refused;
  }
  await deps.repos.credentials.recordSuccess(cred.userId);
  const user = (await deps.repos.users.get(cred.userId))!;
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await deps.repos.sessions.create({ id: await sessionId(token), userId: user.id, csrfToken, expiresAt });
  return { token, csrfToken, user, expiresAt };
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$KZRI01FKsv8BQxkOAE19Qg$7YQZd62PJ5af1mAHVoJAc+o8o1Q+R3wMcjizaKrTSnw';
