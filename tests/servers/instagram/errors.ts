/**
 * The errors this server answers, in one place, each with where it comes from.
 *
 * [TABLE] Instagram Platform, Error Codes — HTTP status, code, subcode and user
 *   message of every content publishing error:
 *   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
 * [GRAPH] Graph API, Handling Errors — the envelope, codes 4/17/341 (throttling),
 *   10/200 (permissions), 190 with subcodes 458/460/463:
 *   https://developers.facebook.com/docs/graph-api/guides/error-handling
 * [LOGIN] Business Login for Instagram — the code exchange's rejected response:
 *   https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 *
 * The table documents the user message (error_user_msg); the developer `message`
 * and `error_user_title` are documented only for 2207004 (the page's sample).
 * Elsewhere they are what developers report seeing ([SEEN]) or, where nothing is
 * known, a plain wording chosen here ([CHOSEN]).
 */
import { pacificTime } from '../common/graph-api.js';
import { fail, type GraphErrorBody } from './http.js';

const MEDIA_DOCS = 'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#creating';

function publishing(body: GraphErrorBody): never {
  fail(400, { type: 'OAuthException', is_transient: false, ...body });
}

// ---------------------------------------------------------------------------
// Fetching and checking image_url (answered by POST /{ig-user-id}/media)

/** [TABLE] -2 / 2207003. */
export function downloadTimeout(): never {
  publishing({ message: 'Timeout', code: -2, error_subcode: 2207003, is_transient: true, error_user_title: 'Media download timed out', error_user_msg: 'It takes too long to download the media.' });
}

/**
 * [TABLE] 9004 / 2207052, user message "The media could not be fetched from this
 * uri: {uri}". [SEEN] message "Only photo or video can be accepted as media
 * type." and the title, in responses developers have posted.
 */
export function fetchFailed(uri: string): never {
  publishing({
    message: 'Only photo or video can be accepted as media type.',
    code: 9004,
    error_subcode: 2207052,
    error_user_title: "Media download has failed. The media URI doesn't meet our requirements.",
    error_user_msg: `The media could not be fetched from this uri: ${uri}. Please check the limitations section in our development document for more information: ${MEDIA_DOCS}`,
  });
}

/** [TABLE] 36000 / 2207004 — the page's own sample response, word for word. */
export function imageTooLarge(): never {
  publishing({
    message: 'The image size is too large.',
    code: 36000,
    error_subcode: 2207004,
    error_user_title: 'Image size too large',
    error_user_msg: 'The image is too large to download. It should be less than 8 MiB.',
  });
}

