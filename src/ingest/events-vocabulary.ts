/**
 * The vocabulary of an event log: which activity or status texts mean what. Defaults cover the
 * common helpdesk and ITSM spellings; config `events.vocabulary` adds texts per meaning, and a text
 * the config names takes the config's meaning over a default one. Texts compare trimmed and
 * case-insensitively, with `_` and `-` read as spaces (`on-hold` = `on hold` = `ON_HOLD`).
 */
import { configError } from '../errors.js';
import type { StatusGroup } from '../model/events.js';

/** What an event means. The status meanings move the case to a status group. */
export const EVENT_MEANINGS = [
  'created',
  'new',
  'open',
  'waiting',
  'on_hold',
  'resolved',
  'closed',
  'cancelled',
  'reopened',
  'agent_reply',
  'customer_message',
  'message',
  'assigned',
] as const;
export type EventMeaning = (typeof EVENT_MEANINGS)[number];

/** Status group entered by each status meaning (`created` starts in `new`, `reopened` goes back to `open`). */
export const GROUP_OF_MEANING: Readonly<Partial<Record<EventMeaning, StatusGroup>>> = {
  created: 'new',
  new: 'new',
  open: 'open',
  waiting: 'pending',
  on_hold: 'on_hold',
  resolved: 'solved',
  closed: 'closed',
  cancelled: 'closed',
  reopened: 'open',
};

export const DEFAULT_VOCABULARY: Readonly<Record<EventMeaning, readonly string[]>> = {
  created: ['created', 'ticket created', 'case created', 'incident created', 'submitted', 'create'],
  new: ['new'],
  open: [
    'open',
    'in progress',
    'work in progress',
    'active',
    'working',
    'assigned to agent',
    'triage',
    'investigating',
  ],
  waiting: [
    'pending',
    'waiting for customer',
    'waiting on customer',
    'awaiting customer',
    'awaiting customer response',
    'pending customer',
    'waiting for reply',
    'awaiting reply',
    // ITSM spellings of "the requester's turn" (ServiceNow, BPIC 2013, HP Service Manager, portals).
    'awaiting user info',
    'awaiting user',
    'awaiting caller',
    'awaiting info',
    'wait user',
    'wait customer',
    'waiting for requester',
    'pending user response',
    'pending customer response',
    'customer input needed',
  ],
  on_hold: [
    'on hold',
    'hold',
    'waiting for third party',
    'waiting on third party',
    'awaiting vendor',
    'pending vendor',
    'blocked',
    // Third parties in ITSM: vendors, changes, problems, evidence.
    'wait vendor',
    'wait implementation',
    'waiting on vendor',
    'awaiting change',
    'awaiting problem',
    'awaiting evidence',
    'pending change',
    'pending evidence',
    'pending other',
    'suspended',
  ],
  resolved: ['solved', 'resolved', 'done', 'fixed', 'completed'],
  closed: ['closed'],
  cancelled: ['cancelled', 'canceled', 'cancel', 'withdrawn'],
  reopened: ['reopened', 'reopen', 're opened'],
  agent_reply: ['agent reply', 'agent replied', 'public reply', 'reply sent', 'response sent', 'responded', 'answer'],
  customer_message: [
    'customer message',
    'customer reply',
    'customer replied',
    'customer comment',
    'requester reply',
    'inbound message',
    'customer email',
  ],
  message: ['message', 'comment', 'reply', 'email', 'note', 'chat'],
  assigned: ['assigned', 'assign', 'reassigned', 'assignment', 'transfer', 'transferred', 'escalated', 'escalate'],
};

/** Actor-role texts of a customer; any other non-empty role is an agent's. */
export const CUSTOMER_ROLES: readonly string[] = [
  'customer',
  'end user',
  'enduser',
  'requester',
  'client',
  'contact',
  'external',
];

/** Direction texts (`inbound`, `is_customer`, `from_customer` columns) meaning the customer wrote; others: an agent. */
export const INBOUND_YES: readonly string[] = ['true', 'yes', 'y', '1', 't', 'inbound', 'in', 'customer'];

/** Public-flag texts meaning "not public" (an internal note); any other non-empty value is public. */
export const NOT_PUBLIC: readonly string[] = ['false', '0', 'no', 'n', 'f', 'internal', 'private'];

/** The comparison key of a vocabulary text. @example vocabularyKey(' On_Hold ') // 'on hold' */
export function vocabularyKey(text: string): string {
  return text.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
}

export type Vocabulary = ReadonlyMap<string, EventMeaning>;

/**
 * The defaults with the config's additions; a text listed by the config keeps the config's meaning.
 * @throws AppError (config) for an unknown meaning or a text listed under two meanings in the config
 * @example compileVocabulary({ waiting: ['Awaiting info'] }).get('awaiting info') // 'waiting'
 */
export function compileVocabulary(extra: Readonly<Record<string, readonly string[]>> = {}): Vocabulary {
  const vocabulary = new Map<string, EventMeaning>();
  for (const meaning of EVENT_MEANINGS)
    for (const text of DEFAULT_VOCABULARY[meaning]) vocabulary.set(vocabularyKey(text), meaning);
  const fromConfig = new Map<string, string>();
  for (const [meaning, texts] of Object.entries(extra)) {
    if (!(EVENT_MEANINGS as readonly string[]).includes(meaning)) {
      throw configError('bad_config', `config events.vocabulary.${meaning}: unknown meaning`, {
        where: `events.vocabulary.${meaning}`,
        hint: `Meanings: ${EVENT_MEANINGS.join(', ')}.`,
      });
    }
    for (const text of texts) {
      const key = vocabularyKey(text);
      const earlier = fromConfig.get(key);
      if (earlier !== undefined && earlier !== meaning) {
        throw configError(
          'bad_config',
          `config events.vocabulary: "${text}" is listed under both ${earlier} and ${meaning}`,
          {
            where: `events.vocabulary.${meaning}`,
            hint: 'Give each activity or status text one meaning.',
          },
        );
      }
      fromConfig.set(key, meaning);
      vocabulary.set(key, meaning as EventMeaning);
    }
  }
  return vocabulary;
}
