import type { TicketProfile } from '../types.js';

/** Any CSV/TSV/JSON export, read through a mapping given with `--map` or the config's `input.map`. */
export const generic: TicketProfile = {
  kind: 'tickets',
  name: 'generic',
  description: 'Any CSV/TSV/JSON/NDJSON file with a user-given mapping (--map field=Column or config input.map)',
  signature: [],
  columns: {},
  satisfaction: {
    good: ['good', 'satisfied', 'positive', 'yes', '5', '4'],
    bad: ['bad', 'unsatisfied', 'dissatisfied', 'negative', 'no', '1', '2'],
  },
};
