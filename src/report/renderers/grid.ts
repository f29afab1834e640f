/**
 * A boxed text grid for the terminal, drawn in one pass: the widths are measured once over all cells,
 * then each line is written once, so a table of n cells costs O(n) (cli-table3, used before, laid out
 * rows in quadratic time: 8,000 groups took about 20 s). Same look as before: light box characters,
 * one space of padding, the header ruled off, body rows ruled off only when a cell spans several lines.
 */

/** A way to color a line's text (chalk at the level the caller chose); padding is never colored. */
export type Paint = (text: string) => string;

/** One line of a cell: plain text (control characters already removed) and how to paint it. */
export interface GridLine {
  text: string;
  paint?: Paint | undefined;
}

export interface GridCell {
  lines: GridLine[];
  align?: 'left' | 'right';
}

/** A cell of one line, or of several when `text` holds line breaks (all painted alike). */
export function gridCell(text: string, paint?: Paint, align?: 'left' | 'right'): GridCell {
  const lines = text.split('\n').map((line) => (paint === undefined ? { text: line } : { text: line, paint }));
  return align === undefined ? { lines } : { lines, align };
}

/** Cells shown as the lines of one cell, aligned like the first. */
export function stackCells(first: GridCell, ...rest: GridCell[]): GridCell {
  const lines = [first, ...rest].flatMap((cell) => cell.lines);
  return first.align === undefined ? { lines } : { lines, align: first.align };
}

/**
 * Columns a text takes on a terminal: East Asian wide and full-width characters and most emoji take
 * two, combining marks and zero-width characters none, everything else one.
 *
 * @example displayWidth('Billing') // 7
 * @example displayWidth('請求') // 4
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x300) width += 1;
    else if (isZeroWidth(code)) continue;
    else width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x1ab0 && code <= 0x1aff) ||
    (code >= 0x20d0 && code <= 0x20ff)
  );
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/**
 * `text` broken into lines of at most `width` columns: between words where it can, inside a word
 * longer than the width.
 *
 * @example wrapText('no satisfaction column', 10) // ['no', 'satisfacti', 'on column']
 */
export function wrapText(text: string, width: number): string[] {
  if (width < 1 || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const flush = () => {
    if (line !== '') lines.push(line);
    line = '';
    lineWidth = 0;
  };
  for (const word of text.split(' ')) {
    const wordWidth = displayWidth(word);
    if (line !== '' && lineWidth + 1 + wordWidth <= width) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
      continue;
    }
    flush();
    if (wordWidth <= width) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    // A word longer than the width: cut into pieces of the width, the last one goes on.
    for (const char of word) {
      const w = displayWidth(char);
      if (lineWidth + w > width) flush();
      line += char;
      lineWidth += w;
    }
  }
  flush();
  return lines;
}

/** The widest line of each column, over the header and the body. */
export function naturalWidths(head: readonly GridCell[], body: readonly (readonly GridCell[])[]): number[] {
  const widths = head.map((cell) => cellWidth(cell));
  for (const row of body) {
    for (let c = 0; c < row.length; c++) {
      const w = cellWidth(row[c] as GridCell);
      if (w > (widths[c] ?? 0)) widths[c] = w;
    }
  }
  return widths;
}

function cellWidth(cell: GridCell): number {
  let widest = 0;
  for (const line of cell.lines) {
    const w = displayWidth(line.text);
    if (w > widest) widest = w;
  }
  return widest;
}

/** Columns a grid of these content widths takes: each column plus its padding, and the borders. */
export function gridWidth(widths: readonly number[]): number {
  let total = 1;
  for (const w of widths) total += w + 3;
  return total;
}

export interface DrawOptions {
  /** Content width of each column; longer lines are wrapped. Default: the natural widths. */
  widths?: readonly number[];
  /** Rule off every body row. Default: only when some body cell has several lines. */
  separators?: boolean;
}

/**
 * The grid as text lines (no trailing newline). Widths are measured once; then each row is written
 * once: linear in the number of cells.
 */
export function drawGrid(
  head: readonly GridCell[],
  body: readonly (readonly GridCell[])[],
  options: DrawOptions = {},
): string[] {
  const widths = options.widths ?? naturalWidths(head, body);
  const wrap = options.widths !== undefined;
  const rule = (left: string, middle: string, right: string) =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right;
  const fitted = (cells: readonly GridCell[]): GridCell[] =>
    widths.map((w, c) => {
      const cell = cells[c] ?? { lines: [] };
      if (!wrap) return cell;
      const lines = cell.lines.flatMap((line) =>
        wrapText(line.text, w).map((text) => (line.paint === undefined ? { text } : { text, paint: line.paint })),
      );
      return cell.align === undefined ? { lines } : { lines, align: cell.align };
    });
  const rows = body.map(fitted);
  const separators = options.separators ?? rows.some((row) => row.some((cell) => cell.lines.length > 1));
  const out: string[] = [rule('┌', '┬', '┐')];
  const write = (cells: readonly GridCell[]) => {
    let height = 1;
    for (const cell of cells) if (cell.lines.length > height) height = cell.lines.length;
    for (let l = 0; l < height; l++) {
      let text = '│';
      for (let c = 0; c < widths.length; c++) {
        const cell = cells[c] as GridCell;
        const line = cell.lines[l];
        const content = line?.text ?? '';
        const pad = ' '.repeat(Math.max(0, (widths[c] as number) - displayWidth(content)));
        const painted = line?.paint === undefined || content === '' ? content : line.paint(content);
        text += cell.align === 'right' ? ` ${pad}${painted} │` : ` ${painted}${pad} │`;
      }
      out.push(text);
    }
  };
  write(fitted(head));
  out.push(rule('├', '┼', '┤'));
  for (let r = 0; r < rows.length; r++) {
    if (r > 0 && separators) out.push(rule('├', '┼', '┤'));
    write(rows[r] as GridCell[]);
  }
  out.push(rule('└', '┴', '┘'));
  return out;
}
