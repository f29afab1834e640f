"""Reference ("second") implementation of the opsmetrics ticket metrics, stdlib only.

It exists to produce expected results for the fixtures without running the program: it shares no
code, no library and no parsing logic with src/. It implements the definitions as the metrics
contract states them (docs: metric definitions; the lead's brief for the e2e fixtures):

  resolvedAt   = solved ?? closed ?? created + full_resolution_duration
  resolved     = resolvedAt < as_of ("resolved by the report's end")
  cohort       = tickets created in the row's period (and group)
  backlog      = tickets of the group with created < B and not resolvedAt < B, B = min(period end, as_of)
  repeat       = Zendesk follow-up (Via "Closed ticket"), or another ticket of the same customer created
                 in [created - window, created); equal instants: the later one in file order is the repeat

Every instant is an integer of epoch milliseconds (UTC); every duration is integer milliseconds,
converted to minutes or hours only when a figure is output. A "day" in the repeat window is 24 h.

Quantiles follow simple-statistics `quantileSorted` as pinned in package.json (7.12.1): linear
interpolation between closest ranks (R type 7, numpy's default), idx = (n - 1) * p. The method of
older simple-statistics releases (idx = n * p, ceil, mean of the two middle values for even n) is
available as QUANTILE_METHOD = "legacy" for comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

MS_PER_MINUTE = 60_000
MS_PER_HOUR = 3_600_000
MS_PER_DAY = 86_400_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

QUANTILE_METHOD = "type7"


# --- time -----------------------------------------------------------------------------------------

def to_ms(dt: datetime) -> int:
    """Aware datetime -> epoch ms (exact integer arithmetic, no float)."""
    return (dt - EPOCH) // timedelta(milliseconds=1)


def local_to_ms(naive: datetime, zone: ZoneInfo) -> int:
    """Wall-clock time in `zone` -> epoch ms. Refuses nonexistent and ambiguous wall times, so that
    a fixture never silently depends on how the program resolves a DST gap or overlap."""
    candidates = set()
    for fold in (0, 1):
        aware = naive.replace(tzinfo=zone, fold=fold)
        roundtrip = aware.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
        if roundtrip == naive:
            candidates.add(to_ms(aware))
    if len(candidates) != 1:
        raise ValueError(f"{naive} is {'ambiguous' if candidates else 'nonexistent'} in {zone.key}")
    return candidates.pop()


def ms_to_iso(ms: int, zone: ZoneInfo) -> str:
    return (EPOCH + timedelta(milliseconds=ms)).astimezone(zone).isoformat()


def day_start_ms(d: date, zone: ZoneInfo) -> int:
    return local_to_ms(datetime(d.year, d.month, d.day), zone)


def ms_to_local_date(ms: int, zone: ZoneInfo) -> date:
    return (EPOCH + timedelta(milliseconds=ms)).astimezone(zone).date()


def iso_weeks(start_ms: int, end_ms: int, zone: ZoneInfo) -> list[tuple[str, int, int]]:
    """ISO weeks (Monday 00:00 in `zone`) overlapping [start_ms, end_ms), clipped to that window."""
    first_day = ms_to_local_date(start_ms, zone)
    monday = first_day - timedelta(days=first_day.weekday())
    weeks = []
    while True:
        ws = day_start_ms(monday, zone)
        if ws >= end_ms:
            break
        we = day_start_ms(monday + timedelta(days=7), zone)
        y, w, _ = monday.isocalendar()
        weeks.append((f"{y}-W{w:02d}", max(ws, start_ms), min(we, end_ms)))
        monday += timedelta(days=7)
    return weeks


def as_of_default(tickets: list["Ticket"]) -> int:
    """Start of the minute after the latest instant of the input."""
    latest = max(
        v
        for t in tickets
        for v in (t.created, t.first_reply, t.first_solved, t.solved, t.closed, t.updated)
        if v is not None
    )
    return (latest // MS_PER_MINUTE) * MS_PER_MINUTE + MS_PER_MINUTE


# --- tickets ----------------------------------------------------------------------------------------

@dataclass
class Ticket:
    id: str
    line: int
    order: int  # position in the input (file order), used to break ties between equal instants
    created: int
    first_reply: int | None = None
    first_solved: int | None = None
    solved: int | None = None
    closed: int | None = None
    updated: int | None = None
    frt_vendor: int | None = None  # ms
    first_resolution_vendor: int | None = None  # ms
    full_resolution_vendor: int | None = None  # ms
    reopens: int | None = None
    replies: int | None = None
    assignee_stations: int | None = None
    group_stations: int | None = None
    satisfaction: str | None = None  # 'good' | 'bad' | None
    customer: str | None = None
    category: str | None = None
    follow_up: bool = False
    dims: dict[str, str | None] = field(default_factory=dict)

    @property
    def resolved_at(self) -> int | None:
        if self.solved is not None:
            return self.solved
        if self.closed is not None:
            return self.closed
        if self.full_resolution_vendor is not None:
            return self.created + self.full_resolution_vendor
        return None


@dataclass
class Options:
    as_of: int
    zone: ZoneInfo
    present: set[str]  # ticket fields the input provides (others make metrics unavailable)
    repeat_window_days: int = 7
    repeat_same_category: bool = False
    recompute: bool = False


# --- statistics -------------------------------------------------------------------------------------

def quantile_sorted(x: list[float], p: float) -> float:
    n = len(x)
    if QUANTILE_METHOD == "legacy":
        idx = n * p
        if p == 1:
            return x[-1]
        if idx % 1 != 0:
            return x[math.ceil(idx) - 1]
        idx = int(idx)
        if n % 2 == 0:
            return (x[idx - 1] + x[idx]) / 2
        return x[idx]
    idx = (n - 1) * p
    if p == 1:
        return x[-1]
    if p == 0:
        return x[0]
    if idx % 1 != 0:
        lo, hi = math.floor(idx), math.ceil(idx)
        return x[lo] + (idx - lo) * (x[hi] - x[lo])
    return x[int(idx)]


def duration_value(values_ms: list[int], unit: str) -> dict:
    scale = MS_PER_MINUTE if unit == "minutes" else MS_PER_HOUR
    if not values_ms:
        return {"kind": "duration", "unit": unit, "n": 0, "mean": None, "median": None,
                "p90": None, "p95": None, "min": None, "max": None}
    xs = sorted(v / scale for v in values_ms)
    return {
        "kind": "duration", "unit": unit, "n": len(xs),
        "mean": sum(values_ms) / len(values_ms) / scale,
        "median": quantile_sorted(xs, 0.5),
        "p90": quantile_sorted(xs, 0.9),
        "p95": quantile_sorted(xs, 0.95),
        "min": xs[0], "max": xs[-1],
    }


def rate_value(numerator: int, denominator: int) -> dict:
    return {"kind": "rate", "numerator": numerator, "denominator": denominator,
            "value": numerator / denominator if denominator else None}


def count_value(n: int) -> dict:
    return {"kind": "count", "value": n}


def total_value(n: int, total: int) -> dict:
    return {"kind": "total", "n": n, "sum": total, "mean": total / n if n else None}


def unavailable(reason: str) -> dict:
    return {"kind": "unavailable", "reason": reason}


# --- repeats ----------------------------------------------------------------------------------------

def repeat_flags(tickets: list[Ticket], opts: Options) -> dict[str, bool]:
    window = opts.repeat_window_days * MS_PER_DAY
    flags = {}
    for t in tickets:
        rep = t.follow_up
        if not rep and t.customer is not None:
            for o in tickets:
                if o is t or o.customer != t.customer:
                    continue
                if opts.repeat_same_category and o.category != t.category:
                    continue
                if t.created - window <= o.created < t.created or (o.created == t.created and o.order < t.order):
                    rep = True
                    break
        flags[t.id] = rep
    return flags


def repeated_after_resolution(t: Ticket, tickets: list[Ticket], opts: Options) -> bool:
    """fcr.no_repeat: another ticket of the customer created in (resolvedAt, resolvedAt + window]."""
    if t.customer is None:
        return False
    r = t.resolved_at
    window = opts.repeat_window_days * MS_PER_DAY
    return any(o is not t and o.customer == t.customer and r < o.created <= r + window for o in tickets)


# --- metrics ----------------------------------------------------------------------------------------

def frt_ms(t: Ticket, opts: Options) -> int | None:
    from_ts = t.first_reply - t.created if t.first_reply is not None else None
    if opts.recompute and from_ts is not None:
        return from_ts
    if t.frt_vendor is not None:
        return t.frt_vendor
    return from_ts


def resolution_first_ms(t: Ticket) -> int | None:
    if t.first_resolution_vendor is not None:
        return t.first_resolution_vendor
    if t.first_solved is not None:
        return t.first_solved - t.created
    r = t.resolved_at
    if r is not None and (t.reopens is None or t.reopens == 0):
        return r - t.created
    return None


def resolution_full_ms(t: Ticket) -> int | None:
    if t.full_resolution_vendor is not None:
        return t.full_resolution_vendor
    r = t.resolved_at
    return r - t.created if r is not None else None


def row_metrics(cohort: list[Ticket], group_all: list[Ticket], all_tickets: list[Ticket],
                start: int, end: int, opts: Options, repeats: dict[str, bool],
                resolution_rate: str = "cohort", fcr_variant: str = "one_touch_no_reopen") -> dict:
    """Metrics of one report row. `cohort`: tickets created in [start, end) of the row's group;
    `group_all`: every ticket of the row's group whatever its creation date (backlog, throughput)."""
    as_of = opts.as_of
    has = opts.present.__contains__

    def resolved(t: Ticket) -> bool:
        r = t.resolved_at
        return r is not None and r < as_of

    done = [t for t in cohort if resolved(t)]
    m: dict[str, dict] = {}
    m["created"] = count_value(len(cohort))

    m["frt"] = duration_value([v for t in cohort if (v := frt_ms(t, opts)) is not None], "minutes")
    m["resolution_first"] = duration_value([v for t in cohort if (v := resolution_first_ms(t)) is not None], "hours")
    m["resolution_full"] = duration_value([v for t in cohort if (v := resolution_full_ms(t)) is not None], "hours")

    if resolution_rate == "cohort":
        m["resolution_rate"] = rate_value(len(done), len(cohort))
    else:
        through = [t for t in group_all if resolved(t) and start <= t.resolved_at < end]
        m["resolution_rate"] = rate_value(len(through), len(cohort))

    b = min(end, as_of)
    open_at_b = [t for t in group_all if t.created < b and not (t.resolved_at is not None and t.resolved_at < b)]
    m["backlog"] = count_value(len(open_at_b))
    m["backlog_age"] = duration_value([b - t.created for t in open_at_b], "hours")

    if has("reopens"):
        known = [t for t in done if t.reopens is not None]
        m["reopened"] = rate_value(sum(1 for t in known if t.reopens > 0), len(known))
    else:
        m["reopened"] = unavailable("reopens")

    if has("agent_replies"):
        known = [t for t in done if t.replies is not None]
        m["touch_one"] = rate_value(sum(1 for t in known if t.replies <= 1), len(known))
        m["touch_two"] = rate_value(sum(1 for t in known if t.replies == 2), len(known))
        m["touch_multi"] = rate_value(sum(1 for t in known if t.replies > 2), len(known))
    else:
        for k in ("touch_one", "touch_two", "touch_multi"):
            m[k] = unavailable("agent_replies")

    if has("agent_replies") and has("reopens"):
        known = [t for t in done if t.replies is not None and t.reopens is not None]
        ok = [t for t in known if t.replies <= 1 and t.reopens == 0]
        if fcr_variant == "no_repeat":
            ok = [t for t in ok if not repeated_after_resolution(t, all_tickets, opts)]
        m["fcr"] = rate_value(len(ok), len(known))
    else:
        m["fcr"] = unavailable("agent_replies, reopens")

    if has("customer") or any(t.follow_up for t in cohort):
        reps = [t for t in cohort if repeats[t.id]]
        m["repeat_contact_rate"] = rate_value(len(reps), len(cohort))
        customers = {t.customer for t in cohort if t.customer is not None}
        repeat_customers = {t.customer for t in reps if t.customer is not None}
        m["repeat_customer_rate"] = rate_value(len(repeat_customers), len(customers))
    else:
        m["repeat_contact_rate"] = unavailable("customer")
        m["repeat_customer_rate"] = unavailable("customer")

    if has("assignee_stations"):
        known = [t for t in cohort if t.assignee_stations is not None]
        m["reassigned"] = rate_value(sum(1 for t in known if t.assignee_stations > 1), len(known))
    else:
        m["reassigned"] = unavailable("assignee_stations")

    if has("group_stations"):
        known = [t for t in cohort if t.group_stations is not None]
        m["group_transfers"] = total_value(len(known), sum(max(0, t.group_stations - 1) for t in known))
    else:
        m["group_transfers"] = unavailable("group_stations")

    if has("satisfaction"):
        good = sum(1 for t in cohort if t.satisfaction == "good")
        bad = sum(1 for t in cohort if t.satisfaction == "bad")
        m["csat"] = rate_value(good, good + bad)
    else:
        m["csat"] = unavailable("satisfaction")
    return m


