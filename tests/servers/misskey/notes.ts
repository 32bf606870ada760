/**
 * Notes: notes/create, notes/show, notes/delete, users/notes
 * (misskey-dev/misskey packages/backend/src/server/api/endpoints/notes/*.ts,
 * users/notes.ts, and core/NoteCreateService.ts).
 *
 * notes/create validates with the endpoint's JSON schema first (400 INVALID_PARAM):
 *   - text: 1..MAX_NOTE_TEXT_LENGTH (3000) *code points* (Ajv's maxLength), or null;
 *     https://github.com/misskey-dev/misskey/blob/develop/packages/backend/src/server/api/endpoints/notes/create.ts
 *   - without renoteId/fileIds/mediaIds/poll, `text` is required and must contain a
 *     non-space character (the schema's if/then; Misskey 13+ has no CONTENT_REQUIRED:
 *     an empty note is INVALID_PARAM `#/then/required` or `#/then/properties/text/pattern`);
 *   - cw: 1..100 characters or null; visibility in public|home|followers|specified;
 *     fileIds: 1..16 unique ids (an empty array is INVALID_PARAM).
 * Then, in order: files (all the caller's own, else NO_SUCH_FILE), renote, reply,
 * poll, channel. The stored text is trimmed; replying to a non-public note turns a
 * public reply into "home", and replying to a local-only note makes the reply local-only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, DROP } from './http.js';
import { defineEndpoint, me, type Endpoint } from './endpoint.js';
import { isPureRenote, isVisibleFor, noteJson } from './entities.js';
import { NOTES_CREATE, NOTES_DELETE, NOTES_SHOW_NO_SUCH_NOTE, USERS_NOTES } from './errors.js';
import { parseAidx, type Ctx } from './state.js';
import type { NoteVisibility, StoredDriveFile, StoredNote } from './types.js';

const HOUR = 60 * 60 * 1000;
const ID = { type: 'string', format: 'misskey:id' } as const;

function createParams(ctx: Ctx) {
  return {
    type: 'object',
    properties: {
      visibility: { type: 'string', enum: ['public', 'home', 'followers', 'specified'], default: 'public' },
      visibleUserIds: { type: 'array', uniqueItems: true, items: ID },
      cw: { type: 'string', nullable: true, minLength: 1, maxLength: 100 },
      localOnly: { type: 'boolean', default: false },
      reactionAcceptance: {
        type: 'string',
        nullable: true,
        enum: [null, 'likeOnly', 'likeOnlyForRemote', 'nonSensitiveOnly', 'nonSensitiveOnlyForLocalLikeOnlyForRemote'],
        default: null,
      },
      noExtractMentions: { type: 'boolean', default: false },
      noExtractHashtags: { type: 'boolean', default: false },
      noExtractEmojis: { type: 'boolean', default: false },
      replyId: { ...ID, nullable: true },
      renoteId: { ...ID, nullable: true },
      channelId: { ...ID, nullable: true },
      text: { type: 'string', minLength: 1, maxLength: ctx.cfg.maxNoteTextLength, nullable: true },
      fileIds: { type: 'array', uniqueItems: true, minItems: 1, maxItems: 16, items: ID },
      mediaIds: { type: 'array', uniqueItems: true, minItems: 1, maxItems: 16, items: ID },
      poll: {
        type: 'object',
        nullable: true,
        properties: {
          choices: { type: 'array', uniqueItems: true, minItems: 2, maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 50 } },
          multiple: { type: 'boolean' },
          expiresAt: { type: 'integer', nullable: true },
          expiredAfter: { type: 'integer', nullable: true, minimum: 1 },
        },
        required: ['choices'],
      },
    },
    // (re)notes with files or a poll may have no text
    if: { properties: { renoteId: { type: 'null' }, fileIds: { type: 'null' }, mediaIds: { type: 'null' }, poll: { type: 'null' } } },
    then: {
      properties: { text: { type: 'string', minLength: 1, maxLength: ctx.cfg.maxNoteTextLength, pattern: '[^\\s]+' } },
      required: ['text'],
    },
  } as const;
}

interface PollParam {
  choices: string[];
  multiple?: boolean;
  expiresAt?: number | null;
  expiredAfter?: number | null;
}

export function notesCreate(ctx: Ctx): Endpoint {
  return defineEndpoint(
    'notes/create',
    { requireCredential: true, kind: 'write:notes', limit: { duration: HOUR, max: 300 } },
    createParams(ctx),
    async (ps, call) => {
      // A server slow to create notes (busy federating): the note is stored, and answered, this late.
      if (ctx.faults.slowNoteCreateMs > 0) await sleep(ctx.faults.slowNoteCreateMs);
      const user = me(call);
      const store = ctx.store;

      const visibleUserIds = ((ps.visibleUserIds as string[] | undefined) ?? []).filter((id) => store.accounts.has(id));

      let files: StoredDriveFile[] = [];
      const fileIds = (ps.fileIds ?? ps.mediaIds ?? null) as string[] | null;
      if (fileIds !== null) {
        files = fileIds.map((id) => store.files.get(id)).filter((f): f is StoredDriveFile => !!f && f.userId === user.id);
        if (files.length !== fileIds.length) throw new ApiError(NOTES_CREATE.noSuchFile);
      }

      let renote: StoredNote | undefined;
      if (ps.renoteId != null) {
        renote = store.findNote(ps.renoteId as string);
        if (!renote) throw new ApiError(NOTES_CREATE.noSuchRenoteTarget);
        if (isPureRenote(renote)) throw new ApiError(NOTES_CREATE.cannotReRenote);
        if (renote.userId !== user.id && (renote.visibility === 'followers' || renote.visibility === 'specified')) {
          throw new ApiError(NOTES_CREATE.cannotRenoteDueToVisibility);
        }
      }

      let reply: StoredNote | undefined;
      if (ps.replyId != null) {
        reply = store.findNote(ps.replyId as string);
        if (!reply) throw new ApiError(NOTES_CREATE.noSuchReplyTarget);
        if (isPureRenote(reply)) throw new ApiError(NOTES_CREATE.cannotReplyToPureRenote);
        if (!isVisibleFor(reply, user.id)) throw new ApiError(NOTES_CREATE.cannotReplyToInvisibleNote);
        if (reply.visibility === 'specified' && ps.visibility !== 'specified') {
          throw new ApiError(NOTES_CREATE.cannotReplyToSpecifiedVisibilityNoteWithExtendedVisibility);
        }
      }

      const poll = ps.poll as PollParam | null | undefined;
      let pollExpiresAt: number | null = null;
      if (poll) {
        if (typeof poll.expiresAt === 'number') {
          if (poll.expiresAt < Date.now()) throw new ApiError(NOTES_CREATE.cannotCreateAlreadyExpiredPoll);
          pollExpiresAt = poll.expiresAt;
        } else if (typeof poll.expiredAfter === 'number') {
          pollExpiresAt = Date.now() + poll.expiredAfter;
        }
      }

      if (ps.channelId != null) throw new ApiError(NOTES_CREATE.noSuchChannel); // no channels on this server

      // NoteCreateService#create
      let text = typeof ps.text === 'string' ? ps.text.trim() : null;
      if (text === '') text = null;
      let visibility = ps.visibility as NoteVisibility;
      let localOnly = ps.localOnly as boolean;
      if (reply && reply.visibility !== 'public' && visibility === 'public') visibility = 'home';
      if ((reply && reply.localOnly) || (renote && renote.localOnly)) localOnly = true;
      if (reply && visibility === 'specified' && reply.userId !== user.id && !visibleUserIds.includes(reply.userId)) {
        visibleUserIds.push(reply.userId);
      }

      const now = Date.now();
      const id = store.ids.gen(now);
      const note: StoredNote = {
        id,
        userId: user.id,
        text,
        cw: (ps.cw as string | null | undefined) ?? null,
        visibility,
        localOnly,
        replyId: reply?.id ?? null,
        fileIds: files.map((f) => f.id),
        files,
        url: `${ctx.url}/notes/${id}`,
        createdAt: parseAidx(id).toISOString(),
        renoteId: renote?.id ?? null,
        visibleUserIds: visibility === 'specified' ? visibleUserIds : [],
        poll: poll ? { choices: poll.choices, multiple: poll.multiple ?? false, expiresAt: pollExpiresAt === null ? null : new Date(pollExpiresAt).toISOString() } : null,
        reactionAcceptance: (ps.reactionAcceptance as string | null) ?? null,
        appName: call.token?.name ?? null,
      };
      store.notes.push(note);

      if (ctx.faults.dropConnectionAfterNoteStored > 0) {
        ctx.faults.dropConnectionAfterNoteStored--;
        return DROP;
      }
      return { createdNote: noteJson(ctx, note, user.id) };
    },
  );
}

export function notesShow(ctx: Ctx): Endpoint {
  return defineEndpoint('notes/show', {}, { type: 'object', properties: { noteId: ID }, required: ['noteId'] }, (ps, call) => {
    const note = ctx.store.findNote(ps.noteId as string);
    if (!note) throw new ApiError(NOTES_SHOW_NO_SUCH_NOTE);
    return noteJson(ctx, note, call.user?.id ?? null);
  });
}

/** Deleting a note deletes its replies and renotes too (the notes table cascades on replyId/renoteId). */
function deleteCascade(ctx: Ctx, id: string): void {
  const index = ctx.store.notes.findIndex((n) => n.id === id);
  if (index < 0) return;
  ctx.store.notes.splice(index, 1);
  for (const child of ctx.store.notes.filter((n) => n.replyId === id || n.renoteId === id)) deleteCascade(ctx, child.id);
}

