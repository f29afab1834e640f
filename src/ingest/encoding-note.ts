/**
 * The warning for an encoding opsmetrics chose itself: `--encoding auto` reads a file that is not
 * UTF-8 as Windows-1252, and UTF-16 by its byte order mark or its NUL bytes. Every character outside
 * ASCII is then what the guess made of its bytes (a UTF-8 `é` read as Windows-1252 is `Ã©`), so the
 * choice is stated on standard error and, as every warning, in the report's assumptions.
 */

const LABELS: Readonly<Record<string, string>> = {
  'windows-1252': 'Windows-1252',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

/** The first cell (header first) holding a character outside ASCII, cut to 40 characters. */
function firstNonAscii(rows: readonly (readonly string[])[]): string | undefined {
  for (const row of rows) {
    for (const cell of row) {
      if (/[\u0080-\u{10ffff}]/u.test(cell)) return cell.length > 40 ? `${cell.slice(0, 39)}…` : cell;
    }
  }
  return undefined;
}

/**
 * The warning for `file` read as `used` when the user asked for `requested`, or null when the
 * encoding was not guessed (UTF-8, or the encoding the user named) or decides nothing (UTF-8's BOM).
 * `reason` says why (detectEncoding); `rows` are the header and first records, for an example.
 * @example
 * encodingWarning('t.csv', 'auto', 'windows-1252', 'byte 0xE9 at offset 3', [['Café']])?.split(': every')[0]
 * // 'opsmetrics: warning: t.csv: read as Windows-1252, a guess (byte 0xE9 at offset 3), e.g. "Café"'
 * @example encodingWarning('t.csv', 'windows-1252', 'windows-1252', 'windows-1252 as requested', [['Café']]) // null
 */
export function encodingWarning(
  file: string,
  requested: string,
  used: string,
  reason: string,
  rows: readonly (readonly string[])[],
): string | null {
  const label = LABELS[used];
  // A byte order mark wins over a named encoding: that, too, is the reader's choice, not the user's.
  if (label === undefined || (requested !== 'auto' && !reason.includes('overrides'))) return null;
  const example = firstNonAscii(rows);
  return (
    `opsmetrics: warning: ${file}: read as ${label}, a guess (${reason})` +
    `${example === undefined ? '' : `, e.g. "${example}"`}: every character outside ASCII is what the guess ` +
    'makes of its bytes; name the encoding with --encoding utf-8, windows-1252, utf-16le or utf-16be'
  );
}