NONE_KEY = "(none)"


def report(tickets: list[Ticket], since: int, until: int, opts: Options, period: str | None = None,
           by: str | None = None, **variants) -> dict:
    """Rows keyed by period label (with `period`), by group value (with `by`), or {"all": ...}."""
    repeats = repeat_flags(tickets, opts)
    if period == "week":
        periods = iso_weeks(since, until, opts.zone)
    else:
        periods = [("all", since, until)]

    def key(t: Ticket) -> str:
        v = t.dims.get(by)
        return NONE_KEY if v is None else v

    rows = {}
    for label, ps, pe in periods:
        cohort_all = [t for t in tickets if ps <= t.created < pe]
        if by is None:
            rows[label] = row_metrics(cohort_all, tickets, tickets, ps, pe, opts, repeats, **variants)
            continue
        groups = sorted({key(t) for t in cohort_all})
        for g in groups:
            rows[g if period is None else f"{label}/{g}"] = row_metrics(
                [t for t in cohort_all if key(t) == g], [t for t in tickets if key(t) == g],
                tickets, ps, pe, opts, repeats, **variants)
    return rows


def explain(tickets: list[Ticket], since: int, until: int, opts: Options, dim: str) -> list[str]:
    """Per-ticket derived values as markdown table rows, for the worked arithmetic in expected.md."""
    repeats = repeat_flags(tickets, opts)

    def num(v, scale):
        return "" if v is None else f"{round(v / scale, 4):g}"

    def opt(v):
        return "" if v is None else str(v)

    lines = [
        f"| id | created ({opts.zone.key}) | in window | {dim} | frt min | res first h | res full h "
        "| resolved by as_of | reopens | replies | repeat | csat |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for t in tickets:
        r = t.resolved_at
        lines.append(
            f"| {t.id} | {ms_to_iso(t.created, opts.zone)[:16].replace('T', ' ')} "
            f"| {'yes' if since <= t.created < until else 'no'} | {t.dims.get(dim) or NONE_KEY} "
            f"| {num(frt_ms(t, opts), MS_PER_MINUTE)} | {num(resolution_first_ms(t), MS_PER_HOUR)} "
            f"| {num(resolution_full_ms(t), MS_PER_HOUR)} | {'yes' if r is not None and r < opts.as_of else 'no'} "
            f"| {opt(t.reopens)} | {opt(t.replies)} | {'yes' if repeats[t.id] else ''} | {t.satisfaction or ''} |"
        )
    return lines
