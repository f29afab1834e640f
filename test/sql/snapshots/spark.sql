-- opsmetrics 0.0.0-snapshot: the ticket report as SQL (spark), one row per period and group.
-- Table: tickets (timestamp columns); profile generic; input zone America/New_York.
-- Columns: id=id, created=created, first_reply=first_reply, solved=solved, priority=priority, team=team, customer=customer, reopens=reopens, agent_replies=agent_replies
-- Window: first ticket .. as-of; as-of from the data (the minute after the latest instant); zone America/New_York; period week (from monday); by team.
-- Variants: fcr.one_touch_no_reopen; resolution rate cohort; repeat window 7 days.
-- Percentiles: exact over all values; linear interpolation between closest ranks (R type 7, numpy default, DuckDB quantile_cont): h = (n-1)*p, x[floor h] + (h - floor h) * (x[ceil h] - x[floor h]) on ascending values (simple-statistics 7.12 quantileSorted).
-- Instants are epoch milliseconds; durations are in the unit their column names (min, h).
-- Not computed: reassigned: unavailable: no assignee stations or reassignment count: map assignee_stations (Zendesk `Assignee stations`) or reassignments (ServiceNow `reassignment_count`).
-- Not computed: reassignments: unavailable: no count: map reassignments (ServiceNow `reassignment_count`) or assignee_stations (Zendesk `Assignee stations`, or an event log).
-- Not computed: group_transfers: unavailable: no count: map group_transfers (a group transfer count) or group_stations (Zendesk `Group stations`, or an event log).
-- Not computed: customer_messages: unavailable: no count: map customer_messages (Freshdesk `Customer interactions`).
-- Not computed: csat: unavailable: no satisfaction column: map satisfaction.
-- Not computed: vendor_sla_first_reply: unavailable: no vendor SLA verdict: map vendor_sla_first_reply (Freshdesk `First response status`).
-- Not computed: vendor_sla_resolution: unavailable: no vendor SLA verdict: map vendor_sla_resolution (Freshdesk `Resolution status`, ServiceNow `made_sla`).
-- Not computed: vendor_fcr: unavailable: no first-contact-resolution flag: map vendor_fcr (a yes/no column).
-- Not computed: next_reply_time: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: requester_wait: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: agent_wait: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: time_in_status_new: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: time_in_status_open: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: time_in_status_pending: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: time_in_status_on_hold: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: time_in_status_solved: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: case_duration: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: case_duration_to_end: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: handoffs: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: agent_handoffs: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: ping_pong: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: agent_ping_pong: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: teams_per_case: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: answered: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: outbound_only: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: events_per_case: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: rework: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- Not computed: cancelled: unavailable: needs event data: run with --events (one row per event; see docs/events.md).
-- docs/warehouse.md says how to run it and what it computes; the metric definitions are the README's (README.md#metrics).
SET spark.sql.session.timeZone = UTC;
WITH
om_src AS (
  SELECT unix_millis(`created`) AS `created`,
    unix_millis(`first_reply`) AS `first_reply`,
    CAST(NULL AS BIGINT) AS `first_solved`,
    unix_millis(`solved`) AS `solved`,
    CAST(NULL AS BIGINT) AS `closed`,
    CAST(NULL AS BIGINT) AS `updated`,
    CAST(NULL AS BIGINT) AS `first_reply_duration`,
    CAST(NULL AS BIGINT) AS `first_resolution_duration`,
    CAST(NULL AS BIGINT) AS `full_resolution_duration`,
    CAST(NULL AS BIGINT) AS `first_reply_business_duration`,
    CAST(NULL AS BIGINT) AS `first_resolution_business_duration`,
    CAST(NULL AS BIGINT) AS `full_resolution_business_duration`,
    CASE WHEN CAST(`reopens` AS BIGINT) < 0 THEN NULL ELSE CAST(`reopens` AS BIGINT) END AS `reopens`,
    CASE WHEN CAST(`agent_replies` AS BIGINT) < 0 THEN NULL ELSE CAST(`agent_replies` AS BIGINT) END AS `agent_replies`,
    CAST(NULL AS BIGINT) AS `customer_messages`,
    CAST(NULL AS BIGINT) AS `assignee_stations`,
    CAST(NULL AS BIGINT) AS `group_stations`,
    CAST(NULL AS BIGINT) AS `version`,
    CAST(NULL AS BIGINT) AS `reassignments`,
    CAST(NULL AS BIGINT) AS `group_transfers`,
    CAST(NULL AS BIGINT) AS `vendor_sla_first_reply`,
    CAST(NULL AS BIGINT) AS `vendor_sla_resolution`,
    CAST(NULL AS BIGINT) AS `vendor_fcr`,
    CAST(NULL AS BIGINT) AS `satisfaction`,
    CAST(NULL AS BIGINT) AS `follow_up`,
    `om_txt0` AS `id`,
    `om_txt3` AS `customer`,
    CAST(NULL AS STRING) AS `category`,
    `om_txt1` AS `priority`,
    `om_txt2` AS `om_g0`,
    CASE WHEN CAST(`reopens` AS BIGINT) < 0 THEN 1 ELSE 0 END AS om_bad0,
    CASE WHEN CAST(`agent_replies` AS BIGINT) < 0 THEN 1 ELSE 0 END AS om_bad1,
    ROW_NUMBER() OVER (ORDER BY `om_txt0`, unix_millis(`created`)) AS om_ord
  FROM (SELECT om_l0.*,
    CASE WHEN LOWER(NULLIF(TRIM(CAST(`id` AS STRING)), '')) IN ('null', 'n/a', '#n/a') THEN NULL ELSE NULLIF(TRIM(CAST(`id` AS STRING)), '') END AS `om_txt0`,
    CASE WHEN LOWER(NULLIF(TRIM(CAST(`priority` AS STRING)), '')) IN ('null', 'n/a', '#n/a') THEN NULL ELSE NULLIF(TRIM(CAST(`priority` AS STRING)), '') END AS `om_txt1`,
    CASE WHEN LOWER(NULLIF(TRIM(CAST(`team` AS STRING)), '')) IN ('null', 'n/a', '#n/a') THEN NULL ELSE NULLIF(TRIM(CAST(`team` AS STRING)), '') END AS `om_txt2`,
    CASE WHEN LOWER(NULLIF(TRIM(CAST(`customer` AS STRING)), '')) IN ('null', 'n/a', '#n/a') THEN NULL ELSE NULLIF(TRIM(CAST(`customer` AS STRING)), '') END AS `om_txt3`
  FROM `tickets` om_l0) om_src_in
),
om_rows AS (
  SELECT *, 0 AS om_nulled, CASE WHEN `id` IS NULL THEN 'missing_required:id' WHEN `created` IS NULL THEN 'missing_required:created' WHEN om_bad0 = 1 THEN 'impossible_value:reopens' WHEN om_bad1 = 1 THEN 'impossible_value:agent_replies' WHEN `created` < 0 OR `created` > 4133980799999 THEN 'implausible_date:created' WHEN `first_reply` < `created` THEN 'impossible_value:first_reply' WHEN `solved` < `created` THEN 'impossible_value:solved' WHEN `first_reply` - `created` > 315360000000 THEN 'impossible_value:first_reply' WHEN `solved` - `created` > 315360000000 THEN 'impossible_value:solved' WHEN `first_reply` > `solved` THEN 'impossible_value:first_reply' ELSE 'ok' END AS om_verdict
  FROM om_src
),
om_kept AS (
  SELECT *, MIN(om_ord) OVER (PARTITION BY `id`) AS om_first, ROW_NUMBER() OVER (PARTITION BY `id` ORDER BY CASE WHEN `version` IS NULL THEN 1 ELSE 0 END, `version` DESC, CASE WHEN `updated` IS NULL THEN 1 ELSE 0 END, `updated` DESC, om_ord DESC) AS om_take
  FROM om_rows WHERE om_verdict = 'ok'
),
om_t AS (
  SELECT `created`, `first_reply`, `first_solved`, `solved`, `closed`, `updated`, `first_reply_duration`, `first_resolution_duration`, `full_resolution_duration`, `reopens`, `agent_replies`, `follow_up`, `id`, `customer`, `category`, `priority`, `om_g0`, om_ord, om_first FROM om_kept WHERE om_take = 1
),
om_asof AS (
  SELECT COALESCE(CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(FLOOR((SELECT MAX(om_x) FROM (SELECT MAX(`created`) AS om_x FROM om_t UNION ALL SELECT MAX(`first_reply`) AS om_x FROM om_t UNION ALL SELECT MAX(`solved`) AS om_x FROM om_t) om_m) / CAST(60000 AS DOUBLE)) AS BIGINT) * 60000 + 60000, CAST(NULL AS BIGINT), 0) AS as_of
),
om_bounds AS (
  SELECT as_of,
    COALESCE(CAST(NULL AS BIGINT), (SELECT MIN(`created`) FROM om_t), as_of) AS om_ws,
    COALESCE(CAST(NULL AS BIGINT), as_of) AS om_we
  FROM om_asof
),
om_d AS (
  SELECT om_t.*, om_b.as_of, om_b.om_ws, om_b.om_we,
    (CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < om_b.as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) AS `resolved_at`,
    (CASE WHEN (COALESCE(`first_reply`, (`created` + `first_reply_duration`)) < om_b.as_of) THEN COALESCE(`first_reply`, (`created` + `first_reply_duration`)) ELSE NULL END) AS `sla__first_reply__done_at`
  FROM om_t CROSS JOIN om_bounds om_b
),
om_events AS (
  SELECT `customer`, `created` AS om_at, 0 AS om_kind, `created` AS om_c, om_ord FROM om_d WHERE `customer` IS NOT NULL
  UNION ALL
  SELECT `customer`, `resolved_at`, 1, CAST(NULL AS BIGINT), om_ord FROM om_d WHERE `customer` IS NOT NULL AND `resolved_at` IS NOT NULL
),
om_next AS (
  SELECT om_ord, om_kind, MIN(om_c) OVER (PARTITION BY `customer` ORDER BY om_at DESC, om_kind DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS om_next_created
  FROM om_events
),
om_prev AS (
  SELECT *, CASE WHEN `customer` IS NULL THEN NULL ELSE LAG(`created`) OVER (PARTITION BY `customer` ORDER BY `created`, om_first) END AS om_previous FROM om_d
),
om_r AS (
  SELECT r.*,
    CASE WHEN COALESCE(r.`follow_up`, 0) = 1 OR r.om_previous >= r.`created` - 604800000 THEN 1 ELSE 0 END AS `is_repeat`,
    CASE WHEN n.om_next_created <= r.`resolved_at` + 604800000 THEN 1 ELSE 0 END AS `repeat_after_resolve`
  FROM om_prev r LEFT JOIN (SELECT om_ord, om_next_created FROM om_next WHERE om_kind = 1) n
    ON n.om_ord = r.om_ord
),
om_x AS (
  SELECT om_r.*
  FROM om_r
),
om_periods AS (
  SELECT om_label, CASE WHEN om_natural > om_ws THEN om_natural ELSE om_ws END AS om_start,
    CASE WHEN om_next < om_we THEN om_next ELSE om_we END AS om_end
  FROM (SELECT concat(CAST(extract(YEAROFWEEK FROM om_local) AS STRING), '-W', lpad(CAST(weekofyear(om_local) AS STRING), 2, '0')) AS om_label, unix_millis(to_utc_timestamp(om_local, 'America/New_York')) AS om_natural, unix_millis(to_utc_timestamp((om_local + INTERVAL 7 DAY), 'America/New_York')) AS om_next, om_ws, om_we
    FROM om_bounds, (SELECT explode(sequence(date_trunc('WEEK', from_utc_timestamp(timestamp_millis(CAST(om_ws AS BIGINT)), 'America/New_York')), from_utc_timestamp(timestamp_millis(CAST(om_we AS BIGINT)), 'America/New_York'), INTERVAL 7 DAY)) AS om_local FROM om_bounds) om_series) om_p
  WHERE om_natural < om_we AND om_we > om_ws
  UNION ALL SELECT 'all', om_ws, om_we FROM om_bounds WHERE NOT (om_we > om_ws)
),
om_groups AS (
  SELECT DISTINCT `om_g0` FROM om_x WHERE `created` >= om_ws AND `created` < om_we
),
om_cells AS (
  SELECT p.*, g.* FROM om_periods p CROSS JOIN om_groups g
),
om_cohort AS (
  SELECT p.om_start, t.*
  FROM om_x t JOIN om_periods p ON t.`created` >= p.om_start AND t.`created` < p.om_end
),
om_v0 AS (
  SELECT om_start, `om_g0`, CAST(om_val AS DOUBLE) AS om_val,
    ROW_NUMBER() OVER (PARTITION BY om_start, `om_g0` ORDER BY om_val) AS om_rn,
    COUNT(*) OVER (PARTITION BY om_start, `om_g0`) AS om_n
  FROM (SELECT om_start, `om_g0`, (CASE WHEN ((`created` + COALESCE(`first_reply_duration`, (`first_reply` - `created`))) < as_of) THEN COALESCE(`first_reply_duration`, (`first_reply` - `created`)) ELSE NULL END) AS om_val FROM om_cohort) om_in WHERE om_val IS NOT NULL
),
om_s0 AS (
  SELECT om_start, `om_g0`, MAX(om_n) AS om_n, SUM(om_val) AS om_sum, MIN(om_val) AS om_min, MAX(om_val) AS om_max,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_hi
  FROM om_v0 GROUP BY om_start, `om_g0`
),
om_v1 AS (
  SELECT om_start, `om_g0`, CAST(om_val AS DOUBLE) AS om_val,
    ROW_NUMBER() OVER (PARTITION BY om_start, `om_g0` ORDER BY om_val) AS om_rn,
    COUNT(*) OVER (PARTITION BY om_start, `om_g0`) AS om_n
  FROM (SELECT om_start, `om_g0`, (CASE WHEN ((`created` + COALESCE(`first_resolution_duration`, (COALESCE(`first_solved`, CASE WHEN ((`reopens` IS NULL) OR (`reopens` <= 0)) THEN COALESCE(`solved`, `closed`) ELSE NULL END) - `created`))) < as_of) THEN COALESCE(`first_resolution_duration`, (COALESCE(`first_solved`, CASE WHEN ((`reopens` IS NULL) OR (`reopens` <= 0)) THEN COALESCE(`solved`, `closed`) ELSE NULL END) - `created`)) ELSE NULL END) AS om_val FROM om_cohort) om_in WHERE om_val IS NOT NULL
),
om_s1 AS (
  SELECT om_start, `om_g0`, MAX(om_n) AS om_n, SUM(om_val) AS om_sum, MIN(om_val) AS om_min, MAX(om_val) AS om_max,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_hi
  FROM om_v1 GROUP BY om_start, `om_g0`
),
om_v2 AS (
  SELECT om_start, `om_g0`, CAST(om_val AS DOUBLE) AS om_val,
    ROW_NUMBER() OVER (PARTITION BY om_start, `om_g0` ORDER BY om_val) AS om_rn,
    COUNT(*) OVER (PARTITION BY om_start, `om_g0`) AS om_n
  FROM (SELECT om_start, `om_g0`, (CASE WHEN ((`created` + COALESCE(`full_resolution_duration`, (COALESCE(`solved`, `closed`) - `created`))) < as_of) THEN COALESCE(`full_resolution_duration`, (COALESCE(`solved`, `closed`) - `created`)) ELSE NULL END) AS om_val FROM om_cohort) om_in WHERE om_val IS NOT NULL
),
om_s2 AS (
  SELECT om_start, `om_g0`, MAX(om_n) AS om_n, SUM(om_val) AS om_sum, MIN(om_val) AS om_min, MAX(om_val) AS om_max,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_hi
  FROM om_v2 GROUP BY om_start, `om_g0`
),
om_c3 AS (
  SELECT om_start, `om_g0`, COUNT(*) AS om_num FROM (SELECT c.om_start, c.`om_g0`, CASE WHEN c.om_end < t.as_of THEN c.om_end ELSE t.as_of END - t.`created` AS om_age
    FROM om_cells c JOIN om_x t ON c.`om_g0` IS NOT DISTINCT FROM t.`om_g0` AND t.`created` < CASE WHEN c.om_end < t.as_of THEN c.om_end ELSE t.as_of END AND NOT COALESCE(t.`resolved_at` < CASE WHEN c.om_end < t.as_of THEN c.om_end ELSE t.as_of END, FALSE)) om_o GROUP BY om_start, `om_g0`
),
om_v4 AS (
  SELECT om_start, `om_g0`, CAST(om_val AS DOUBLE) AS om_val,
    ROW_NUMBER() OVER (PARTITION BY om_start, `om_g0` ORDER BY om_val) AS om_rn,
    COUNT(*) OVER (PARTITION BY om_start, `om_g0`) AS om_n
  FROM (SELECT om_start, `om_g0`, om_age AS om_val FROM (SELECT c.om_start, c.`om_g0`, CASE WHEN c.om_end < t.as_of THEN c.om_end ELSE t.as_of END - t.`created` AS om_age
    FROM om_cells c JOIN om_x t ON c.`om_g0` IS NOT DISTINCT FROM t.`om_g0` AND t.`created` < CASE WHEN c.om_end < t.as_of THEN c.om_end ELSE t.as_of END AND NOT COALESCE(t.`resolved_at` < CASE WHEN c.om_end < t.as_of THEN c.om_end ELSE t.as_of END, FALSE)) om_o) om_in WHERE om_val IS NOT NULL
),
om_s4 AS (
  SELECT om_start, `om_g0`, MAX(om_n) AS om_n, SUM(om_val) AS om_sum, MIN(om_val) AS om_min, MAX(om_val) AS om_max,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_hi
  FROM om_v4 GROUP BY om_start, `om_g0`
),
om_v5 AS (
  SELECT om_start, `om_g0`, CAST(om_val AS DOUBLE) AS om_val,
    ROW_NUMBER() OVER (PARTITION BY om_start, `om_g0` ORDER BY om_val) AS om_rn,
    COUNT(*) OVER (PARTITION BY om_start, `om_g0`) AS om_n
  FROM (SELECT om_start, `om_g0`, `reopens` AS om_val FROM om_cohort) om_in WHERE om_val IS NOT NULL
),
om_s5 AS (
  SELECT om_start, `om_g0`, MAX(om_n) AS om_n, SUM(om_val) AS om_sum, MIN(om_val) AS om_min, MAX(om_val) AS om_max,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_hi
  FROM om_v5 GROUP BY om_start, `om_g0`
),
om_v6 AS (
  SELECT om_start, `om_g0`, CAST(om_val AS DOUBLE) AS om_val,
    ROW_NUMBER() OVER (PARTITION BY om_start, `om_g0` ORDER BY om_val) AS om_rn,
    COUNT(*) OVER (PARTITION BY om_start, `om_g0`) AS om_n
  FROM (SELECT om_start, `om_g0`, `agent_replies` AS om_val FROM om_cohort) om_in WHERE om_val IS NOT NULL
),
om_s6 AS (
  SELECT om_start, `om_g0`, MAX(om_n) AS om_n, SUM(om_val) AS om_sum, MIN(om_val) AS om_min, MAX(om_val) AS om_max,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.5) + 1 THEN om_val END) AS om_median_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.9) + 1 THEN om_val END) AS om_p90_hi,
    MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_lo,
    MAX(CASE WHEN om_rn = CEIL((om_n - 1) * 0.95) + 1 THEN om_val END) AS om_p95_hi
  FROM om_v6 GROUP BY om_start, `om_g0`
),
om_a AS (
  SELECT om_start, `om_g0`, COUNT(*) AS om_created,
    SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS om_f0,
    SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS om_f1_den,
    SUM(CASE WHEN TRUE AND ((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) THEN 1 ELSE 0 END) AS om_f1_num,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`reopens` IS NOT NULL)) THEN 1 ELSE 0 END) AS om_f3_den,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`reopens` IS NOT NULL)) AND (`reopens` > 0) THEN 1 ELSE 0 END) AS om_f3_num,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL)) THEN 1 ELSE 0 END) AS om_f5_den,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL)) AND (`agent_replies` <= 1) THEN 1 ELSE 0 END) AS om_f5_num,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL)) THEN 1 ELSE 0 END) AS om_f7_den,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL)) AND (`agent_replies` = 2) THEN 1 ELSE 0 END) AS om_f7_num,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL)) THEN 1 ELSE 0 END) AS om_f9_den,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL)) AND (`agent_replies` > 2) THEN 1 ELSE 0 END) AS om_f9_num,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL) AND (`reopens` IS NOT NULL)) THEN 1 ELSE 0 END) AS om_f11_den,
    SUM(CASE WHEN (((CASE WHEN (COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) < as_of) THEN COALESCE(COALESCE(`solved`, `closed`), (`created` + `full_resolution_duration`)) ELSE NULL END) IS NOT NULL) AND (`agent_replies` IS NOT NULL) AND (`reopens` IS NOT NULL)) AND ((`agent_replies` <= 1) AND (`reopens` = 0)) THEN 1 ELSE 0 END) AS om_f11_num,
    SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS om_f13_den,
    SUM(CASE WHEN TRUE AND (`is_repeat` = 1) THEN 1 ELSE 0 END) AS om_f13_num,
    COUNT(DISTINCT `customer`) AS om_f15_den,
    COUNT(DISTINCT CASE WHEN (`is_repeat` = 1) THEN `customer` END) AS om_f15_num
  FROM om_cohort GROUP BY om_start, `om_g0`
)
SELECT c.om_label AS `period`,
  c.om_start AS `period_start_ms`,
  c.om_end AS `period_end_ms`,
  (SELECT as_of FROM om_asof) AS `as_of_ms`,
  c.`om_g0` AS `team`,
  COALESCE(om_a.om_f0, 0) AS `created`,
  COALESCE(om_s0.om_n, 0) AS `frt_n`,
  om_s0.om_sum / om_s0.om_n / 60000 AS `frt_mean_min`,
  (om_s0.om_median_lo + ((CAST(om_s0.om_n - 1 AS DOUBLE) * 0.5) - FLOOR((CAST(om_s0.om_n - 1 AS DOUBLE) * 0.5))) * (om_s0.om_median_hi - om_s0.om_median_lo)) / 60000 AS `frt_median_min`,
  (om_s0.om_p90_lo + ((CAST(om_s0.om_n - 1 AS DOUBLE) * 0.9) - FLOOR((CAST(om_s0.om_n - 1 AS DOUBLE) * 0.9))) * (om_s0.om_p90_hi - om_s0.om_p90_lo)) / 60000 AS `frt_p90_min`,
  (om_s0.om_p95_lo + ((CAST(om_s0.om_n - 1 AS DOUBLE) * 0.95) - FLOOR((CAST(om_s0.om_n - 1 AS DOUBLE) * 0.95))) * (om_s0.om_p95_hi - om_s0.om_p95_lo)) / 60000 AS `frt_p95_min`,
  om_s0.om_min / 60000 AS `frt_min_min`,
  om_s0.om_max / 60000 AS `frt_max_min`,
  COALESCE(om_s1.om_n, 0) AS `resolution_first_n`,
  om_s1.om_sum / om_s1.om_n / 3600000 AS `resolution_first_mean_h`,
  (om_s1.om_median_lo + ((CAST(om_s1.om_n - 1 AS DOUBLE) * 0.5) - FLOOR((CAST(om_s1.om_n - 1 AS DOUBLE) * 0.5))) * (om_s1.om_median_hi - om_s1.om_median_lo)) / 3600000 AS `resolution_first_median_h`,
  (om_s1.om_p90_lo + ((CAST(om_s1.om_n - 1 AS DOUBLE) * 0.9) - FLOOR((CAST(om_s1.om_n - 1 AS DOUBLE) * 0.9))) * (om_s1.om_p90_hi - om_s1.om_p90_lo)) / 3600000 AS `resolution_first_p90_h`,
  (om_s1.om_p95_lo + ((CAST(om_s1.om_n - 1 AS DOUBLE) * 0.95) - FLOOR((CAST(om_s1.om_n - 1 AS DOUBLE) * 0.95))) * (om_s1.om_p95_hi - om_s1.om_p95_lo)) / 3600000 AS `resolution_first_p95_h`,
  om_s1.om_min / 3600000 AS `resolution_first_min_h`,
  om_s1.om_max / 3600000 AS `resolution_first_max_h`,
  COALESCE(om_s2.om_n, 0) AS `resolution_full_n`,
  om_s2.om_sum / om_s2.om_n / 3600000 AS `resolution_full_mean_h`,
  (om_s2.om_median_lo + ((CAST(om_s2.om_n - 1 AS DOUBLE) * 0.5) - FLOOR((CAST(om_s2.om_n - 1 AS DOUBLE) * 0.5))) * (om_s2.om_median_hi - om_s2.om_median_lo)) / 3600000 AS `resolution_full_median_h`,
  (om_s2.om_p90_lo + ((CAST(om_s2.om_n - 1 AS DOUBLE) * 0.9) - FLOOR((CAST(om_s2.om_n - 1 AS DOUBLE) * 0.9))) * (om_s2.om_p90_hi - om_s2.om_p90_lo)) / 3600000 AS `resolution_full_p90_h`,
  (om_s2.om_p95_lo + ((CAST(om_s2.om_n - 1 AS DOUBLE) * 0.95) - FLOOR((CAST(om_s2.om_n - 1 AS DOUBLE) * 0.95))) * (om_s2.om_p95_hi - om_s2.om_p95_lo)) / 3600000 AS `resolution_full_p95_h`,
  om_s2.om_min / 3600000 AS `resolution_full_min_h`,
  om_s2.om_max / 3600000 AS `resolution_full_max_h`,
  CASE WHEN COALESCE(om_a.om_f1_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f1_num, 0) / om_a.om_f1_den END AS `resolution_rate_pct`,
  COALESCE(om_a.om_f1_num, 0) AS `resolution_rate_num`,
  COALESCE(om_a.om_f1_den, 0) AS `resolution_rate_den`,
  COALESCE(om_c3.om_num, 0) AS `backlog`,
  COALESCE(om_s4.om_n, 0) AS `backlog_age_n`,
  om_s4.om_sum / om_s4.om_n / 3600000 AS `backlog_age_mean_h`,
  (om_s4.om_median_lo + ((CAST(om_s4.om_n - 1 AS DOUBLE) * 0.5) - FLOOR((CAST(om_s4.om_n - 1 AS DOUBLE) * 0.5))) * (om_s4.om_median_hi - om_s4.om_median_lo)) / 3600000 AS `backlog_age_median_h`,
  (om_s4.om_p90_lo + ((CAST(om_s4.om_n - 1 AS DOUBLE) * 0.9) - FLOOR((CAST(om_s4.om_n - 1 AS DOUBLE) * 0.9))) * (om_s4.om_p90_hi - om_s4.om_p90_lo)) / 3600000 AS `backlog_age_p90_h`,
  (om_s4.om_p95_lo + ((CAST(om_s4.om_n - 1 AS DOUBLE) * 0.95) - FLOOR((CAST(om_s4.om_n - 1 AS DOUBLE) * 0.95))) * (om_s4.om_p95_hi - om_s4.om_p95_lo)) / 3600000 AS `backlog_age_p95_h`,
  om_s4.om_min / 3600000 AS `backlog_age_min_h`,
  om_s4.om_max / 3600000 AS `backlog_age_max_h`,
  CASE WHEN COALESCE(om_a.om_f3_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f3_num, 0) / om_a.om_f3_den END AS `reopened_pct`,
  COALESCE(om_a.om_f3_num, 0) AS `reopened_num`,
  COALESCE(om_a.om_f3_den, 0) AS `reopened_den`,
  CASE WHEN COALESCE(om_a.om_f5_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f5_num, 0) / om_a.om_f5_den END AS `touch_one_pct`,
  COALESCE(om_a.om_f5_num, 0) AS `touch_one_num`,
  COALESCE(om_a.om_f5_den, 0) AS `touch_one_den`,
  CASE WHEN COALESCE(om_a.om_f7_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f7_num, 0) / om_a.om_f7_den END AS `touch_two_pct`,
  COALESCE(om_a.om_f7_num, 0) AS `touch_two_num`,
  COALESCE(om_a.om_f7_den, 0) AS `touch_two_den`,
  CASE WHEN COALESCE(om_a.om_f9_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f9_num, 0) / om_a.om_f9_den END AS `touch_multi_pct`,
  COALESCE(om_a.om_f9_num, 0) AS `touch_multi_num`,
  COALESCE(om_a.om_f9_den, 0) AS `touch_multi_den`,
  CASE WHEN COALESCE(om_a.om_f11_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f11_num, 0) / om_a.om_f11_den END AS `fcr_pct`,
  COALESCE(om_a.om_f11_num, 0) AS `fcr_num`,
  COALESCE(om_a.om_f11_den, 0) AS `fcr_den`,
  CASE WHEN COALESCE(om_a.om_f13_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f13_num, 0) / om_a.om_f13_den END AS `repeat_contact_rate_pct`,
  COALESCE(om_a.om_f13_num, 0) AS `repeat_contact_rate_num`,
  COALESCE(om_a.om_f13_den, 0) AS `repeat_contact_rate_den`,
  CASE WHEN COALESCE(om_a.om_f15_den, 0) = 0 THEN NULL ELSE CAST(100 AS DOUBLE) * COALESCE(om_a.om_f15_num, 0) / om_a.om_f15_den END AS `repeat_customer_rate_pct`,
  COALESCE(om_a.om_f15_num, 0) AS `repeat_customer_rate_num`,
  COALESCE(om_a.om_f15_den, 0) AS `repeat_customer_rate_den`,
  COALESCE(om_s5.om_n, 0) AS `reopens_n`,
  COALESCE(om_s5.om_sum, 0) AS `reopens_sum`,
  om_s5.om_sum / om_s5.om_n AS `reopens_mean`,
  (om_s5.om_median_lo + ((CAST(om_s5.om_n - 1 AS DOUBLE) * 0.5) - FLOOR((CAST(om_s5.om_n - 1 AS DOUBLE) * 0.5))) * (om_s5.om_median_hi - om_s5.om_median_lo)) AS `reopens_median`,
  (om_s5.om_p90_lo + ((CAST(om_s5.om_n - 1 AS DOUBLE) * 0.9) - FLOOR((CAST(om_s5.om_n - 1 AS DOUBLE) * 0.9))) * (om_s5.om_p90_hi - om_s5.om_p90_lo)) AS `reopens_p90`,
  (om_s5.om_p95_lo + ((CAST(om_s5.om_n - 1 AS DOUBLE) * 0.95) - FLOOR((CAST(om_s5.om_n - 1 AS DOUBLE) * 0.95))) * (om_s5.om_p95_hi - om_s5.om_p95_lo)) AS `reopens_p95`,
  om_s5.om_min AS `reopens_min`,
  om_s5.om_max AS `reopens_max`,
  COALESCE(om_s6.om_n, 0) AS `agent_replies_n`,
  COALESCE(om_s6.om_sum, 0) AS `agent_replies_sum`,
  om_s6.om_sum / om_s6.om_n AS `agent_replies_mean`,
  (om_s6.om_median_lo + ((CAST(om_s6.om_n - 1 AS DOUBLE) * 0.5) - FLOOR((CAST(om_s6.om_n - 1 AS DOUBLE) * 0.5))) * (om_s6.om_median_hi - om_s6.om_median_lo)) AS `agent_replies_median`,
  (om_s6.om_p90_lo + ((CAST(om_s6.om_n - 1 AS DOUBLE) * 0.9) - FLOOR((CAST(om_s6.om_n - 1 AS DOUBLE) * 0.9))) * (om_s6.om_p90_hi - om_s6.om_p90_lo)) AS `agent_replies_p90`,
  (om_s6.om_p95_lo + ((CAST(om_s6.om_n - 1 AS DOUBLE) * 0.95) - FLOOR((CAST(om_s6.om_n - 1 AS DOUBLE) * 0.95))) * (om_s6.om_p95_hi - om_s6.om_p95_lo)) AS `agent_replies_p95`,
  om_s6.om_min AS `agent_replies_min`,
  om_s6.om_max AS `agent_replies_max`
FROM om_cells c
  LEFT JOIN om_a ON c.om_start = om_a.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_a.`om_g0`
  LEFT JOIN om_s0 ON c.om_start = om_s0.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_s0.`om_g0`
  LEFT JOIN om_s1 ON c.om_start = om_s1.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_s1.`om_g0`
  LEFT JOIN om_s2 ON c.om_start = om_s2.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_s2.`om_g0`
  LEFT JOIN om_c3 ON c.om_start = om_c3.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_c3.`om_g0`
  LEFT JOIN om_s4 ON c.om_start = om_s4.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_s4.`om_g0`
  LEFT JOIN om_s5 ON c.om_start = om_s5.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_s5.`om_g0`
  LEFT JOIN om_s6 ON c.om_start = om_s6.om_start AND c.`om_g0` IS NOT DISTINCT FROM om_s6.`om_g0`
ORDER BY c.om_start, c.`om_g0`;
