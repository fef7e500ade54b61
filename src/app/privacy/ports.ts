import type { Clock } from '../ports.js';

/** Who is anonymised: some requests' reporters, and optionally everything under one e-mail. */
export interface AnonymiseScope {
  requestIds: number[];
  email?: string;
}

export interface AnonymiseResult {
  requests: number;
  residents: number;
  followers: number;
}

export interface ResidentData {
  email: string;
  requests: {
    publicId: string;
    service: string;
    status: string;
    closeReason: string | null;
    description: string;
    address: string | null;
    location: { lat: number; lng: number } | null;
    answers: Record<string, unknown>;
    createdAt: string;
    closedAt: string | null;
    reporter: { name: string | null; email: string | null; phone: string | null };
    comments: { body: string; at: string }[];
  }[];
  subscriptions: { publicId: string; via: string; since: string }[];
}

/** What a one-time link opens: the resident's data (see, erase) or a signed-in session. */
export type LinkPurpose = 'privacy' | 'signin';

export interface PrivacyRepo {
  retentionDays(): Promise<number | null>;
  setRetentionDays(days: number | null): Promise<void>;
  /** Requests closed before the cutoff that still name a reporter. */
  closedWithReporterBefore(cutoff: Date): Promise<number[]>;
  /** Requests whose reporter has this e-mail. */
  requestsOfEmail(email: string): Promise<number[]>;
  /** In one transaction: unlink reporters, drop followers, scrub sent mail, anonymise residents left with no request, and audit. */
  anonymise(scope: AnonymiseScope, audit: { actorName: string; action: string }, at: Date): Promise<AnonymiseResult>;
  residentData(email: string): Promise<ResidentData>;
  /** Stores the link's hash and queues the e-mail that carries it (outbox topic privacy.link). */
  createLink(link: { email: string; locale: string; token: string; tokenHash: string; expiresAt: Date; purpose?: LinkPurpose }): Promise<void>;
  /** The e-mail behind a live link, or undefined. */
  linkEmail(tokenHash: string, now: Date, purpose?: LinkPurpose): Promise<string | undefined>;
  useLink(tokenHash: string, at: Date): Promise<void>;
}

export interface PrivacyDeps {
  clock: Clock;
  privacy: PrivacyRepo;
  afterCommit?: () => void;
}
