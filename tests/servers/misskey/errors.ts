/**
 * The API errors this server can answer, with Misskey's own messages, codes and
 * ids (clients match on `id` or `code`). Sources, in misskey-dev/misskey
 * packages/backend/src/server/api/:
 *   ApiCallService.ts          authentication, credential, permission, rate limit, cast errors
 *   endpoint-base.ts           INVALID_PARAM from the JSON schema, FILE_REQUIRED
 *   ApiServerService.ts        UNKNOWN_API_ENDPOINT (GET only; other methods get Fastify's 404)
 *   endpoints/notes/create.ts, notes/show.ts, notes/delete.ts, users/notes.ts, drive/files/create.ts
 */
import type { ErrorDef } from './http.js';

export const AUTHENTICATION_FAILED: ErrorDef = {
  message: 'Authentication failed. Please ensure your token is correct.',
  code: 'AUTHENTICATION_FAILED',
  id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14',
};

export const CREDENTIAL_REQUIRED: ErrorDef = {
  message: 'Credential required.',
  code: 'CREDENTIAL_REQUIRED',
  id: '1384574d-a912-4b81-8601-c7b1c4085df1',
  httpStatusCode: 401,
};

export const PERMISSION_DENIED: ErrorDef = {
  message: 'Your app does not have the necessary permissions to use this endpoint.',
  code: 'PERMISSION_DENIED',
  kind: 'permission',
  id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838',
};

/** Endpoints marked `secure` (only the web client's native token may call them). */
export const ACCESS_DENIED: ErrorDef = {
  message: 'Access denied.',
  code: 'ACCESS_DENIED',
  id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e',
};

export const RATE_LIMIT_EXCEEDED: ErrorDef = {
  message: 'Rate limit exceeded. Please try again later.',
  code: 'RATE_LIMIT_EXCEEDED',
  id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef',
  httpStatusCode: 429,
};

/** Schema validation failure (endpoint-base.ts). */
export const INVALID_PARAM: ErrorDef = {
  message: 'Invalid param.',
  code: 'INVALID_PARAM',
  id: '3d81ceae-475f-4600-b2a8-2bc116157532',
};

/** A multipart or GET field that does not parse as the boolean/number it must be (ApiCallService.ts). */
export const INVALID_PARAM_CAST: ErrorDef = {
  message: 'Invalid param.',
  code: 'INVALID_PARAM',
  id: '0b5f1631-7c1a-41a6-b399-cce335f34d85',
};

export const UNKNOWN_API_ENDPOINT: ErrorDef = {
  message: 'Unknown API endpoint.',
  code: 'UNKNOWN_API_ENDPOINT',
  id: '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1',
  kind: 'client',
};

// notes/create
export const NOTES_CREATE = {
  noSuchRenoteTarget: { message: 'No such renote target.', code: 'NO_SUCH_RENOTE_TARGET', id: 'b5c90186-4ab0-49c8-9bba-a1f76c282ba4' },
  cannotReRenote: { message: 'You can not Renote a pure Renote.', code: 'CANNOT_RENOTE_TO_A_PURE_RENOTE', id: 'fd4cc33e-2a37-48dd-99cc-9b806eb2031a' },
  cannotRenoteDueToVisibility: { message: 'You can not Renote due to target visibility.', code: 'CANNOT_RENOTE_DUE_TO_VISIBILITY', id: 'be9529e9-fe72-4de0-ae43-0b363c4938af' },
  noSuchReplyTarget: { message: 'No such reply target.', code: 'NO_SUCH_REPLY_TARGET', id: '749ee0f6-d3da-459a-bf02-282e2da4292c' },
  cannotReplyToInvisibleNote: { message: 'You cannot reply to an invisible Note.', code: 'CANNOT_REPLY_TO_AN_INVISIBLE_NOTE', id: 'b98980fa-3780-406c-a935-b6d0eeee10d1' },
  cannotReplyToPureRenote: { message: 'You can not reply to a pure Renote.', code: 'CANNOT_REPLY_TO_A_PURE_RENOTE', id: '3ac74a84-8fd5-4bb0-870f-01804f82ce15' },
  cannotReplyToSpecifiedVisibilityNoteWithExtendedVisibility: {
    message: 'You cannot reply to a specified visibility note with extended visibility.',
    code: 'CANNOT_REPLY_TO_SPECIFIED_VISIBILITY_NOTE_WITH_EXTENDED_VISIBILITY',
    id: 'ed940410-535c-4d5e-bfa3-af798671e93c',
  },
  cannotCreateAlreadyExpiredPoll: { message: 'Poll is already expired.', code: 'CANNOT_CREATE_ALREADY_EXPIRED_POLL', id: '04da457d-b083-4055-9082-955525eda5a5' },
  noSuchChannel: { message: 'No such channel.', code: 'NO_SUCH_CHANNEL', id: 'b1653923-5453-4edc-b786-7c4f39bb0bbb' },
  noSuchFile: { message: 'Some files are not found.', code: 'NO_SUCH_FILE', id: 'b6992544-63e7-67f0-fa7f-32444b1b5306' },
} satisfies Record<string, ErrorDef>;

// notes/show
export const NOTES_SHOW_NO_SUCH_NOTE: ErrorDef = { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '24fcbfc6-2e37-42b6-8388-c29b3861a08d' };

// notes/delete
export const NOTES_DELETE = {
  noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '490be23f-8c1f-4796-819f-94cb4f9d1630' },
  accessDenied: { message: 'Access denied.', code: 'ACCESS_DENIED', id: 'fe8d7103-0ea8-4ec3-814d-f8b401dc69e9' },
} satisfies Record<string, ErrorDef>;

// users/notes
export const USERS_NOTES = {
  noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '27e494ba-2ac2-48e8-893b-10d4d8c2387b' },
  bothWithRepliesAndWithFiles: {
    message: 'Specifying both withReplies and withFiles is not supported',
    code: 'BOTH_WITH_REPLIES_AND_WITH_FILES',
    id: '91c8cb9f-36ed-46e7-9ca2-7df96ed6e222',
  },
} satisfies Record<string, ErrorDef>;

// drive/files/create
export const DRIVE_FILES_CREATE = {
  invalidFileName: { message: 'Invalid file name.', code: 'INVALID_FILE_NAME', id: 'f449b209-0c60-4e51-84d5-29486263bfd4' },
  noFreeSpace: { message: 'Cannot upload the file because you have no free space of drive.', code: 'NO_FREE_SPACE', id: 'd08dbc37-a6a9-463a-8c47-96c32ab5f064' },
  maxFileSizeExceeded: {
    message: 'Cannot upload the file because it exceeds the maximum file size.',
    code: 'MAX_FILE_SIZE_EXCEEDED',
    id: 'b9d8c348-33f0-4673-b9a9-5d4da058977a',
    httpStatusCode: 413,
  },
} satisfies Record<string, ErrorDef>;
