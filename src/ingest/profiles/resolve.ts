/** The ticket profile of a file: named, detected from its header, or the generic one for a mapping. */
import { inputError, usageError } from '../../errors.js';
import {
  detectProfile,
  findProfile,
  guessMapping,
  PROFILES,
  type InputKind,
  type Profile,
  type TicketProfile,
} from './index.js';
import { generic } from './tickets/generic.js';

/**
 * The columns of a header for a message: the first 30 as read (after the header clean-up), each
 * quoted as JSON (a name may hold a comma or a line break), then how many there are in all.
 */
function headerColumns(header: readonly string[]): string {
  const shown = header
    .slice(0, 30)
    .map((column) => JSON.stringify(column))
    .join(', ');
  return header.length > 30 ? `${shown}, … (${header.length} in all)` : shown;
}

/** The option that names a profile of each kind. */
const PROFILE_OPTION = { tickets: '--profile', orders: '--orders-profile', events: '--profile' } as const;

/**
 * The profile of kind `kind` named `name`; `auto` detects it from the header.
 * @example
 * // Shopify's order export header
 * profileOf('orders', 'auto', ['Name', 'Financial Status', 'Fulfillment Status', 'Lineitem quantity']).name
 * // 'shopify'
 */
export function profileOf<K extends 'orders' | 'events'>(
  kind: K,
  name: string,
  header: readonly string[],
): (typeof PROFILES)[K][number] {
  if (name === 'auto') return detectProfile(kind, header).profile as (typeof PROFILES)[K][number];
  return namedProfile(kind, name) as (typeof PROFILES)[K][number];
}

/** The profile of kind `kind` named `name`, or a usage error listing that kind's names. */
function namedProfile(kind: InputKind, name: string): Profile {
  const profile = findProfile(kind, name);
  if (profile === undefined) {
    const names = PROFILES[kind].map((p) => p.name);
    throw usageError('unknown_profile', `no ${kind.replace(/s$/, '')} profile named "${name}"`, {
      where: PROFILE_OPTION[kind],
      hint: `Use auto or one of ${names.join(', ')} (\`opsmetrics profiles\` lists them).`,
    });
  }
  return profile;
}

/** `text` as a shell word: itself when it needs no quoting, else in single quotes. */
export const shellWord = (text: string): string =>
  /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The export profile of a ticket file: the one named, else the one its header shows, else `generic`
 * when the user mapped columns. Else an input error (exit 3) listing the header and a `--map` example,
 * with the id, creation and resolution columns guessed, for the command the user ran: `command` is
 * its words before the file (`report`, `inspect`, `check`, `report --orders <orders file> --tickets`).
 */
export function resolveProfile(
  name: string,
  header: readonly string[],
  hasMapping: boolean,
  file: string,
  command = 'report',
): TicketProfile {
  if (name !== 'auto') return namedProfile('tickets', name) as TicketProfile;
  const detection = detectProfile('tickets', header);
  if (detection.profile) return detection.profile;
  if (hasMapping) return generic;
  // A profile is worth naming when most of its signature is there (a renamed column, a missing one).
  const closest =
    detection.closest !== null && detection.closest.missing.length * 2 <= detection.closest.profile.signature.length
      ? detection.closest
      : null;
  const guess = guessMapping(header);
  const resolved = guess.resolved ?? { field: 'solved', column: '<solved column>' };
  throw inputError('unknown_export', `${file}: the header matches no known export profile`, {
    where: `${file}:1`,
    hint: [
      `Its columns: ${headerColumns(header)}.`,
      closest ? `Closest profile: ${closest.profile.name} (missing columns: ${closest.missing.join(', ')}).` : '',
      guess.id !== null || guess.created !== null || guess.resolved !== null
        ? 'Describe the columns with a mapping (the columns named here are guesses from their names: check them), e.g.'
        : 'Describe the columns with a mapping, e.g.',
      // Quoted as JSON, which matches the shell's double quotes for plain names and escapes a line break.
      `  opsmetrics ${command} ${shellWord(file)} --profile generic --map ` +
        `id=${JSON.stringify(guess.id ?? header[0] ?? 'Id')} --map ` +
        `created=${JSON.stringify(guess.created ?? '<creation column>')} ` +
        `--map ${resolved.field}=${JSON.stringify(resolved.column)}`,
      'or under input.map in opsmetrics.config.yml (`opsmetrics profiles` lists the fields).',
    ]
      .filter(Boolean)
      .join('\n  '),
  });
}
