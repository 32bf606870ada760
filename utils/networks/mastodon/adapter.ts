/**
 * Linking and publishing to Mastodon and the servers that speak its client API (Pleroma/Akkoma,
 * GoToSocial, Pixelfed, Friendica). Worker only. API reference: https://docs.joinmastodon.org/methods/
 */
import { createPkcePair, randomToken } from '../../auth/pkce';
import { redirectUrl, runWebAuthFlow } from '../../auth/web-auth-flow';
import { t } from '../../i18n';
import type { Account, Credential, DeliveryCheckpoint, Visibility } from '../../model';
import { AuthError, TransientError, ValidationError } from '../errors';
import { requestJson, sleep } from '../http';
import { readSoftware } from '../nodeinfo';
import { normalizeServerAddress } from '../server-address';
import { publicCopy, uploadedImage } from '../public-copy';
import type { LinkResult, NetworkAdapter, PublishContext, PublishResult } from '../types';
import { capabilitiesOn, readInstance, type Instance } from './instance';
import { revokeMastodonToken } from './revoke';

const APP_NAME = 'Everywhere Post';
const APP_WEBSITE = 'https://github.com/everywhere-post/everywhere-post';
/** `profile` exists from Mastodon 4.3; older servers (and forks) need `read:accounts` to identify the
 *  account: https://docs.joinmastodon.org/api/oauth-scopes/#profile */
const SCOPES_MODERN = 'write:statuses write:media profile';
const SCOPES_LEGACY = 'write:statuses write:media read:accounts';

const MEDIA_POLL_LIMIT_MS = 3 * 60_000;

interface CredentialAccount {
  id: string;
  username: string;
  acct: string;
  display_name?: string;
  avatar?: string;
  avatar_static?: string;
}

interface MediaAttachment {
  id: string;
  url: string | null;
}

interface Status {
  id: string;
  url?: string | null;
  uri: string;
}

function authHeader(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** `instance` when the caller already read it (the sign-in flow probes it first). */
async function identify(origin: string, credential: Credential, known?: Instance): Promise<LinkResult> {
  const instance = known ?? (await readInstance(origin));
  const { data: me } = await requestJson<CredentialAccount>(`${origin}/api/v1/accounts/verify_credentials`, {
    headers: authHeader(credential.accessToken),
  });
  if (!me || typeof me.id !== 'string') throw new ValidationError(t('errorNotMastodon', new URL(origin).host));
  const software = (await readSoftware(origin)) ?? { name: 'mastodon', version: instance.version };
  const accountId = `mastodon:${new URL(origin).host}:${me.id}`;
  return {
    profile: {
      id: accountId,
      network: 'mastodon',
      server: origin,
      remoteId: me.id,
      handle: `@${me.username}@${instance.domain}`,
      displayName: me.display_name || me.username,
      avatarUrl: me.avatar_static ?? me.avatar ?? '',
      software: software.name,
      softwareVersion: software.version,
      capabilities: capabilitiesOn(instance, software.name),
      limits: instance.limits,
    },
    credential: { ...credential, accountId },
  };
}

async function linkWithOAuth(origin: string): Promise<LinkResult> {
  const host = new URL(origin).host;
  // Probe first: a typo or a non-Mastodon server must fail before a sign-in window opens.
  const instance = await readInstance(origin);
  const metadata = await requestJson<{ scopes_supported?: string[] }>(
    `${origin}/.well-known/oauth-authorization-server`,
    { timeoutMs: 10_000 },
  ).catch(() => undefined);
  const scopes = metadata?.data.scopes_supported?.includes('profile') ? SCOPES_MODERN : SCOPES_LEGACY;
  const redirectUri = redirectUrl();

  const { data: app } = await requestJson<{ client_id?: string; client_secret?: string }>(`${origin}/api/v1/apps`, {
    method: 'POST',
    body: { client_name: APP_NAME, redirect_uris: redirectUri, scopes, website: APP_WEBSITE },
  });
  if (!app.client_id || !app.client_secret) throw new ValidationError(t('errorNotMastodon', host));

  // PKCE from Mastodon 4.3; older servers ignore the extra parameters and the secret still protects
  // the exchange: https://docs.joinmastodon.org/methods/oauth/#authorize
  const pkce = await createPkcePair();
  const state = randomToken(16);
  const authorize = new URL(`${origin}/oauth/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: redirectUri,
    scope: scopes,
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  }).toString();

  const returned = await runWebAuthFlow(authorize.href, host);
  if (returned.searchParams.get('error')) {
    throw new ValidationError(t('errorSignInDeclined', host), { detail: returned.searchParams.get('error') ?? '' });
  }
  const code = returned.searchParams.get('code');
  // Its state was checked by runWebAuthFlow; without a code, the person declined.
  if (!code) throw new ValidationError(t('errorSignInCancelled', host));

  const { data: token } = await requestJson<{ access_token?: string; scope?: string }>(`${origin}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    }),
  });
  if (!token.access_token) throw new ValidationError(t('errorNotMastodon', host));
  const credential: Credential = {
    accountId: '',
    accessToken: token.access_token,
    scope: token.scope ?? scopes,
    clientId: app.client_id,
    clientSecret: app.client_secret,
  };
  return identify(origin, credential, instance);
}

const VISIBILITY: Record<Visibility, string> = {
  public: 'public',
  unlisted: 'unlisted',
  followers: 'private',
  mentioned: 'direct',
};

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Upload, then wait until the server finished processing: attaching earlier gives 422.
 *  https://docs.joinmastodon.org/methods/media/#v2 */
