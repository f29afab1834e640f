/**
 * The vocabulary's reading of the texts of an event log, worked out once per distinct text (a log
 * of a million events has a few dozen activities and statuses): what an activity or a status means,
 * the status group it moves a case to, and whether a role or a direction is the customer's.
 */
import { MESSAGE_AGENT, MESSAGE_CUSTOMER, MESSAGE_NONE, MESSAGE_NOTE } from '../../derive/events/event.js';
import { GROUP_INDEX } from '../../model/events.js';
import {
  CUSTOMER_ROLES,
  GROUP_OF_MEANING,
  INBOUND_YES,
  NOT_PUBLIC,
  vocabularyKey,
  type EventMeaning,
  type Vocabulary,
} from '../events-vocabulary.js';

/** What an activity text means. */
export interface ActivityReading {
  meaning: EventMeaning | undefined;
  /** Status group it moves the case to (0: none). */
  group: number;
  cancelled: boolean;
  /** Whether it is a message, and whose when no role says it (`customer_message`, `agent_reply`, `message`). */
  message: 'agent' | 'customer' | 'either' | null;
}

/** What a status text means. */
export interface StatusReading {
  meaning: EventMeaning | undefined;
  group: number;
  cancelled: boolean;
}

/** Texts read once and kept, up to this many per kind (a log of free-text activities is not cached whole). */
const CACHE_LIMIT = 1 << 16;

function cached<T>(cache: Map<string, T>, text: string, make: (text: string) => T): T {
  let value = cache.get(text);
  if (value === undefined) {
    value = make(text);
    if (cache.size < CACHE_LIMIT) cache.set(text, value);
  }
  return value;
}

/** The labels of message events in variants and paths. */
export const MESSAGE_LABELS: Readonly<Record<number, string>> = {
  [MESSAGE_AGENT]: 'agent reply',
  [MESSAGE_NOTE]: 'internal note',
  [MESSAGE_CUSTOMER]: 'customer message',
};

export class EventMeanings {
  private readonly activities = new Map<string, ActivityReading>();
  private readonly statuses = new Map<string, StatusReading>();
  private readonly roles = new Map<string, boolean>();
  private readonly publics = new Map<string, boolean>();
  private readonly customerRoles = new Set(CUSTOMER_ROLES);
  private readonly notPublic = new Set(NOT_PUBLIC);
  private readonly inboundYes = new Set(INBOUND_YES);

  constructor(private readonly vocabulary: Vocabulary) {}

  activity(text: string): ActivityReading {
    return cached(this.activities, text, (t) => {
      const meaning = this.vocabulary.get(vocabularyKey(t));
      const group = meaning === undefined ? undefined : GROUP_OF_MEANING[meaning];
      return {
        meaning,
        group: group === undefined ? 0 : GROUP_INDEX[group],
        cancelled: meaning === 'cancelled',
        message:
          meaning === 'agent_reply'
            ? 'agent'
            : meaning === 'customer_message'
              ? 'customer'
              : meaning === 'message'
                ? 'either'
                : null,
      };
    });
  }

  /** A status outside the vocabulary is a working state: group open. */
  status(text: string): StatusReading {
    return cached(this.statuses, text, (t) => {
      const meaning = this.vocabulary.get(vocabularyKey(t));
      const group = (meaning === undefined ? undefined : GROUP_OF_MEANING[meaning]) ?? 'open';
      return { meaning, group: GROUP_INDEX[group], cancelled: meaning === 'cancelled' };
    });
  }

  /** Whether an actor role is a customer's (any other non-empty role is an agent's). */
  isCustomerRole(text: string): boolean {
    return cached(this.roles, text, (t) => this.customerRoles.has(vocabularyKey(t)));
  }

  /** Whether a direction value (`inbound`, `is_customer`: yes/true/1) says the customer wrote. */
  isInbound(text: string): boolean {
    return cached(this.roles, `\u0000${text}`, (t) => this.inboundYes.has(t.slice(1).trim().toLowerCase()));
  }

  /** Whether a public-flag value leaves the message public (false/0/no/internal/private do not). */
  isPublic(text: string): boolean {
    return cached(this.publics, text, (t) => !this.notPublic.has(t.toLowerCase()));
  }
}

/**
 * The message kind of an event whose activity reads `reading`: with a known author (`byCustomer`
 * null when no role or direction says), a message is the customer's or the agent's (a note when not
 * public); without one only `customer_message` and `agent_reply` activities say whose it is.
 * @example messageKind({ message: 'either' } as ActivityReading, null, true) // MESSAGE_NONE
 */
export function messageKind(reading: ActivityReading, byCustomer: boolean | null, isPublic: boolean): number {
  if (reading.message === null) return MESSAGE_NONE;
  const customer = byCustomer ?? (reading.message === 'either' ? null : reading.message === 'customer');
  if (customer === null) return MESSAGE_NONE;
  return customer ? MESSAGE_CUSTOMER : isPublic ? MESSAGE_AGENT : MESSAGE_NOTE;
}
