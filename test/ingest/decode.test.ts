import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completeUtf8Length,
  decodeStream,
  detectEncoding,
  parseEncodingName,
  sniffBinary,
} from '../../src/ingest/decode.js';

/** Feeds the given chunks one by one, as a file stream would. */
async function* chunksOf(...chunks: (readonly number[] | string)[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
}

async function decodeAll(
  input: AsyncIterable<Buffer>,
  encoding: Parameters<typeof decodeStream>[1] = 'auto',
  sampleBytes?: number,
): Promise<{ text: string; pieces: string[]; encoding: string; bom: boolean; reason: string; invalid: number[] }> {
  const invalid: number[] = [];
  const decoded = await decodeStream(input, encoding, {
    onInvalid: (at) => invalid.push(at),
    ...(sampleBytes === undefined ? {} : { sampleBytes }),
  });
  const pieces: string[] = [];
  for await (const piece of decoded.chunks) pieces.push(piece);
  return {
    text: pieces.join(''),
    pieces,
    encoding: decoded.encoding,
    bom: decoded.bom,
    reason: decoded.reason,
    invalid,
  };
}

describe('detectEncoding', () => {
  it.each([
    ['UTF-8 BOM', [0xef, 0xbb, 0xbf, 0x61], 'utf-8', true],
    ['UTF-16LE BOM', [0xff, 0xfe, 0x61, 0x00], 'utf-16le', true],
    ['UTF-16BE BOM', [0xfe, 0xff, 0x00, 0x61], 'utf-16be', true],
    ['ASCII', [0x69, 0x64, 0x0a, 0x31], 'utf-8', false],
    ['UTF-8 é (C3 A9)', [0x43, 0x61, 0x66, 0xc3, 0xa9], 'utf-8', false],
    ['Windows-1252 é (E9)', [0x43, 0x61, 0x66, 0xe9, 0x0a], 'windows-1252', false],
    ['Windows-1252 curly quotes', [0x93, 0x68, 0x69, 0x94], 'windows-1252', false],
    ['UTF-8 € cut after its first byte at the sample end', [0x61, 0xe2], 'utf-8', false],
    ['UTF-16LE without BOM', [...Buffer.from('id,status\r\n1,open\r\n', 'utf16le')], 'utf-16le', false],
    ['UTF-16BE without BOM', [...Buffer.from('id,status\r\n1,open\r\n', 'utf16le').swap16()], 'utf-16be', false],
  ] as const)('%s', (_label, bytes, encoding, bom) => {
    const guess = detectEncoding(new Uint8Array(bytes));
    expect(guess.encoding).toBe(encoding);
    expect(guess.bom).toBe(bom);
    expect(guess.reason.length).toBeGreaterThan(0);
  });

  it('names the first byte that is not UTF-8', () => {
    expect(detectEncoding(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a])).reason).toBe(
      'no byte order mark; byte 0xE9 at offset 3 is not valid UTF-8',
    );
  });

  it('keeps UTF-8 when valid multi-byte characters outnumber a stray invalid byte', () => {
    // "José;Zoë;Jos" + 0xE9 + ";"
    const bytes = new Uint8Array([...Buffer.from('José;Zoë;Jos', 'utf8'), 0xe9, 0x3b]);
    const guess = detectEncoding(bytes);
    expect(guess.encoding).toBe('utf-8');
    expect(guess.reason).toBe(
      'no byte order mark; mostly valid UTF-8 (2 multi-byte characters, 1 invalid sequences from offset 14)',
    );
  });

  it('treats a character cut at the end as invalid only when the bytes are the whole input', () => {
    const cafe = new Uint8Array([0x43, 0x61, 0x66, 0xe9]);
    expect(detectEncoding(cafe).encoding).toBe('utf-8');
    expect(detectEncoding(cafe, true).encoding).toBe('windows-1252');
  });
});

describe('completeUtf8Length', () => {
  it.each([
    [[0x61, 0x62], 2],
    [[0x61, 0xc3], 1],
    [[0x61, 0xc3, 0xa9], 3],
    [[0x61, 0xe2, 0x82], 1],
    [[0x61, 0xe2, 0x82, 0xac], 4],
    [[0x61, 0xf0, 0x9f, 0x98], 1],
    [[0xf0, 0x9f, 0x98, 0x80], 4],
  ])('%j -> %i', (bytes, length) => {
    expect(completeUtf8Length(new Uint8Array(bytes))).toBe(length);
  });
});

