import { freshdesk } from './freshdesk.js';
import { generic } from './generic.js';
import { jira } from './jira.js';
import { servicenow } from './servicenow.js';
import type { Profile } from './types.js';
import { zendesk } from './zendesk.js';

export type { Profile } from './types.js';

/** Every profile; detection prefers the fullest signature match, then this order. */
export const PROFILES: readonly Profile[] = [zendesk, freshdesk, servicenow, jira, generic];

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name.toLowerCase());
}

/** Header lookup key: case-insensitive and trimmed, as real exports differ from the docs in small ways. */
export const headerKey = (name: string): string => name.trim().toLowerCase();

/** Header lookup: headerKey -> the first column with that name. */
export function headerIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = headerKey(name);
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

export interface Detection {
  profile: Profile | null;
  /** The profile with the most signature columns present, and what it lacks (for the error message). */
  closest: { profile: Profile; missing: string[] } | null;
}

/**
 * Picks the profile whose whole signature is in the header; when several are (a merged export, a
 * header carrying another vendor's column names too), the one with the most signature columns wins,
 * as the longer signature is the more specific claim. Ties go to the earlier profile in PROFILES.
 * @example detectProfile(['number', 'opened_at', 'state']).profile?.name // 'servicenow'
 */
export function detectProfile(header: readonly string[], profiles: readonly Profile[] = PROFILES): Detection {
  const keys = new Set(header.map(headerKey));
  let closest: Detection['closest'] = null;
  let bestScore = -1;
  let matched: Profile | null = null;
  for (const profile of profiles) {
    if (profile.signature.length === 0) continue;
    const missing = profile.signature.filter((c) => !keys.has(headerKey(c)));
    if (missing.length === 0) {
      if (matched === null || profile.signature.length > matched.signature.length) matched = profile;
      continue;
    }
    if (matched !== null) continue;
    const score = profile.signature.length - missing.length;
    if (score > bestScore) {
      bestScore = score;
      closest = { profile, missing };
    }
  }
  return matched === null ? { profile: null, closest } : { profile: matched, closest: null };
}
