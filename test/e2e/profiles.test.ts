/** `opsmetrics profiles` lists the profiles of every kind of input, and the fields each mapping names. */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

describe('opsmetrics profiles', () => {
  it('lists ticket, order and event profiles with their mapping fields', async () => {
    const result = await runCli(['profiles']);
    expect(result.code).toBe(0);
    for (const heading of ['# Ticket exports', '# Order exports', '# Event logs'])
      expect(result.stdout).toContain(heading);
    for (const name of [
      'zendesk:',
      'servicenow:',
      'shopify:',
      'orders-generic:',
      'events-zendesk-comments:',
      'events-generic:',
    ]) {
      expect(result.stdout).toContain(name);
    }
    expect(result.stdout).toContain('--map orders.field=Column');
  });

  it('gives the same in JSON, by kind', async () => {
    const result = await runCli(['profiles', '--format', 'json']);
    const json = JSON.parse(result.stdout) as {
      profiles: Record<string, { name: string; kind: string }[]>;
      mapping_fields: Record<string, string[]>;
    };
    expect(Object.keys(json.profiles)).toEqual(['tickets', 'orders', 'events']);
    expect(json.profiles.orders?.map((p) => p.name)).toEqual(['shopify', 'orders-generic']);
    expect(json.profiles.events?.every((p) => p.kind === 'events')).toBe(true);
    expect(json.mapping_fields.events).toContain('timestamp');
  });

  it('refuses an order profile that does not exist, naming the ones that do', async () => {
    const result = await runCli([
      'report',
      '--orders',
      'fixtures/orders/shopify_orders.csv',
      '--orders-profile',
      'woo',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('shopify');
  });
});
