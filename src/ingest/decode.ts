/**
 * Byte stream -> text. Detects the encoding (byte order mark, then UTF-8 validity), decodes chunk by
 * chunk without ever splitting a character across chunks, strips the BOM, and reports bytes that are
 * not valid in the chosen encoding instead of letting them pass as silent U+FFFD.
 *
 * Windows-1252 and UTF-16 go through iconv-lite: Node's `TextDecoder('windows-1252')` (like
 * `Buffer#toString('latin1')`) turns 0x80-0x9F into C1 control characters instead of €, “, ” and
 * friends, which Excel writes all the time.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import type { DecoderStream } from 'iconv-lite';

/** The result of {@link detectEncoding}. */
export interface EncodingGuess {
  encoding: TextEncodingName;
  /** Whether the bytes start with a byte order mark (which the decoder strips). */
  bom: boolean;
  /** One sentence for `--verbose` output: why this encoding. */
  reason: string;
}

/** Byte order marks, longest first so UTF-8's three bytes win over nothing. */
const boms: readonly { bytes: readonly number[]; encoding: TextEncodingName; label: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', label: 'UTF-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', label: 'UTF-16LE' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', label: 'UTF-16BE' },
];

/** Bytes read before deciding the encoding: one default fs chunk. */
export { parseEncodingName, sniffBinary, type EncodingOption, type TextEncodingName } from './sniff.js';
import { startsWith, type EncodingOption, type TextEncodingName } from './sniff.js';

const defaultSampleBytes = 64 * 1024;

/** Whether an input starts with gzip's magic bytes (it is then decompressed as it is read, whatever its name). */
export function isGzip(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= 2 && firstBytes[0] === 0x1f && firstBytes[1] === 0x8b;
}

/**
 * The size of `path` when it is a regular file whose bytes are read as they are (not gzip), else null
 * (also when it cannot be read): what a progress total or a second reader of the file can rely on.
 */
export function plainFileSize(path: string): number | null {
  let fd: number | undefined;
  try {
    const info = statSync(path);
    if (!info.isFile()) return null;
    fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    const read = readSync(fd, head, 0, head.length, 0);
    return isGzip(head.subarray(0, read)) ? null : info.size;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Guesses the encoding of a file from its first bytes.
 *
 * Order: a byte order mark decides; without one, UTF-16 is recognized by its NUL bytes in every other
 * position (ASCII-range text saved as "Unicode text" without a BOM); otherwise bytes that are valid
 * UTF-8 are UTF-8 (an incomplete character cut at the end of the sample is allowed) and anything else is
 * Windows-1252, the encoding Excel uses for "CSV" on Western-European Windows.
 *
 * @param firstBytes the start of the input (64 KiB is plenty; fewer bytes give a weaker guess)
 * @param wholeInput the bytes are the entire input, so a character cut at the end is invalid rather
 *   than continued in the next chunk (default false)
 * @example
 * detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))
 * // { encoding: 'utf-8', bom: true, reason: 'UTF-8 byte order mark' }
 * @example
 * // "Café\n" in Windows-1252
 * detectEncoding(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]))
 * // { encoding: 'windows-1252', bom: false, reason: 'no byte order mark; byte 0xE9 at offset 3 is not valid UTF-8' }
 */