describe('decodeStream', () => {
  it('strips a UTF-8 BOM', async () => {
    const out = await decodeAll(chunksOf([0xef, 0xbb, 0xbf], 'id,name\n'));
    expect(out).toMatchObject({ text: 'id,name\n', encoding: 'utf-8', bom: true, invalid: [] });
  });

  it('keeps a U+FEFF that is not at the start', async () => {
    const out = await decodeAll(chunksOf('a\uFEFFb'));
    expect(out.text).toBe('a\uFEFFb');
  });

  // é = C3 A9, € = E2 82 AC, 😀 = F0 9F 98 80: every cut position inside each character.
  it.each([
    [
      'é split 1|1',
      [
        [0x63, 0x61, 0x66, 0xc3],
        [0xa9, 0x21],
      ],
      'café!',
    ],
    [
      '€ split 1|2',
      [
        [0x31, 0xe2],
        [0x82, 0xac],
      ],
      '1€',
    ],
    ['€ split 2|1', [[0x31, 0xe2, 0x82], [0xac]], '1€'],
    ['😀 split 1|3', [[0xf0], [0x9f, 0x98, 0x80]], '😀'],
    [
      '😀 split 2|2',
      [
        [0xf0, 0x9f],
        [0x98, 0x80],
      ],
      '😀',
    ],
    ['😀 split 3|1', [[0xf0, 0x9f, 0x98], [0x80]], '😀'],
    ['€ over three chunks', [[0xe2], [0x82], [0xac, 0x0a]], '€\n'],
  ])('never splits a character: %s', async (_label, chunks, expected) => {
    // sampleBytes 1: detection looks at the first chunk only, so the later chunks take the streaming path.
    const out = await decodeAll(chunksOf(...chunks), 'utf-8', 1);
    expect(out.text).toBe(expected);
    expect(out.invalid).toEqual([]);
    for (const piece of out.pieces) expect(piece).not.toContain('\uFFFD');
  });

  it('decodes UTF-16LE with a BOM, also when a code unit is split across chunks', async () => {
    const body = Buffer.from('Id;Name\r\n1;Zoë 😀\r\n', 'utf16le');
    const bytes = [0xff, 0xfe, ...body];
    const out = await decodeAll(chunksOf(bytes.slice(0, 5), bytes.slice(5, 24), bytes.slice(24)));
    expect(out).toMatchObject({ text: 'Id;Name\r\n1;Zoë 😀\r\n', encoding: 'utf-16le', bom: true });
  });

  it('decodes UTF-16BE with a BOM', async () => {
    const out = await decodeAll(chunksOf([0xfe, 0xff, 0x00, 0x69, 0x00, 0x64, 0x20, 0xac]));
    expect(out).toMatchObject({ text: 'id€', encoding: 'utf-16be' });
  });

  it('maps Windows-1252 0x80-0x9F to the right characters (not C1 controls)', async () => {
    // 0x80 €, 0x93 “, 0x94 ”, 0xE9 é, 0x85 …, 0x96 –
    const out = await decodeAll(
      chunksOf([0x80, 0x35, 0x20, 0x93, 0x68, 0x69, 0x94, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x85, 0x96]),
      'windows-1252',
    );
    expect(out.text).toBe('€5 “hi” Café…–');
    expect(out.invalid).toEqual([]);
  });

  it('detects Windows-1252 from the sample in auto mode', async () => {
    const out = await decodeAll(chunksOf([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x52, 0x65, 0x6e, 0xe9, 0x0a]));
    expect(out).toMatchObject({ text: 'name\nRené\n', encoding: 'windows-1252', bom: false });
  });

  it('switches from UTF-8 to Windows-1252 when the first non-ASCII byte comes after an ASCII-only sample', async () => {
    // The sample (first chunk, 5 bytes) is ASCII, so UTF-8 is only provisional.
    const out = await decodeAll(chunksOf('name\n', 'Bob\n', [0x52, 0x65, 0x6e, 0xe9, 0x0a], [0x80, 0x0a]), 'auto', 5);
    expect(out.text).toBe('name\nBob\nRené\n€\n');
    expect(out.encoding).toBe('windows-1252');
    expect(out.reason).toBe('no byte order mark; plain ASCII up to byte 0xE9 at offset 12, which is not valid UTF-8');
    expect(out.invalid).toEqual([]);
  });

  it('switches at the very end when the input ends with a lone lead byte', async () => {
    const out = await decodeAll(chunksOf('name\n', [0x43, 0x61, 0x66, 0xe9]), 'auto', 5);
    expect(out).toMatchObject({ text: 'name\nCafé', encoding: 'windows-1252' });
  });

  it('commits to UTF-8 once valid multi-byte UTF-8 is seen, and reports later invalid bytes', async () => {
    // Offsets: "ab" 0-1, é 2-3, "\n" 4 | "x" 5, 0xE9 6 (invalid), "y" 7, 0xFF 8 (invalid) | C3 at 9 cut by the end.
    const out = await decodeAll(chunksOf('ab', [0xc3, 0xa9, 0x0a], [0x78, 0xe9, 0x79, 0xff], [0xc3]), 'auto', 2);
    expect(out.encoding).toBe('utf-8');
    expect(out.text).toBe('abé\nx\uFFFDy\uFFFD\uFFFD');
    expect(out.invalid).toEqual([6, 8, 9]);
  });

  it('reports invalid bytes in a fixed UTF-8 input with offsets that count the BOM', async () => {
    const out = await decodeAll(chunksOf([0xef, 0xbb, 0xbf, 0x61, 0x80, 0x62]), 'utf-8');
    expect(out.text).toBe('a\uFFFDb');
    expect(out.invalid).toEqual([4]);
  });

  it('lets a BOM override an explicit encoding', async () => {
    const out = await decodeAll(chunksOf([0xef, 0xbb, 0xbf, 0xc3, 0xa9]), 'windows-1252');
    expect(out).toMatchObject({ text: 'é', encoding: 'utf-8', bom: true });
    expect(out.reason).toContain('overrides the requested windows-1252');
  });

  it('decodes an empty input to nothing', async () => {
    const out = await decodeAll(chunksOf());
    expect(out).toMatchObject({ text: '', encoding: 'utf-8', bom: false });
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < 100; i++) yield Buffer.from(`line ${i}\n`);
      } finally {
        closed = true;
      }
    }
    const decoded = await decodeStream(source(), 'utf-8', { sampleBytes: 1 });
    for await (const piece of decoded.chunks) if (piece.includes('line 3')) break;
    expect(closed).toBe(true);
  });

  it('property: any text encoded as UTF-8 and cut anywhere decodes back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (text, cuts) => {
          const bytes = Buffer.from(text, 'utf8');
          const points = [...new Set(cuts.map((cut) => (bytes.length === 0 ? 0 : cut % bytes.length)))].sort(
            (a, b) => a - b,
          );
          const chunks: number[][] = [];
          let from = 0;
          for (const point of [...points, bytes.length]) {
            chunks.push([...bytes.subarray(from, point)]);
            from = point;
          }
          const out = await decodeAll(chunksOf(...chunks), 'utf-8', 1);
          expect(out.text).toBe(text.startsWith('\uFEFF') ? text.slice(1) : text);
          expect(out.invalid).toEqual([]);
        },
      ),
    );
  });
});

describe('sniffBinary', () => {
  it.each([
    ['gzip', [0x1f, 0x8b, 0x08, 0x00], /gzip/],
    ['xlsx', [0x50, 0x4b, 0x03, 0x04, 0x14], /xlsx/],
    ['NUL byte', [0x61, 0x62, 0x00, 0x63], /NUL byte at offset 2/],
  ])('%s', (_label, bytes, pattern) => {
    expect(sniffBinary(new Uint8Array(bytes))).toMatch(pattern);
  });

  it('passes text', () => {
    expect(sniffBinary(new TextEncoder().encode('Id,Status\r\n1,Open\r\n'))).toBeUndefined();
  });
});

describe('parseEncodingName', () => {
  it.each([
    ['UTF8', 'utf-8'],
    ['utf-8', 'utf-8'],
    ['cp1252', 'windows-1252'],
    ['Latin1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['utf16le', 'utf-16le'],
    ['UTF_16BE', 'utf-16be'],
    ['auto', 'auto'],
    ['shift_jis', undefined],
  ])('%s -> %s', (name, expected) => {
    expect(parseEncodingName(name)).toBe(expected);
  });
});
