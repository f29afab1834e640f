/**
 * What `opsmetrics sql` prints for one representative command, in each dialect, kept beside this file
 * (snapshots/<dialect>.sql): a change of the generated SQL shows in review as a diff of these files.
 * The command: `sql --columns id,created,first_reply,solved,priority,team,customer,reopens,agent_replies
 * --period week --by team --tz America/New_York --dialect <dialect>`. Where a change is meant, run
 * `npx vitest run test/sql/snapshots.test.ts -u` and read the diff; CI (CI=true) writes none.
 */
import { expect, it } from 'vitest';
import { ticketReportSql } from '../../src/api/sql-text.js';
import { type Config, resolveTicketRun } from '../../src/index.js';
import { DIALECTS } from '../../src/sql/dialect.js';

const COLUMNS = ['id', 'created', 'first_reply', 'solved', 'priority', 'team', 'customer', 'reopens', 'agent_replies'];
const CONFIG: Config = { input: {}, report: {}, schedules: {} };

it.each(DIALECTS.map((d) => [d]))('%s', async (dialect) => {
  const run = resolveTicketRun({ period: 'week', by: 'team', tz: 'America/New_York' }, CONFIG, {});
  const spec = { dialect, table: 'tickets', header: COLUMNS, columnTypes: 'timestamp' as const, label: '--columns' };
  const { text } = ticketReportSql(spec, run, CONFIG, '0.0.0-snapshot');
  await expect(text).toMatchFileSnapshot(`./snapshots/${dialect}.sql`);
});
