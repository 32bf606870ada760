/**
 * Bring an image within a destination's limits before upload: EXIF orientation applied, metadata
 * (GPS included) dropped by re-encoding, longest side and pixel count capped, and the file at or
 * under the byte limit at the best quality that fits. Runs in the service worker
 * (createImageBitmap + OffscreenCanvas); GIFs pass through untouched, since re-encoding would
 * flatten their animation and they carry no EXIF; so do animated WebPs where the destination takes
 * them as they are (their EXIF and XMP removed), and elsewhere go as a still image.
 */
import { t } from '../i18n';
import { isAnimatedWebp, WEBP_HEAD_BYTES, whyAnimationIsLost, withoutWebpMetadata } from './animated-webp';
import { withoutGifMetadata } from './gif-metadata';
import { headerSize } from './image-header';
import { outputType } from './output-type';
import type { ImageConstraints } from './constraints';
import { heightFor, type ImageShape } from './shape';

export interface PreparedImage {
  blob: Blob;
  type: string;
  width: number;
  height: number;
}

/** An image that cannot go out as it is; the message says which and why. */
export class ImageError extends Error {
  override readonly name = 'ImageError';
}

/** JPEG quality tried first; above it files grow fast for no visible gain. */
const PREFERRED_QUALITY = 0.92;
const LOWEST_QUALITY = 0.5;
/** Encoders take whole percents: qualities closer than this give the same file. */
const QUALITY_STEP = 0.01;
/** Refining encodes after the preferred quality and a first guess (bisection used as many, after the lowest). */
const QUALITY_STEPS = 4;
/** A fitting file at least this share of the limit is good enough: higher qualities would barely differ. */
const CLOSE_ENOUGH = 0.92;
/** How much smaller than the limit the guesses aim, so that the first guess usually fits. */
const AIM = 0.95;
/**
 * File size against quality, for the first guess: size ≈ c · (1 − q)^−SIZE_EXPONENT. Measured on
 * Chromium's JPEG encoder: about 0.5 just under PREFERRED_QUALITY, where first guesses land,
 * steeper (up to 1) towards 0.7; later guesses use the slope measured between two encodes.
 */
const SIZE_EXPONENT = 0.5;
/** Each further attempt when even the lowest quality is too big shrinks the sides by this factor. */
const SHRINK_STEP = 0.8;

async function sniffType(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, 12).arrayBuffer());
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && head[8] === 0x57 && head[9] === 0x45 && head[10] === 0x42 && head[11] === 0x50) {
    return 'image/webp';
  }
  return blob.type;
}

/**
 * Which part of the source is drawn where: the whole image, its middle (crop), or the whole image
 * inside a larger frame (borders). `frame` is the output's shape in source pixels.
 */
interface Layout {
  source: { x: number; y: number; width: number; height: number };
  frame: { width: number; height: number };
}

function layoutFor(width: number, height: number, shape: ImageShape | undefined): Layout {
  const whole = { x: 0, y: 0, width, height };
  if (!shape) return { source: whole, frame: { width, height } };
  const ratio = width / height;
  if (shape.fit === 'crop') {
    const source = ratio > shape.ratio ? { width: height * shape.ratio, height } : { width, height: width / shape.ratio };
    return { source: { x: (width - source.width) / 2, y: (height - source.height) / 2, ...source }, frame: source };
  }
  return { source: whole, frame: ratio > shape.ratio ? { width, height: width / shape.ratio } : { width: height * shape.ratio, height } };
}

/** The output's height for a width: the frame's ratio kept, and within the destination's limits. */
function heightAt(width: number, frame: { width: number; height: number }, constraints: ImageConstraints): number {
  return heightFor(width, constraints.shape?.ratio ?? frame.width / frame.height, constraints.aspect);
}

