/**
 * One event as the fold steps read it (src/derive/events/*): numbers only. The folder fills one
 * object and hands it to every step of the case, in the case's time order, so that no event costs an
 * object. Texts (statuses, agents, teams, activities) are dictionary codes, 0 meaning "none".
 */
import { GROUP_INDEX } from '../../model/events.js';

/** What kind of message an event is. */
export const MESSAGE_NONE = 0;
/** A public agent message (a reply to the customer). */
export const MESSAGE_AGENT = 1;
/** An agent's internal note: no reply. */
export const MESSAGE_NOTE = 2;
export const MESSAGE_CUSTOMER = 3;

export const GROUP_SOLVED = GROUP_INDEX.solved;
export const GROUP_CLOSED = GROUP_INDEX.closed;

export interface FoldEvent {
  /** Epoch ms; never earlier than the case's creation nor than the case's previous event. */
  at: number;
  /** The case as its flat columns tag it: `case * 2 + generation` (see arrays.ts `byCase`). */
  tag: number;
  /** Status group index the event moves the case to (model/events.ts GROUP_INDEX); 0: no status. */
  group: number;
  /** Raw status code (the table's `status` dictionary); 0: none. */
  status: number;
  /** The status means a cancellation (vocabulary `cancelled`). */
  cancelled: boolean;
  /** Agent code (0: none, or the event is the customer's). */
  agent: number;
  /** Team code (0: none). */
  team: number;
  /** MESSAGE_*. */
  message: number;
  /** The actor's role is a customer role. */
  byCustomer: boolean;
  /** Activity label code (activity, else status, else the message kind; 0: none). */
  label: number;
  /** Case attribute codes, one per attribute of the log (0: no value). */
  attributes: Uint32Array;
}

/** A fresh event object for `attributes` case attributes. */
export function newFoldEvent(attributes: number): FoldEvent {
  return {
    at: 0,
    tag: 0,
    group: 0,
    status: 0,
    cancelled: false,
    agent: 0,
    team: 0,
    message: MESSAGE_NONE,
    byCustomer: false,
    label: 0,
    attributes: new Uint32Array(attributes),
  };
}
