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
  /** Where replies to a post are listed (`replies` on Threads), for finding a reply after a lost answer. */
  replyEdge?: string;
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

  post<T>(path: string, params: Params, writing?: { timeoutMs: number }): Promise<T> {
    const { account, credential } = this.context;
    return graphPost<T>(account.server, `${this.api.version}${path}`, { ...params, access_token: credential.accessToken }, this.caller, writing);
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

/** One image of a carousel as its own container, made once and reused while it lasts; its id and the URL Meta fetches. */
async function carouselItem(session: GraphSession, item: PublishMedia, params: (url: string) => Params): Promise<{ id: string; url?: string }> {
  const { context } = session;
  const saved = context.checkpoint.media[item.id];
  // An image's container is no post: one Meta no longer knows is simply made again.
  const state = saved?.remoteId ? await session.settled(saved.remoteId).catch(unlessGone) : undefined;
  if (saved?.remoteId && state?.status === 'FINISHED') return { id: saved.remoteId };
  const url = await context.publicImageUrl(item);
  const id = await session.container(params(url));
  context.checkpoint.media[item.id] = { remoteId: id, ready: false };
  await context.save(context.checkpoint);
  return { id, url };
}

/**
 * The containers of a carousel's images, each finished; their ids in order. They are made side by
 * side (each waits only for its own image), and an attempt ends only once all have stopped, so none
 * writes to the checkpoint after the next attempt has started. Then the first is checked until it is
 * finished, and the others once each, side by side: made together, they finish together, so Meta is
 * asked about as often as for one image (plus one read each) rather than once per image per read.
 */
export async function carouselItems(session: GraphSession, media: readonly PublishMedia[], params: (item: PublishMedia, url: string) => Params): Promise<string[]> {
  const made = await Promise.allSettled(media.map((item) => carouselItem(session, item, (url) => params(item, url))));
  const failed = made.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const items = made.map((result) => (result as PromiseFulfilledResult<{ id: string; url?: string }>).value);
  const { context } = session;
  // Reused items were already seen finished.
  const fresh = items.flatMap((item, index) => (item.url ? [{ ...item, media: media[index]!, url: item.url }] : []));
  const check = async (item: (typeof fresh)[number]) => {
    const state = await session.settled(item.id);
    if (state.status !== 'FINISHED') throw session.imageRefused(item.media, state.message, item.url);
    context.checkpoint.media[item.media.id] = { remoteId: item.id, ready: true };
  };
  const [first, ...others] = fresh;
  if (first) await check(first);
  const checked = await Promise.allSettled(others.map(check));
  await context.save(context.checkpoint);
  const refused = checked.find((result) => result.status === 'rejected');
  if (refused) throw refused.reason;
  return items.map((item) => item.id);
}

/** How many of the account's latest posts are read to find one again. */
const LISTED = 25;

/**
 * The post a container became, looked for by its text among the account's latest posts, or for a
 * reply among the replies to `replyTo` (Threads lists replies apart from posts). `coversSince`: the
 * listing reaches back past the first time the part was sent, so a post not in it was never made.
 */
async function findPublished(session: GraphSession, part: PartCheckpoint, text: string, replyTo: string | undefined): Promise<{ id?: string; coversSince: boolean }> {
  const { containerEdge, textField, replyEdge } = session.api;
  const amongReplies = !!(replyTo && replyEdge);
  const where = amongReplies ? `/${replyTo}/${replyEdge}` : `/${session.user}/${containerEdge}`;
  let listed: { data?: Record<string, string | undefined>[] };
  try {
    listed = await session.get(where, { fields: `id,${textField},timestamp`, limit: LISTED });
  } catch (error) {
    // Graph API permission errors are code 10 and 200–299: the token may not read replies.
    const code = isNetworkError(error) ? Number(error.code?.split('/')[0]) : NaN;
    if (amongReplies && (code === 10 || (code >= 200 && code < 300))) throw new ValidationError(t('errorMetaCannotFindPost', session.caller.network), { cause: error });
    throw error;
  }
  const posts = listed.data ?? [];
  // The server's clock may differ from ours; a minute of slack covers it without matching old posts.
  const since = (part.sentAt ?? 0) - 60_000;
  const time = (post: Record<string, string | undefined>) => Date.parse(post.timestamp ?? '');
  const id = posts.find((post) => (post[textField] ?? '') === text && time(post) >= since)?.id;
  const coversSince = posts.length < LISTED || posts.some((post) => time(post) < since);
  return { id, coversSince };
}

/** After a lost answer, for a container Meta says is PUBLISHED: its post's id. */
async function publishedPost(session: GraphSession, part: PartCheckpoint, text: string, replyTo: string | undefined): Promise<string> {
  const { id } = await findPublished(session, part, text, replyTo);
  // Published (the container says so) but not listed yet: looked for again on the next attempt.
  if (!id) throw new TransientError(t('errorMetaNotListedYet', session.caller.network));
  return id;
}

/** For a container read: Meta no longer knowing it (a refusal, not a lack of access or network) reads as undefined. */
function unlessGone(error: unknown): undefined {
  if (error instanceof ValidationError) return undefined;
  throw error;
}

/**
 * One part on the network, exactly once, with its permalink. `make` makes the part's container
 * (with `imageUrl` when it holds one image Meta fetches itself); `text` is the text it carries;
 * `replyTo` the post it answers, if any.
 */
export async function publishOnce(
  session: GraphSession,
  part: PartCheckpoint,
  text: string,
  make: () => Promise<{ id: string; imageUrl?: string }>,
  replyTo?: string,
): Promise<void> {
  const { context } = session;
  const saveNow = () => context.save(context.checkpoint);
  if (part.containerId && !part.remoteId) {
    const state = await session.settled(part.containerId).catch(unlessGone);
    if (state?.status === 'PUBLISHED') {
      part.remoteId = await publishedPost(session, part, text, replyTo);
      await saveNow();
    } else if (!state && part.sentAt) {
      // Meta no longer knows a container that was sent to be published (weeks later): made again only
      // when the listing reaches back past that moment without the post; otherwise no one can tell.
      const { id, coversSince } = await findPublished(session, part, text, replyTo);
      if (!id && !coversSince) throw new ValidationError(t('errorMetaUnknownContainer', session.caller.network));
      if (id) part.remoteId = id;
      else part.containerId = undefined;
      await saveNow();
    } else if (state?.status !== 'FINISHED') {
      // Never published and older than 24 hours, refused before and retried now that its cause may be
      // fixed, or no longer known to Meta: made again.
      part.containerId = undefined;
    }
  }
  if (!part.remoteId) {
    if (!part.containerId) {
      const made = await make();
      part.containerId = made.id;
      await saveNow();
      const state = await session.settled(made.id);
      if (state.status !== 'FINISHED') {
        throw made.imageUrl ? session.imageRefused(context.content.media[0], state.message, made.imageUrl) : containerFailed(session.caller, state.message);
      }
    }
    // The first time it is sent: a post found later must be at least this recent.
    part.sentAt ??= Date.now();
    await saveNow();
    const containerId = part.containerId;
    try {
      const writing = { timeoutMs: context.writeTimeoutMs };
      part.remoteId = (await session.post<{ id: string }>(`/${session.user}/${session.api.publishEdge}`, { creation_id: containerId }, writing)).id;
    } catch (error) {
      // A publish that reached Meta and whose answer was lost can come back refused when repeated
      // (a browser resends a request whose connection broke): the container says what happened.
      if ((await session.settled(containerId).catch(() => undefined))?.status !== 'PUBLISHED') throw error;
      part.remoteId = await publishedPost(session, part, text, replyTo);
    }
    // Kept before anything else is asked: a failure reading the permalink must not lose the post's id.
    await saveNow();
  }
  const { permalink } = await session.get<{ permalink?: string }>(`/${part.remoteId}`, { fields: 'permalink' });
  part.url = permalink ?? '';
  await saveNow();
}
