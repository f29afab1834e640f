/**
 * What an input is before it is decoded: the encoding a user names (in any common spelling), and
 * binary files (images, spreadsheets, archives) told apart from text exports by their first bytes.
 */
/** An encoding the decoder can read. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
/** What a caller may ask for: a fixed encoding, or `auto` (BOM, then UTF-8 validity, else Windows-1252). */
export type EncodingOption = 'auto' | TextEncodingName;

export function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/**
 * Maps common spellings of encoding names to the ones the decoder takes, for `--encoding`.
 * `latin1` and `iso-8859-1` mean Windows-1252, as in browsers (WHATWG): files labeled so almost
 * always contain € and curly quotes in 0x80-0x9F.
 *
 * @returns the canonical name, or `undefined` when the name is not supported
 * @example parseEncodingName('CP1252') // 'windows-1252'
 * @example parseEncodingName('utf8') // 'utf-8'
 */
export function parseEncodingName(name: string): EncodingOption | undefined {
  return encodingAliases[name.trim().toLowerCase().replace(/_/g, '-')];
}

const encodingAliases: Readonly<Record<string, EncodingOption>> = {
  auto: 'auto',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'cp-1252': 'windows-1252',
  win1252: 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  ucs2: 'utf-16le',
  'ucs-2': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

/** Signatures of binary formats users feed by mistake, with what to tell them. */
const binarySignatures: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data (name the file *.gz so it is decompressed)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive, e.g. an .xlsx workbook (save the sheet as CSV)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls workbook (save the sheet as CSV)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
];

/**
 * Tells whether the first bytes of an 8-bit or UTF-8 input look binary: a known binary signature, or a
 * NUL byte in the first KiB (text formats never contain one). Do not call it for UTF-16 input.
 *
 * @returns a short description of what the bytes look like, or `undefined` for text
 * @example
 * sniffBinary(new Uint8Array([0x1f, 0x8b, 8, 0])) // 'gzip-compressed data (name the file *.gz so it is decompressed)'
 * @example sniffBinary(new TextEncoder().encode('id,status\n')) // undefined
 */
export function sniffBinary(firstBytes: Uint8Array): string | undefined {
  for (const signature of binarySignatures) {
    if (startsWith(firstBytes, signature.bytes)) return signature.what;
  }
  const head = firstBytes.subarray(0, 1024);
  const nul = head.indexOf(0);
  return nul < 0 ? undefined : `binary data (a NUL byte at offset ${nul})`;
}
