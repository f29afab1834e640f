import { generic } from './generic.js';
import type { Profile } from './types.js';
import { zendesk } from './zendesk.js';

export type { Profile } from './types.js';

/** Every profile, most specific first (detection order). */
export const PROFILES: readonly Profile[] = [zendesk, generic];

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name.toLowerCase());
}

/** Header lookup key: case-insensitive and trimmed, as real exports differ from the docs in small ways. */
export const headerKey = (name: string): string => name.trim().toLowerCase();

export interface Detection {
  profile: Profile | null;
  /** The profile with the most signature columns present, and what it lacks (for the error message). */
  closest: { profile: Profile; missing: string[] } | null;
}

/** Picks the first profile whose whole signature is present in the header. */
export function detectProfile(header: readonly string[]): Detection {
  const keys = new Set(header.map(headerKey));
  let closest: Detection['closest'] = null;
  let bestScore = -1;
  for (const profile of PROFILES) {
    if (profile.signature.length === 0) continue;
    const missing = profile.signature.filter((c) => !keys.has(headerKey(c)));
    if (missing.length === 0) return { profile, closest: null };
    const score = profile.signature.length - missing.length;
    if (score > bestScore) {
      bestScore = score;
      closest = { profile, missing };
    }
  }
  return { profile: null, closest };
}