async function uploadMedia(context: PublishContext, checkpoint: DeliveryCheckpoint): Promise<string[]> {
  const { account, credential, content } = context;
  const origin = account.server;
  const host = new URL(origin).host;
  const total = content.media.length;
  let finished = content.media.filter((item) => checkpoint.media[item.id]?.ready).length;
  if (finished < total) await context.progress({ step: 'uploading', current: finished + 1, total });

  // One image: upload, then wait for the server to process it. Images go up side by side — the
  // server's processing, not the upload, is usually the wait, and it overlaps this way.
  const prepareOne = async (item: PublishContext['content']['media'][number]): Promise<string> => {
    let saved = checkpoint.media[item.id];
    if (!saved) {
      if (!account.capabilities.imageTypes.includes(item.type)) {
        throw new ValidationError(t('errorImageType', item.name, host, item.type));
      }
      if (item.blob.size > account.capabilities.imageSizeLimit) {
        throw new ValidationError(
          t('errorImageTooLarge', item.name, formatBytes(item.blob.size), host, formatBytes(account.capabilities.imageSizeLimit)),
        );
      }
      const form = new FormData();
      form.append('file', item.blob, item.name);
      if (item.alt) form.append('description', item.alt);
      const { status, data } = await requestJson<MediaAttachment>(`${origin}/api/v2/media`, {
        method: 'POST',
        headers: authHeader(credential.accessToken),
        body: form,
        timeoutMs: 120_000,
        signal: context.signal,
      });
      const ready = status === 200 && data.url !== null;
      const uploaded = uploadedImage(item);
      saved = { remoteId: data.id, ready, uploaded, ...(ready && data.url ? { publicCopy: publicCopy(uploaded, data.url) } : {}) };
      checkpoint.media[item.id] = saved;
      await context.save(checkpoint);
    }
    if (!saved.ready) {
      const started = Date.now();
      for (let poll = 0; ; poll++) {
        const { status, data } = await requestJson<MediaAttachment>(`${origin}/api/v1/media/${saved.remoteId}`, {
          headers: authHeader(credential.accessToken),
          signal: context.signal,
        });
        if (status === 200) {
          if (data.url && saved.uploaded) saved.publicCopy = publicCopy(saved.uploaded, data.url);
          break;
        }
        if (Date.now() - started > MEDIA_POLL_LIMIT_MS) throw new TransientError(t('errorMediaProcessing', host));
        await sleep(Math.min(5_000, 500 * 2 ** poll), context.signal);
      }
      saved.ready = true;
      await context.save(checkpoint);
    }
    finished++;
    if (finished < total) await context.progress({ step: 'uploading', current: finished + 1, total });
    return saved.remoteId;
  };
  // The order of media_ids is the order of the images in the post, whatever finishes first.
  return Promise.all(content.media.map(prepareOne));
}

export const mastodonAdapter: NetworkAdapter = {
  id: 'mastodon',
  // Unlinking: see ./revoke.ts.
  revoke: revokeMastodonToken,

  newPartKey: () => crypto.randomUUID(),

  async link(methodId, input) {
    const origin = normalizeServerAddress(input.server ?? '');
    if (methodId === 'oauth') return linkWithOAuth(origin);
    if (methodId === 'token') {
      const token = (input.token ?? '').trim();
      if (!token) throw new ValidationError(t('errorTokenEmpty'));
      try {
        return await identify(origin, { accountId: '', accessToken: token, scope: 'unknown' });
      } catch (error) {
        if (error instanceof AuthError) throw new AuthError(t('errorTokenRejected', new URL(origin).host), { cause: error });
        throw error;
      }
    }
    throw new ValidationError(`Unknown link method ${methodId}`);
  },

  async refresh(account: Account, credential: Credential) {
    return identify(account.server, credential);
  },

  async publish(context): Promise<PublishResult> {
    const { account, credential, content, checkpoint } = context;
    const mediaIds = await uploadMedia(context, checkpoint);
    const total = checkpoint.parts.length;
    let previous: string | undefined;
    for (const [index, part] of checkpoint.parts.entries()) {
      if (!part.remoteId) {
        await context.progress({ step: 'posting', current: index + 1, total });
        // The Idempotency-Key makes a repeated request (lost answer, stopped worker) return the
        // first status instead of posting twice: https://docs.joinmastodon.org/methods/statuses/#create
        const { data: status } = await requestJson<Status>(`${account.server}/api/v1/statuses`, {
          method: 'POST',
          headers: { ...authHeader(credential.accessToken), 'Idempotency-Key': part.key },
          write: true,
          timeoutMs: context.writeTimeoutMs,
          body: {
            status: part.text,
            media_ids: index === 0 ? mediaIds : [],
            spoiler_text: content.spoilerText,
            sensitive: content.spoilerText.length > 0,
            visibility: VISIBILITY[content.visibility],
            language: content.language || undefined,
            in_reply_to_id: previous,
          },
          signal: context.signal,
        });
        part.remoteId = status.id;
        part.url = status.url ?? status.uri;
        await context.save(checkpoint);
      }
      previous = part.remoteId;
    }
    const first = checkpoint.parts[0];
    if (!first?.remoteId || !first.url) throw new ValidationError('Delivery has no part to post');
    return { remoteId: first.remoteId, url: first.url };
  },
};
