/**
 * What Instagram does with image_url: "We will cURL the image using the URL that
 * you specify so the image must be on a public server", then checks it against
 * the image specifications
 * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#image-specifications):
 *   Format: JPEG ("Extended JPEG formats such as MPO and JPS are not supported",
 *           content publishing guide)              else 36001 / 2207005
 *   File size: 8 MB maximum                        else 36000 / 2207004 ("less than 8 MiB")
 *   Aspect ratio: within a 4:5 to 1.91:1 range     else 36003 / 2207009
 *   Width 320–1440: "will be scaled up/down … if necessary" — resized, not refused.
 * A URL that cannot be fetched, or does not serve an image, is 9004 / 2207052; a
 * download that takes too long is -2 / 2207003.
 *
 * For images this happens while POST /{ig-user-id}/media runs: the reference
 * says only that "video uploads are asynchronous, so receiving a container ID
 * does not guarantee that the upload was successful", and the errors developers
 * report for images (2207052, 2207009…) come back as the answer to that POST.
 * So a bad image never becomes a container.
 */
import { hasAscii, imageSize, isJpeg, isoBrand, isPng, isWebp } from '../common/image-bytes.js';
import { aspectRatio, downloadTimeout, fetchFailed, imageFormat, imageTooLarge } from './errors.js';
import type { StoredInstagramImage } from './types.js';

/** "less than 8 MiB" (error 2207004's user message). */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
export const MIN_RATIO = 4 / 5;
export const MAX_RATIO = 1.91;

/** Meta's crawler introduces itself this way when it fetches URLs. */
const USER_AGENT = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)';

/** A JPEG carrying an MPF (Multi-Picture Format) APP2 segment is an MPO. */
function isMpo(bytes: Buffer): boolean {
  let at = 2;
  while (at + 4 < bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) return false; // start of scan: no more headers
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xe2 && hasAscii(bytes, at + 4, 'MPF\0')) return true;
    at += 2 + length;
  }
  return false;
}

/** The format of a known non-JPEG image, or null when the bytes are no image at all. */
function otherImageFormat(bytes: Buffer): string | null {
  if (isPng(bytes)) return 'png';
  if (hasAscii(bytes, 0, 'GIF8')) return 'gif';
  if (isWebp(bytes)) return 'webp';
  if (hasAscii(bytes, 0, 'BM')) return 'bmp';
  const brand = isoBrand(bytes);
  if (brand === 'avif' || brand === 'avis') return 'avif';
  if (brand !== null && ['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis'].includes(brand)) return 'heic';
  return null;
}

async function download(url: string, timeoutMs: number): Promise<{ bytes: Buffer; contentType: string }> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': USER_AGENT, accept: '*/*' } });
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) downloadTimeout();
    fetchFailed(url);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    fetchFailed(url);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_IMAGE_BYTES) {
    await response.body.cancel().catch(() => undefined);
    imageTooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_IMAGE_BYTES) {
        await reader.cancel().catch(() => undefined);
        imageTooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) downloadTimeout();
    throw error;
  }
  return { bytes: Buffer.concat(chunks), contentType: response.headers.get('content-type') ?? '' };
}

/**
 * Fetches and checks one image_url; throws the documented Graph error when
 * Instagram would refuse it. The bytes are sniffed; the Content-Type header is
 * recorded, not trusted.
 */
export async function fetchImage(url: string, altText: string | null, timeoutMs: number): Promise<StoredInstagramImage> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fetchFailed(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fetchFailed(url);
  const { bytes, contentType } = await download(url, timeoutMs);
  if (!isJpeg(bytes)) {
    const format = otherImageFormat(bytes);
    if (format) imageFormat(format);
    fetchFailed(url);
  }
  if (isMpo(bytes)) imageFormat('mpo');
  const size = imageSize(bytes, 'image/jpeg');
  // A JPEG without a readable frame header is no image Instagram can use.
  if (!size || size.width === 0 || size.height === 0) fetchFailed(url);
  const ratio = size.width / size.height;
  if (ratio < MIN_RATIO - 1e-9 || ratio > MAX_RATIO + 1e-9) aspectRatio(size.width, size.height);
  return { url, altText, contentType, bytes, width: size.width, height: size.height };
}