function targetSize(frame: { width: number; height: number }, constraints: ImageConstraints): { width: number; height: number } {
  let scale = 1;
  if (constraints.maxDimension) scale = Math.min(scale, constraints.maxDimension / Math.max(frame.width, frame.height));
  if (constraints.maxPixels) scale = Math.min(scale, Math.sqrt(constraints.maxPixels / (frame.width * frame.height)));
  if (constraints.width) scale = Math.min(scale, constraints.width.max / frame.width);
  if (constraints.width && frame.width * scale < constraints.width.min) scale = constraints.width.min / frame.width;
  const width = Math.max(1, Math.round(frame.width * scale));
  return { width, height: heightAt(width, frame, constraints) };
}

function draw(bitmap: ImageBitmap, layout: Layout, width: number, height: number, opaque: boolean): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { alpha: !opaque });
  if (!context) throw new ImageError('No 2D canvas is available to prepare images.');
  if (opaque) {
    // JPEG has no transparency: transparent pixels would turn black without a background.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingEnabled = true;
  // At exactly half size, bilinear filtering ('low') samples every output pixel at the corner of
  // four source pixels: a 2×2 box average, what 'high' gives here too (compared in Chromium: no
  // pixel differs by more than 1 of 255), at less than half the cost — 40 ms instead of 90 for a
  // 12 MP photo (4000×3000 → 2000 px, Bluesky's limit) in the service worker, where four such
  // photos have a 1.5 s budget. At any other ratio bilinear aliases or blurs, so 'high' it is.
  const half = bitmap.width === width * 2 && bitmap.height === height * 2 && layout.frame.width === bitmap.width;
  context.imageSmoothingQuality = half ? 'low' : 'high';
  // Where the drawn source lands: all of the canvas, or its middle when the frame adds borders.
  const scale = width / layout.frame.width;
  const { source } = layout;
  const drawnWidth = source.width * scale;
  const drawnHeight = source.height * scale;
  context.drawImage(bitmap, source.x, source.y, source.width, source.height, (width - drawnWidth) / 2, (height - drawnHeight) / 2, drawnWidth, drawnHeight);
  return canvas;
}

function roundQuality(quality: number): number {
  return Math.round(quality / QUALITY_STEP) * QUALITY_STEP;
}

/** The quality whose file should be `target` bytes, from a known (quality, bytes) and the size model. */
function guessQuality(known: { quality: number; size: number }, target: number, exponent: number): number {
  return 1 - (1 - known.quality) * (known.size / target) ** (1 / exponent);
}

/**
 * The best quality in [LOWEST_QUALITY, PREFERRED_QUALITY] whose file fits, or undefined.
 *
 * Guided by a size model rather than bisection: each encode of a 2000-px photo costs 25–40 ms in
 * the worker, and bisecting [0.5, 0.92] took six encodes (preferred, lowest, four halvings) for a
 * result within 0.026 of the best. Here guesses interpolate (log size against log(1 − quality))
 * between the nearest qualities known to fit and not to fit, and stop once a fitting file is
 * within CLOSE_ENOUGH of the limit or the two are one encoder step apart: usually two or three
 * encodes in all, and at least as close to the best.
 */
async function encodeLossy(canvas: OffscreenCanvas, type: string, maxBytes: number): Promise<Blob | undefined> {
  const encode = (quality: number) => canvas.convertToBlob({ type, quality });
  const preferred = await encode(PREFERRED_QUALITY);
  if (preferred.size <= maxBytes) return preferred;

  // `tooBig` never fits; `fits` (once found) does, and holds the best file so far.
  let tooBig = { quality: PREFERRED_QUALITY, size: preferred.size };
  let fits: { quality: number; size: number; blob: Blob } | undefined;
  const target = maxBytes * AIM;
  let quality = guessQuality(tooBig, target, SIZE_EXPONENT);
  for (let step = 0; step <= QUALITY_STEPS; step++) {
    const floor = fits ? fits.quality + QUALITY_STEP : LOWEST_QUALITY;
    const ceiling = tooBig.quality - QUALITY_STEP;
    if (floor > ceiling + QUALITY_STEP / 2) break;
    quality = Math.min(ceiling, Math.max(floor, roundQuality(quality)));
    if (!fits && step === QUALITY_STEPS) quality = LOWEST_QUALITY;
    const blob = await encode(quality);
    if (blob.size <= maxBytes) {
      fits = { quality, size: blob.size, blob };
      if (blob.size >= maxBytes * CLOSE_ENOUGH) break;
    } else {
      tooBig = { quality, size: blob.size };
    }
    if (fits) {
      // Interpolate between the two in log–log space (secant); sizes may not be strictly monotonic.
      const slope = Math.log(tooBig.size / fits.size) / Math.log((1 - fits.quality) / (1 - tooBig.quality));
      quality = guessQuality(fits, target, Number.isFinite(slope) && slope > 0 ? slope : SIZE_EXPONENT);
    } else if (quality <= LOWEST_QUALITY) {
      return undefined;
    } else {
      quality = guessQuality(tooBig, target, SIZE_EXPONENT);
    }
  }
  return fits?.blob;
}

