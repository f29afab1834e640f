/**
 * One report run per fixture, as a user would type it: the HTML page of each is screenshotted and
 * checked in a browser (html-browser.test.ts), the workbook of each read back (xlsx.test.ts).
 */
export interface FixtureRun {
  /** A short name, for files (`test-artifacts/<name>.html`) and test titles. */
  name: string;
  args: string[];
}

export const FIXTURE_RUNS: readonly FixtureRun[] = [
  {
    // The README's weekly command: one week, New York time.
    name: 'zendesk-week',
    args: [
      'report',
      'fixtures/zendesk/tickets.csv',
      '--input-tz',
      'America/New_York',
      '--since',
      '2025-11-17',
      '--until',
      '2025-11-24',
    ],
  },
  {
    name: 'zendesk-weekly-by-team',
    args: [
      'report',
      'fixtures/zendesk/tickets.csv',
      '--input-tz',
      'America/New_York',
      '--period',
      'week',
      '--by',
      'team',
    ],
  },
  {
    name: 'complaints',
    args: [
      'report',
      'fixtures/complaints/tickets.csv',
      '--config',
      'fixtures/complaints/opsmetrics.config.yml',
      '--input-tz',
      'UTC',
      '--period',
      'week',
      '--since',
      '2025-10-06',
      '--until',
      '2025-11-17',
      '--by',
      'team',
    ],
  },
  {
    name: 'sla',
    args: [
      'report',
      'fixtures/check/tickets.csv',
      '--config',
      'fixtures/check/opsmetrics.config.yml',
      '--period',
      'day',
      '--since',
      '2025-11-17',
      '--until',
      '2025-11-22',
      '--as-of',
      '2025-11-21T12:00:00Z',
    ],
  },
  {
    name: 'freshdesk',
    args: ['report', 'fixtures/freshdesk/tickets.csv', '--input-tz', 'America/Chicago', '--period', 'week'],
  },
  { name: 'jira', args: ['report', 'fixtures/jira/issues.csv', '--input-tz', 'Europe/Berlin', '--period', 'week'] },
  {
    name: 'servicenow',
    args: [
      'report',
      'fixtures/servicenow/incident_audit.csv',
      '--date-format',
      'd/M/yyyy HH:mm',
      '--null-token',
      '?',
      '--input-tz',
      'Europe/London',
      '--period',
      'week',
      '--by',
      'team',
    ],
  },
  {
    name: 'generic',
    args: [
      'report',
      'fixtures/generic/tickets.csv',
      '--config',
      'fixtures/generic/opsmetrics.config.yml',
      '--max-bad-rows',
      '1',
      '--period',
      'week',
    ],
  },
  {
    name: 'events',
    args: [
      'report',
      '--events',
      'fixtures/events/log.csv',
      '--as-of',
      '2025-03-05T00:00:00Z',
      '--max-bad-rows',
      '2',
      '--period',
      'week',
    ],
  },
  {
    name: 'orders',
    args: [
      'report',
      '--config',
      'fixtures/orders/opsmetrics.config.yml',
      '--orders',
      'fixtures/orders/shopify_orders.csv',
      '--tickets',
      'fixtures/orders/tickets.csv',
      '--period',
      'week',
    ],
  },
];
