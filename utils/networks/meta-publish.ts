/**
 * Publishing through Meta's containers, shared by Threads and Instagram. Worker only. A post (or each
 * part of a thread) is a container: made, its id stored before anything is published, checked until
 * FINISHED, then published. After a lost answer the container's status says what happened:
 * PUBLISHED means done (the post is found among the account's latest), FINISHED means publish it,
 * EXPIRED (24 hours) or ERROR (retried by the person after fixing the cause) means make it again.
 */
import { t } from '../i18n';
import type { PartCheckpoint } from '../model';
import { isNetworkError, RateLimitError, TransientError, ValidationError } from './errors';
import { containerFailed, graphGet, graphPost, QUOTA_WAIT_MS, settledContainer, type ContainerStatus, type GraphCaller } from './meta-graph';
import type { PublishContext, PublishMedia } from './types';

type Params = Record<string, string | number | boolean | undefined>;

/** How one of Meta's networks names the same things. */
export interface ContainerApi {
  network: string;
  /** The API version path, "/v1.0". */
  version: string;
  /** Where containers are made and listed as posts: `threads`, `media`. */
  containerEdge: string;
  /** Where a container is published: `threads_publish`, `media_publish`. */
  publishEdge: string;
  /** Where a container's state is: `status` (Threads), `status_code` (Instagram). */
  statusField: 'status' | 'status_code';
  /** A post's text field when listed: `text`, `caption`. */
  textField: string;
}

/** One delivery's calls: the account's Graph host, user id and token. */
export class GraphSession {
  readonly caller: GraphCaller;

  constructor(
    readonly context: PublishContext,
    readonly api: ContainerApi,
  ) {
    this.caller = { network: api.network, handle: context.account.handle };
  }

  get user(): string {
    return this.context.account.remoteId;
  }

  get<T>(path: string, params: Params = {}): Promise<T> {
    const { account, credential } = this.context;
    return graphGet<T>(account.server, `${this.api.version}${path}`, { ...params, access_token: credential.accessToken }, this.caller);
  }

  post<T>(path: string, params: Params): Promise<T> {
    const { account, credential } = this.context;
    return graphPost<T>(account.server, `${this.api.version}${path}`, { ...params, access_token: credential.accessToken }, this.caller);
  }

  /** Make a container; its id. Instagram refuses an image it cannot fetch right here (2207052). */
  async container(params: Params): Promise<string> {
    try {
      return (await this.post<{ id: string }>(`/${this.user}/${this.api.containerEdge}`, params)).id;
    } catch (error) {
      const url = typeof params.image_url === 'string' ? params.image_url : undefined;
      if (url && isNetworkError(error) && error.code?.endsWith('/2207052')) throw this.imageRefused(undefined, 'URL: 2207052', url);
      throw error;
    }
  }

  /** A container's state, checked until it is no longer IN_PROGRESS. */
  settled(containerId: string) {
    const field = this.api.statusField;
    return settledContainer(async () => {
      const answer = await this.get<Record<string, string | undefined>>(`/${containerId}`, { fields: field === 'status' ? 'status,error_message' : 'status_code,status' });
      // Instagram puts the reason in `status` next to `status_code`; Threads in `error_message`.
      return { status: (answer[field] ?? 'IN_PROGRESS') as ContainerStatus, message: field === 'status' ? answer.error_message : answer.status };
    }, this.caller, this.context.signal);
  }

  /** Before a post starts: if what it needs does not fit in the last 24 hours' quota, it waits. */
  async requireQuota(path: string, fields: string, fits: (limit: Record<string, unknown>) => boolean): Promise<void> {
    const limit = (await this.get<{ data?: Record<string, unknown>[] }>(path, { fields })).data?.[0];
    if (!limit || fits(limit)) return;
    const at = Date.now() + QUOTA_WAIT_MS;
    throw new RateLimitError(t('errorMetaQuota', this.caller.network, new Date(at).toLocaleTimeString()), at);
  }

  /** What Meta said when it could not use an image: naming the URL it tried when it could not fetch it. */
  imageRefused(item: PublishMedia | undefined, message: string | undefined, url?: string): ValidationError {
    // Threads says UNKNOWN for an image it could not download (its documented reasons name the others).
    if (url && /UNKNOWN|fetch|download|retriev|url|2207052/i.test(message ?? '')) {
      return new ValidationError(t('errorMetaCannotFetch', this.caller.network, url), { detail: message });
    }
    return containerFailed(this.caller, message && item ? `${item.name}: ${message}` : message);
  }
}

