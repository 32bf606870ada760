/**
 * GIFs are sent without re-encoding (re-encoding would lose their animation), so what they carry
 * besides pictures is removed here instead: comment extensions, and application extensions (XMP
 * metadata, an editor's private data) except the looping ones (NETSCAPE2.0, ANIMEXTS1.0), which an
 * animation needs. Frames, palettes and timing are copied byte for byte.
 * Format: https://www.w3.org/Graphics/GIF/spec-gif89a.txt
 */

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const COMMENT_LABEL = 0xfe;
const APPLICATION_LABEL = 0xff;
const LOOPING_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

/** The GIF without its comments and foreign application data; the bytes unchanged when it cannot be read. */
export function withoutGifMetadata(bytes: Uint8Array): Uint8Array {
  try {
    return strip(bytes);
  } catch {
    // Not a GIF this can walk: sent as it is, and the server judges it.
    return bytes;
  }
}

function strip(bytes: Uint8Array): Uint8Array {
  const at = (offset: number) => {
    if (offset >= bytes.length) throw new RangeError('GIF cut short');
    return bytes[offset]!;
  };
  /** The end of a run of sub-blocks starting at `offset` (each led by its length, ending at 0). */
  const afterSubBlocks = (offset: number) => {
    while (at(offset) !== 0) offset += at(offset) + 1;
    return offset + 1;
  };
  const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);

  const kept: Uint8Array[] = [];
  let offset = 13 + colourTable(at(10));
  kept.push(bytes.subarray(0, offset));
  for (;;) {
    const introducer = at(offset);
    if (introducer === TRAILER) {
      kept.push(bytes.subarray(offset, offset + 1));
      break;
    }
    let end: number;
    let keep = true;
    if (introducer === EXTENSION) {
      const label = at(offset + 1);
      end = afterSubBlocks(offset + 2);
      if (label === COMMENT_LABEL) keep = false;
      if (label === APPLICATION_LABEL) {
        const identifier = String.fromCharCode(...bytes.subarray(offset + 3, offset + 14));
        keep = LOOPING_APPLICATIONS.has(identifier);
      }
    } else if (introducer === IMAGE) {
      // Descriptor (10 bytes), local colour table, LZW code size, then the image data's sub-blocks.
      const start = offset + 10 + colourTable(at(offset + 9));
      end = afterSubBlocks(start + 1);
    } else {
      throw new Error(`Unknown GIF block 0x${introducer.toString(16)}`);
    }
    if (keep) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
  let position = 0;
  for (const part of kept) {
    out.set(part, position);
    position += part.length;
  }
  return out;
}
