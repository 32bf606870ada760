/**
 * A real, decodable baseline JPEG of any pixel size, built in Node with no
 * dependency: what tests and the sandbox serve as `image_url`, since Instagram
 * accepts JPEG only and reads the true pixel size from the file.
 *
 * The picture is flat mid-grey, one component (grayscale), every 8×8 block a DC
 * difference of 0 followed by end-of-block. Each of the two Huffman tables holds a
 * single one-bit code, so a block costs 2 bits: 1080×1080 is about 4.6 kB. The
 * layout follows ITU-T T.81 (SOI, APP0/JFIF, DQT, SOF0, DHT, SOS, EOI).
 *
 *   makeJpeg(1080, 1350)                           4:5 portrait
 *   makeJpeg(1080, 1080, { padToBytes: 9 << 20 })  over the 8 MiB limit (COM segments)
 */

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** DHT with one symbol coded on one bit (code "0"). */
function oneCodeTable(tableClassAndId: number, symbol: number): Buffer {
  const counts = Buffer.alloc(16);
  counts[0] = 1;
  return segment(0xc4, Buffer.concat([Buffer.from([tableClassAndId]), counts, Buffer.from([symbol])]));
}

/** Comment segments filling `bytes` (each segment holds at most 65 533 bytes of text). */
function padding(bytes: number): Buffer[] {
  const out: Buffer[] = [];
  let left = bytes;
  while (left > 0) {
    // A segment costs 4 bytes of header; never leave a remainder too small for one.
    let size = Math.min(65_533, left - 4);
    if (left - (size + 4) > 0 && left - (size + 4) < 5) size -= 5;
    if (size < 1) break;
    out.push(segment(0xfe, Buffer.alloc(size, 0x20)));
    left -= size + 4;
  }
  return out;
}

export interface MakeJpegOptions {
  /** Grow the file to about this many bytes with COM segments (the pixels stay the same). */
  padToBytes?: number;
}

export function makeJpeg(width: number, height: number, opts: MakeJpegOptions = {}): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 65_535 || height > 65_535) {
    throw new Error(`makeJpeg: bad size ${width}×${height}`);
  }
  const jfif = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]));
  const sofPayload = Buffer.alloc(9);
  sofPayload[0] = 8; // sample precision
  sofPayload.writeUInt16BE(height, 1);
  sofPayload.writeUInt16BE(width, 3);
  sofPayload[5] = 1; // one component
  sofPayload[6] = 1; // component id
  sofPayload[7] = 0x11; // 1×1 sampling
  sofPayload[8] = 0; // quantisation table 0
  const sof0 = segment(0xc0, sofPayload);
  const dhtDc = oneCodeTable(0x00, 0x00); // DC table 0: category 0
  const dhtAc = oneCodeTable(0x10, 0x00); // AC table 0: EOB
  const sos = segment(0xda, Buffer.from([0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]));

  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = blocks * 2;
  const scan = Buffer.alloc(Math.ceil(bits / 8), 0x00);
  // Pad the last byte with 1-bits, as T.81 F.1.2.3 asks.
  const spare = scan.length * 8 - bits;
  if (spare > 0) scan[scan.length - 1] = (1 << spare) - 1;

  const head = [Buffer.from([0xff, 0xd8]), jfif, dqt, sof0, dhtDc, dhtAc];
  const tail = [sos, scan, Buffer.from([0xff, 0xd9])];
  const size = [...head, ...tail].reduce((n, b) => n + b.length, 0);
  const pad = opts.padToBytes && opts.padToBytes > size ? padding(opts.padToBytes - size) : [];
  return Buffer.concat([...head, ...pad, ...tail]);
}
