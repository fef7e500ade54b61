// Errors are codes. The domain and the use cases throw AppError with a stable code; one table
// (src/server/errors.ts) maps codes to HTTP statuses, to Open311 <errors> and to the web app.

export const ERROR_CODES = {
  validation: 'the input is not valid',
  not_found: 'no such thing',
  illegal_transition: 'that change is not allowed from the current status',
  conflict: 'someone else changed this first',
  forbidden: 'not allowed',
  unauthenticated: 'sign-in required',
  outside_city: 'the location is outside the city',
  unknown_service: 'no such service',
  service_inactive: 'the service is not taking requests',
  rate_limited: 'too many requests',
  locked: 'the data directory is held by another process',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, opts: { issues?: FieldIssue[]; details?: Record<string, unknown> } = {}) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'AppError';
    this.code = code;
    this.issues = opts.issues ?? [];
    this.details = opts.details ?? {};
  }
}

export const invalid = (issues: FieldIssue[], message?: string) =>
  new AppError('validation', message ?? issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
