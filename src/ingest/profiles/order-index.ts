import { headerKey } from './index.js';
import type { OrderProfile } from './order-types.js';
import { ordersGeneric } from './orders-generic.js';
import { shopify } from './shopify.js';

export type { OrderProfile } from './order-types.js';

/** Every order profile, most specific first (detection order). */
export const ORDER_PROFILES: readonly OrderProfile[] = [shopify, ordersGeneric];

export function findOrderProfile(name: string): OrderProfile | undefined {
  return ORDER_PROFILES.find((p) => p.name === name.toLowerCase());
}

/** The first profile whose whole signature is in the header, else the generic one (its candidates or a mapping). */
export function detectOrderProfile(header: readonly string[]): OrderProfile {
  const keys = new Set(header.map(headerKey));
  return (
    ORDER_PROFILES.find((p) => p.signature.length > 0 && p.signature.every((c) => keys.has(headerKey(c)))) ??
    ordersGeneric
  );
}