/**
 * An animated WebP the destination takes as it is, untouched but for its metadata; undefined for any
 * other image, and for an animation outside the destination's limits (it goes as a still image).
 */
async function animationAsItIs(source: Blob, constraints: ImageConstraints): Promise<PreparedImage | undefined> {
  const head = new Uint8Array(await source.slice(0, WEBP_HEAD_BYTES).arrayBuffer());
  const size = isAnimatedWebp(head) ? headerSize(head) : undefined;
  if (!size || whyAnimationIsLost({ ...size, bytes: source.size }, constraints)) return undefined;
  const bytes = withoutWebpMetadata(new Uint8Array(await source.arrayBuffer()));
  return { blob: new Blob([bytes], { type: 'image/webp' }), type: 'image/webp', ...size };
}

export async function prepareImage(source: Blob, name: string, constraints: ImageConstraints): Promise<PreparedImage> {
  const sourceType = await sniffType(source);
  if (sourceType === 'image/gif') {
    if (!constraints.acceptedTypes.includes('image/gif')) throw new ImageError(t('errorGifNotAccepted', name));
    if (source.size > constraints.maxBytes) throw new ImageError(t('errorGifTooLarge', name));
    // Sent without re-encoding (that would lose the animation), and without its comments and XMP.
    const bytes = new Uint8Array(await source.arrayBuffer());
    const size = headerSize(bytes) ?? { width: 0, height: 0 };
    return { blob: new Blob([withoutGifMetadata(bytes) as Uint8Array<ArrayBuffer>], { type: 'image/gif' }), type: 'image/gif', ...size };
  }
  if (sourceType === 'image/webp') {
    const animation = await animationAsItIs(source, constraints);
    if (animation) return animation;
  }

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
  } catch (cause) {
    throw new ImageError(t('errorImageUnreadable', name), { cause });
  }
  try {
    let type = outputType(sourceType, constraints.acceptedTypes);
    const layout = layoutFor(bitmap.width, bitmap.height, constraints.shape);
    let { width, height } = targetSize(layout.frame, constraints);
    for (let attempt = 0; attempt < 10; attempt++) {
      // Borders are white: a JPEG has no transparency, and a PNG with borders stays alike.
      const canvas = draw(bitmap, layout, width, height, type === 'image/jpeg' || constraints.shape?.fit === 'pad');
      if (type === 'image/png') {
        const png = await canvas.convertToBlob({ type });
        if (png.size <= constraints.maxBytes) return { blob: png, type, width, height };
        if (constraints.acceptedTypes.includes('image/jpeg')) {
          // Too large as PNG: most likely a photo saved as PNG; JPEG at the same size usually fits.
          type = 'image/jpeg';
          continue;
        }
      } else {
        const blob = await encodeLossy(canvas, type, constraints.maxBytes);
        if (blob) return { blob, type, width, height };
      }
      if (constraints.width && width * SHRINK_STEP < constraints.width.min) break;
      width = Math.max(1, Math.floor(width * SHRINK_STEP));
      height = heightAt(width, layout.frame, constraints);
    }
    throw new ImageError(t('errorImageCannotShrink', name));
  } finally {
    bitmap.close();
  }
}
