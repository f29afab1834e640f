/**
 * Replies, a fold step of the event log (docs/events.md): the first reply, the reply and message
 * counts, and the next-reply pairs (each customer message to the next public agent reply).
 *
 * First reply follows Zendesk's rule for tickets an agent opens
 * (https://support.zendesk.com/hc/en-us/articles/4408834848154: "If the ticket is created by an
 * agent and the first comment is public the second timestamp shifts to the second public agent
 * comment"): when the case's first message is a public agent message at the case's creation instant
 * (the message that opened it) and the customer has not acted before it, that opening message is
 * skipped and the first reply is the next public agent message.
 * An agent-opened case in which the customer never writes is **outbound-only**: it has no first
 * reply (not a 0-minute one) and is counted apart. An internal note before any public message makes
 * the next public agent message an ordinary reply (the first comment was not public).
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots and the case's entries.
 */
import { Column, grow, Pool } from './arrays.js';
import { MESSAGE_AGENT, MESSAGE_CUSTOMER, MESSAGE_NONE, type FoldEvent } from './event.js';

/** `flags` bits. */
const MESSAGE_SEEN = 1;
const CUSTOMER_ACTED = 2;
const OPENED_BY_AGENT = 4;

export class Replies {
  firstReply = new Float64Array(0);
  private createdAt = new Float64Array(0);
  agentReplies = new Int32Array(0);
  customerMessages = new Int32Array(0);
  private flags = new Uint8Array(0);
  /** Customer messages not answered yet: a list in `pending` per case. */
  private head = new Int32Array(0);
  private tail = new Int32Array(0);
  private readonly pending = new Pool(1);
  /** One entry per next-reply pair: the case's tag, the time to the reply (ms). */
  readonly pairTag = new Column(new Uint32Array(1024));
  readonly pairMs = new Column(new Float64Array(1024));

  grow(capacity: number): void {
    this.firstReply = grow(this.firstReply, capacity);
    this.createdAt = grow(this.createdAt, capacity);
    this.agentReplies = grow(this.agentReplies, capacity);
    this.customerMessages = grow(this.customerMessages, capacity);
    this.flags = grow(this.flags, capacity);
    this.head = grow(this.head, capacity);
    this.tail = grow(this.tail, capacity);
  }

  /** (Re)starts case `i`, created at `createdAt`; a restarted case's unanswered messages are let go. */
  begin(i: number, createdAt: number, restart: boolean): void {
    if (restart) {
      this.pending.release(this.head[i] as number);
      this.agentReplies[i] = 0;
      this.customerMessages[i] = 0;
      this.flags[i] = 0;
    }
    this.firstReply[i] = NaN;
    this.createdAt[i] = createdAt;
    this.head[i] = -1;
    this.tail[i] = -1;
  }

  /**
   * @example
   * import { newFoldEvent } from './event.js';
   * // created at 0: an agent message at 0 (the case's opening, no reply), the customer at 2 h, the agent at 3 h
   * const r = new Replies();
   * r.grow(1);
   * r.begin(0, 0, false);
   * for (const [at, message] of [[0, MESSAGE_AGENT], [7_200_000, MESSAGE_CUSTOMER], [10_800_000, MESSAGE_AGENT]])
   *   r.apply(0, { ...newFoldEvent(0), at, message });
   * r.firstReplyOf(0) // 10800000
   */
  apply(i: number, e: FoldEvent): void {
    const message = e.message;
    if (message === MESSAGE_NONE) {
      if (e.byCustomer) this.flags[i]! |= CUSTOMER_ACTED;
      return;
    }
    const flags = this.flags[i] as number;
    this.flags[i] = flags | MESSAGE_SEEN;
    if (message === MESSAGE_AGENT) {
      this.agentReplies[i]!++;
      if ((flags & (MESSAGE_SEEN | CUSTOMER_ACTED)) === 0 && e.at === this.createdAt[i])
        this.flags[i]! |= OPENED_BY_AGENT;
      else if (Number.isNaN(this.firstReply[i] as number)) this.firstReply[i] = e.at;
      const pending = this.pending;
      const head = this.head[i] as number;
      for (let node = head; node >= 0; node = pending.next(node)) {
        this.pairTag.push(e.tag);
        this.pairMs.push(e.at - pending.value(node));
      }
      pending.release(head);
      this.head[i] = -1;
      this.tail[i] = -1;
    } else if (message === MESSAGE_CUSTOMER) {
      this.customerMessages[i]!++;
      this.flags[i]! |= CUSTOMER_ACTED;
      const node = this.pending.append1(this.tail[i] as number, e.at);
      if ((this.head[i] as number) < 0) this.head[i] = node;
      this.tail[i] = node;
    }
  }

  /** Whether case `i` was opened by an agent's public message. */
  openedByAgent(i: number): boolean {
    return ((this.flags[i] as number) & OPENED_BY_AGENT) !== 0;
  }

  /** Opened by an agent, and the customer never wrote: no first reply, counted apart. */
  outboundOnly(i: number): boolean {
    return this.openedByAgent(i) && this.customerMessages[i] === 0;
  }

  /** The first reply of case `i` as the ticket row takes it (none for an outbound-only case). */
  firstReplyOf(i: number): number {
    return this.outboundOnly(i) ? NaN : (this.firstReply[i] as number);
  }
}
