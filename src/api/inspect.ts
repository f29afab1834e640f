/**
 * `inspect`: how one export is read, before a report is trusted: the profile, the column behind each
 * field (and who chose it) with its present / empty / unparseable counts, the span of creation
 * times, the first rows, the hints, and the warnings a report would print (a header that looks like
 * data, offset-less timestamps read in a zone nobody named). Ticket exports and order exports alike.
 */
import { createInspector, createOrderInspector, type InspectResult, type Inspector } from '../ingest/inspect.js';
import { OrderBuilder } from '../ingest/order-builder.js';
import { profileOf, resolveProfile } from '../ingest/profiles/resolve.js';
import { sampling, SAMPLE_ROWS } from '../ingest/samples.js';
import type { EngineOptions } from '../engine/options.js';
import { TicketBuilder } from '../engine/ticket-builder.js';
import { TicketTable } from '../engine/ticket-table.js';
import { OrderTable } from '../model/order.js';
import type { InputOptions, OrderFlags } from '../options/resolve.js';
import { openRecords, withEngineFallback } from './inputs.js';
import { isHeaderError, sampleWarnings, withHeaderHint } from './samples.js';

export interface Inspection {
  result: InspectResult;
  encoding: string;
  delimiter: string | null;
  /** What a report of the file would warn about (a zone to name, a header row that is data). */
  warnings: string[];
  /** The engine's note when the file was read again on the reference reader. */
  note: string | undefined;
}

/**
 * Reads `file` once (again on the reference reader if the fast one gives way) and inspects it: as
 * a ticket export, or as an order export when `orders` (the run's order options) is given.
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
  orders?: OrderFlags,
): Promise<Inspection> {
  const { result, note } = await withEngineFallback(engine, async (reader, stdin) => {
    const records = await openRecords(
      file,
      {
        name: file,
        ...(input.delimiter ? { delimiter: input.delimiter } : {}),
        encoding: input.encoding as 'auto',
        onIssue: () => {},
        columns: input.columns,
      },
      reader,
      stdin,
      engine,
    );
    let inspector: Inspector;
    let profileName: string;
    let zone: string;
    let zoneGiven: boolean;
    let advice: string | undefined;
    try {
      if (orders !== undefined) {
        const profile = profileOf('orders', orders.profileName, records.header);
        zone = orders.userInputTz ?? profile.inputTimezone ?? fallbackZone;
        zoneGiven = orders.userInputTz !== undefined || profile.inputTimezone !== undefined;
        profileName = profile.name;
        inspector = createOrderInspector(
          records.header,
          {
            file,
            profile,
            map: orders.map,
            unmap: orders.unmap,
            inputTimezone: zone,
            from: orders.from,
            dateFormats: orders.dateFormats,
            deadlineZone: orders.promiseTimezone,
            vocabulary: orders.vocabulary,
            nullTokens: input.nullTokens,
          },
          new OrderBuilder(new OrderTable()),
        );
      } else {
        const profile = resolveProfile(
          input.profileName,
          records.header,
          Object.keys(input.map).length > 0,
          file,
          'inspect',
        );
        zone = input.userInputTz ?? profile.inputTimezone ?? fallbackZone;
        zoneGiven = input.userInputTz !== undefined || profile.inputTimezone !== undefined;
        advice = profile.inputTimezoneAdvice;
        profileName = profile.name;
        inspector = createInspector(
          records.header,
          {
            file,
            profile,
            map: input.map,
            unmap: input.unmap,
            inputTimezone: zone,
            ...(profile.dateFormat === undefined ? {} : { dateFormat: profile.dateFormat }),
            dateFormats: input.dateFormats,
            nullTokens: input.nullTokens,
          },
          new TicketBuilder(new TicketTable()),
        );
      }
    } catch (error) {
      if (!isHeaderError(error)) throw error;
      const command = orders === undefined ? 'inspect' : 'inspect --orders';
      throw withHeaderHint(error, file, records.header, await records.peek(SAMPLE_ROWS), command);
    }
    const sample: string[][] = [];
    const { account } = await records.feed(sampling(inspector.add, sample, SAMPLE_ROWS), profileName);
    const warnings = sampleWarnings(file, records.header, sample, inspector.dateColumns, {
      columnsGiven: input.columns !== undefined,
      zoneGiven,
      zone,
      advice,
      option: orders === undefined ? '--input-tz' : '--orders-input-tz',
      command: orders === undefined ? 'inspect' : 'inspect --orders',
    });
    return { result: inspector.result(), encoding: account.encoding, delimiter: account.delimiter, warnings };
  });
  return { ...result, note };
}
