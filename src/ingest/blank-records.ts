/**
 * The blank records of a CSV file, counted as the CSV reader (csv.ts) counts them, without parsing
 * the rest: for an engine that reads the file itself (DuckDB, `report --engine duckdb`), which drops
 * empty lines without a trace and rejects a line of spaces, where the JS reader skips both as blank
 * and says how many.
 */

/** What a counting pass saw: blank records (empty lines, and records whose cells are all empty or white space). */
export interface BlankRecords {
  blank: number;
  /** Records up to and including the first that is not blank (the header's, lines to skip to the data), 0 without one. */
  throughFirst: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** ASCII white space (a no-break space, two bytes in UTF-8, is taken as content). */
const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0b || byte === 0x0c;

/**
 * Counts the blank records of a CSV byte stream (UTF-8, already decompressed): a record ends at a
 * CR, LF or CRLF outside quotes; a quote opens a quoted field only at the start of a field, where
 * `""` inside it is a quote; a record is blank when every cell is empty or white space (an empty
 * line is one blank record, the line break at the very end of the file none). Blank records before
 * the header count too, as the JS reader counts them.
 * @example
 * const file = Buffer.from('id,created\n1,2025-11-03\n,,\n\n  ,\t\n"",""\n2,"a\n\nb"\n');
 * await countBlankRecords([file], ',') // { blank: 4, throughFirst: 1 }
 */
export async function countBlankRecords(
  bytes: AsyncIterable<Buffer> | Iterable<Buffer>,
  delimiter: string,
): Promise<BlankRecords> {
  const delim = delimiter.charCodeAt(0);
  let blank = 0;
  // The record so far: any byte at all, any content (a byte that is no delimiter, quote or space).
  let chars = false;
  let content = false;
  let atFieldStart = true;
  let quoted = false;
  /** A quote seen inside a quoted field: the next byte says whether it was `""` or the closing quote. */
  let quoteInQuoted = false;
  /** A CR ended the last record: an LF right after it is the same line break. */
  let afterCr = false;
  let first = true;
  let records = 0;
  let throughFirst = 0;
  const endRecord = () => {
    records++;
    if (!content) blank++;
    else if (throughFirst === 0) throughFirst = records;
    chars = false;
    content = false;
    atFieldStart = true;
  };
  for await (const chunk of bytes) {
    let i = 0;
    // A UTF-8 byte order mark is no content.
    if (first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    if (chunk.length > 0) first = false;
    for (; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (afterCr) {
        afterCr = false;
        if (byte === LF) continue;
      }
      if (quoteInQuoted) {
        quoteInQuoted = false;
        if (byte === QUOTE) {
          content = true;
          continue;
        }
        quoted = false;
      }
      if (quoted) {
        if (byte === QUOTE) quoteInQuoted = true;
        else if (!isSpace(byte) && byte !== LF && byte !== CR) content = true;
        continue;
      }
      if (byte === LF || byte === CR) {
        endRecord();
        afterCr = byte === CR;
        continue;
      }
      chars = true;
      if (byte === delim) {
        atFieldStart = true;
        continue;
      }
      if (byte === QUOTE && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        continue;
      }
      atFieldStart = false;
      if (!isSpace(byte)) content = true;
    }
  }
  if (chars || quoted || quoteInQuoted) endRecord();
  return { blank, throughFirst };
}
