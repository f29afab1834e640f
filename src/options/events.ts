/** The event-log options (docs/events.md): flags and the config's `events:` section. */
import { usageError } from '../errors.js';
import { formatFromPath } from '../report/renderers/registry.js';
import { wholeNumber, type ReportFlags } from './flags.js';
import type { Config } from './schema.js';

/** How event logs are read and summarized (docs/events.md); the defaults are stated in the report. */
export interface EventLogOptions {
  /** A cancellation is a close (`closed`, default) or an end without resolution (`unresolved`). */
  cancelled: 'closed' | 'unresolved';
  caseAttributes: 'first' | 'last';
  caseEnd: string | undefined;
  /** Bottleneck transitions seen in fewer cases are left out (default 30). */
  bottleneckMinCases: number;
  /** Write the variant list instead of the report. */
  variants: boolean;
  collapseRepeats: boolean;
  /** The variant list's first N rows only (null: all). */
  top: number | null;
}

/** The formats the variant list (`--variants`) is written in. */
export const VARIANT_FORMATS: readonly string[] = ['table', 'csv', 'tsv', 'json', 'ndjson', 'markdown'];

/** The default of `--bottleneck-min-cases`: a transition seen in fewer cases has no median worth ranking. */
export const DEFAULT_BOTTLENECK_MIN_CASES = 30;

/**
 * The event-log options of a run from its flags and the config's `events:` section.
 * @example resolveEventLogOptions({}, { input: {}, report: {}, schedules: {} }).bottleneckMinCases // 30
 */
export function resolveEventLogOptions(flags: ReportFlags, config: Config): EventLogOptions {
  const events = config.events ?? {};
  const eventFlags = (['variants', 'variantsCollapseRepeats', 'top', 'caseEnd'] as const).filter(
    (f) => flags[f] !== undefined,
  );
  if (eventFlags.length > 0 && (flags.events ?? []).length === 0) {
    const name = `--${eventFlags[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw usageError('bad_option', `${name} applies to event logs: pass them with --events`, {
      where: name,
      hint: 'For example: opsmetrics report --events log.csv --variants --format csv.',
    });
  }
  const top = flags.top === undefined ? null : wholeNumber(flags.top, '--top', 0);
  if (top === 0) {
    throw usageError('bad_option', '--top must be a whole number > 0, found "0"', {
      where: '--top',
      hint: 'For example --top 20.',
    });
  }
  if (top !== null && flags.variants !== true) {
    throw usageError('bad_option', '--top applies to the variant list: add --variants', {
      where: '--top',
      hint: 'For example: opsmetrics report --events log.csv --variants --top 20.',
    });
  }
  if (flags.variants === true) {
    const file = flags.output !== undefined && flags.output !== '-' ? flags.output : undefined;
    const format = flags.format ?? (file === undefined ? null : formatFromPath(file)) ?? 'table';
    if (!VARIANT_FORMATS.includes(format)) {
      throw usageError('bad_option', `--variants cannot be written as ${format}`, {
        where: flags.format === undefined ? '--output' : '--format',
        hint: `Use ${VARIANT_FORMATS.join(', ')}.`,
      });
    }
  }
  const minCases =
    flags.bottleneckMinCases === undefined
      ? (events.bottleneck_min_cases ?? DEFAULT_BOTTLENECK_MIN_CASES)
      : wholeNumber(flags.bottleneckMinCases, '--bottleneck-min-cases', DEFAULT_BOTTLENECK_MIN_CASES);
  return {
    cancelled: events.cancelled ?? 'closed',
    caseAttributes: flags.caseAttributes ?? events.case_attributes ?? 'first',
    caseEnd: flags.caseEnd ?? events.case_end,
    bottleneckMinCases: Math.max(1, minCases),
    variants: flags.variants ?? false,
    collapseRepeats: flags.variantsCollapseRepeats ?? events.variants_collapse_repeats ?? false,
    top,
  };
}
