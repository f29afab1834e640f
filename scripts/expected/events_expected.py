#!/usr/bin/env python3
"""Expected results for fixtures/events/*, computed without opsmetrics (standard library only).

    python3 scripts/expected/events_expected.py     # writes fixtures/events/expected.json

Each entry of "runs" in the JSON names the command it describes (args), the row accounting, the
metrics of the single report row, and for some the process section (variants, rework, paths,
bottlenecks). Definitions: docs/events.md; they are implemented here from that text, not from the
TypeScript sources. Quantiles: R type 7 (linear interpolation), written out below.

Fixtures:
- log.csv: a helpdesk log worked by hand in expected.md (out-of-order and before-creation rows).
- zendesk_comments.csv + zendesk_field_history.csv: Zendesk's audit data, merged by time.
- itsm_incidents.csv: a ServiceNow-style incident log: opened_at as the creation, waiting states
  (Awaiting User Info, Awaiting Vendor, Wait - User, Pending), a cancellation, a workflow whose only
  terminal status is Closed (reopened once), an update before the incident was opened.
- conversations.csv: a chat / e-mail / social export without a case id: message ids and reply
  links (floats such as 3.0), a yes/no direction column, an orphan reply, a reply cycle, an
  agent-opened conversation and an outbound-only one.
- incidents.xes: an XES (IEEE 1849) log: traces with attributes, nested attributes to pass over, a
  trace without a name, a reopened incident, a cancellation.
"""
from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "fixtures" / "events"
H, M = 3_600_000, 60_000

# The documented default vocabulary (docs/events.md), the texts these fixtures use; compared
# case-insensitively with _ and - read as spaces.
GROUP_OF = {
    "new": "new", "open": "open", "active": "open", "in progress": "open",
    "pending": "pending", "awaiting user info": "pending", "wait user": "pending",
    "on hold": "on_hold", "awaiting vendor": "on_hold",
    "solved": "solved", "resolved": "solved",
    "closed": "closed", "cancelled": "closed", "canceled": "closed",
    "reopened": "open", "created": "new",
}
CANCELLED = {"cancelled", "canceled"}
MESSAGES = {"agent reply": "agent", "customer message": "customer", "message": None, "note": None}
CUSTOMER_ROLES = {"customer", "end user", "requester"}
NOT_PUBLIC = {"false", "0", "no", "internal", "private"}
LABELS = {"agent": "agent reply", "note": "internal note", "customer": "customer message"}


def key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def utc_ms(text: str) -> int:
    text = text.replace("Z", "+00:00").replace(" ", "T")
    d = datetime.fromisoformat(text)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return round(d.timestamp() * 1000)


def local_ms(text: str, zone: str) -> int:
    return round(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp() * 1000)