export function detectEncoding(firstBytes: Uint8Array, wholeInput = false): EncodingGuess {
  const bom = bomAt(firstBytes);
  if (bom !== undefined) return { encoding: bom.encoding, bom: true, reason: `${bom.label} byte order mark` };
  const utf16 = utf16WithoutBom(firstBytes);
  if (utf16 !== undefined) {
    return {
      encoding: utf16,
      bom: false,
      reason:
        `no byte order mark; NUL bytes in every other position ` +
        `look like ${utf16 === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'}`,
    };
  }
  const complete = wholeInput ? firstBytes : firstBytes.subarray(0, completeUtf8Length(firstBytes));
  if (isAscii(complete)) {
    return {
      encoding: 'utf-8',
      bom: false,
      reason: `no byte order mark; the first ${firstBytes.length} bytes are plain ASCII`,
    };
  }
  if (isUtf8(complete)) {
    return {
      encoding: 'utf-8',
      bom: false,
      reason: `no byte order mark; the first ${firstBytes.length} bytes are valid UTF-8`,
    };
  }
  let offset = -1;
  let invalid = 0;
  const multiByte = scanInvalidUtf8(complete, (at) => {
    if (offset < 0) offset = at;
    invalid++;
  });
  // A UTF-8 file with a few stray bytes is still UTF-8 (the stray bytes become bad_encoding issues):
  // reading it as Windows-1252 would garble every é into Ã©. Real Windows-1252 text almost never
  // forms valid multi-byte UTF-8 sequences.
  if (multiByte > invalid) {
    return {
      encoding: 'utf-8',
      bom: false,
      reason:
        `no byte order mark; mostly valid UTF-8 (${multiByte} multi-byte ` +
        `characters, ${invalid} invalid sequences from offset ${offset})`,
    };
  }
  const byte = firstBytes[offset] ?? 0;
  return {
    encoding: 'windows-1252',
    bom: false,
    reason: `no byte order mark; byte ${hexByte(byte)} at offset ${offset} is not valid UTF-8`,
  };
}

/** Options of {@link decodeStream}. */
export interface DecodeOptions {
  /**
   * Called once per invalid byte sequence with its offset in the input (bytes from the very start,
   * BOM included). The decoder still emits U+FFFD in its place: the caller decides what to report.
   * Only UTF-8 and Windows-1252 (its five undefined bytes) are checked.
   */
  onInvalid?: (byteOffset: number) => void;
  /** Bytes to read before deciding the encoding (default 64 KiB). */
  sampleBytes?: number;
}

/** A decoded input: the chosen encoding and the text, as chunks. */
export interface DecodedText {
  /**
   * The encoding in use. In `auto` mode it can change once, from `utf-8` to `windows-1252`, when
   * everything up to the first non-ASCII byte was ASCII and that byte is not valid UTF-8 (a
   * Windows-1252 file whose first 64 KiB happen to be ASCII). Read it again after consuming `chunks`.
   */
  readonly encoding: TextEncodingName;
  /** Whether a byte order mark was found (and stripped). */
  readonly bom: boolean;
  /** Why this encoding, for `--verbose`. Updated along with `encoding`. */
  readonly reason: string;
  /** The first bytes of the input as read (BOM included), for sniffing binary files. */
  readonly sample: Uint8Array;
  /** The text, in input order; single use. Never splits a character (or a surrogate pair). */
  readonly chunks: AsyncIterable<string>;
  /**
   * Closes the input without reading the text (e.g. after refusing it); reading `chunks` to the end or breaking out of
   * it closes it too.
   */
  close(): Promise<void>;
}

/**
 * Decodes a byte stream into text chunks, choosing the encoding first.
 *
 * Reads up to `sampleBytes` to decide (see {@link detectEncoding}); a byte order mark always wins, even
 * over an explicit `encoding`, because a BOM is never there by accident. The BOM is stripped. UTF-8 is
 * validated with Node's native `isUtf8` per chunk, so valid input costs one fast scan; only a chunk
 * that fails is scanned in JavaScript to locate the bad bytes for `onInvalid`.
 *
 * @param input raw bytes (already gunzipped), e.g. an `fs.ReadStream`
 * @param encoding `auto` or a fixed encoding
 * @example
 * // "Café\n" in Windows-1252 (as a file stream would give it, in chunks of bytes)
 * const bytes = (async function* () {
 *   yield Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]);
 * })();
 * const bad = [];
 * const decoded = await decodeStream(bytes, 'auto', { onInvalid: (at) => bad.push(at) });
 * let text = '';
 * for await (const chunk of decoded.chunks) text += chunk;
 * [decoded.encoding, text, bad] // ['windows-1252', 'Café\n', []]
 */
