/**
 * The Graph errors this server answers, with where each comes from. All use the
 * envelope of https://developers.facebook.com/docs/graph-api/guides/error-handling
 * (built in http.ts). Where Meta documents no Threads-specific shape, the choice
 * is marked "not documented for Threads" and follows Graph or Instagram, whose
 * platform Threads shares (Threads answers Instagram's subcodes, e.g. 2207052,
 * see gitroomhq/postiz-app#1364).
 */
import { oauthChallenge, pacificTime } from '../common/graph-api.js';
import type { GraphErrorSpec } from './http.js';

/**
 * Token errors: code 190, "Access token has expired ... Get a new access token"
 * (Graph error-handling). Graph answers them with HTTP 400 and a WWW-Authenticate
 * header; the subcodes are Graph's (463 expired, 458 app removed by the user).
 */
function tokenError(message: string, subcode?: number): GraphErrorSpec {
  return {
    status: 400,
    message,
    code: 190,
    ...(subcode !== undefined ? { subcode } : {}),
    headers: { 'www-authenticate': oauthChallenge(190, message) },
  };
}

export const ERRORS = {
  /** No token at all: Graph's code 104. */
  tokenRequired: (): GraphErrorSpec => ({ status: 400, message: 'An access token is required to request this resource.', code: 104 }),
  invalidToken: (): GraphErrorSpec => tokenError('Invalid OAuth access token - Cannot parse access token'),
  expiredToken: (expiresAt: number, now: number): GraphErrorSpec =>
    tokenError(`Error validating access token: Session has expired on ${pacificTime(expiresAt)}. The current time is ${pacificTime(now)}.`, 463),
  revokedToken: (appId: string): GraphErrorSpec => tokenError(`Error validating access token: The user has not authorized application ${appId}.`, 458),

  /**
   * A permission the token lacks ("threads_content_publish — Required for Threads
   * publishing endpoints", get-started). Graph's code 10; status not documented for Threads.
   */
  permission: (scope: string): GraphErrorSpec => ({
    status: 403,
    message: `(#10) Application does not have permission for this action (requires ${scope})`,
    code: 10,
  }),

  // OAuth endpoints: Graph's messages for the oauth/access_token family.
  invalidAppId: (): GraphErrorSpec => ({ status: 400, message: 'Error validating application. Invalid application ID.', code: 101 }),
  invalidSecret: (): GraphErrorSpec => ({ status: 400, message: 'Error validating client secret.', code: 1 }),
  codeInvalid: (): GraphErrorSpec => ({ status: 400, message: 'Invalid verification code format.', code: 100, type: 'OAuthException' }),
  codeExpired: (): GraphErrorSpec => ({ status: 400, message: 'This authorization code has expired.', code: 100, subcode: 36007 }),
  codeRedirectMismatch: (): GraphErrorSpec => ({
    status: 400,
    message: 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
    code: 100,
    subcode: 36008,
  }),
  codeUsed: (): GraphErrorSpec => ({ status: 400, message: 'This authorization code has been used.', code: 100, subcode: 36009 }),
  unsupportedGrant: (grant: string | undefined): GraphErrorSpec => ({
    status: 400,
    message: `Unsupported grant_type: ${grant ?? '(none)'}`,
    code: 100,
  }),
  /**
   * th_exchange_token takes "A valid (unexpired) short-lived Threads user access
   * token" (long-lived-tokens). What Threads answers for a long-lived one is not
   * documented; refused here.
   */
  notShortLived: (): GraphErrorSpec => ({
    status: 400,
    message: 'Invalid parameter: access_token must be a short-lived Threads user access token',
    code: 100,
  }),
  /**
   * "Long-lived tokens ... can be refreshed as long as they are at least 24 hours
   * old" (long-lived-tokens). The refusal itself is not documented for Threads:
   * code 100 (the request is wrong, the token still valid), not 190.
   */
  refreshTooEarly: (): GraphErrorSpec => ({
    status: 400,
    message: 'Invalid parameter: a long-lived access token can only be refreshed once it is at least 24 hours old',
    code: 100,
  }),
  notLongLived: (): GraphErrorSpec => ({
    status: 400,
    message: 'Invalid parameter: only long-lived Threads user access tokens can be refreshed',
    code: 100,
  }),

  /**
   * A container that does not exist or is not ready: the answer real
   * threads_publish calls get (HTTP 400), quoted in fbsamples/threads_api#70 and
   * nopara73/LongevityWorldCup#466.
   */
  mediaNotFound: (id: string): GraphErrorSpec => ({
    status: 400,
    message: 'The requested resource does not exist',
    code: 24,
    subcode: 4279009,
    isTransient: false,
    userTitle: 'Media Not Found',
    userMsg: `The media with id ${id} cannot be found.`,
  }),

  /**
   * Over the publishing quota (250 posts / 1000 replies per 24 h, overview). The
   * answer is not documented for Threads; this is Instagram's content-publishing
   * limit error (400, code 9, subcode 2207042), from
   * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
   */
  quotaExceeded: (): GraphErrorSpec => ({
    status: 400,
    message: 'Application request limit reached',
    code: 9,
    subcode: 2207042,
    isTransient: false,
    userTitle: 'Max number of posts reached',
    userMsg: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
  }),

  /** Instagram's spam block (400, code 4, subcode 2207051), same source as above. */
  spam: (): GraphErrorSpec => ({
    status: 400,
    message: 'Application request limit reached',
    code: 4,
    subcode: 2207051,
    isTransient: false,
    userTitle: 'Action is blocked',
    userMsg: 'We restrict certain activity to protect our community. Tell us if you think we made a mistake.',
  }),

  /** The user is restricted (subcode 4279013, see /work/shared/NETWORKS.md); wording not documented. */
  restricted: (): GraphErrorSpec => ({
    status: 400,
    message: 'The user is restricted from performing this action',
    code: 10,
    subcode: 4279013,
    isTransient: false,
    userTitle: 'Action restricted',
    userMsg: 'This account is restricted from posting right now.',
  }),

  /**
   * "Threads posts containing more than 5 links will fail to post during the media
   * creation step ... with the error code: THREADS_API__LINK_LIMIT_EXCEEDED"
   * (https://developers.facebook.com/documentation/threads/create-posts/text-attachments).
   * Where that string sits in the envelope is not documented: it is the message here.
   */
  linkLimit: (count: number): GraphErrorSpec => ({
    status: 400,
    message: 'THREADS_API__LINK_LIMIT_EXCEEDED',
    type: 'THApiException',
    code: 100,
    isTransient: false,
    userTitle: 'Too many links',
    userMsg: `A post can have at most 5 links; this one has ${count}.`,
  }),
};

/**
 * Throttling (Graph error-handling: 4 "API Too Many Calls", 17 "API User Too Many
 * Calls", 341 "Application limit reached"). The (#4) answer is HTTP 403 (seen in
 * facebook/facebook-android-sdk#582: "HttpStatus: 403, errorCode: 4"); 17 is given
 * the same; 341's status is not documented (400 here).
 */
export function throttled(code: number): GraphErrorSpec {
  if (code === 17) return { status: 403, message: '(#17) User request limit reached', code: 17, isTransient: true };
  if (code === 341) return { status: 400, message: '(#341) Application limit reached', code: 341, isTransient: true };
  return { status: 403, message: '(#4) Application request limit reached', code: 4, isTransient: true };
}