/** [TABLE] 36001 / 2207005: "The image format {current-image-format} is not supported. Supported formats are: {format}." */
export function imageFormat(format: string): never {
  publishing({
    message: 'The image format is not supported.',
    code: 36001,
    error_subcode: 2207005,
    error_user_title: 'Unsupported image format',
    error_user_msg: `The image format ${format} is not supported. Supported formats are: jpeg.`,
  });
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * [TABLE] 36003 / 2207009, "The submitted image with aspect ratio
 * {submitted-ratio} cannot be published…". [SEEN] the ratio printed as a Python
 * tuple, e.g. ('719/194',).
 */
export function aspectRatio(width: number, height: number): never {
  const d = gcd(width, height);
  publishing({
    message: 'The aspect ratio is not supported.',
    code: 36003,
    error_subcode: 2207009,
    error_user_title: 'Unsupported aspect ratio',
    error_user_msg: `The submitted image with aspect ratio ('${width / d}/${height / d}',) cannot be published. Please submit an image with a valid aspect ratio.`,
  });
}

// ---------------------------------------------------------------------------
// Caption and tags

/** [TABLE] 36004 / 2207010. */
export function captionTooLong(length: number, max: number): never {
  publishing({
    message: 'The caption is too long.',
    code: 36004,
    error_subcode: 2207010,
    error_user_title: 'Caption too long',
    error_user_msg: `The submitted image's caption was ${length} characters long. The maximum number of characters permitted for a caption is ${max}. Please submit media with a shorter caption.`,
  });
}

/**
 * [CHOSEN] The table has no row of its own for hashtags; 2207010's recommended
 * solution is the one naming "30 hashtags", so that row answers.
 */
export function tooManyHashtags(count: number, max: number): never {
  publishing({
    message: 'The caption has too many hashtags.',
    code: 36004,
    error_subcode: 2207010,
    error_user_title: 'Too many hashtags',
    error_user_msg: `The submitted caption has ${count} hashtags. The maximum number of hashtags permitted is ${max}. Please submit media with fewer hashtags.`,
  });
}

/** [TABLE] 100 / 2207040: "Cannot use more than {max-tag-count} tags per created media." (20 @ tags). */
export function tooManyTags(max: number): never {
  publishing({ message: 'Invalid parameter', code: 100, error_subcode: 2207040, error_user_title: 'Too many tags', error_user_msg: `Cannot use more than ${max} tags per created media.` });
}

// ---------------------------------------------------------------------------
// Containers, carousels and publishing

/** [TABLE] 100 / 2207023. */
export function unknownMediaType(mediaType: string): never {
  publishing({ message: 'Invalid parameter', code: 100, error_subcode: 2207023, error_user_title: 'Unknown media type', error_user_msg: `The media type ${mediaType} is unknown.` });
}

/** [TABLE] 100 / 2207028. */
export function carouselSize(): never {
  publishing({
    message: 'Invalid parameter',
    code: 100,
    error_subcode: 2207028,
    error_user_title: 'Carousel validation failed',
    error_user_msg: "Your post won't work as a carousel. Carousels need at least 2 photos/videos and no more than 10 photos/videos.",
  });
}

/** [TABLE] 24 / 2207006. */
export function mediaNotFound(id: string): never {
  publishing({ message: 'The requested resource does not exist', code: 24, error_subcode: 2207006, error_user_title: 'Media not found', error_user_msg: `The media with ${id} cannot be found` });
}

/** [TABLE] 24 / 2207008. */
export function builderNotFound(creationId: string): never {
  publishing({
    message: 'The requested resource does not exist',
    code: 24,
    error_subcode: 2207008,
    error_user_title: 'Media builder not found',
    error_user_msg: `The media builder with creation id = ${creationId} does not exist or has been expired.`,
  });
}

/** [TABLE] -2 / 2207020: the 24-hour container lifetime ran out. */
export function containerExpired(): never {
  publishing({
    message: 'The media you are trying to access has expired.',
    code: -2,
    error_subcode: 2207020,
    error_user_title: 'Media expired',
    error_user_msg: 'The media you are trying to access has expired. Please try to upload again.',
  });
}

/** [TABLE] -1 / 2207032: the container failed (status ERROR). */
export function containerFailed(): never {
  publishing({ message: 'Create media fail', code: -1, error_subcode: 2207032, is_transient: true, error_user_title: 'Media creation failed', error_user_msg: 'Create media fail, please try to re-create media' });
}

/** [TABLE] 9007 / 2207027. [SEEN] message "Media ID is not available". */
export function notReady(): never {
  publishing({ message: 'Media ID is not available', code: 9007, error_subcode: 2207027, error_user_title: 'Media Not Ready For Publishing', error_user_msg: 'The media is not ready for publishing, please wait for a moment' });
}

/** [TABLE] 9 / 2207042: the 24-hour publishing limit. [CHOSEN] message = the documented user message. */
export function publishingLimit(): never {
  publishing({
    message: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
    code: 9,
    error_subcode: 2207042,
    error_user_title: 'Publishing limit reached',
    error_user_msg: 'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
  });
}

/** Graph's generic parameter errors: "(#100) The parameter X is required". */
export function missingParameter(name: string): never {
  fail(400, { message: `(#100) The parameter ${name} is required`, code: 100 });
}

export function invalidParameter(detail: string): never {
  fail(400, { message: `(#100) ${detail}`, code: 100 });
}

// ---------------------------------------------------------------------------
// Objects and paths [GRAPH]

/** An id that does not exist, is not yours, or has no such operation. */
export function unsupportedRequest(method: string, objectId: string): never {
  const verb = method === 'HEAD' ? 'get' : method.toLowerCase();
  if (!objectId) fail(400, { message: `Unsupported ${verb} request.`, type: 'GraphMethodException', code: 100 });
  fail(400, {
    message: `Unsupported ${verb} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
  });
}

export function unknownPath(components: string): never {
  fail(400, { message: `Unknown path components: ${components}`, code: 2500 });
}

// ---------------------------------------------------------------------------
// Tokens and permissions [GRAPH]

export function tokenMissing(forMe: boolean): never {
  if (forMe) fail(400, { message: 'An active access token must be used to query information about the current user.', code: 2500 });
  fail(400, { message: 'An access token is required to request this resource.', code: 104 });
}

export function tokenInvalid(): never {
  fail(400, { message: 'Invalid OAuth access token - Cannot parse access token', code: 190 });
}

/** 190 / 463: expired. */
export function tokenExpired(expiresAt: number): never {
  fail(400, { message: `Error validating access token: Session has expired on ${pacificTime(expiresAt)}. The current time is ${pacificTime(Date.now())}.`, code: 190, error_subcode: 463 });
}

/** 190 / 458: the user removed the app (what revokeToken stands for). */
export function tokenRevoked(appId: string): never {
  fail(400, { message: `Error validating access token: The user has not authorized application ${appId}.`, code: 190, error_subcode: 458 });
}

/** 190 / 460: session invalidated (password change or a security reset). */
export function tokenInvalidated(): never {
  fail(400, {
    message: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
    code: 190,
    error_subcode: 460,
  });
}

/** (#10) Permission not granted. [CHOSEN] HTTP 403, as Graph answers its permission errors. */
export function permissionMissing(): never {
  fail(403, { message: '(#10) Application does not have permission for this action', code: 10 });
}

/** Graph throttling [GRAPH]: transient, HTTP 400, with the codes' usual messages. */
export const THROTTLE_MESSAGES: Record<number, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  341: '(#341) Application limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
};

export function throttledBody(code: number): GraphErrorBody {
  return { message: THROTTLE_MESSAGES[code] ?? THROTTLE_MESSAGES[4]!, code: THROTTLE_MESSAGES[code] ? code : 4, is_transient: true };
}
