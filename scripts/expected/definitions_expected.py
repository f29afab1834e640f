#!/usr/bin/env python3
"""Expected results for the fixtures of issue #19 ("your export, your definition"), computed without
opsmetrics (stdlib only, shares no code with src/):

    python3 scripts/expected/definitions_expected.py

Fixtures and runs (the arguments are restated in each expected.json; the configs are restated here,
not read):
  servicenow-lag/  a ServiceNow audit log (one row per update; day-first dates, `?` nulls) whose
                   incidents close days after they are resolved, and a few close without a resolution:
                   the resolution instant with the closure fallback (default) and resolved_at only.
  itil/            an ITIL interaction export without a header row, semicolons, day-first dates and
                   decimal commas: counts as distributions, a reopen time, the vendor's FCR flag, a
                   configured handle-time metric.
  shipments/       a carrier's delivery history: no order date, scheduled dates without a time, two date
                   layouts per column, a status meaning cancelled: on-time, signed delay in hours and
                   calendar days, at-risk.
  marketplace/     orders, items, payments and reviews in four files joined by order id: order value,
                   items per order, review scores, on-time against a date-only estimated delivery.

The definitions restated (docs/orders.md, README "Metrics"):
  - resolved_at = solved, else closed (default) | solved only (--resolution-instant solved); before as-of
  - backlog at B = created < B and not resolved before B (and, with `solved`, not closed before B)
  - a count metric = n, sum, mean, type-7 quantiles, min, max, and a distribution {0, 1, ..., 10+}
  - a deadline written as a date = the next midnight in the report zone; delay days = the event's
    local date minus the deadline's day (the day before that midnight)
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref  # noqa: E402  (quantiles, value shapes, zone helpers)

ROOT = Path(__file__).resolve().parents[2]
H = 3_600_000


def stats_value(values, buckets, unit=None):
    """n, sum, mean, median, p90, p95, min, max and the distribution, as a total with `stats`."""
    xs = sorted(values)
    out = {"kind": "total", "n": len(xs), "sum": sum(xs), "mean": sum(xs) / len(xs) if xs else None}
    if unit is not None:
        out["unit"] = unit
    for name, p in (("median", 0.5), ("p90", 0.9), ("p95", 0.95)):
        out[name] = ref.quantile_sorted(xs, p) if xs else None
    out["min"] = xs[0] if xs else None
    out["max"] = xs[-1] if xs else None
    if buckets == "sign":
        out["distribution"] = {
            "early": sum(1 for x in xs if x < 0),
            "on_time": sum(1 for x in xs if x == 0),
            "late": sum(1 for x in xs if x > 0),
        }
    elif buckets is not None:
        counts = {}
        for x in xs:
            label = f"{buckets}+" if x >= buckets else str(int(x))
            counts[label] = counts.get(label, 0) + 1
        out["distribution"] = dict(sorted(counts.items(), key=lambda kv: (float(kv[0].rstrip("+")), len(kv[0]))))
    return out


# --- servicenow-lag --------------------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")


def sn_time(text):
    return None if text == "?" else ref.local_to_ms(datetime.strptime(text, "%d/%m/%Y %H:%M"), LONDON)


def servicenow_lag():
    rows = []
    with (ROOT / "fixtures/servicenow-lag/incident_audit.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    latest = {}
    for line, row in enumerate(rows):
        key = row["number"]
        version = int(row["sys_mod_count"])
        updated = sn_time(row["sys_updated_on"])
        best = latest.get(key)
        # The highest sys_mod_count wins, then the latest update; a later row wins a tie of both.
        if best is None or version > best[0] or (version == best[0] and updated >= best[1]):
            latest[key] = (version, updated, line, row)
    incidents = [v[3] for v in latest.values()]
    as_of = ref.local_to_ms(datetime(2025, 12, 1), LONDON)
    runs = {}
    for mode in ("solved_or_closed", "solved"):
        tickets = []
        for r in incidents:
            created, solved, closed = sn_time(r["opened_at"]), sn_time(r["resolved_at"]), sn_time(r["closed_at"])
            stamp = solved if mode == "solved" else (solved if solved is not None else closed)
            resolved = stamp if stamp is not None and stamp < as_of else None
            tickets.append({
                "created": created, "resolved": resolved, "closed": closed,
                "reassign": int(r["reassignment_count"]), "reopens": int(r["reopen_count"]),
                "made_sla": r["made_sla"],
            })
        resolved = [t for t in tickets if t["resolved"] is not None]
        backlog = [
            t for t in tickets
            if t["created"] < as_of and t["resolved"] is None
            and not (mode == "solved" and t["closed"] is not None and t["closed"] < as_of)
        ]
        closed_fallback = sum(
            1 for r in incidents if sn_time(r["resolved_at"]) is None and sn_time(r["closed_at"]) is not None
        )
        verdicts = [t["made_sla"] for t in tickets if t["made_sla"] in ("true", "false")]
        args = [
            "report", "fixtures/servicenow-lag/incident_audit.csv", "--date-format", "d/M/yyyy HH:mm",
            "--null-token", "?", "--input-tz", "Europe/London", "--tz", "Europe/London",
            "--as-of", "2025-12-01", "--format", "json",
        ] + (["--resolution-instant", "solved"] if mode == "solved" else [])
        runs[mode] = {
            "args": args,
            "input": {"read": len(rows), "used": len(tickets), "duplicate": len(rows) - len(tickets)},
            "closed_without_resolution": closed_fallback,
            "metrics": {
                "created": ref.count_value(len(tickets)),
                "resolution_rate": ref.rate_value(len(resolved), len(tickets)),
                "resolution_full": ref.duration_value([t["resolved"] - t["created"] for t in resolved], "hours"),
                "backlog": ref.count_value(len(backlog)),
                "backlog_age": ref.duration_value([as_of - t["created"] for t in backlog], "hours"),
                "reopened": ref.rate_value(sum(1 for t in resolved if t["reopens"] > 0), len(resolved)),
                "reassigned": ref.rate_value(sum(1 for t in tickets if t["reassign"] > 0), len(tickets)),
                "reassignments": stats_value([t["reassign"] for t in tickets], 10),
                "reopens": stats_value([t["reopens"] for t in tickets], 10),
                "vendor_sla_resolution": ref.rate_value(sum(1 for v in verdicts if v == "true"), len(verdicts)),
            },
        }
    return runs


# --- itil ------------------------------------------------------------------------------------------

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ITIL_COLUMNS = ["interaction_id", "open_time", "close_time", "status", "category", "handle_time_h",
                "reassignments", "reopen_time", "fcr", "interactions"]


def itil():
    def at(text):
        return ref.local_to_ms(datetime.strptime(text, "%d-%m-%Y %H:%M"), AMSTERDAM) if text else None

    with (ROOT / "fixtures/itil/interactions.csv").open(newline="") as f:
        rows = [dict(zip(ITIL_COLUMNS, cells)) for cells in csv.reader(f, delimiter=";")]
    tickets = []
    for r in rows:
        tickets.append({
            "created": at(r["open_time"]), "solved": at(r["close_time"]),
            "handle_ms": round(float(r["handle_time_h"].replace(",", ".")) * H) if r["handle_time_h"] else None,
            "reassign": int(r["reassignments"]), "reopens": 1 if r["reopen_time"] else 0,
            "fcr": r["fcr"] or None, "replies": int(r["interactions"]),
        })
    instants = [v for t in tickets for v in (t["created"], t["solved"]) if v is not None]
    as_of = max(instants) // 60_000 * 60_000 + 60_000
    resolved = [t for t in tickets if t["solved"] is not None and t["solved"] < as_of]
    one_touch = [t for t in resolved if t["replies"] <= 1 and t["reopens"] == 0]
    flagged = [t for t in tickets if t["fcr"] is not None]
    handle = [t["handle_ms"] for t in tickets if t["handle_ms"] is not None]
    columns = ",".join(ITIL_COLUMNS)
    common = {
        "created": ref.count_value(len(tickets)),
        "resolution_rate": ref.rate_value(len(resolved), len(tickets)),
        "resolution_full": ref.duration_value([t["solved"] - t["created"] for t in resolved], "hours"),
        "reopened": ref.rate_value(sum(1 for t in resolved if t["reopens"] > 0), len(resolved)),
        "fcr": ref.rate_value(len(one_touch), len(resolved)),
        "vendor_fcr": ref.rate_value(sum(1 for t in flagged if t["fcr"] == "Y"), len(flagged)),
        "reassignments": stats_value([t["reassign"] for t in tickets], 10),
        "reopens": stats_value([t["reopens"] for t in tickets], 10),
        "agent_replies": stats_value([t["replies"] for t in tickets], 10),
        "handle_time": ref.duration_value(handle, "hours"),
    }
    return {
        "as_of": ref.ms_to_iso(as_of, AMSTERDAM),
        "config": {
            "args": ["report", "fixtures/itil/interactions.csv", "--config", "fixtures/itil/opsmetrics.config.yml",
                     "--format", "json"],
            "metrics": common,
        },
        "flags": {
            "args": ["report", "fixtures/itil/interactions.csv", "--config", "fixtures/itil/opsmetrics.config.yml",
                     "--no-header", "--columns", columns, "--format", "json"],
            "metrics": common,
        },
        "read": len(rows),
        "handle_time_p90_h": ref.duration_value(handle, "hours")["p90"],
        "reassignments_max": max(t["reassign"] for t in tickets),
    }


# --- shipments -------------------------------------------------------------------------------------

CHICAGO = ZoneInfo("America/Chicago")


def shipments():
    def moment(text):
        for fmt in ("%d-%b-%y %H:%M", "%Y-%m-%d %H:%M"):
            try:
                return ref.local_to_ms(datetime.strptime(text, fmt), CHICAGO)
            except ValueError:
                pass
        return None

    def day(text):
        for fmt in ("%d-%b-%y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        raise ValueError(text)

    with (ROOT / "fixtures/shipments/deliveries.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    as_of = ref.day_start_ms(date(2016, 3, 20), CHICAGO)
    since = ref.day_start_ms(date(2016, 3, 1), CHICAGO)
    until = ref.day_start_ms(date(2016, 3, 23), CHICAGO)

    def build(vocabulary):
        orders = []
        for r in rows:
            promised_day = day(r["Scheduled Delivery"])
            deadline = ref.day_start_ms(promised_day + timedelta(days=1), CHICAGO)
            delivered = moment(r["Delivered"]) if r["Delivered"] not in ("", "Date Not Captured") else None
            cancelled = r["Status"].lower() in ("cancelled", "canceled", "voided") or (
                vocabulary and r["Status"].lower() == "unavailable")
            orders.append({"day": promised_day, "deadline": deadline, "delivered": delivered,
                           "cancelled": cancelled, "cohort": deadline - 1})
        return [o for o in orders if since <= o["cohort"] < until]

    def metrics(orders):
        live = [o for o in orders if not o["cancelled"]]
        done = [o for o in live if o["delivered"] is not None and o["delivered"] < as_of]
        late = [o for o in done if o["delivered"] > o["deadline"]]
        delay_days = [ref.ms_to_local_date(o["delivered"], CHICAGO).toordinal() - o["day"].toordinal() for o in done]
        return {
            "orders": ref.count_value(len(orders)),
            "on_time_rate": ref.rate_value(len(done) - len(late), len(done)),
            "late_orders": ref.count_value(len(late)),
            "lateness": ref.duration_value([o["delivered"] - o["deadline"] for o in late], "hours"),
            "lateness_days": stats_value(
                [ref.ms_to_local_date(o["delivered"], CHICAGO).toordinal() - o["day"].toordinal() for o in late],
                10, "days"),
            "delay": ref.duration_value([o["delivered"] - o["deadline"] for o in done], "hours"),
            "delay_days": stats_value(delay_days, "sign", "days"),
            "at_risk_rate": ref.rate_value(
                sum(1 for o in live if o["delivered"] is None and o["deadline"] < as_of), len(live)),
            "cancellation_rate": ref.rate_value(sum(1 for o in orders if o["cancelled"]), len(orders)),
        }

    args = ["report", "--orders", "fixtures/shipments/deliveries.csv", "--config",
            "fixtures/shipments/opsmetrics.config.yml", "--as-of", "2016-03-20", "--since", "2016-03-01",
            "--until", "2016-03-23", "--format", "json"]
    return {
        "args": args,
        "read": len(rows),
        "metrics": metrics(build(True)),
        # The same shipments when `unavailable` is not known to mean cancelled: at risk instead.
        "without_vocabulary": {"at_risk_rate": metrics(build(False))["at_risk_rate"]},
    }


# --- marketplace -----------------------------------------------------------------------------------

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def marketplace():
    def at(text):
        return ref.local_to_ms(datetime.strptime(text, "%Y-%m-%d %H:%M:%S"), SAO_PAULO) if text else None

    def read(name):
        with (ROOT / "fixtures/marketplace" / name).open(newline="") as f:
            return list(csv.DictReader(f))

    orders_rows, items, payments, reviews = (read(n) for n in (
        "orders.csv", "order_items.csv", "order_payments.csv", "order_reviews.csv"))
    orders = {}
    for r in orders_rows:
        promised_day = datetime.strptime(r["Estimated delivery"], "%Y-%m-%d").date()
        orders[r["order_id"]] = {
            "created": at(r["order_purchase_timestamp"]), "paid": at(r["order_approved_at"]),
            "shipped": at(r["order_delivered_carrier_date"]), "delivered": at(r["order_delivered_customer_date"]),
            "day": promised_day, "deadline": ref.day_start_ms(promised_day + timedelta(days=1), SAO_PAULO),
            "status": r["order_status"], "items": 0, "item_cents": None, "paid_cents": None, "score": None,
            "email": r["customer_email"],
        }
    for r in items:
        o = orders[r["order_id"]]
        o["items"] += 1
        o["item_cents"] = (o["item_cents"] or 0) + round(float(r["price"]) * 100)
    for r in payments:
        o = orders[r["order_id"]]
        o["paid_cents"] = (o["paid_cents"] or 0) + round(float(r["payment_value"]) * 100)
    for r in reviews:
        o = orders[r["order_id"]]
        if o["score"] is None:
            o["score"] = int(r["review_score"])
    instants = [v for o in orders.values() for v in (o["created"], o["paid"], o["shipped"], o["delivered"]) if v]
    as_of = max(instants) // 60_000 * 60_000 + 60_000
    cancelled = {k for k, o in orders.items() if o["status"] in ("canceled", "unavailable")}
    live = {k: o for k, o in orders.items() if k not in cancelled}
    done = {k: o for k, o in live.items() if o["delivered"] is not None and o["delivered"] < as_of}
    late = {k: o for k, o in done.items() if o["delivered"] > o["deadline"]}
    values = [o["item_cents"] if o["item_cents"] is not None else o["paid_cents"] for o in orders.values()]
    values = [v for v in values if v is not None]
    scores = [o["score"] for o in orders.values() if o["score"] is not None]
    fulfilled = [o for k, o in live.items() if o["shipped"] is not None and o["shipped"] < as_of]
    emails = {}
    for k in sorted(orders, key=lambda k: orders[k]["created"]):
        emails.setdefault(orders[k]["email"], []).append(k)
    repeat = {k for ks in emails.values() for k in ks[1:]}
    local_day = lambda ms: ref.ms_to_local_date(ms, SAO_PAULO).toordinal()  # noqa: E731
    metrics = {
        "orders": ref.count_value(len(orders)),
        "fulfillment_time": ref.duration_value([o["shipped"] - o["created"] for o in fulfilled], "hours"),
        "delivery_time": ref.duration_value([o["delivered"] - o["created"] for o in done.values()], "hours"),
        "on_time_rate": ref.rate_value(len(done) - len(late), len(done)),
        "late_orders": ref.count_value(len(late)),
        "lateness": ref.duration_value([o["delivered"] - o["deadline"] for o in late.values()], "hours"),
        "lateness_days": stats_value([local_day(o["delivered"]) - o["day"].toordinal() for o in late.values()],
                                     10, "days"),
        "delay": ref.duration_value([o["delivered"] - o["deadline"] for o in done.values()], "hours"),
        "delay_days": stats_value([local_day(o["delivered"]) - o["day"].toordinal() for o in done.values()],
                                  "sign", "days"),
        "at_risk_rate": ref.rate_value(
            sum(1 for o in live.values() if o["delivered"] is None and o["deadline"] < as_of), len(live)),
        "cancellation_rate": ref.rate_value(len(cancelled), len(orders)),
        "repeat_customer_rate": ref.rate_value(
            len({orders[k]["email"] for k in repeat}), len({o["email"] for o in orders.values()})),
        "order_value": {"kind": "total", "n": len(values), "sum": sum(values) / 100,
                        "mean": sum(values) / 100 / len(values)},
        "items_per_order": stats_value([o["items"] for o in orders.values()], 10),
        "review_score": stats_value(scores, 11),
        "review_csat": ref.rate_value(sum(1 for s in scores if s >= 4), sum(1 for s in scores if s >= 4 or s <= 2)),
    }
    files = ["fixtures/marketplace/orders.csv", "fixtures/marketplace/order_items.csv",
             "fixtures/marketplace/order_payments.csv", "fixtures/marketplace/order_reviews.csv"]
    args = ["report", *[a for f in files for a in ("--orders", f)], "--orders-map", "promised=Estimated delivery",
            "--config", "fixtures/marketplace/opsmetrics.config.yml", "--format", "json"]
    return {
        "args": args,
        "as_of": ref.ms_to_iso(as_of, SAO_PAULO),
        "read": len(orders_rows) + len(items) + len(payments) + len(reviews),
        "metrics": metrics,
    }


def main():
    out = {
        "fixtures/servicenow-lag/expected.json": servicenow_lag(),
        "fixtures/itil/expected.json": itil(),
        "fixtures/shipments/expected.json": shipments(),
        "fixtures/marketplace/expected.json": marketplace(),
    }
    for path, data in out.items():
        (ROOT / path).write_text(json.dumps(data, indent=2) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
