/**
 * `opsmetrics init`: writes a commented starter `opsmetrics.config.yml`. It never overwrites an
 * existing file unless `--force` is given.
 */
import { writeFile } from 'node:fs/promises';
import { ExitCode, usageError } from '../../errors.js';
import { writeFileAtomic } from '../io.js';

/** The starter config: every section commented, valid as written (a test parses it). */
export const STARTER_CONFIG = `# opsmetrics configuration. Command-line flags override these values.
# Docs: README.md ("Config file", "opsmetrics check"). Delete what you do not need.

input:
  # profile: auto                 # zendesk | freshdesk | servicenow | jira | generic; auto detects it from the header
  # timezone: America/New_York    # zone of timestamps written without an offset
  # date_format: dd.MM.yyyy HH:mm # only for non-ISO dates (date-fns tokens); a list is tried in order
  # date_formats: { opened_at: "d/M/yyyy HH:mm" }   # one field's or column's own format(s)
  # columns: [id, opened, closed] # a file without a header row: its column names
  # map:                          # for --profile generic: field -> column header
  #   id: Ticket No
  #   created: Opened
  #   first_reply: First Response
  #   solved: Resolved
  #   priority: Priority
  #   agent: null                 # null switches off a field the profile maps

report:
  timezone: UTC                   # zone of days, weeks and months, and of --since/--until
  # period: week                  # day | week | month
  # by: [team]
  # resolution_instant: solved    # solved_or_closed (default: solved, else closed) | solved

# Your own metrics from a number column, usable in checks by id.
# metrics:
#   handle_time: { column: "Handle Time (h)", stat: [mean, median, p90], unit: hours }

# Business hours: weekly open intervals in a zone, plus holidays.
schedules:
  support:
    timezone: UTC
    hours:
      mon: ["09:00-17:00"]
      tue: ["09:00-17:00"]
      wed: ["09:00-17:00"]
      thu: ["09:00-17:00"]
      fri: ["09:00-17:00"]
    holidays: []                  # e.g. ["2025-12-25", { date: "2025-12-31", hours: ["09:00-13:00"] }]

# SLA targets per priority (matched case-insensitively; "3 - Moderate" also matches moderate).
# Durations: 30m, 4h, 2d, 1h30m. clock: calendar (default) or business with schedule: <name>.
# Tickets whose priority has no target use default; without default they have no target.
sla:
  first_reply: { urgent: 1h, high: 4h, normal: 8h, low: 24h, clock: business, schedule: support }
  resolution:
    urgent: 8h
    high: 24h
    default: 72h

# Thresholds for \`opsmetrics check\`: [stat(]metric[)] op target [by dim,...]
# op: <= < >= > == !=; target: 95% (rates), 4h (durations), 20 (counts).
checks:
  - "p90(frt) <= 8h"
  - "sla.first_reply.achievement >= 90%"
  - { expr: "sla.resolution.achievement >= 95% by priority", min_sample: 20, severity: warning }
`;

export interface InitFlags {
  force?: boolean;
}

/** Writes `file` (default `opsmetrics.config.yml`); refuses an existing file without --force (exit 2). */
export async function runInit(file: string, flags: InitFlags): Promise<number> {
  if (flags.force) {
    await writeFileAtomic(file, STARTER_CONFIG);
  } else {
    // 'wx' creates the file only if it does not exist, with no window between the check and the write.
    await writeFile(file, STARTER_CONFIG, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') {
        throw usageError('config_exists', `${file} already exists; not overwritten`, {
          where: file,
          hint: 'Use --force to replace it, or edit it.',
        });
      }
      throw usageError('cannot_write', `cannot write ${file}: ${error.message}`, {
        where: file,
        hint: 'Check that the folder exists and is writable.',
      });
    });
  }
  process.stderr.write(`opsmetrics: wrote ${file}; edit it, then run \`opsmetrics check <export>\`\n`);
  return ExitCode.ok;
}
