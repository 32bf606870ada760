/**
 * Fetching an image_url the way Meta's crawler does, and checking what came back.
 *
 * There is no upload endpoint: "Threads retrieves your image from the URL
 * provided, so it must be on a public server" (posts). Image specifications
 * (posts#media-specifications, as republished e.g. by ayrshare's media guidelines):
 * JPEG or PNG, 8 MB maximum, aspect ratio limit 10:1, width 320–1440 (scaled, not
 * refused), sRGB (converted, not refused).
 *
 * A failed container reports `error_message`. The documented values
 * (https://developers.facebook.com/docs/threads/troubleshooting) are mostly about
 * video; for images this server uses INVALID_ASPEC_RATIO (sic, as documented) for
 * the ratio and UNKNOWN for everything else, which is what Threads answers for an
 * image it could not fetch (gitroomhq/postiz-app#1364, #1991).
 */
import { imageSize, isJpeg, isPng } from '../common/image-bytes.js';
import type { Ctx } from './state.js';

export const IMAGE_SIZE_LIMIT = 8 * 1024 * 1024;
export const ASPECT_RATIO_LIMIT = 10;
/** Meta's crawler announces itself so; some hosts answer it differently, which is the point of sending it. */
export const CRAWLER_USER_AGENT = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)';

export type FetchOutcome =
  | { ok: true; contentType: string; bytes: Buffer; width: number; height: number }
  | { ok: false; errorMessage: string; reason: string };

const failed = (reason: string, errorMessage = 'UNKNOWN'): FetchOutcome => ({ ok: false, errorMessage, reason });

async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Buffer | null> {
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(Buffer.from(value));
  }
}

export async function fetchImage(ctx: Ctx, imageUrl: string): Promise<FetchOutcome> {
  let url: URL;
  try {
    url = new URL(imageUrl);
  } catch {
    return failed('image_url is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed(`image_url scheme ${url.protocol} cannot be fetched`);

  const controller = new AbortController();
  ctx.store.fetches.add(controller);
  const timer = setTimeout(() => controller.abort(new Error('timeout')), ctx.cfg.imageFetchTimeoutMs);
  try {
    const res = await fetch(url, { redirect: 'follow', signal: controller.signal, headers: { 'user-agent': CRAWLER_USER_AGENT, accept: 'image/*,*/*;q=0.8' } });
    if (!res.ok) return failed(`image_url answered HTTP ${res.status}`);
    if (!res.body) return failed('image_url answered no body');
    const bytes = await readLimited(res.body, IMAGE_SIZE_LIMIT);
    if (!bytes) return failed(`image over ${IMAGE_SIZE_LIMIT} bytes`);
    // By content, never by the Content-Type header.
    const contentType = isJpeg(bytes) ? 'image/jpeg' : isPng(bytes) ? 'image/png' : null;
    if (!contentType) return failed(`not a JPEG or PNG (Content-Type: ${res.headers.get('content-type') ?? 'none'})`);
    const size = imageSize(bytes, contentType);
    if (!size || size.width < 1 || size.height < 1) return failed('image size unreadable');
    const ratio = Math.max(size.width / size.height, size.height / size.width);
    if (ratio > ASPECT_RATIO_LIMIT) return failed(`aspect ratio ${size.width}x${size.height} beyond 10:1`, 'INVALID_ASPEC_RATIO');
    return { ok: true, contentType, bytes, width: size.width, height: size.height };
  } catch (error) {
    const reason = controller.signal.aborted ? `image_url fetch aborted (${String((controller.signal.reason as Error | undefined)?.message ?? 'closed')})` : `image_url fetch failed: ${(error as Error).message}`;
    return failed(reason);
  } finally {
    clearTimeout(timer);
    ctx.store.fetches.delete(controller);
  }
}