export async function decodeStream(
  input: AsyncIterable<Uint8Array>,
  encoding: EncodingOption = 'auto',
  options: DecodeOptions = {},
): Promise<DecodedText> {
  const sampleBytes = options.sampleBytes ?? defaultSampleBytes;
  const source = input[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let sampleLength = 0;
  let exhausted = false;
  while (sampleLength < sampleBytes) {
    const next = await source.next();
    if (next.done === true) {
      exhausted = true;
      break;
    }
    const chunk = toBuffer(next.value);
    parts.push(chunk);
    sampleLength += chunk.length;
  }
  const sample = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, sampleLength);

  const bom = bomAt(sample);
  let guess: EncodingGuess;
  if (bom !== undefined) {
    const overrides = encoding !== 'auto' && encoding !== bom.encoding;
    guess = {
      encoding: bom.encoding,
      bom: true,
      reason: `${bom.label} byte order mark${overrides ? ` (overrides the requested ${encoding})` : ''}`,
    };
  } else if (encoding === 'auto') {
    guess = detectEncoding(sample, exhausted);
  } else {
    guess = { encoding, bom: false, reason: `${encoding} as requested` };
  }
  const decoder = new ChunkDecoder(guess, options.onInvalid);
  // Only an auto guess made on ASCII-only bytes is provisional: real UTF-8 evidence, a BOM or the
  // caller's word is final.
  decoder.provisional =
    encoding === 'auto' &&
    bom === undefined &&
    guess.encoding === 'utf-8' &&
    isAscii(sample.subarray(0, completeUtf8Length(sample)));
  await decoder.load();

  let finished = exhausted;
  const close = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    await source.return?.();
  };

  async function* chunks(): AsyncGenerator<string> {
    try {
      const first = decoder.write(
        bom === undefined ? sample : sample.subarray(bom.bytes.length),
        bom?.bytes.length ?? 0,
      );
      if (first !== '') yield first;
      while (!finished) {
        const next = await source.next();
        if (next.done === true) {
          finished = true;
          break;
        }
        const text = decoder.write(toBuffer(next.value));
        if (text !== '') yield text;
      }
      const rest = decoder.end();
      if (rest !== '') yield rest;
    } finally {
      // Stopped early (a fatal parse error, or the consumer broke out): close the source.
      await close();
    }
  }

  return {
    get encoding() {
      return decoder.guess.encoding;
    },
    bom: guess.bom,
    get reason() {
      return decoder.guess.reason;
    },
    sample,
    chunks: chunks(),
    close,
  };
}

/**
 * The per-encoding decoding state. UTF-8 is done by hand (carry an incomplete trailing character to the
 * next chunk) so that validity is checked natively on exactly the bytes that are decoded.
 */
class ChunkDecoder {
  /** Still allowed to switch from UTF-8 to Windows-1252 (everything so far was ASCII). */
  provisional = false;
  private iconvDecoder: DecoderStream | undefined;
  private iconvModule: typeof import('iconv-lite') | undefined;
  /** Bytes of an incomplete UTF-8 character at the end of the previous chunk. */
  private carry: Buffer | undefined;
  /** Input offset of the next byte given to `write`. */
  private offset = 0;

  constructor(
    public guess: EncodingGuess,
    private readonly onInvalid: ((byteOffset: number) => void) | undefined,
  ) {}

  /** Loads iconv-lite when the encoding needs it (or might: provisional UTF-8 can become Windows-1252). */
  async load(): Promise<void> {
    if (this.guess.encoding !== 'utf-8' || this.provisional) {
      this.iconvModule = (await import('iconv-lite')).default;
    }
    if (this.guess.encoding !== 'utf-8') this.startIconv(this.guess.encoding);
  }

  /** Decodes one chunk; `skip` leading bytes (a BOM) are counted in offsets but not decoded. */
  write(chunk: Buffer, skip = 0): string {
    this.offset += skip;
    if (this.iconvDecoder !== undefined) return this.writeIconv(chunk);
    return this.writeUtf8(chunk, false);
  }

  /** Flushes what is left (an incomplete character at the very end is invalid). */
  end(): string {
    if (this.iconvDecoder !== undefined) return this.iconvDecoder.end() ?? '';
    return this.writeUtf8(Buffer.alloc(0), true);
  }

  private startIconv(encoding: TextEncodingName): void {
    // BOMs are stripped by decodeStream itself, so a U+FEFF later in the text stays data.
    this.iconvDecoder = this.iconvModule?.getDecoder(encoding, { stripBOM: false });
  }