export function notesDelete(ctx: Ctx): Endpoint {
  return defineEndpoint(
    'notes/delete',
    { requireCredential: true, kind: 'write:notes', limit: { duration: HOUR, max: 300, minInterval: 1000 } },
    { type: 'object', properties: { noteId: ID }, required: ['noteId'] },
    (ps, call) => {
      const note = ctx.store.findNote(ps.noteId as string);
      if (!note) throw new ApiError(NOTES_DELETE.noSuchNote);
      if (note.userId !== me(call).id) throw new ApiError(NOTES_DELETE.accessDenied);
      deleteCascade(ctx, note.id);
      return undefined; // 204
    },
  );
}

export function usersNotes(ctx: Ctx): Endpoint {
  return defineEndpoint(
    'users/notes',
    {},
    {
      type: 'object',
      properties: {
        userId: ID,
        withReplies: { type: 'boolean', default: false },
        withRenotes: { type: 'boolean', default: true },
        withChannelNotes: { type: 'boolean', default: false },
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
        sinceId: ID,
        untilId: ID,
        sinceDate: { type: 'integer' },
        untilDate: { type: 'integer' },
        allowPartial: { type: 'boolean', default: false },
        withFiles: { type: 'boolean', default: false },
      },
      required: ['userId'],
    },
    (ps, call) => {
      const meId = call.user?.id ?? null;
      if (ps.withReplies && ps.withFiles) throw new ApiError(USERS_NOTES.bothWithRepliesAndWithFiles);
      const user = ctx.store.accounts.get(ps.userId as string);
      if (!user) throw new ApiError(USERS_NOTES.noSuchUser);

      let rows = ctx.store.notes.filter((n) => n.userId === user.id && isVisibleFor(n, meId));
      // Replies are left out unless withReplies, except replies to one's own notes.
      if (!ps.withReplies) rows = rows.filter((n) => n.replyId === null || ctx.store.findNote(n.replyId)?.userId === n.userId);
      if (!ps.withRenotes) rows = rows.filter((n) => !isPureRenote(n));
      if (ps.withFiles) rows = rows.filter((n) => n.fileIds.length > 0);
      const sinceId = (ps.sinceId as string | undefined) ?? (typeof ps.sinceDate === 'number' ? idAt(ps.sinceDate) : undefined);
      const untilId = (ps.untilId as string | undefined) ?? (typeof ps.untilDate === 'number' ? idAt(ps.untilDate) : undefined);
      if (sinceId) rows = rows.filter((n) => n.id > sinceId);
      if (untilId) rows = rows.filter((n) => n.id < untilId);
      // makePaginationQuery: newest first, except sinceId alone, which pages forward oldest first.
      const ascending = sinceId !== undefined && untilId === undefined;
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * (ascending ? 1 : -1));
      return rows.slice(0, ps.limit as number).map((n) => noteJson(ctx, n, meId));
    },
  );
}

/** The smallest aidx at a given time (for sinceDate/untilDate). */
function idAt(time: number): string {
  return Math.max(0, time - 946_684_800_000).toString(36).padStart(8, '0').slice(-8) + '00000000';
}
