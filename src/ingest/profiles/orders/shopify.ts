import type { OrderProfile } from '../types.js';

/**
 * Shopify's orders export (Orders > Export, CSV). One row per line item: the order-level columns are
 * filled on the first row of each order only, so rows are folded by `Name` (`#1001`). Timestamps carry
 * an offset (`2025-10-07 09:50:26 +0200`). There is no promised date: on-time needs a configured
 * promise (N business days) or a joined file with one.
 */
export const shopify: OrderProfile = {
  kind: 'orders',
  name: 'shopify',
  description: 'Shopify orders export (one row per line item, folded by Name; timestamps with offset)',
  signature: ['Name', 'Financial Status', 'Fulfillment Status', 'Lineitem quantity'],
  columns: {
    id: ['Name'],
    customer: ['Email'],
    created: ['Created at'],
    paid: ['Paid at'],
    fulfilled: ['Fulfilled at'],
    cancelled: ['Cancelled at'],
    total: ['Total'],
    refunded: ['Refunded Amount'],
    financial_status: ['Financial Status'],
    fulfillment_status: ['Fulfillment Status'],
    channel: ['Source'],
    location: ['Shipping Province', 'Shipping Country'],
    carrier: ['Shipping Method'],
    currency: ['Currency'],
    item: ['Lineitem name', 'Lineitem sku'],
  },
  cancelledValues: ['voided'],
  refundedValues: ['refunded', 'partially_refunded'],
};
