#!/usr/bin/env python3
"""Expected results for fixtures/events/*, computed without opsmetrics (standard library only).

    python3 scripts/expected/events_expected.py     # writes fixtures/events/expected.json

The runs it describes (see "runs" in the JSON):
    opsmetrics report --events fixtures/events/log.csv --as-of 2025-03-05T00:00:00Z --max-bad-rows 2 --format json
    opsmetrics report --events fixtures/events/zendesk_comments.csv --events fixtures/events/zendesk_field_history.csv \
        --as-of 2025-03-04T00:00:00Z --format json
Definitions: docs/events.md. Quantiles: R type 7 (linear interpolation), written out below.
"""
from __future__ import annotations

import csv
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "fixtures" / "events"
H, M = 3_600_000, 60_000
GROUP = {"new": "new", "open": "open", "pending": "pending", "on-hold": "on_hold", "solved": "solved", "closed": "closed"}


def ms(text: str) -> int:
    text = text.replace("Z", "").replace("T", " ")
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc).timestamp() * 1000)


def q(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = int(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def dur(values_ms: list[int], scale: int, unit: str) -> dict:
    v = [x / scale for x in values_ms]
    if not v:
        return {"kind": "duration", "unit": unit, "n": 0, "mean": None, "median": None, "p90": None, "p95": None, "min": None, "max": None}
    return {"kind": "duration", "unit": unit, "n": len(v), "mean": sum(v) / len(v), "median": q(v, .5), "p90": q(v, .9),
            "p95": q(v, .95), "min": min(v), "max": max(v)}


def rate(a: int, b: int) -> dict:
    return {"kind": "rate", "numerator": a, "denominator": b, "value": None if b == 0 else a / b}


def total(values: list[int]) -> dict:
    return {"kind": "total", "n": len(values), "sum": sum(values), "mean": sum(values) / len(values) if values else None}


def fold(events: list[dict], as_of: int) -> dict:
    """One case: events already in time order (ties in input order), each a dict with
    t, kind (created/agent/note/customer/None), status (raw or None), team, agent."""
    created = next((e["t"] for e in events if e["kind"] == "created"), events[0]["t"])
    kept = [e for e in events if e["t"] >= created]
    group, since, time_in, seen = "new", created, {}, {"new"}
    first = True
    c = {"first_reply": None, "first_solved": None, "solved": None, "closed": None, "reopens": 0,
         "replies": 0, "customer": 0, "pairs": []}
    waiting: list[int] = []
    teams: list[str] = []
    agents: list[str] = []
    for e in kept:
        if e["kind"] == "agent":
            c["replies"] += 1
            c["first_reply"] = c["first_reply"] or e["t"]
            c["pairs"] += [e["t"] - w for w in waiting]
            waiting = []
        elif e["kind"] == "customer":
            c["customer"] += 1
            waiting.append(e["t"])
        if e["status"]:
            g = GROUP.get(e["status"], "open")
            if first and e["t"] == created:
                seen.discard(group)
                group = g
                seen.add(g)
            elif g != group:
                time_in[group] = time_in.get(group, 0) + e["t"] - since
                if group in ("solved", "closed") and g not in ("solved", "closed"):
                    c["reopens"] += 1
                    c["solved"] = c["closed"] = None
                if g == "solved":
                    c["first_solved"] = c["first_solved"] or e["t"]
                    c["solved"] = e["t"]
                if g == "closed":
                    c["closed"] = e["t"]
                group, since = g, e["t"]
                seen.add(g)
            first = False
        if e["team"] and (not teams or teams[-1] != e["team"]):
            teams.append(e["team"])
        if e["agent"] and (not agents or agents[-1] != e["agent"]):
            agents.append(e["agent"])
    if group not in ("solved", "closed"):
        c["solved"] = c["closed"] = None
    if group != "closed":
        time_in[group] = time_in.get(group, 0) + max(0, as_of - since)
    c.update(created=created, time_in=time_in, seen=seen, teams=teams, agents=agents,
             resolved=c["solved"] or c["closed"],
             pong=any(s[i] == s[i + 2] for s in (teams, agents) for i in range(len(s) - 2)))
    return c


def metrics(cases: list[dict]) -> dict:
    resolved = [c for c in cases if c["resolved"]]
    def tin(c, *gs):
        return sum(c["time_in"].get(g, 0) for g in gs)
    out = {
        "created": {"kind": "count", "value": len(cases)},
        "frt": dur([c["first_reply"] - c["created"] for c in cases if c["first_reply"]], M, "minutes"),
        "resolution_first": dur([(c["first_solved"] or c["resolved"]) - c["created"] for c in resolved if c["first_solved"] or c["reopens"] == 0], H, "hours"),
        "resolution_full": dur([c["resolved"] - c["created"] for c in resolved], H, "hours"),
        "resolution_rate": rate(len(resolved), len(cases)),
        "reopened": rate(sum(1 for c in resolved if c["reopens"] > 0), len(resolved)),
        "touch_one": rate(sum(1 for c in resolved if c["replies"] <= 1), len(resolved)),
        "reassigned": rate(sum(1 for c in cases if len(c["agents"]) > 1), len(cases)),
        "group_transfers": total([max(0, len(c["teams"]) - 1) for c in cases]),
        "next_reply_time": dur([p for c in cases for p in c["pairs"]], M, "minutes"),
        "requester_wait": dur([tin(c, "new", "open", "on_hold") for c in cases], H, "hours"),
        "agent_wait": dur([tin(c, "pending") for c in cases], H, "hours"),
        "handoffs": total([len(c["teams"]) - 1 for c in cases if c["teams"]]),
        "ping_pong": rate(sum(1 for c in cases if c["pong"]), len(cases)),
        "teams_per_case": total([len(set(c["teams"])) for c in cases if c["teams"]]),
    }
    for g in ("new", "open", "pending", "on_hold", "solved"):
        out[f"time_in_status_{g}"] = dur([tin(c, g) for c in cases if g in c["seen"]], H, "hours")
    return out


def log_cases(as_of: int) -> tuple[list[dict], int]:
    kinds = {"created": "created", "agent reply": "agent", "customer message": "customer"}
    by_case: dict[str, list[dict]] = {}
    last: dict[str, int] = {}
    rejected = 0
    with (DIR / "log.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            t = ms(row["timestamp"])
            if row["case"] in last and t < last[row["case"]]:
                rejected += 1  # out of order within the file
                continue
            last[row["case"]] = t
            kind = kinds.get(row["activity"])
            if row["activity"] == "note":
                kind = "note" if row["public"] == "false" else "agent"
            by_case.setdefault(row["case"], []).append({"t": t, "kind": kind, "status": row["status"] or None,
                                                        "team": row["team"] or None,
                                                        "agent": None if row["role"] == "customer" else row["resource"] or None})
    cases = []
    for events in by_case.values():
        events.sort(key=lambda e: e["t"])
        created = next((e["t"] for e in events if e["kind"] == "created"), events[0]["t"])
        rejected += sum(1 for e in events if e["t"] < created)
        cases.append(fold(events, as_of))
    return cases, rejected


def zendesk_cases(as_of: int) -> list[dict]:
    events: list[tuple[str, dict]] = []
    with (DIR / "zendesk_comments.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            customer = row["author_role"] == "end-user"
            kind = "customer" if customer else ("agent" if row["public"] == "TRUE" else "note")
            events.append((row["ticket_id"], {"t": ms(row["created"]), "kind": kind, "status": None, "team": None,
                                              "agent": None if customer else row["user_id"]}))
    with (DIR / "zendesk_field_history.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            field, value = row["field_name"], row["value"]
            events.append((row["ticket_id"], {"t": ms(row["updated"]), "kind": None,
                                              "status": value if field == "status" else None,
                                              "team": value if field == "group_id" else None,
                                              "agent": value if field == "assignee_id" else None}))
    by_case: dict[str, list[dict]] = {}
    for case, e in events:  # comments first, then field history: ties keep that order
        by_case.setdefault(case, []).append(e)
    return [fold(sorted(evs, key=lambda e: e["t"]), as_of) for evs in by_case.values()]


def main() -> None:
    as_of_log = ms("2025-03-05 00:00:00")
    cases, rejected = log_cases(as_of_log)
    as_of_zd = ms("2025-03-04 00:00:00")
    zd = zendesk_cases(as_of_zd)
    out = {
        "runs": {
            "log": {"args": ["report", "--events", "fixtures/events/log.csv", "--as-of", "2025-03-05T00:00:00Z", "--max-bad-rows", "2", "--format", "json"],
                    "read": 27, "rejected": rejected, "folded": 27 - rejected - len(cases), "metrics": metrics(cases)},
            "zendesk": {"args": ["report", "--events", "fixtures/events/zendesk_comments.csv", "--events", "fixtures/events/zendesk_field_history.csv",
                                 "--as-of", "2025-03-04T00:00:00Z", "--format", "json"],
                        "read": 19, "rejected": 0, "folded": 19 - len(zd), "metrics": metrics(zd)},
        }
    }
    (DIR / "expected.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
