/**
 * The derivations by name: what a rule's `ref(name)` reads when `name` is no ticket field. Adding a
 * derivation: a file beside these with its test, and an entry here.
 */
import type { Ref } from './expr.js';
import { frtMs, resolutionFirstMs, resolutionFullMs } from './durations.js';
import { repeatContacts } from './repeat-contact.js';
import { resolvedAt } from './resolution.js';
import { SLA_METRIC_NAMES } from './sla-policy.js';
import { slaEvent, slaVerdictDerivation } from './sla.js';
import type { ComputedDerivation, ExprDerivation } from './types.js';

/** Every expression derivation. */
export const EXPR_DERIVATIONS: readonly ExprDerivation[] = [
  resolvedAt,
  frtMs,
  resolutionFirstMs,
  resolutionFullMs,
  ...SLA_METRIC_NAMES.map((m) => slaEvent[m]),
];

/** Every computed derivation. */
export const COMPUTED_DERIVATIONS: readonly ComputedDerivation[] = [
  repeatContacts,
  ...SLA_METRIC_NAMES.map((m) => slaVerdictDerivation(m)),
];

/** The expression derivation named `name`, or undefined. */
export function exprDerivation(name: Ref): ExprDerivation | undefined {
  return EXPR_DERIVATIONS.find((d) => d.name === name);
}

/** The computed derivation that provides `name`, or undefined. */
export function computedDerivation(name: Ref): ComputedDerivation | undefined {
  return COMPUTED_DERIVATIONS.find((d) => Object.hasOwn(d.provides, name));
}

export type { ComputedDerivation, DeriveOptions, ExprDerivation } from './types.js';
