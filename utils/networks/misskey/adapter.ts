/**
 * Linking and publishing to Misskey and its forks (Sharkey, Firefish, Iceshrimp). Worker only. Every
 * call is POST /api/<endpoint> with a JSON body and the token as `i`:
 * https://misskey-hub.net/en/docs/for-developers/api/
 */
import { randomToken } from '../../auth/pkce';
import { redirectUrl, runWebAuthFlow } from '../../auth/web-auth-flow';
import { t } from '../../i18n';
import type { Account, Credential, Visibility } from '../../model';
import { AuthError, TransientError, ValidationError } from '../errors';
import { requestJson } from '../http';
import { readSoftware } from '../nodeinfo';
import { normalizeServerAddress } from '../server-address';
import { publicCopy, uploadedImage } from '../public-copy';
import type { LinkResult, NetworkAdapter, PublishContext, PublishResult } from '../types';
import { MISSKEY_COMMENT_LIMIT, misskeyNetwork } from './description';

const APP_NAME = 'Everywhere Post';
/** MiAuth permissions: https://misskey-hub.net/en/docs/for-developers/api/permission/ */
const PERMISSIONS = 'read:account,write:notes,write:drive';
/** How far back to look for a note whose creation answer was lost. */
const LOOKUP_LIMIT = 30;

interface Meta {
  name?: string;
  version?: string;
  uri?: string;
  maxNoteTextLength?: number;
}

interface MeUser {
  id: string;
  username: string;
  name?: string | null;
  avatarUrl?: string | null;
}

interface Note {
  id: string;
  text: string | null;
  cw?: string | null;
  replyId?: string | null;
  createdAt: string;
}

const VISIBILITY: Record<Visibility, string> = {
  public: 'public',
  unlisted: 'home',
  followers: 'followers',
  mentioned: 'specified',
};

async function api<T>(
  origin: string,
  endpoint: string,
  token: string | undefined,
  body: Record<string, unknown> = {},
  signal?: AbortSignal,
  writing?: { timeoutMs: number },
): Promise<T> {
  const { data } = await requestJson<T>(`${origin}/api/${endpoint}`, {
    method: 'POST',
    body: token ? { ...body, i: token } : body,
    signal,
    ...(writing ? { write: true, timeoutMs: writing.timeoutMs } : {}),
  });
  return data;
}

async function readMeta(origin: string): Promise<Meta> {
  const host = new URL(origin).host;
  try {
    const meta = await api<Meta>(origin, 'meta', undefined, { detail: false });
    if (!meta || typeof meta !== 'object' || typeof meta.maxNoteTextLength !== 'number') {
      throw new ValidationError(t('errorNotMisskey', host));
    }
    return meta;
  } catch (error) {
    if (error instanceof TransientError && (error.status === undefined || error.status >= 500)) throw error;
    if (error instanceof ValidationError && error.message === t('errorNotMisskey', host)) throw error;
    throw new ValidationError(t('errorNotMisskey', host), { cause: error });
  }
}

/** `known` when the caller already read the server's meta (the MiAuth flow probes it first). */
async function identify(origin: string, token: string, known?: Meta): Promise<LinkResult> {
  const host = new URL(origin).host;
  const meta = known ?? (await readMeta(origin));
  let me: MeUser;
  try {
    me = await api<MeUser>(origin, 'i', token);
  } catch (error) {
    if (error instanceof AuthError) throw new AuthError(t('errorTokenRejected', host), { cause: error });
    throw error;
  }
  const software = (await readSoftware(origin)) ?? { name: 'misskey', version: meta.version ?? '' };
  const domain = meta.uri ? new URL(meta.uri).host : host;
  const accountId = `misskey:${host}:${me.id}`;
  return {
    profile: {
      id: accountId,
      network: 'misskey',
      server: origin,
      remoteId: me.id,
      handle: `@${me.username}@${domain}`,
      displayName: me.name || me.username,
      avatarUrl: me.avatarUrl ?? '',
      software: software.name,
      softwareVersion: software.version,
      capabilities: misskeyNetwork.capabilities,
      limits: { maxCharacters: meta.maxNoteTextLength ?? misskeyNetwork.limits.maxCharacters },
    },
    credential: { accountId, accessToken: token, scope: PERMISSIONS },
  };
}

/** MiAuth: https://misskey-hub.net/en/docs/for-developers/api/token/miauth/ */
async function linkWithMiAuth(origin: string): Promise<LinkResult> {
  const host = new URL(origin).host;
  const meta = await readMeta(origin); // a typo or another kind of server fails before a window opens
  const session = crypto.randomUUID();
  const url = new URL(`${origin}/miauth/${session}`);
  url.search = new URLSearchParams({ name: APP_NAME, callback: redirectUrl(), permission: PERMISSIONS }).toString();
  await runWebAuthFlow(url.href, host);
  const check = await api<{ ok?: boolean; token?: string }>(origin, `miauth/${session}/check`, undefined);
  if (!check.ok || !check.token) throw new ValidationError(t('errorSignInDeclined', host));
  return identify(origin, check.token, meta);
}

