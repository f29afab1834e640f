/**
 * Data text on its way out of a file: to a CI log (a line starting with `::` is a GitHub Actions
 * workflow command: `::add-mask::`, `::error::`, `::stop-commands::`) or to a terminal (escape
 * sequences recolor, move the cursor, retitle the window). Only text from the data goes through
 * here; what the renderers write themselves is known safe.
 */
import { stripControlKeepLines } from '../text.js';

// A line break, then optional blanks, then `::` (a workflow command) or `##[` (the runner's older form).
const COMMAND_LINE = /(\r\n|\r|\n)([ \t]*)(?=::|##\[)/g;

/**
 * A data text whose later lines cannot start a workflow command: an apostrophe goes before such a
 * line (as before a formula in CSV). The first line is left alone: it never starts an output line
 * (the period label comes first in every row).
 *
 * @example logSafe('ok\n::error::pwned') // "ok\n'::error::pwned"
 * @example logSafe('a::b') // 'a::b'
 */
export function logSafe(text: string): string {
  return text.replace(COMMAND_LINE, "$1$2'");
}

/**
 * A data text without escape sequences and control characters but for tab, CR and LF (which CSV keeps
 * inside a quoted cell).
 *
 * @example terminalSafe('\u001b[31mRed\u001b[0m\nnext') // 'Red\nnext'
 */
export function terminalSafe(text: string): string {
  return stripControlKeepLines(text);
}
