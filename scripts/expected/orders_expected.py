#!/usr/bin/env python3
"""Expected results for fixtures/orders/*, computed without opsmetrics (stdlib only, shares no code with src/).

    python3 scripts/expected/orders_expected.py

Runs described:
  shopify   `report --config fixtures/orders/opsmetrics.config.yml --orders fixtures/orders/shopify_orders.csv
             --tickets fixtures/orders/tickets.csv --format json` (promise = created + 2 business days,
             Monday-Friday whole days in Europe/Berlin; as_of = start of the minute after the latest instant)
  generic   `report --config fixtures/orders/generic.config.yml --orders fixtures/orders/orders_generic.csv
             --orders fixtures/orders/order_items.csv --format json` (date-only estimated delivery = end of that day)
The rules below restate docs/orders.md; the configs are restated here, not read.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref  # noqa: E402  (quantiles, value shapes, zone helpers)

ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "fixtures" / "orders"
BERLIN = ZoneInfo("Europe/Berlin")
H = 3_600_000


def shopify_ms(text):
    try:
        return ref.to_ms(datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z"))
    except ValueError:
        return "bad"


def promise_business_days(created, n):
    """End (next local midnight) of the n-th Mon-Fri local date whose 00:00 is at or after created."""
    d = ref.ms_to_local_date(created, BERLIN)
    counted = 0
    while True:
        if d.weekday() < 5 and ref.day_start_ms(d, BERLIN) >= created:
            counted += 1
            if counted == n:
                return ref.day_start_ms(d + timedelta(days=1), BERLIN)
        d += timedelta(days=1)


def load_shopify():
    orders, rejected_rows, order_rows = {}, 0, 0
    with (DIR / "shopify_orders.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            order_rows += 1
            created = shopify_ms(row["Created at"]) if row["Created at"] else None
            paid = shopify_ms(row["Paid at"]) if row["Paid at"] else None
            if created == "bad" or paid == "bad":
                rejected_rows += 1
                continue
            o = orders.setdefault(row["Name"].lstrip("#"), {"rows": 0, "items": 0})
            o["rows"] += 1
            o["items"] += 1 if row["Lineitem name"] else 0
            if row["Total"]:  # order-level fields live on the first row only
                o.update(
                    email=row["Email"].lower(), created=created,
                    fulfilled=shopify_ms(row["Fulfilled at"]) if row["Fulfilled at"] else None,
                    cancelled=shopify_ms(row["Cancelled at"]) if row["Cancelled at"] else None,
                    financial=row["Financial Status"], total=round(float(row["Total"]) * 100),
                    refunded=round(float(row["Refunded Amount"] or 0) * 100),
                )
    return orders, rejected_rows, order_rows


def load_tickets():
    tickets = []
    with (DIR / "tickets.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            tickets.append({
                "id": row["Id"],
                "created": ref.local_to_ms(datetime.strptime(row["Created at"], "%Y-%m-%d %H:%M:%S"), BERLIN),
                "number": row["Order number [txt]"].lstrip("#") or None,
                "subject_refs": re.findall(r"#(\d+)", row["Subject"]),
                "email": row["Requester email"].lower(), "category": row["Category [list]"],
            })
    return tickets


def link(tickets, orders, window_days=30):
    for t in tickets:
        t["order"], t["how"] = None, None
        if t["number"] in orders:
            t["order"], t["how"] = t["number"], "order_number"
            continue
        known = [r for r in t["subject_refs"] if r in orders]
        if known:
            t["order"], t["how"] = known[0], "subject"
            continue
        mine = [(o["created"], k) for k, o in orders.items() if o["email"] == t["email"] and o["created"] <= t["created"]]
        if mine:
            c, k = max(mine)
            if t["created"] - c <= window_days * 24 * H:
                t["order"], t["how"] = k, "email"


def shopify_run():
    orders, rejected, order_rows = load_shopify()
    tickets = load_tickets()
    link(tickets, orders)
    instants = [v for o in orders.values() for v in (o["created"], o["fulfilled"], o["cancelled"]) if v]
    instants += [t["created"] for t in tickets]
    as_of = max(instants) // 60_000 * 60_000 + 60_000
    live = {k: o for k, o in orders.items() if not (o["cancelled"] and o["cancelled"] < as_of) and o["financial"] != "voided"}
    status = {}
    for k, o in live.items():
        p = promise_business_days(o["created"], 2)
        o["promise"] = p
        f = o["fulfilled"] if o["fulfilled"] and o["fulfilled"] < as_of else None
        status[k] = ("on_time" if f <= p else "late") if f else ("open_late" if p < as_of else "open")
    contacts = {k: sum(1 for t in tickets if t["order"] == k) for k in orders}
    late = [k for k, s in status.items() if s in ("late", "open_late")]
    on_time = [k for k, s in status.items() if s == "on_time"]
    emails = {}
    for k, o in sorted(orders.items(), key=lambda kv: kv[1]["created"]):
        emails.setdefault(o["email"], []).append(k)
    refunded = [o["refunded"] for o in orders.values() if o["refunded"] > 0]

    def cats(keys):
        counts = {}
        for t in tickets:
            if t["order"] in keys:
                counts[t["category"]] = counts.get(t["category"], 0) + 1
        return [{"category": c, "tickets": n} for c, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]

    metrics = {
        "orders": ref.count_value(len(orders)),
        "fulfillment_time": ref.duration_value([o["fulfilled"] - o["created"] for o in live.values() if o["fulfilled"]], "hours"),
        "unfulfilled_age": ref.duration_value([as_of - o["created"] for o in live.values() if not o["fulfilled"]], "hours"),
        "delivery_time": {"kind": "unavailable"},
        "on_time_rate": ref.rate_value(len(on_time), sum(1 for s in status.values() if s in ("on_time", "late"))),
        "late_orders": ref.count_value(sum(1 for s in status.values() if s == "late")),
        "lateness": ref.duration_value([live[k]["fulfilled"] - live[k]["promise"] for k, s in status.items() if s == "late"], "hours"),
        "at_risk_rate": ref.rate_value(sum(1 for s in status.values() if s == "open_late"), len(status)),
        "cancellation_rate": ref.rate_value(len(orders) - len(live), len(orders)),
        "refund_rate": ref.rate_value(sum(1 for o in orders.values() if o["refunded"] > 0 or o["financial"] in ("refunded", "partially_refunded")), len(orders)),
        "refunded_value": {"kind": "total", "n": len(refunded), "sum": sum(refunded) / 100, "mean": sum(refunded) / 100 / len(refunded)},
        "refunded_value_share": {"kind": "rate", "numerator": sum(refunded) / 100, "denominator": sum(o["total"] for o in orders.values()) / 100,
                                 "value": sum(refunded) / sum(o["total"] for o in orders.values())},
        "repeat_customer_rate": ref.rate_value(sum(1 for ks in emails.values() if len(ks) > 1), len(emails)),
        "contacts_per_order": {"kind": "total", "n": len(orders), "sum": sum(contacts.values()), "mean": sum(contacts.values()) / len(orders)},
        "order_contact_rate": ref.rate_value(sum(1 for n in contacts.values() if n > 0), len(orders)),
        "contact_rate_late": ref.rate_value(sum(1 for k in late if contacts[k] > 0), len(late)),
        "contact_rate_on_time": ref.rate_value(sum(1 for k in on_time if contacts[k] > 0), len(on_time)),
        "unlinked_tickets": ref.count_value(sum(1 for t in tickets if t["order"] is None)),
    }
    return {
        "args": ["report", "--config", "fixtures/orders/opsmetrics.config.yml", "--orders", "fixtures/orders/shopify_orders.csv",
                 "--tickets", "fixtures/orders/tickets.csv", "--format", "json"],
        "as_of": ref.ms_to_iso(as_of, BERLIN),
        "input": {"read": order_rows + len(tickets), "used": order_rows - rejected + len(tickets), "rejected": rejected},
        "line_items": {"#" + k: o["items"] for k, o in orders.items()},
        "links": {t["id"]: {"order": ("#" + t["order"]) if t["order"] else None, "how": t["how"]} for t in tickets},
        "order_contacts": {"tickets": len(tickets), "unlinked": metrics["unlinked_tickets"]["value"],
                           "categories_after_late": cats(late), "categories_after_on_time": cats(on_time)},
        "metrics": metrics,
    }


def generic_run():
    def local(text):
        return ref.local_to_ms(datetime.strptime(text, "%Y-%m-%d %H:%M"), BERLIN) if text else None
    orders = {}
    with (DIR / "orders_generic.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            promised = ref.day_start_ms(datetime.strptime(row["order_estimated_delivery_date"], "%Y-%m-%d").date() + timedelta(days=1), BERLIN)
            orders[row["order_id"]] = {"email": row["customer_email"], "created": local(row["order_purchase_timestamp"]),
                                       "paid": local(row["order_approved_at"]), "fulfilled": local(row["order_delivered_carrier_date"]),
                                       "delivered": local(row["order_delivered_customer_date"]), "promise": promised,
                                       "cancelled": row["order_status"] == "canceled", "items": 0, "rows": 1}
    item_rows = rejected = 0
    with (DIR / "order_items.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            item_rows += 1
            if row["order_id"] not in orders:
                rejected += 1  # an item of an order no file creates
                continue
            orders[row["order_id"]]["items"] += 1
    instants = [v for o in orders.values() for v in (o["created"], o["paid"], o["fulfilled"], o["delivered"]) if v]
    as_of = max(instants) // 60_000 * 60_000 + 60_000
    live = {k: o for k, o in orders.items() if not o["cancelled"]}
    status = {}
    for k, o in live.items():
        d = o["delivered"]
        status[k] = ("on_time" if d <= o["promise"] else "late") if d else ("open_late" if o["promise"] < as_of else "open")
    metrics = {
        "orders": ref.count_value(len(orders)),
        "fulfillment_time": ref.duration_value([o["fulfilled"] - o["created"] for o in live.values() if o["fulfilled"]], "hours"),
        "delivery_time": ref.duration_value([o["delivered"] - o["created"] for o in live.values() if o["delivered"]], "hours"),
        "on_time_rate": ref.rate_value(sum(1 for s in status.values() if s == "on_time"), sum(1 for s in status.values() if s in ("on_time", "late"))),
        "late_orders": ref.count_value(sum(1 for s in status.values() if s == "late")),
        "lateness": ref.duration_value([live[k]["delivered"] - live[k]["promise"] for k, s in status.items() if s == "late"], "hours"),
        "at_risk_rate": ref.rate_value(sum(1 for s in status.values() if s == "open_late"), len(status)),
        "cancellation_rate": ref.rate_value(len(orders) - len(live), len(orders)),
        "repeat_customer_rate": ref.rate_value(sum(1 for e in {o["email"] for o in orders.values()} if sum(1 for o in orders.values() if o["email"] == e) > 1),
                                               len({o["email"] for o in orders.values()})),
    }
    return {
        "args": ["report", "--config", "fixtures/orders/generic.config.yml", "--orders", "fixtures/orders/orders_generic.csv",
                 "--orders", "fixtures/orders/order_items.csv", "--format", "json"],
        "as_of": ref.ms_to_iso(as_of, BERLIN),
        "input": {"read": len(orders) + item_rows, "used": len(orders) + item_rows - rejected, "rejected": rejected},
        "metrics": metrics,
    }


def main():
    out = {"meta": {"generated_by": "scripts/expected/orders_expected.py", "quantile_method": "simple-statistics 7.12.1 quantileSorted (linear, R type 7)"},
           "shopify": shopify_run(), "generic": generic_run()}
    (DIR / "expected.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out["shopify"]["metrics"], indent=1)[:400])


if __name__ == "__main__":
    main()
