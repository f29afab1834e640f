/**
 * JSON text in pieces: the same characters as `JSON.stringify(value, null, indent)`, given as a
 * sequence of strings so that a document larger than V8's longest string (2^29 - 24 characters: a
 * report of about 130,000 groups) can still be written. Large arrays and objects are walked here, a
 * piece per member; small values (at most `SMALL_NODES` nested values) are left to `JSON.stringify`
 * and re-indented, which keeps the walk cheap.
 */

/** Values in a subtree that `JSON.stringify` writes in one piece. */
const SMALL_NODES = 512;

/** Whether `value` holds at most `budget` nested values (arrays, objects and their members). */
function isSmall(value: unknown, budget: number): boolean {
  let left = budget;
  const visit = (v: unknown): boolean => {
    if (--left < 0) return false;
    if (typeof v !== 'object' || v === null) return true;
    if (Array.isArray(v)) {
      for (const item of v) if (!visit(item)) return false;
      return true;
    }
    for (const key of Object.keys(v)) if (!visit((v as Record<string, unknown>)[key])) return false;
    return true;
  };
  return visit(value);
}

/** What `JSON.stringify` serializes for a member: the result of `toJSON` when there is one. */
function jsonValue(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  return value;
}

/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * `JSON.stringify(value, null, indent)` as a sequence of pieces whose concatenation is exactly that
 * text (undefined, a function or a symbol at the top, which `JSON.stringify` turns into undefined,
 * gives no piece). Pieces are small or about the size of `SMALL_NODES` values.
 * @example [...jsonPieces({ a: [1, { b: 2 }] }, 2)].join('') === JSON.stringify({ a: [1, { b: 2 }] }, null, 2) // true
 */
export function* jsonPieces(value: unknown, indent: 0 | 2, smallNodes = SMALL_NODES): Generator<string> {
  yield* piecesOf(jsonValue(value, ''), '', indent === 0 ? '' : '  ', smallNodes);
}

function* piecesOf(value: unknown, pad: string, step: string, smallNodes: number): Generator<string> {
  if (typeof value !== 'object' || value === null || isSmall(value, smallNodes)) {
    const text = JSON.stringify(value, null, step);
    if (text === undefined) return;
    // JSON strings hold no raw line break: every one in the text is the layout's, indented by `pad`.
    yield pad === '' ? text : text.replaceAll('\n', `\n${pad}`);
    return;
  }
  const inner = pad + step;
  const newline = step === '' ? '' : `\n${inner}`;
  const colon = step === '' ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? newline : `,${newline}`;
      const item = jsonValue(value[i], String(i));
      // In an array, what JSON.stringify leaves out of an object is written as null.
      if (omitted(item)) yield 'null';
      else yield* piecesOf(item, inner, step, smallNodes);
    }
    yield step === '' ? ']' : `\n${pad}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const member = jsonValue((value as Record<string, unknown>)[key], key);
    if (omitted(member)) continue;
    yield `${first ? '{' : ','}${newline}${JSON.stringify(key)}${colon}`;
    first = false;
    yield* piecesOf(member, inner, step, smallNodes);
  }
  yield first ? '{}' : step === '' ? '}' : `\n${pad}}`;
}
