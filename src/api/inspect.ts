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
import type { EventInspection } from '../ingest/events/inspect.js';
import type { Config } from '../options/schema.js';
import type { EngineOptions } from '../engine/options.js';
import { TicketBuilder } from '../engine/ticket-builder.js';
import { TicketTable } from '../engine/ticket-table.js';
import { OrderTable } from '../model/order.js';
import type { InputOptions, OrderFlags } from '../options/resolve.js';
import { eventFieldMap } from '../options/input.js';
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

export interface EventFileInspection {
  file: string;
  encoding: string;
  delimiter: string | null;
  result: EventInspection;
}

/**
 * `inspect --events`: reads each event log once (again on the reference reader if the fast one gives
 * way) and shows how it is read: columns per event field (mapped or picked), counts, cases, span and
 * the vocabulary's reading of its most frequent activities and statuses (src/ingest/events/inspect.ts).
 * @example
 * import { resolveInputOptions } from '../options/resolve.js';
 * import { DEFAULT_ENGINE } from '../engine/options.js';
 * // fixtures/events/log.csv: 27 events of 4 cases (C1..C4), 2025-03-03 09:00 to 2025-03-04 15:30 (UTC)
 * const config = { input: {}, report: {}, schedules: {} };
 * const input = resolveInputOptions({}, config);
 * const { files } = await inspectEventFiles(['fixtures/events/log.csv'], input, config, 'UTC', DEFAULT_ENGINE);
 * const { delimiter, result } = files[0];
 * [delimiter, result.rows, result.cases, result.span]
 * // [',', 27, 4, { from: '2025-03-03T09:00:00+00:00', to: '2025-03-04T15:30:00+00:00', timezone: 'UTC' }]
 */
export async function inspectEventFiles(
  files: readonly string[],
  input: InputOptions,
  config: Config,
  fallbackZone: string,
  engine: EngineOptions,
): Promise<{ files: EventFileInspection[]; note: string | undefined }> {
  const { openEventSource } = await import('./events.js');
  const { createEventInspector } = await import('../ingest/events/inspect.js');
  const { compileVocabulary } = await import('../ingest/events-vocabulary.js');
  const { eventsXes } = await import('../ingest/profiles/events/xes.js');
  const vocabulary = compileVocabulary(config.events?.vocabulary ?? {});
  const map = eventFieldMap(config.events?.map, input.flagMap);
  const profileName = input.profileName.startsWith('events-') ? input.profileName : 'auto';
  const { result, note } = await withEngineFallback(engine, async (reader, stdin) => {
    const inspected: EventFileInspection[] = [];
    for (const file of files) {
      const source = await openEventSource(file, {
        records: {
          name: file,
          ...(input.delimiter ? { delimiter: input.delimiter } : {}),
          encoding: input.encoding as 'auto',
          onIssue: () => {},
        },
        reader,
        engine,
        stdin,
        wanted: Object.values(map).filter((c) => c.trim() !== ''),
      });
      const profile =
        source.xes && profileName === 'auto' ? eventsXes : profileOf('events', profileName, source.header);
      const inspector = createEventInspector(source.header, {
        profile,
        map,
        vocabulary,
        inputTimezone: input.userInputTz ?? fallbackZone,
        dateFormat: input.dateFormat,
        nullTokens: input.nullTokens,
      });
      const { account } = await source.feed((cells, line) => inspector.add(cells, line), profile.name);
      inspected.push({ file, encoding: account.encoding, delimiter: account.delimiter, result: inspector.result() });
    }
    return inspected;
  });
  return { files: result, note };
}