def q(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = int(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def dur(values_ms: list[float], scale: int, unit: str) -> dict:
    v = [x / scale for x in values_ms]
    if not v:
        return {"kind": "duration", "unit": unit, "n": 0, "mean": None, "median": None, "p90": None, "p95": None,
                "min": None, "max": None}
    return {"kind": "duration", "unit": unit, "n": len(v), "mean": sum(v) / len(v), "median": q(v, .5),
            "p90": q(v, .9), "p95": q(v, .95), "min": min(v), "max": max(v)}


def rate(a: int, b: int) -> dict:
    return {"kind": "rate", "numerator": a, "denominator": b, "value": None if b == 0 else a / b}


def total(values: list[int]) -> dict:
    return {"kind": "total", "n": len(values), "sum": sum(values), "mean": sum(values) / len(values) if values else None}


def count(n: int) -> dict:
    return {"kind": "count", "value": n}


def event(t: int, line: int, *, activity: str = "", status: str = "", agent: str = "", team: str = "",
          role: str | None = None, public: str = "", attrs: dict | None = None, message_default: str | None = None) -> dict:
    """One event as the docs read a row: its status group (status column, else a status-like activity),
    its message kind (the role says whose; else the activity's own meaning), its label."""
    a = key(activity)
    group, raw, cancelled = None, None, False
    if status:
        group, raw, cancelled = GROUP_OF.get(key(status), "open"), status, key(status) in CANCELLED
    elif a in GROUP_OF:
        group, raw, cancelled = GROUP_OF[a], activity, a in CANCELLED
    by_customer = None if role is None else role in CUSTOMER_ROLES
    msg = None
    if a in MESSAGES or message_default is not None:
        whose = MESSAGES.get(a, message_default)
        if by_customer is not None:
            whose = "customer" if by_customer else "agent"
        if whose == "agent" and public.lower() in NOT_PUBLIC:
            whose = "note"
        msg = whose
    label = LABELS.get(msg or "", activity or status)
    return {"t": t, "line": line, "created": a == "created", "group": group, "raw": raw, "cancelled": cancelled,
            "msg": msg, "by_customer": by_customer is True, "agent": "" if by_customer else agent, "team": team,
            "label": label, "attrs": attrs or {}}


def stations(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and (not out or out[-1] != v):
            out.append(v)
    return out


def pong(st: list[str]) -> bool:
    return any(st[i] == st[i + 2] for i in range(len(st) - 2))


def fold(events: list[dict], as_of: int, *, opened: int | None = None, cancelled_policy: str = "closed",
         end_label: str | None = None, attr_policy: str = "first") -> dict:
    """One case, its events in time order (ties in input order)."""
    created = opened if opened is not None else next((e["t"] for e in events if e["created"]), events[0]["t"])
    kept = [e for e in events if e["t"] >= created]
    rejected = [e for e in events if e["t"] < created]
    group, since, time_in, seen = "new", created, {}, {"new"}
    first_status = True
    c = {"first_reply": None, "first_resolved": None, "solved": None, "closed": None, "reopens": 0,
         "replies": 0, "customer": 0, "pairs": [], "ends_cancelled": False}
    waiting: list[int] = []
    msg_seen = customer_acted = opened_by_agent = False
    resolves_cancel = cancelled_policy == "closed"

    def resolved_group(g: str, cancelled: bool) -> bool:
        return g == "solved" or (g == "closed" and (not cancelled or resolves_cancel))

    for e in kept:
        # replies (Zendesk's rule for a case an agent opens with a public message)
        if e["msg"] is None:
            customer_acted = customer_acted or e["by_customer"]
        else:
            if e["msg"] == "agent":
                c["replies"] += 1
                if not msg_seen and not customer_acted and e["t"] == created:
                    opened_by_agent = True
                elif c["first_reply"] is None:
                    c["first_reply"] = e["t"]
                c["pairs"] += [e["t"] - w for w in waiting]
                waiting = []
            elif e["msg"] == "customer":
                c["customer"] += 1
                customer_acted = True
                waiting.append(e["t"])
            msg_seen = True
        # status groups, resolution, reopens
        if e["group"]:
            g = e["group"]
            was_cancelled = c["ends_cancelled"]
            if first_status and e["t"] == created:
                seen.discard(group)
                previous, group = group, g
                seen.add(g)
                moved = True
            elif g != group:
                time_in[group] = time_in.get(group, 0) + e["t"] - since
                previous, group, since = group, g, e["t"]
                seen.add(g)
                moved = True
            else:
                previous, moved = group, False
            resolves = resolved_group(g, e["cancelled"])
            if moved:
                if resolved_group(previous, was_cancelled) and g not in ("solved", "closed"):
                    c["reopens"] += 1
                    c["solved"] = c["closed"] = None
                if resolves and c["first_resolved"] is None:
                    c["first_resolved"] = e["t"]
                if g == "solved":
                    c["solved"] = e["t"]
                if g == "closed" and resolves:
                    c["closed"] = e["t"]
            elif g == "closed" and was_cancelled and resolves and not resolves_cancel:
                c["first_resolved"] = c["first_resolved"] or e["t"]
                c["closed"] = e["t"]
            c["ends_cancelled"] = g == "closed" and e["cancelled"]
            first_status = False
    ends_resolved = group in ("solved", "closed") and not (c["ends_cancelled"] and not resolves_cancel)
    if not ends_resolved:
        c["solved"] = c["closed"] = None
    if group != "closed":
        time_in[group] = time_in.get(group, 0) + max(0, as_of - since)
    teams = stations([e["team"] for e in kept])
    agents = stations([e["agent"] for e in kept])
    labels = [e["label"] for e in kept if e["label"]]
    attrs: dict = {}
    for e in kept:
        for k, v in e["attrs"].items():
            if v and (attr_policy == "last" or k not in attrs):
                attrs[k] = v
    end_at = max((e["t"] for e in kept if end_label and key(e["label"]) == key(end_label)), default=None)
    outbound = opened_by_agent and c["customer"] == 0
    c.update(created=created, kept=len(kept), rejected=rejected, time_in=time_in, seen=seen, teams=teams,
             agents=agents, distinct_teams=len(set(teams)), labels=labels, attrs=attrs, end_at=end_at,
             duration=kept[-1]["t"] - created, outbound=outbound,
             first_reply=None if outbound else c["first_reply"],
             resolved=c["solved"] or c["closed"], team_pong=pong(teams), agent_pong=pong(agents))
    return c


def metrics(cases: list[dict], as_of: int, *, statuses: bool = True, messages: bool = True,
            agents: bool = True, teams: bool = True, end: bool = False) -> dict:
    resolved = [c for c in cases if c["resolved"] and c["resolved"] < as_of]

    def tin(c, *gs):
        return sum(c["time_in"].get(g, 0) for g in gs)

    out = {
        "created": count(len(cases)),
        "case_duration": dur([c["duration"] for c in cases], H, "hours"),
        "events_per_case": total([c["kept"] for c in cases]),
        "rework": rate(sum(1 for c in cases if len(set(c["labels"])) != len(c["labels"])), len(cases)),
    }
    if end:
        out["case_duration_to_end"] = dur([c["end_at"] - c["created"] for c in cases if c["end_at"]], H, "hours")
    if messages:
        frt = [c["first_reply"] - c["created"] for c in cases if c["first_reply"] and c["first_reply"] < as_of]
        out |= {
            "frt": dur(frt, M, "minutes"),
            "next_reply_time": dur([p for c in cases for p in c["pairs"]], M, "minutes"),
            "answered": rate(len(frt), sum(1 for c in cases if not c["outbound"])),
            "outbound_only": count(sum(1 for c in cases if c["outbound"])),
        }
    if statuses:
        first = [(c["first_resolved"] or (c["resolved"] if c["reopens"] == 0 else None)) for c in cases]
        out |= {
            "resolution_first": dur([f - c["created"] for f, c in zip(first, cases) if f and f < as_of], H, "hours"),
            "resolution_full": dur([c["resolved"] - c["created"] for c in resolved], H, "hours"),
            "resolution_rate": rate(len(resolved), len(cases)),
            "reopened": rate(sum(1 for c in resolved if c["reopens"] > 0), len(resolved)),
            "requester_wait": dur([tin(c, "new", "open", "on_hold") for c in cases], H, "hours"),
            "agent_wait": dur([tin(c, "pending") for c in cases], H, "hours"),
            "cancelled": count(sum(1 for c in cases if c["ends_cancelled"])),
        }
        for g in ("new", "open", "pending", "on_hold", "solved"):
            out[f"time_in_status_{g}"] = dur([tin(c, g) for c in cases if g in c["seen"]], H, "hours")
        if messages:
            out["touch_one"] = rate(sum(1 for c in resolved if c["replies"] <= 1), len(resolved))
    if agents:
        out |= {
            "reassigned": rate(sum(1 for c in cases if len(c["agents"]) > 1), len(cases)),
            "agent_handoffs": total([len(c["agents"]) - 1 for c in cases if c["agents"]]),
            "agent_ping_pong": rate(sum(1 for c in cases if c["agent_pong"]), len(cases)),
        }
    if teams:
        out |= {
            "group_transfers": total([max(0, len(c["teams"]) - 1) for c in cases]),
            "handoffs": total([len(c["teams"]) - 1 for c in cases if c["teams"]]),
            "ping_pong": rate(sum(1 for c in cases if c["team_pong"]), len(cases)),
            "teams_per_case": total([c["distinct_teams"] for c in cases if c["teams"]]),
        }
    return out


def process(cases: list[dict], events_by_case: dict[str, list[dict]], min_cases: int) -> dict:
    """Variants (full sequences), rework per activity, status transitions of at least `min_cases` cases."""
    variants: dict[tuple, list[float]] = {}
    for c in cases:
        variants.setdefault(tuple(c["labels"]), []).append(c["duration"] / H)
    rows = sorted(variants.items(), key=lambda kv: (-len(kv[1]), "\0".join(kv[0])))
    rework: dict[str, list[int]] = {}
    for c in cases:
        for a in sorted(set(c["labels"])):
            n = c["labels"].count(a)
            if n > 1:
                entry = rework.setdefault(a, [0, 0])
                entry[0] += 1
                entry[1] += n - 1
    trans: dict[tuple, list] = {}
    for case_id, evs in events_by_case.items():
        raw, since = None, None
        for e in evs:
            if not e["raw"]:
                continue
            if raw is not None and e["raw"] != raw:
                entry = trans.setdefault((raw, e["raw"]), [[], set()])
                entry[0].append((e["t"] - since) / H)
                entry[1].add(case_id)
            if e["raw"] != raw:
                raw, since = e["raw"], e["t"]
    kept = [(a, b, xs, ids) for (a, b), (xs, ids) in trans.items() if len(ids) >= min_cases]
    bottlenecks = sorted(
        ({"from": a, "to": b, "n": len(xs), "cases": len(ids), "median_h": q(xs, .5), "p90_h": q(xs, .9)}
         for a, b, xs, ids in kept),
        key=lambda r: (-r["median_h"], -r["n"], f"{r['from']}\0{r['to']}"))[:10]
    return {
        "variants": {"count": len(rows), "top": [{"sequence": list(seq), "cases": len(ds), "share": len(ds) / len(cases),
                                                  "median_duration_h": q(ds, .5)} for seq, ds in rows[:10]]},
        "rework": {"cases": sum(1 for c in cases if len(set(c["labels"])) != len(c["labels"])),
                   "activities": [{"activity": a, "cases": n, "events": ev} for a, (n, ev) in
                                  sorted(rework.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))]},
        "bottlenecks": bottlenecks,
        "bottlenecks_below_min_cases": len(trans) - len(kept),
    }


def by_case_in_order(events: list[tuple[str, dict]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for case, e in events:
        out.setdefault(case, []).append(e)
    return {k: sorted(v, key=lambda e: e["t"]) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------- log.csv
def log_cases(as_of: int) -> tuple[list[dict], int]:
    by_case: dict[str, list[dict]] = {}
    last: dict[str, int] = {}
    rejected = 0
    with (DIR / "log.csv").open(newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            t = utc_ms(row["timestamp"])
            if row["case"] in last and t < last[row["case"]]:
                rejected += 1  # out of order within the file
                continue
            last[row["case"]] = t
            by_case.setdefault(row["case"], []).append(event(
                t, line, activity=row["activity"], status=row["status"], agent=row["resource"], team=row["team"],
                role=row["role"] or None, public=row["public"], attrs={"priority": row["priority"]}))
    cases = []
    for events in by_case.values():
        c = fold(sorted(events, key=lambda e: e["t"]), as_of)
        rejected += len(c["rejected"])
        cases.append(c)
    return cases, rejected


# ------------------------------------------------------------------------------------------ zendesk pair
def zendesk_cases(as_of: int) -> list[dict]:
    events: list[tuple[str, dict]] = []
    with (DIR / "zendesk_comments.csv").open(newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            events.append((row["ticket_id"], event(
                utc_ms(row["created"]), line, activity="message", agent=row["user_id"],
                role="end user" if row["author_role"] == "end-user" else row["author_role"],
                public=row["public"])))
    with (DIR / "zendesk_field_history.csv").open(newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            field, value = row["field_name"], row["value"]
            events.append((row["ticket_id"], event(
                utc_ms(row["updated"]), line, status=value if field == "status" else "",
                team=value if field == "group_id" else "", agent=value if field == "assignee_id" else "")))
    # comments first, then field history: ties keep that order
    return [fold(evs, as_of) for evs in by_case_in_order(events).values()]


# ---------------------------------------------------------------------------------------------- ITSM log
ITSM_ZONE = "Europe/Berlin"


def itsm(as_of: int, *, policy: str = "closed", attr_policy: str = "first") -> tuple[list[dict], dict, int]:
    by_case: dict[str, list[dict]] = {}
    opened: dict[str, int] = {}
    with (DIR / "itsm_incidents.csv").open(newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            case = row["number"]
            opened.setdefault(case, local_ms(row["opened_at"], ITSM_ZONE))
            attrs = {k: row[k] for k in ("priority", "impact", "category")}
            by_case.setdefault(case, []).append(event(
                local_ms(row["sys_updated_at"], ITSM_ZONE), line, status=row["incident_state"],
                agent=row["assigned_to"], team=row["assignment_group"], attrs=attrs))
    cases, rejected = [], 0
    for case, evs in by_case.items():
        c = fold(evs, as_of, opened=opened[case], cancelled_policy=policy, attr_policy=attr_policy)
        c["id"] = case
        rejected += len(c["rejected"])
        cases.append(c)
    kept = {c["id"]: [e for e in by_case[c["id"]] if e["t"] >= c["created"]] for c in cases}
    return cases, kept, rejected


# ------------------------------------------------------------------------------------------ conversations
def norm_id(text: str) -> str:
    """A message id as compared: a whole number written with a zero fraction (3.0) is the number."""
    text = text.strip()
    whole, dot, frac = text.partition(".")
    return whole if dot and frac and set(frac) == {"0"} and whole.lstrip("-").isdigit() else text


def conversations(as_of: int) -> tuple[list[dict], dict]:
    rows = []
    with (DIR / "conversations.csv").open(newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            rows.append((line, row))
    ids = {norm_id(r["Message ID"]) for _, r in rows}
    parent = {norm_id(r["Message ID"]): norm_id(r["Reply To"]) for _, r in rows}
    first_seen = {norm_id(r["Message ID"]): (utc_ms(r["Sent"]), k) for k, (_, r) in enumerate(rows)}
    orphans, cycles = 0, 0
    root: dict[str, str] = {}
    for m in ids:  # walk up each chain; an orphan starts its own, a cycle is broken at its earliest message
        path, x = [], m
        while True:
            if x in root:
                r = root[x]
                break
            if x in path:
                cycle = path[path.index(x):]
                r = min(cycle, key=lambda y: first_seen[y])
                break
            path.append(x)
            p = parent[x]
            if not p or p == x:
                r = x
                break
            if p not in ids:
                r = x
                break
            x = p
        for y in path:
            root[y] = r
    for m in ids:
        if parent[m] and parent[m] != m and parent[m] not in ids:
            orphans += 1
    # a cycle is counted once, at the message it is broken at
    cycles = sum(1 for m in ids if root[m] == m and parent[m] in ids and parent[m] != m)
    events: list[tuple[str, dict]] = []
    for line, r in rows:
        customer = r["From Customer"].strip().lower() in ("true", "yes", "1")
        events.append((root[norm_id(r["Message ID"])], event(
            utc_ms(r["Sent"]), line, activity="", agent=r["Author"], team=r["Brand"],
            role="customer" if customer else "agent", attrs={"channel": r["Channel"]}, message_default="either")))
    by_case = by_case_in_order(events)
    cases = []
    for case, evs in by_case.items():
        c = fold(evs, as_of)
        c["id"] = case
        cases.append(c)
    return cases, {"messages": len(ids), "conversations": len(cases), "orphans": orphans, "cycles": cycles}


# ---------------------------------------------------------------------------------------------------- XES
def xes_cases(as_of: int, end_label: str | None = None) -> tuple[list[dict], dict[str, list[dict]]]:
    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    tree = ET.parse(DIR / "incidents.xes")
    by_case: dict[str, list[dict]] = {}
    for n, trace in enumerate((t for t in tree.getroot() if local(t.tag) == "trace"), start=1):
        attrs = {c.get("key"): c.get("value") for c in trace if local(c.tag) in ("string", "date", "int")}
        case = attrs.get("concept:name") or f"trace {n}"
        evs = []
        for e in (c for c in trace if local(c.tag) == "event"):
            a = {c.get("key"): c.get("value") for c in e if local(c.tag) in ("string", "date", "int")}
            evs.append(event(utc_ms(a["time:timestamp"]), 0, activity=a["concept:name"], agent=a.get("org:resource", ""),
                             team=a.get("org:group", ""), attrs={"priority": attrs.get("priority", "")}))
        by_case[case] = sorted(evs, key=lambda e: e["t"])
    cases = []
    for case, evs in by_case.items():
        c = fold(evs, as_of, end_label=end_label)
        c["id"] = case
        cases.append(c)
    return cases, by_case


def main() -> None:
    runs = {}
    as_of_log = utc_ms("2025-03-05T00:00:00Z")
    cases, rejected = log_cases(as_of_log)
    runs["log"] = {"args": ["report", "--events", "fixtures/events/log.csv", "--as-of", "2025-03-05T00:00:00Z",
                            "--max-bad-rows", "2", "--format", "json"],
                   "read": 27, "rejected": rejected, "folded": 27 - rejected - len(cases),
                   "metrics": metrics(cases, as_of_log)}
    as_of_zd = utc_ms("2025-03-04T00:00:00Z")
    zd = zendesk_cases(as_of_zd)
    runs["zendesk"] = {"args": ["report", "--events", "fixtures/events/zendesk_comments.csv", "--events",
                                "fixtures/events/zendesk_field_history.csv", "--as-of", "2025-03-04T00:00:00Z",
                                "--format", "json"],
                       "read": 19, "rejected": 0, "folded": 19 - len(zd), "metrics": metrics(zd, as_of_zd)}

    as_of = utc_ms("2025-04-10T00:00:00Z")
    base = ["report", "--events", "fixtures/events/itsm_incidents.csv", "--input-tz", ITSM_ZONE,
            "--as-of", "2025-04-10T00:00:00Z", "--max-bad-rows", "1"]
    inc, kept, rejected = itsm(as_of)
    runs["itsm"] = {"args": [*base, "--bottleneck-min-cases", "2", "--format", "json"],
                    "read": 28, "rejected": rejected, "folded": 28 - rejected - len(inc),
                    "metrics": metrics(inc, as_of, messages=False),
                    "process": process(inc, kept, 2)}
    unresolved, _, _ = itsm(as_of, policy="unresolved")
    runs["itsm_cancelled_unresolved"] = {
        "args": [*base, "--config", "fixtures/events/itsm.config.yml", "--format", "json"],
        "read": 28, "rejected": rejected, "folded": 28 - rejected - len(inc),
        "metrics": metrics(unresolved, as_of, messages=False)}
    for policy in ("first", "last"):
        groups: dict = {}
        for c in itsm(as_of, attr_policy=policy)[0]:
            groups.setdefault(c["attrs"]["impact"], []).append(c)
        runs[f"itsm_by_impact_{policy}"] = {
            "args": [*base, "--by", "impact", "--case-attributes", policy, "--format", "json"],
            "groups": {k: {"created": count(len(v)), "case_duration": dur([c["duration"] for c in v], H, "hours")}
                       for k, v in sorted(groups.items())}}

    as_of_c = utc_ms("2025-05-09T00:00:00Z")
    conv, accounting = conversations(as_of_c)
    conv_args = ["report", "--events", "fixtures/events/conversations.csv", "--map",
                 "id=Message ID,parent=Reply To,inbound=From Customer,agent=Author,team=Brand,channel=Channel,timestamp=Sent",
                 "--as-of", "2025-05-09T00:00:00Z"]
    runs["conversations"] = {"args": [*conv_args, "--format", "json"], "read": 24, "rejected": 0,
                             "folded": 24 - len(conv), "conversations": accounting,
                             "metrics": metrics(conv, as_of_c, statuses=False)}
    for dim, attr in (("team", None), ("channel", "channel")):
        groups = {}
        for c in conv:
            groups.setdefault(c["attrs"]["channel"] if attr else c["teams"][0], []).append(c)
        runs[f"conversations_by_{dim}"] = {
            "args": [*conv_args, "--by", dim, "--format", "json"],
            "groups": {k: {m: v for m, v in metrics(v, as_of_c, statuses=False).items()
                           if m in ("created", "frt", "answered", "outbound_only", "events_per_case")}
                       for k, v in sorted(groups.items())}}

    as_of_x = utc_ms("2025-04-05T00:00:00Z")
    xs, xes_by_case = xes_cases(as_of_x, end_label="Closed")
    runs["xes"] = {"args": ["report", "--events", "fixtures/events/incidents.xes", "--as-of", "2025-04-05T00:00:00Z",
                            "--case-end", "Closed", "--format", "json"],
                   "read": 21, "rejected": 0, "folded": 21 - len(xs),
                   "metrics": metrics(xs, as_of_x, messages=False, end=True),
                   "process": process(xs, xes_by_case, 30)}
    (DIR / "expected.json").write_text(json.dumps({"runs": runs}, indent=2) + "\n")


if __name__ == "__main__":
    main()
