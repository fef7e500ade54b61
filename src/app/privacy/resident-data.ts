import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { normaliseEmail, PRIVACY_LINK_MINUTES } from '../../domain/privacy.js';
import type { AnonymiseResult, LinkPurpose, PrivacyDeps, ResidentData } from './ports.js';

// A resident's own data, reached through a one-time link sent to their e-mail: nobody learns
// whether an address is known (the answer is the same), and only the link's hash is stored.

export const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function requestPrivacyLink(deps: PrivacyDeps, input: { email: string; locale?: string | undefined }, purpose: LinkPurpose = 'privacy'): Promise<void> {
  const email = normaliseEmail(input.email);
  if (!email) throw new AppError('validation', 'email: is not an e-mail address', { issues: [{ field: 'email', message: 'is not an e-mail address' }] });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + PRIVACY_LINK_MINUTES * 60_000);
  await deps.privacy.createLink({ email, locale: input.locale === 'es' ? 'es' : 'en', token, tokenHash: hash(token), expiresAt, purpose });
  deps.afterCommit?.();
}

async function emailOf(deps: PrivacyDeps, token: string): Promise<string> {
  const email = token.length <= 100 ? await deps.privacy.linkEmail(hash(token), deps.clock.now()) : undefined;
  if (!email) throw new AppError('forbidden', 'this link has expired or was already used: ask for a new one');
  return email;
}

export async function exportMyData(deps: PrivacyDeps, input: { token: string }): Promise<ResidentData> {
  return deps.privacy.residentData(await emailOf(deps, input.token));
}

/** Removes the resident from every request they reported or follow; the requests stay, anonymous. */
export async function eraseMyData(deps: PrivacyDeps, input: { token: string }): Promise<AnonymiseResult> {
  const email = await emailOf(deps, input.token);
  const now = deps.clock.now();
  const requestIds = await deps.privacy.requestsOfEmail(email);
  const result = await deps.privacy.anonymise({ requestIds, email }, { actorName: 'resident (by e-mail link)', action: 'privacy.erase' }, now);
  await deps.privacy.useLink(hash(input.token), now);
  return result;
}
