import type { OrderContext } from './types.js';

export const contactsUnavailable = (ctx: OrderContext): string | null =>
  ctx.contacts === null ? 'no tickets given: pass --tickets FILE to link tickets to orders' : null;
