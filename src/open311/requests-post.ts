import { attachMedia, preparePhoto, type PhotoUpload, type PreparedPhoto } from '../app/attach-media.js';
import { authenticateApiKey } from '../app/authenticate-api-key.js';
import { MAX_DESCRIPTION, submitRequest, type SubmitRequestInput } from '../app/submit-request.js';
import { validateAnswers } from '../domain/attributes.js';
import { AppError, type FieldIssue } from '../domain/errors.js';
import { makeSubmissionKey } from '../server/idempotency.js';
import type { Open311Context } from './context.js';
import { open311Error } from './errors.js';
import { checkJurisdiction } from './jurisdiction.js';
import { parseNumber, type Params } from './params.js';
import type { Value } from './xml.js';

const LIMITS: Record<string, number> = { address_string: 500, address_id: 100, zipcode: 20, email: 254, first_name: 100, last_name: 100, phone: 40, device_id: 200, account_id: 200, media_url: 2000 };

/**
 * POST requests: an app reports through the same submit use case as every other channel
 * (channel open311, actor = the API key). Everything wrong is reported at once, and nothing is
 * written unless everything is right; a photo is checked before the request is recorded.
 */
export async function requestsPost(ctx: Open311Context, params: Params, file: PhotoUpload | undefined, idempotencyKey?: string | string[]): Promise<Value> {
  const { deps } = ctx;
  await checkJurisdiction(ctx, params);
  const key = await authenticateApiKey(deps, params.get('api_key'));
  const actor = { type: 'open311' as const, keyId: key.id, name: key.name };
  const idempotency = makeSubmissionKey(idempotencyKey, actor, 'POST open311 requests', { params: params.entries(), media: file?.bytes ?? null });

  const errors: string[] = [];
  const code = params.get('service_code');
  if (!code) throw open311Error(400, 'service_code: required');
  const service = await deps.repos.services.getByCode(code);
  if (!service || service.visibility !== 'public') throw open311Error(404, `service_code: no service with code "${code.slice(0, 100)}"`);

  for (const [name, max] of Object.entries(LIMITS)) {
    if ((params.get(name)?.length ?? 0) > max) errors.push(`${name}: must be at most ${max} characters`);
  }
  const latRaw = params.get('lat');
  const longRaw = params.get('long');
  const lat = parseNumber('lat', latRaw, errors);
  const lng = parseNumber('long', longRaw, errors);
  if ((latRaw === undefined) !== (longRaw === undefined)) errors.push('lat, long: give both, or neither');
  const mediaUrl = params.get('media_url');
  if (mediaUrl !== undefined && !isHttpUrl(mediaUrl)) errors.push('media_url: must be an http(s) URL');
  const description = params.get('description');
  const name = [params.get('first_name'), params.get('last_name')].filter(Boolean).join(' ') || undefined;
  const input: SubmitRequestInput = {
    serviceCode: service.code,
    channel: 'open311',
    description,
    location: lat !== undefined && lng !== undefined ? { lat, lng } : undefined,
    address: params.get('address_string'),
    addressId: params.get('address_id'),
    zipcode: params.get('zipcode'),
    answers: params.attributes(),
    locale: params.get('locale')?.toLowerCase().startsWith('es') ? 'es' : undefined,
    reporter: { name, email: params.get('email'), phone: params.get('phone') },
  };
  if (errors.length) {
    // Report the rest too: the questions, the description and the location, as submit would.
    const issues = dryRunIssues(service.attributes, input, latRaw !== undefined);
    throw open311Error(400, ...errors, ...issues.map((i) => `${i.field}: ${i.message}`));
  }

  let photo: PreparedPhoto | undefined;
  if (file) photo = await preparePhoto(deps, file);
  let request;
  try {
    // The photo was checked above; it is stored, with its media_added event, in the request's transaction.
    ({ request } = await submitRequest(deps, actor, { ...input, idempotency }, {
      within: async (txDeps, req) => {
        if (photo) await attachMedia(txDeps, actor, { requestId: req.id, visibility: 'public', photo });
        if (mediaUrl) await attachMedia(txDeps, actor, { requestId: req.id, visibility: 'public', externalUrl: mediaUrl });
      },
    }));
  } catch (err) {
    if (err instanceof AppError && err.details.idempotencyKey) throw open311Error(409, err.message);
    throw err;
  }
  return [{ service_request_id: request.publicId, token: request.token, service_notice: service.notice, account_id: params.get('account_id') ?? null }];
}

function dryRunIssues(attributes: Parameters<typeof validateAnswers>[0], input: SubmitRequestInput, latGiven: boolean): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if ((input.description ?? '').trim().length > MAX_DESCRIPTION) issues.push({ field: 'description', message: `must be at most ${MAX_DESCRIPTION} characters` });
  if (!latGiven && !input.address?.trim() && !input.addressId?.trim()) issues.push({ field: 'location', message: 'give a location: lat and long, an address_string, or an address_id' });
  try {
    validateAnswers(attributes, input.answers ?? {});
  } catch (e) {
    if (e instanceof AppError) issues.push(...e.issues);
    else throw e;
  }
  return issues;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
