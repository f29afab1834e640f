/** Money is summed in whole cents, so totals are exact and do not depend on summation order. */
export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;
