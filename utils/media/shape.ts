/**
 * The shape images take at a destination that limits their width/height ratio (Instagram: 4:5 to
 * 1.91:1). An image outside it is cropped or given borders, as the person chose; where a carousel's
 * images all take the first one's shape (Instagram crops them to it anyway), each is brought to it.
 * Pure: the composer previews exactly what the worker prepares.
 */
import type { ImageFit } from '../model';

export interface ImageShape {
  /** Width / height. */
  ratio: number;
  fit: ImageFit;
}

export interface PixelSize {
  width: number;
  height: number;
}

/** Two ratios closer than this are the same shape (rounding of pixel sizes), inside the limits only. */
const SAME = 0.01;

export interface AspectLimits {
  /** Width / height, inclusive. */
  min: number;
  max: number;
}

/** Whether an image of this size is within the limits, exactly: Meta checks them to the pixel. */
export function fitsAspect(size: PixelSize, aspect: AspectLimits): boolean {
  const ratio = size.width / size.height;
  return ratio >= aspect.min && ratio <= aspect.max;
}

/** The height for `width` at `ratio`, rounded toward the inside of the limits when rounding would leave them. */
export function heightFor(width: number, ratio: number, aspect?: AspectLimits): number {
  let height = Math.max(1, Math.round(width / ratio));
  if (aspect && width / height < aspect.min) height = Math.max(1, Math.floor(width / aspect.min));
  if (aspect && width / height > aspect.max) height = Math.ceil(width / aspect.max);
  return height;
}

/** For each image (in post order), the shape it must be brought to, or undefined when it fits as it is. */
export function shapesFor(
  sizes: readonly (PixelSize | undefined)[],
  aspect: (AspectLimits & { carouselLikeFirst?: boolean }) | undefined,
  fit: ImageFit,
): (ImageShape | undefined)[] {
  if (!aspect) return sizes.map(() => undefined);
  const clamp = (ratio: number) => Math.min(aspect.max, Math.max(aspect.min, ratio));
  const first = sizes[0];
  const likeFirst = aspect.carouselLikeFirst && sizes.length > 1 && first ? clamp(first.width / first.height) : undefined;
  return sizes.map((size) => {
    // An image whose size is unknown (attached by an older version) is read when it is prepared.
    if (!size) return undefined;
    const ratio = size.width / size.height;
    const target = likeFirst ?? clamp(ratio);
    // Outside the limits by any amount: shaped. Inside, a carousel image that differs from the first by
    // a pixel's rounding is left as it is (Instagram brings it to the first one's shape itself).
    if (!fitsAspect(size, aspect)) return { ratio: target, fit };
    return Math.abs(ratio - target) / target < SAME ? undefined : { ratio: target, fit };
  });
}
