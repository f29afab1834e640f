#!/usr/bin/env python3
"""Expected results for the vendor fixtures, computed without opsmetrics (stdlib only).

    python3 scripts/expected/vendors_expected.py

Fixtures and the runs they stand for (each with `--format json`; no --since/--until, so the window
starts at the earliest creation and as_of is the start of the minute after the latest instant):
  freshdesk   fixtures/freshdesk/tickets.csv --input-tz America/Chicago           (+ --by team, + --fcr no_customer_followup)
  servicenow  fixtures/servicenow/incidents.csv --input-tz Europe/London          (+ --by priority)
  audit       fixtures/servicenow/incident_audit.csv --input-tz Europe/London --date-format "d/M/yyyy HH:mm" --null-token "?"
  jira        fixtures/jira/issues.csv --input-tz Europe/Berlin                   (+ --by category)

The column meanings below restate the vendors' documentation (and the README's profile section);
they are deliberately not read from src/ingest/profiles. The audit log keeps, per `number`, the row
with the highest sys_mod_count, then the latest sys_updated_on, then the later row in the file.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NULLS = {"", "null", "n/a", "#n/a"}


def rows_of(path: Path):
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader)]
        out = []
        prev = reader.line_num
        for row in reader:
            out.append((prev + 1, dict(zip(header, row))))
            prev = reader.line_num
    return out


def cell(row, name, nulls=NULLS):
    v = (row.get(name) or "").strip()
    return None if v.lower() in nulls else v


def instant(text, fmt, zone):
    return None if text is None else ref.local_to_ms(datetime.strptime(text, fmt), zone)


def count(text):
    return None if text is None else int(text)


def verdict(text, met, violated):
    if text is None:
        return None
    t = text.lower()
    return "met" if t in met else "violated" if t in violated else None


def sla_rate(cohort, key):
    judged = [t for t in cohort if t.dims.get(key) is not None]
    return ref.rate_value(sum(1 for t in judged if t.dims[key] == "met"), len(judged))


def run(tickets, zone, present, extra, by=None, **variants):
    """The reference report plus the vendor-specific metrics; durations without any source column
    (the reference always computes them) become unavailable when the export has no first reply."""
    as_of = ref.as_of_default(tickets)
    since = min(t.created for t in tickets)
    opts = ref.Options(as_of=as_of, zone=zone, present=present)
    rows = ref.report(tickets, since, as_of, opts, by=by, **variants)
    for key, metrics in rows.items():
        cohort = [t for t in tickets if since <= t.created < as_of and (by is None or (t.dims.get(by) or ref.NONE_KEY) == key)]
        metrics.update(extra(cohort))
        if "first_reply" not in present:
            metrics["frt"] = ref.unavailable("first_reply")
    return {"as_of": ref.ms_to_iso(as_of, zone), "since": ref.ms_to_iso(since, zone), "rows": rows}


# --- Freshdesk --------------------------------------------------------------------------------------
FD_MET = {"within sla", "innerhalb des sla"}
FD_VIOLATED = {"sla violated", "sla verletzt"}
FD_GOOD = ("awesome",)
FD_BAD = ("not good",)


def freshdesk():
    zone = ZoneInfo("America/Chicago")
    fmt = "%Y-%m-%d %H:%M:%S"
    tickets = []
    for order, (line, r) in enumerate(rows_of(ROOT / "fixtures/freshdesk/tickets.csv")):
        survey = (cell(r, "Survey results") or "").lower()
        t = ref.Ticket(
            id=cell(r, "Ticket ID"), line=line, order=order,
            created=instant(cell(r, "Created time"), fmt, zone),
            first_reply=instant(cell(r, "Initial response time"), fmt, zone),
            solved=instant(cell(r, "Resolved time"), fmt, zone),
            closed=instant(cell(r, "Closed time"), fmt, zone),
            updated=instant(cell(r, "Last update time"), fmt, zone),
            replies=count(cell(r, "Agent interactions")),
            satisfaction="good" if survey.startswith(FD_GOOD) else "bad" if survey.startswith(FD_BAD) else None,
            customer=cell(r, "Contact ID"), category=cell(r, "Type"),
        )
        t.dims = {
            "team": cell(r, "Group"),
            "customer_messages": count(cell(r, "Customer interactions")),
            "sla_first": verdict(cell(r, "First response status"), FD_MET, FD_VIOLATED),
            "sla_resolution": verdict(cell(r, "Resolution status"), FD_MET, FD_VIOLATED),
        }
        tickets.append(t)
    present = {"agent_replies", "customer", "satisfaction", "first_reply"}

    def extra(cohort):
        return {"vendor_sla_first_reply": sla_rate(cohort, "sla_first"), "vendor_sla_resolution": sla_rate(cohort, "sla_resolution")}

    window = run(tickets, zone, present, extra)
    # fcr.no_customer_followup: resolved by as_of with at most one customer message / resolved with a known count.
    as_of = ref.as_of_default(tickets)
    done = [t for t in tickets if t.resolved_at is not None and t.resolved_at < as_of and t.dims["customer_messages"] is not None]
    fcr_ncf = ref.rate_value(sum(1 for t in done if t.dims["customer_messages"] <= 1), len(done))
    return {
        "args": ["report", "fixtures/freshdesk/tickets.csv", "--input-tz", "America/Chicago", "--format", "json"],
        "read": len(tickets), "duplicate": 0,
        "window": window,
        "by_team": run(tickets, zone, present, extra, by="team"),
        "fcr_no_customer_followup": fcr_ncf,
        "unavailable": ["reopened", "fcr", "reassigned", "group_transfers"],
    }


# --- ServiceNow -------------------------------------------------------------------------------------
def servicenow_tickets(path, fmt, zone, nulls, state_col):
    kept: dict[str, tuple] = {}
    rows = rows_of(path)
    for order, (line, r) in enumerate(rows):
        c = lambda name: cell(r, name, nulls)  # noqa: E731
        t = ref.Ticket(
            id=c("number"), line=line, order=order,
            created=instant(c("opened_at"), fmt, zone),
            solved=instant(c("resolved_at"), fmt, zone),
            closed=instant(c("closed_at"), fmt, zone),
            updated=instant(c("sys_updated_on"), fmt, zone),
            reopens=count(c("reopen_count")),
            customer=c("caller_id"), category=c("category"),
        )
        made = c("made_sla")
        t.dims = {
            "priority": c("priority"), "team": c("assignment_group"), "status": c(state_col),
            "reassignments": count(c("reassignment_count")),
            "sla_resolution": verdict(made, {"true"}, {"false"}),
        }
        key = (count(c("sys_mod_count")), t.updated if t.updated is not None else -1)
        prev = kept.get(t.id)
        # Highest version, then latest update; on a full tie the later row in the file wins.
        if prev is None or key >= prev[0]:
            kept[t.id] = (key, t, prev[2] if prev else order)
    tickets = []
    for key, t, first_order in kept.values():
        tickets.append(t)
    # The table keeps a folded ticket at its first row's position; file order only breaks repeat ties.
    tickets.sort(key=lambda t: [o for k, x, o in kept.values() if x is t][0])
    for i, t in enumerate(tickets):
        t.order = i
    return tickets, len(rows)


def servicenow_extra(cohort):
    known = [t for t in cohort if t.dims["reassignments"] is not None]
    return {
        "reassigned": ref.rate_value(sum(1 for t in known if t.dims["reassignments"] > 0), len(known)),
        "vendor_sla_resolution": sla_rate(cohort, "sla_resolution"),
    }


def servicenow():
    zone = ZoneInfo("Europe/London")
    present = {"reopens", "customer"}
    tickets, read = servicenow_tickets(ROOT / "fixtures/servicenow/incidents.csv", "%Y-%m-%d %H:%M:%S", zone, NULLS, "state")
    audit, audit_read = servicenow_tickets(ROOT / "fixtures/servicenow/incident_audit.csv", "%d/%m/%Y %H:%M", zone, NULLS | {"?"}, "incident_state")
    return {
        "incidents": {
            "args": ["report", "fixtures/servicenow/incidents.csv", "--input-tz", "Europe/London", "--format", "json"],
            "read": read, "duplicate": read - len(tickets),
            "window": run(tickets, zone, present, servicenow_extra),
            "by_priority": run(tickets, zone, present, servicenow_extra, by="priority"),
        },
        "audit": {
            "args": ["report", "fixtures/servicenow/incident_audit.csv", "--input-tz", "Europe/London",
                     "--date-format", "d/M/yyyy HH:mm", "--null-token", "?", "--format", "json"],
            "read": audit_read, "duplicate": audit_read - len(audit),
            "window": run(audit, zone, present, servicenow_extra),
            "kept": {t.id: {"status": t.dims["status"], "reassignments": t.dims["reassignments"]} for t in audit},
        },
        "unavailable": ["frt", "touch_one", "fcr", "group_transfers", "csat", "vendor_sla_first_reply"],
    }


# --- Jira -------------------------------------------------------------------------------------------
def jira():
    zone = ZoneInfo("Europe/Berlin")
    fmt = "%d/%b/%y %I:%M %p"
    tickets = []
    for order, (line, r) in enumerate(rows_of(ROOT / "fixtures/jira/issues.csv")):
        sat = cell(r, "Custom field (Satisfaction)")
        t = ref.Ticket(
            id=cell(r, "Issue key"), line=line, order=order,
            created=instant(cell(r, "Created"), fmt, zone),
            solved=instant(cell(r, "Resolved"), fmt, zone),
            updated=instant(cell(r, "Updated"), fmt, zone),
            satisfaction="good" if sat in ("4", "5") else "bad" if sat in ("1", "2") else None,
            customer=cell(r, "Reporter"), category=cell(r, "Custom field (Request Type)"),
        )
        t.dims = {"category": t.category, "sla_first_response": cell(r, "Custom field (Time to first response)")}
        tickets.append(t)
    present = {"customer", "satisfaction"}
    return {
        "args": ["report", "fixtures/jira/issues.csv", "--input-tz", "Europe/Berlin", "--format", "json"],
        "read": len(tickets), "duplicate": 0,
        "window": run(tickets, zone, present, lambda cohort: {}),
        "by_category": run(tickets, zone, present, lambda cohort: {}, by="category"),
        "sla_first_response_values": sorted({t.dims["sla_first_response"] or ref.NONE_KEY for t in tickets}),
        "unavailable": ["frt", "reopened", "touch_one", "fcr", "reassigned", "group_transfers", "vendor_sla_first_reply", "vendor_sla_resolution"],
    }


def main() -> None:
    meta = {"generated_by": "scripts/expected/vendors_expected.py", "none_group_key": ref.NONE_KEY,
            "quantile_method": "simple-statistics 7.12.1 quantileSorted (linear, R type 7)"}
    for vendor, compute in (("freshdesk", freshdesk), ("servicenow", servicenow), ("jira", jira)):
        out = {"meta": meta, **compute()}
        path = ROOT / "fixtures" / vendor / "expected.json"
        path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
