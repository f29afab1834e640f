/**
 * Bare carriage returns in CSV text (a CR not followed by LF): csv-parse takes one outside quotes as
 * a record delimiter (old Mac files end every line so), which splits a record whose unquoted value
 * holds one into two pieces, both too short. The reference reader (csv.ts) asks this tracker whether
 * a record ended at a bare CR, to report the pieces as the one row they are, naming the CR.
 */

/**
 * The UTF-8 byte offsets just after each bare CR of a text fed chunk by chunk (csv-parse counts its
 * position, `info.bytes`, in UTF-8 bytes). A CR at the end of a chunk is decided by the next chunk.
 */
export class BareCrTracker {
  /** Offsets not yet asked about, ascending. */
  private readonly offsets: number[] = [];
  private head = 0;
  private bytes = 0;
  /** The offset after a CR that ended the previous chunk (undecided), or -1. */
  private pending = -1;

  /**
   * Notes the bare CRs of the next chunk; call before the chunk is given to the parser.
   * @example const t = new BareCrTracker(); t.feed('a,b\rc,d\r'); t.feed('\ne'); t.endedAt(4) // true
   */
  feed(chunk: string): void {
    if (this.pending >= 0) {
      if (chunk.charCodeAt(0) !== 0x0a) this.offsets.push(this.pending);
      this.pending = -1;
    }
    let from = 0;
    let bytes = this.bytes;
    for (let i = chunk.indexOf('\r'); i >= 0; i = chunk.indexOf('\r', i + 1)) {
      bytes += Buffer.byteLength(chunk.slice(from, i + 1));
      from = i + 1;
      if (i + 1 === chunk.length) this.pending = bytes;
      else if (chunk.charCodeAt(i + 1) !== 0x0a) this.offsets.push(bytes);
    }
    this.bytes = bytes + (from < chunk.length ? Buffer.byteLength(chunk.slice(from)) : 0);
  }

  /** The input ended: a CR that ended it was bare. */
  end(): void {
    if (this.pending >= 0) this.offsets.push(this.pending);
    this.pending = -1;
  }

  /**
   * Whether the record csv-parse pushed at byte offset `bytes` (its `info.bytes`) ended at a bare CR.
   * Asked with ascending offsets; earlier CRs (inside quotes) are let go.
   */
  endedAt(bytes: number): boolean {
    while (this.head < this.offsets.length && (this.offsets[this.head] as number) < bytes) this.head++;
    if (this.head > 1024) {
      this.offsets.splice(0, this.head);
      this.head = 0;
    }
    return this.offsets[this.head] === bytes;
  }
}

/** The hint of a row a bare CR split. */
export const BARE_CR_HINT =
  'Quote the value that holds the line break, or remove the carriage return from it, and export again.';

/**
 * A record that ended at a bare CR, held until the next record says whether the CR cut it: a short
 * record after it is its rest (one row in pieces, reported once as `ragged_row`); a whole one means
 * the CR was a line end (the held record, if whole, is passed on).
 */
export class CrSplitRow {
  private split: { line: number; lastLine: number; cells: string[]; counts: number[] } | undefined;

  get holding(): boolean {
    return this.split !== undefined;
  }

  hold(cells: readonly string[], line: number): void {
    this.split = { line, lastLine: line, cells: [...cells], counts: [cells.length] };
  }

  /**
   * Joins a short record to the held row (the CR back inside the cut value); returns whether the row
   * is complete (`settle` it): it is not while it is still short and the piece ended at a bare CR too.
   */
  join(cells: readonly string[], line: number, endedByCr: boolean, width: number): boolean {
    const split = this.split as NonNullable<typeof this.split>;
    const last = split.cells.pop() ?? '';
    split.cells.push(`${last}\r${cells[0] ?? ''}`, ...cells.slice(1));
    split.counts.push(cells.length);
    split.lastLine = line;
    return !(endedByCr && split.cells.length < width);
  }

  /**
   * Ends the held row: a whole record (a CR line end) to pass on, or the pieces of a cut row with the
   * message of its `ragged_row` issue; undefined when nothing is held.
   */
  settle(width: number): { whole: boolean; cells: string[]; line: number; message: string } | undefined {
    const split = this.split;
    if (split === undefined) return undefined;
    this.split = undefined;
    const { line, lastLine, cells, counts } = split;
    const cr = 'a bare CR (a carriage return without a line feed) in an unquoted value';
    return {
      whole: counts.length === 1 && cells.length === width,
      cells,
      line,
      message:
        counts.length === 1
          ? `${counts[0]} cells where the header has ${width}: ${cr} ended line ${line} early`
          : `${cr} split one row into lines ${line}-${lastLine}, read as pieces of ${counts.join(' + ')} cells ` +
            `where the header has ${width}`,
    };
  }
}
