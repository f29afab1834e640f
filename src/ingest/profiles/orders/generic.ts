import type { OrderProfile } from '../types.js';

/**
 * Any orders file (marketplace, ERP, shipment history) read through a mapping (`--orders-map
 * field=Column`, config `orders.map`). The candidates below are the common spellings, so a typical
 * file needs few or no mappings; the mapping always wins.
 */
export const ordersGeneric: OrderProfile = {
  kind: 'orders',
  name: 'orders-generic',
  description: 'Any orders CSV/TSV/JSON/NDJSON with a mapping (--map orders.field=Column or config orders.map)',
  signature: [],
  columns: {
    id: ['order_id', 'Order ID', 'Order number', 'order_number'],
    customer: ['email', 'Email', 'customer_email', 'Customer email'],
    created: ['created_at', 'Created at', 'order_date', 'purchased_at', 'order_purchase_timestamp'],
    paid: ['paid_at', 'Paid at', 'approved_at', 'order_approved_at'],
    fulfilled: ['fulfilled_at', 'Fulfilled at', 'order_delivered_carrier_date'],
    shipped: ['shipped_at', 'Shipped at'],
    delivered: ['delivered_at', 'Delivered at', 'order_delivered_customer_date'],
    promised: ['promised_at', 'Promised at', 'estimated_delivery', 'order_estimated_delivery_date'],
    cancelled: ['cancelled_at', 'Cancelled at', 'canceled_at'],
    total: ['total', 'Total', 'order_total'],
    refunded: ['refunded', 'refunded_amount', 'Refunded amount'],
    status: ['status', 'Status', 'order_status'],
    channel: ['channel', 'Channel'],
    location: ['location', 'Location', 'warehouse'],
    carrier: ['carrier', 'Carrier'],
    currency: ['currency', 'Currency'],
    item: ['order_item_id', 'item_id', 'line_item', 'sku'],
    item_price: ['price', 'item_price', 'unit_price'],
    payment: ['payment_value', 'payment_amount', 'amount_paid'],
    review_score: ['review_score', 'rating', 'Rating'],
  },
  cancelledValues: ['cancelled', 'canceled', 'voided'],
  refundedValues: ['refunded'],
};
