/**
 * `inspect`: how one export is read, before a report is trusted: the profile, the column behind each
 * field with its present / empty / unparseable counts, the span of creation times, the first rows.
 */
import { createInspector, type InspectResult } from '../ingest/inspect.js';
import { resolveProfile } from '../ingest/profiles/resolve.js';
import type { EngineOptions } from '../engine/options.js';
import { TicketBuilder } from '../engine/ticket-builder.js';
import { TicketTable } from '../engine/ticket-table.js';
import type { InputOptions } from '../options/resolve.js';
import { openRecords, withEngineFallback } from './inputs.js';

export interface Inspection {
  result: InspectResult;
  encoding: string;
  delimiter: string | null;
  /** The profile's advice when the user named no input zone, else null. */
  warning: string | null;
  /** The engine's note when the file was read again on the reference reader. */
  note: string | undefined;
}

/**
 * Reads `file` once (again on the reference reader if the fast one gives way) and inspects it.
 * @example
 * import { loadConfig } from './config.js';
 * import { resolveInputOptions } from '../options/resolve.js';
 * import { DEFAULT_ENGINE } from '../engine/options.js';
 * // fixtures/examples: four tickets created 2025-11-17 09:00 to 2025-11-20 12:00 (UTC)
 * const config = await loadConfig('fixtures/examples/opsmetrics.config.yml');
 * const input = resolveInputOptions({}, config);
 * const { result, delimiter } = await inspectFile('fixtures/examples/tickets.csv', input, 'UTC', DEFAULT_ENGINE);
 * [delimiter, result.tickets, result.created]
 * // [',', 4, { min: '2025-11-17T09:00:00+00:00', max: '2025-11-20T12:00:00+00:00', timezone: 'UTC' }]
 */
export async function inspectFile(
  file: string,
  input: InputOptions,
  fallbackZone: string,
  engine: EngineOptions,
): Promise<Inspection> {
  const { result, note } = await withEngineFallback(engine, async (reader, stdin) => {
    const records = await openRecords(
      file,
      {
        name: file,
        ...(input.delimiter ? { delimiter: input.delimiter } : {}),
        encoding: input.encoding as 'auto',
        onIssue: () => {},
      },
      reader,
      stdin,
      engine,
    );
    const profile = resolveProfile(
      input.profileName,
      records.header,
      Object.keys(input.map).length > 0,
      file,
      'inspect',
    );
    const dateFormat = input.dateFormat ?? profile.dateFormat;
    const inspector = createInspector(
      records.header,
      {
        file,
        profile,
        map: input.map,
        inputTimezone: input.userInputTz ?? profile.inputTimezone ?? fallbackZone,
        ...(dateFormat === undefined ? {} : { dateFormat }),
        nullTokens: input.nullTokens,
      },
      new TicketBuilder(new TicketTable()),
    );
    const { account } = await records.feed((cells, line) => inspector.add(cells, line), profile.name);
    const warning =
      !input.userInputTz && profile.warnWithoutInputTimezone
        ? `opsmetrics: warning: ${file}: ${profile.warnWithoutInputTimezone}`
        : null;
    return { result: inspector.result(), encoding: account.encoding, delimiter: account.delimiter, warning };
  });
  return { ...result, note };
}