/** A note of ours that matches the part, made after `since`: the answer to its creation was lost. */
async function findExisting(context: PublishContext, text: string, replyId: string | undefined, since: number): Promise<Note | undefined> {
  const { account, credential } = context;
  const notes = await api<Note[]>(account.server, 'users/notes', credential.accessToken, {
    userId: account.remoteId,
    limit: LOOKUP_LIMIT,
    withReplies: true,
  });
  const wanted = text.trim();
  // The server's clock may differ from ours; a minute of slack covers it without matching old posts.
  return notes.find(
    (note) =>
      (note.text ?? '').trim() === wanted &&
      (note.replyId ?? undefined) === replyId &&
      Date.parse(note.createdAt) >= since - 60_000,
  );
}

export const misskeyAdapter: NetworkAdapter = {
  id: 'misskey',

  // Misskey has no idempotency key; the key only names the part. Duplicates are avoided by looking
  // for the note before creating it again (findExisting).
  newPartKey: () => randomToken(12),

  async link(methodId, input) {
    const origin = normalizeServerAddress(input.server ?? '');
    if (methodId === 'miauth') return linkWithMiAuth(origin);
    if (methodId === 'token') {
      const token = (input.token ?? '').trim();
      if (!token) throw new ValidationError(t('errorTokenEmpty'));
      return identify(origin, token);
    }
    throw new ValidationError(`Unknown link method ${methodId}`);
  },

  async refresh(account: Account, credential: Credential) {
    return identify(account.server, credential.accessToken);
  },

  async publish(context): Promise<PublishResult> {
    const { account, credential, content, checkpoint } = context;
    const origin = account.server;
    const total = content.media.length;
    for (const [index, item] of content.media.entries()) {
      if (checkpoint.media[item.id]) continue;
      await context.progress({ step: 'uploading', current: index + 1, total });
      const form = new FormData();
      form.append('i', credential.accessToken);
      form.append('file', item.blob, item.name);
      form.append('name', item.name);
      if (item.alt) form.append('comment', item.alt.slice(0, MISSKEY_COMMENT_LIMIT));
      form.append('isSensitive', content.spoilerText ? 'true' : 'false');
      // Without force, the same bytes uploaded again return the earlier file with its old comment.
      form.append('force', 'true');
      const { data: file } = await requestJson<{ id: string; url?: string | null }>(`${origin}/api/drive/files/create`, {
        method: 'POST',
        body: form,
        timeoutMs: 120_000,
        signal: context.signal,
      });
      // The drive file's `url` serves it to anyone (Threads and Instagram can fetch it from there).
      checkpoint.media[item.id] = { remoteId: file.id, ready: true, ...(file.url ? { publicCopy: publicCopy(uploadedImage(item), file.url) } : {}) };
      await context.save(checkpoint);
    }
    const fileIds = content.media.map((item) => checkpoint.media[item.id]?.remoteId).filter((id): id is string => !!id);

    let previous: string | undefined;
    for (const [index, part] of checkpoint.parts.entries()) {
      if (!part.remoteId) {
        await context.progress({ step: 'posting', current: index + 1, total: checkpoint.parts.length });
        // No idempotency key exists: if an earlier attempt may have reached the server, look first.
        const found = part.sentAt ? await findExisting(context, part.text, previous, part.sentAt) : undefined;
        let noteId = found?.id;
        if (!noteId) {
          part.sentAt = Date.now();
          await context.save(checkpoint);
          const { createdNote } = await api<{ createdNote: Note }>(
            origin,
            'notes/create',
            credential.accessToken,
            {
              // An image-only note has no text: Misskey refuses an empty string (minLength 1).
              text: part.text.trim() ? part.text : null,
              cw: content.spoilerText || null,
              visibility: VISIBILITY[content.visibility],
              ...(index === 0 && fileIds.length > 0 ? { fileIds } : {}),
              ...(previous ? { replyId: previous } : {}),
            },
            context.signal,
            { timeoutMs: context.writeTimeoutMs },
          );
          noteId = createdNote.id;
        }
        part.remoteId = noteId;
        part.url = `${origin}/notes/${noteId}`;
        await context.save(checkpoint);
      }
      previous = part.remoteId;
    }
    const first = checkpoint.parts[0];
    if (!first?.remoteId || !first.url) throw new TransientError('Delivery has no part to post');
    return { remoteId: first.remoteId, url: first.url };
  },
};
