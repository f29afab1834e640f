#!/usr/bin/env python3
"""Expected results for fixtures/zendesk/tickets.csv, computed without opsmetrics.

    python3 scripts/expected/zendesk_expected.py            # writes fixtures/zendesk/expected.json
    python3 scripts/expected/zendesk_expected.py --explain  # also prints the per-ticket table
    python3 scripts/expected/zendesk_expected.py --quantile legacy   # pre-7.9 simple-statistics method

The run it describes (see "meta.args" in the JSON):
    opsmetrics report fixtures/zendesk/tickets.csv --input-tz America/New_York --tz America/New_York \
        --since 2025-11-03 --until 2025-11-24 --format json   [--period week | --by Group]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True  # keep __pycache__ out of the repo
sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as ref  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "zendesk" / "tickets.csv"
OUT = ROOT / "fixtures" / "zendesk" / "expected.json"
ZONE = ZoneInfo("America/New_York")
SINCE = date(2025, 11, 3)
UNTIL = date(2025, 11, 24)
BASE_ARGS = ["report", "fixtures/zendesk/tickets.csv", "--input-tz", "America/New_York",
             "--tz", "America/New_York", "--since", "2025-11-03", "--until", "2025-11-24", "--format", "json"]


def load(path: Path) -> tuple[list[ref.Ticket], set[str], int]:
    """Reads the export the way the Zendesk profile is specified: headers matched trimmed and
    case-insensitively, offset-less timestamps in the account zone, empty cells = missing."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        records = [(reader.line_num, row) for row in reader]
    index = {h.strip().lower(): i for i, h in enumerate(header)}

    def col(row, name):
        i = index.get(name.lower())
        if i is None:
            return None
        v = row[i].strip()
        return v or None

    def instant(row, name):
        v = col(row, name)
        return None if v is None else ref.local_to_ms(datetime.strptime(v, "%Y-%m-%d %H:%M:%S"), ZONE)

    def minutes(row, name):
        v = col(row, name)
        return None if v is None else round(float(v) * ref.MS_PER_MINUTE)

    def count(row, name):
        v = col(row, name)
        return None if v is None else int(v)

    tickets = []
    for order, (line, row) in enumerate(records):
        sat = (col(row, "Satisfaction Score") or "").lower()
        category = col(row, "Category [list]") if "category [list]" in index else col(row, "Ticket type")
        t = ref.Ticket(
            id=col(row, "Id"), line=line, order=order,
            created=instant(row, "Created at"),
            solved=instant(row, "Solved at"),
            updated=instant(row, "Updated at"),
            frt_vendor=minutes(row, "First reply time in minutes"),
            first_resolution_vendor=minutes(row, "First resolution time in minutes"),
            full_resolution_vendor=minutes(row, "Full resolution time in minutes"),
            reopens=count(row, "Reopens"),
            replies=count(row, "Replies"),
            assignee_stations=count(row, "Assignee stations"),
            group_stations=count(row, "Group stations"),
            satisfaction="good" if sat.startswith("good") else "bad" if sat.startswith("bad") else None,
            customer=col(row, "Requester id") or col(row, "Requester email") or col(row, "Requester"),
            category=category,
            follow_up=(col(row, "Via") or "").lower() == "closed ticket",
        )
        t.dims = {h.strip(): col(row, h.strip()) for h in header}
        t.dims["team"] = t.dims.get("Group")
        tickets.append(t)
    present = {"reopens", "agent_replies", "assignee_stations", "group_stations", "satisfaction", "customer"}
    return tickets, present, len(records)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--quantile", choices=["type7", "legacy"], default="type7")
    ap.add_argument("--out", default=str(OUT))
    a = ap.parse_args()
    ref.QUANTILE_METHOD = a.quantile

    tickets, present, read = load(FIXTURE)
    since = ref.day_start_ms(SINCE, ZONE)
    until = ref.day_start_ms(UNTIL, ZONE)
    opts = ref.Options(as_of=until, zone=ZONE, present=present, repeat_window_days=7)
    used = sum(1 for t in tickets if since <= t.created < until)

    window = ref.report(tickets, since, until, opts)["all"]
    weekly = ref.report(tickets, since, until, opts, period="week")
    by_group = ref.report(tickets, since, until, opts, by="Group")
    throughput = ref.report(tickets, since, until, opts, period="week", resolution_rate="throughput")
    no_repeat = ref.report(tickets, since, until, opts, fcr_variant="no_repeat")["all"]

    out = {
        "meta": {
            "generated_by": "scripts/expected/zendesk_expected.py",
            "args": BASE_ARGS,
            "weekly_args": ["--period", "week"],
            "by_group_args": ["--by", "Group"],
            "as_of": ref.ms_to_iso(until, ZONE),
            "window": {"label": "all", "start": ref.ms_to_iso(since, ZONE), "end": ref.ms_to_iso(until, ZONE)},
            "weeks": {label: {"start": ref.ms_to_iso(s, ZONE), "end": ref.ms_to_iso(e, ZONE)}
                      for label, s, e in ref.iso_weeks(since, until, ZONE)},
            "quantile_method": "simple-statistics 7.12.1 quantileSorted (linear, R type 7)"
            if a.quantile == "type7" else "legacy simple-statistics (<7.9) quantileSorted",
            "none_group_key": ref.NONE_KEY,
        },
        "input": {"read": read, "used": used, "outside_period": read - used, "duplicate": 0, "rejected": 0},
        "window": window,
        "weekly": weekly,
        "by_group": by_group,
        "variants": {
            "throughput_weekly": {
                "args": ["--period", "week", "--resolution-rate", "throughput"],
                "resolution_rate": {k: v["resolution_rate"] for k, v in throughput.items()},
            },
            "fcr_no_repeat": {"args": ["--fcr", "no_repeat"], "fcr": no_repeat["fcr"]},
        },
    }
    Path(a.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if a.explain:
        print("\n".join(ref.explain(tickets, since, until, opts, "Group")))


if __name__ == "__main__":
    main()
