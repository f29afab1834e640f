/**
 * A folded event log for the team and agent metrics (handoffs, teams per case, ping-pong), worked out by hand:
 * - A: teams Support, Billing, Support, Billing -> 3 handoffs, 2 teams, ping-pong;
 * - B: team Tech only -> 0 handoffs, 1 team, no ping-pong;
 * - C: no team, no agent -> no team figures (left out), no ping-pong;
 * - D: no team; agents ann, bob, ann -> ping-pong between agents;
 * - E: teams Support, (none), Support, Support, Billing -> events without a team passed over and repeats
 *   collapsed: Support, Billing -> 1 handoff, 2 teams, no ping-pong.
 */
import { foldEvents } from './events.js';

export const TEAM_LOG = foldEvents([
  { case: 'A', at: '09:00', activity: 'created', status: 'new', team: 'Support' },
  { case: 'A', at: '09:10', activity: 'assigned', team: 'Billing' },
  { case: 'A', at: '09:20', activity: 'assigned', team: 'Support' },
  { case: 'A', at: '09:30', activity: 'assigned', team: 'Billing' },
  { case: 'B', at: '09:00', activity: 'created', status: 'new', team: 'Tech' },
  { case: 'B', at: '10:00', activity: 'updated', status: 'solved', team: 'Tech' },
  { case: 'C', at: '09:00', activity: 'created', status: 'new' },
  { case: 'D', at: '09:00', activity: 'created', status: 'new', agent: 'ann' },
  { case: 'D', at: '09:10', activity: 'assigned', agent: 'bob' },
  { case: 'D', at: '09:20', activity: 'assigned', agent: 'ann' },
  { case: 'E', at: '09:00', activity: 'created', status: 'new', team: 'Support' },
  { case: 'E', at: '09:10', activity: 'note' },
  { case: 'E', at: '09:20', activity: 'assigned', team: 'Support' },
  { case: 'E', at: '09:30', activity: 'assigned', team: 'Support' },
  { case: 'E', at: '09:40', activity: 'assigned', team: 'Billing' },
]).table;
