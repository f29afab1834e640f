/** The ticket profile of a file: named, detected from its header, or the generic one for a mapping. */
import { inputError, usageError } from '../../errors.js';
import { detectProfile, findProfile, guessMapping, type Profile } from './index.js';

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

/**
 * The export profile of a file: the one named, else the one its header shows, else `generic` when
 * the user mapped columns. Else an input error (exit 3) listing the header and a `--map` example,
 * with the id, creation and resolution columns guessed, for the command the user ran: `command` is
 * its words before the file (`report`, `inspect`, `check`, `report --orders <orders file> --tickets`).
 */
export function resolveProfile(
  name: string,
  header: readonly string[],
  hasMapping: boolean,
  file: string,
  command = 'report',
): Profile {
  if (name !== 'auto') {
    const profile = findProfile(name);
    if (!profile)
      throw usageError('unknown_profile', `unknown profile "${name}"`, {
        where: '--profile',
        hint: 'Run `opsmetrics profiles` for the list.',
      });
    return profile;
  }
  const detection = detectProfile(header);
  if (detection.profile) return detection.profile;
  if (hasMapping) return findProfile('generic') as Profile;
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
      `  opsmetrics ${command} ${file} --profile generic --map ` +
        `id=${JSON.stringify(guess.id ?? header[0] ?? 'Id')} --map ` +
        `created=${JSON.stringify(guess.created ?? '<creation column>')} ` +
        `--map ${resolved.field}=${JSON.stringify(resolved.column)}`,
      'or under input.map in opsmetrics.config.yml (`opsmetrics profiles` lists the fields).',
    ]
      .filter(Boolean)
      .join('\n  '),
  });
}
