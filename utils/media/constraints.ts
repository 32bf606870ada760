/**
 * The limits an image is held to at one destination, from that destination's capabilities: what the
 * worker prepares it to (prepare-image.ts) and what the composer foresees (compose-rules.ts). Types
 * only besides, so the popup can use it without the image code.
 */
import type { Capabilities } from '../model';
import type { AspectLimits, ImageShape } from './shape';

export interface ImageConstraints {
  maxBytes: number;
  acceptedTypes: readonly string[];
  /** Longest side in pixels (Bluesky's app uses 2,000). */
  maxDimension?: number;
  /** Most pixels (Mastodon's image_matrix_limit). */
  maxPixels?: number;
  /** Width the result is brought within (Meta: 320–1440); a narrower image is enlarged. */
  width?: { min: number; max: number };
  /** The exact shape to bring the image to, by cropping its middle or adding borders (utils/media/shape.ts). */
  shape?: ImageShape;
  /** The width/height limits the output must stay within, to the pixel (Instagram's 4:5 … 1.91:1). */
  aspect?: AspectLimits;
}

export function constraintsFor(capabilities: Capabilities, shape?: ImageShape): ImageConstraints {
  return {
    maxBytes: capabilities.imageSizeLimit,
    acceptedTypes: capabilities.imageTypes,
    maxDimension: capabilities.imageMaxDimension,
    maxPixels: capabilities.imageMaxPixels,
    width: capabilities.imageWidth,
    shape,
    aspect: capabilities.imageAspect,
  };
}