  private writeIconv(chunk: Buffer): string {
    const base = this.offset;
    this.offset += chunk.length;
    const text = this.iconvDecoder?.write(chunk) ?? '';
    // Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; iconv-lite turns them into
    // U+FFFD. One byte per character, so the character index is the byte offset.
    if (this.guess.encoding === 'windows-1252' && this.onInvalid !== undefined && text.includes('\uFFFD')) {
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) this.onInvalid(base + i);
    }
    return text;
  }

  private writeUtf8(chunk: Buffer, final: boolean): string {
    const carried = this.carry;
    const buf = carried === undefined ? chunk : Buffer.concat([carried, chunk]);
    const base = this.offset - (carried?.length ?? 0);
    this.offset += chunk.length;
    this.carry = undefined;
    const cut = final ? buf.length : completeUtf8Length(buf);
    const body = cut === buf.length ? buf : buf.subarray(0, cut);
    if (cut < buf.length) this.carry = Buffer.from(buf.subarray(cut));

    if (this.provisional) {
      if (isAscii(body)) return body.toString('latin1');
      if (isUtf8(body)) {
        this.provisional = false;
      } else {
        this.switchToWindows1252(body, base);
        // The held-back tail is Windows-1252 text too: decode the whole buffer from its start.
        this.carry = undefined;
        this.offset = base;
        return this.writeIconv(buf);
      }
    } else if (!isUtf8(body) && this.onInvalid !== undefined) {
      scanInvalidUtf8(body, (at) => this.onInvalid?.(base + at));
    }
    return body.toString('utf8');
  }

  private switchToWindows1252(body: Buffer, base: number): void {
    let offset = -1;
    scanInvalidUtf8(body, (at) => {
      if (offset < 0) offset = at;
    });
    const byte = body[offset] ?? 0;
    this.guess = {
      encoding: 'windows-1252',
      bom: false,
      reason:
        `no byte order mark; plain ASCII up to byte ${hexByte(byte)} ` +
        `at offset ${base + offset}, which is not valid UTF-8`,
    };
    this.startIconv('windows-1252');
  }
}

function bomAt(bytes: Uint8Array): (typeof boms)[number] | undefined {
  return boms.find((bom) => startsWith(bytes, bom.bytes));
}

/**
 * UTF-16 without a BOM: among the first 512 code units, most have a NUL in one byte position and
 * almost none in the other. Binary data has NULs in both positions; 8-bit text has none.
 */
function utf16WithoutBom(bytes: Uint8Array): TextEncodingName | undefined {
  const units = Math.min(512, bytes.length >> 1);
  // Too few units to tell UTF-16 from binary: the NUL check will refuse it with a hint instead.
  if (units < 16) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < units; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul >= units * 0.7 && evenNul <= units * 0.02) return 'utf-16le';
  if (evenNul >= units * 0.7 && oddNul <= units * 0.02) return 'utf-16be';
  return undefined;
}

/**
 * Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 character: looks back at
 * most 3 bytes for a lead byte whose character is not complete. Invalid bytes are left in the prefix
 * (the validator reports them).
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = bytes[n - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < need) return n - back;
    }
    return n;
  }
  return n;
}

/**
 * Calls `report(offset)` for each maximal invalid subsequence (the unit Node and the WHATWG decoder
 * replace with one U+FFFD): a stray continuation byte, a bad lead byte, an overlong or surrogate form,
 * or a truncated character. Returns the number of valid multi-byte characters.
 */
function scanInvalidUtf8(bytes: Uint8Array, report: (offset: number) => void): number {
  let multiByte = 0;
  const n = bytes.length;
  let i = 0;
  outer: while (i < n) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else {
      report(i);
      i++;
      continue;
    }
    let j = i + 1;
    for (let k = 0; k < need; k++, j++) {
      const next = bytes[j];
      if (next === undefined || next < low || next > high) {
        report(i);
        i = j;
        continue outer;
      }
      low = 0x80;
      high = 0xbf;
    }
    multiByte++;
    i = j;
  }
  return multiByte;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