/** Quota numbers as Meta gives them (`quota_usage`, `config.quota_total`). */
export function quotaLeft(limit: Record<string, unknown>, usage: string, config: string): number {
  const used = Number(limit[usage] ?? 0);
  const total = Number((limit[config] as { quota_total?: unknown } | undefined)?.quota_total ?? Infinity);
  return total - used;
}

/** One image of a carousel as its own container, made once and reused while it lasts. */
export async function carouselItem(session: GraphSession, item: PublishMedia, params: (url: string) => Params): Promise<string> {
  const { context } = session;
  const saved = context.checkpoint.media[item.id];
  if (saved?.remoteId && (await session.settled(saved.remoteId)).status === 'FINISHED') return saved.remoteId;
  const url = await context.publicImageUrl(item);
  const id = await session.container(params(url));
  context.checkpoint.media[item.id] = { remoteId: id, ready: false };
  await context.save(context.checkpoint);
  const state = await session.settled(id);
  if (state.status !== 'FINISHED') throw session.imageRefused(item, state.message, url);
  context.checkpoint.media[item.id] = { remoteId: id, ready: true };
  await context.save(context.checkpoint);
  return id;
}

/** After a lost answer: the post a container became, the newest of the account's with its text. */
async function publishedPost(session: GraphSession, part: PartCheckpoint, text: string): Promise<string | undefined> {
  const { containerEdge, textField } = session.api;
  const listed = await session.get<{ data?: Record<string, string | undefined>[] }>(`/${session.user}/${containerEdge}`, {
    fields: `id,${textField},timestamp`,
    limit: 25,
  });
  // The server's clock may differ from ours; a minute of slack covers it without matching old posts.
  const since = (part.sentAt ?? 0) - 60_000;
  return listed.data?.find((post) => (post[textField] ?? '') === text && Date.parse(post.timestamp ?? '') >= since)?.id;
}

/**
 * One part on the network, exactly once, with its permalink. `make` makes the part's container
 * (with `imageUrl` when it holds one image Meta fetches itself); `text` is the text it carries.
 */
export async function publishOnce(session: GraphSession, part: PartCheckpoint, text: string, make: () => Promise<{ id: string; imageUrl?: string }>): Promise<void> {
  const { context } = session;
  if (part.containerId && !part.remoteId) {
    const state = await session.settled(part.containerId);
    if (state.status === 'PUBLISHED') {
      part.remoteId = await publishedPost(session, part, text);
      if (!part.remoteId) throw new TransientError(t('errorMetaStillPreparing', session.caller.network));
    } else if (state.status !== 'FINISHED') {
      // Older than 24 hours, or refused before and retried now that its cause may be fixed: made again.
      part.containerId = undefined;
    }
  }
  if (!part.remoteId) {
    if (!part.containerId) {
      const made = await make();
      part.containerId = made.id;
      await context.save(context.checkpoint);
      const state = await session.settled(made.id);
      if (state.status !== 'FINISHED') {
        throw made.imageUrl ? session.imageRefused(context.content.media[0], state.message, made.imageUrl) : containerFailed(session.caller, state.message);
      }
    }
    part.sentAt = Date.now();
    await context.save(context.checkpoint);
    const containerId = part.containerId;
    try {
      part.remoteId = (await session.post<{ id: string }>(`/${session.user}/${session.api.publishEdge}`, { creation_id: containerId })).id;
    } catch (error) {
      // A publish that reached Meta and whose answer was lost can come back refused when repeated
      // (a browser resends a request whose connection broke): the container says what happened.
      if ((await session.settled(containerId).catch(() => undefined))?.status !== 'PUBLISHED') throw error;
      part.remoteId = await publishedPost(session, part, text);
      if (!part.remoteId) throw new TransientError(t('errorMetaStillPreparing', session.caller.network));
    }
  }
  const { permalink } = await session.get<{ permalink?: string }>(`/${part.remoteId}`, { fields: 'permalink' });
  part.url = permalink ?? '';
  await context.save(context.checkpoint);
}
