#!/usr/bin/env python3
"""Expected results for fixtures/generic/tickets.csv (+ opsmetrics.config.yml), computed without opsmetrics.

    python3 scripts/expected/generic_expected.py [--explain] [--quantile legacy]

Runs described (all with `--config fixtures/generic/opsmetrics.config.yml --format json --max-bad-rows 1`):
  window     no --since/--until: S = earliest created, as_of = start of the minute after the latest instant
  by_region  the same with `--by region`
  weekly     `--since 2025-10-27 --until 2025-11-10 --period week` (as_of = until)
The mapping below restates the config file; it is not read from it, on purpose.
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
FIXTURE = ROOT / "fixtures" / "generic" / "tickets.csv"
OUT = ROOT / "fixtures" / "generic" / "expected.json"
ZONE = ZoneInfo("Europe/Berlin")
NULLS = {"", "-", "n/a"}
COMMON = ["report", "fixtures/generic/tickets.csv", "--config", "fixtures/generic/opsmetrics.config.yml",
          "--format", "json", "--max-bad-rows", "1"]


def load(path: Path):
    tickets, rejects = [], []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        index = {h.strip().lower(): i for i, h in enumerate(header)}
        prev_line = reader.line_num
        records = []
        for row in reader:
            records.append((prev_line + 1, row))
            prev_line = reader.line_num

    def cell(row, name):
        v = row[index[name.lower()]].strip()
        return None if v in NULLS else v

    for order, (line, row) in enumerate(records):
        def instant(name):
            v = cell(row, name)
            if v is None:
                return None
            try:
                return ref.local_to_ms(datetime.strptime(v, "%d.%m.%Y %H:%M"), ZONE)
            except ValueError:
                raise BadDate(name, v)

        def count(name):
            v = cell(row, name)
            return None if v is None else int(v)

        try:
            t = ref.Ticket(
                id=cell(row, "Ticket No"), line=line, order=order,
                created=instant("Opened"), first_reply=instant("First Response"), solved=instant("Resolved"),
                reopens=count("Reopened"), replies=count("Agent Msgs"),
                customer=cell(row, "Customer Email"), category=cell(row, "Topic"),
            )
        except BadDate as e:
            rejects.append({"code": "bad_date", "line": line, "column": e.column, "value": e.value,
                            "id": row[index["ticket no"]]})
            continue
        t.dims = {"region": cell(row, "Region"), "team": cell(row, "Team"), "priority": cell(row, "Prio"),
                  "status": cell(row, "State"), "category": t.category}
        tickets.append(t)
    present = {"reopens", "agent_replies", "customer"}
    return tickets, present, len(records), rejects


class BadDate(Exception):
    def __init__(self, column, value):
        super().__init__(f"{column}: {value}")
        self.column, self.value = column, value


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--quantile", choices=["type7", "legacy"], default="type7")
    ap.add_argument("--out", default=str(OUT))
    a = ap.parse_args()
    ref.QUANTILE_METHOD = a.quantile

    tickets, present, read, rejects = load(FIXTURE)

    # Run A: whole input, as_of from the data.
    as_of = ref.as_of_default(tickets)
    since_a = min(t.created for t in tickets)
    opts_a = ref.Options(as_of=as_of, zone=ZONE, present=present, repeat_window_days=7)
    window = ref.report(tickets, since_a, as_of, opts_a)["all"]
    by_region = ref.report(tickets, since_a, as_of, opts_a, by="region")
    used_a = sum(1 for t in tickets if since_a <= t.created < as_of)

    # Run B: two ISO weeks, as_of = until.
    since_b = ref.day_start_ms(date(2025, 10, 27), ZONE)
    until_b = ref.day_start_ms(date(2025, 11, 10), ZONE)
    opts_b = ref.Options(as_of=until_b, zone=ZONE, present=present, repeat_window_days=7)
    weekly = ref.report(tickets, since_b, until_b, opts_b, period="week")
    used_b = sum(1 for t in tickets if since_b <= t.created < until_b)

    out = {
        "meta": {
            "generated_by": "scripts/expected/generic_expected.py",
            "common_args": COMMON,
            "window_args": [],
            "by_region_args": ["--by", "region"],
            "weekly_args": ["--since", "2025-10-27", "--until", "2025-11-10", "--period", "week"],
            "quantile_method": "simple-statistics 7.12.1 quantileSorted (linear, R type 7)"
            if a.quantile == "type7" else "legacy simple-statistics (<7.9) quantileSorted",
            "none_group_key": ref.NONE_KEY,
            "unavailable": ["reassigned", "group_transfers", "csat"],
        },
        "rejects": rejects,
        "window_as_of": ref.ms_to_iso(as_of, ZONE),
        "window_since": ref.ms_to_iso(since_a, ZONE),
        "window_input": {"read": read, "used": used_a, "outside_period": len(tickets) - used_a,
                         "duplicate": 0, "rejected": len(rejects)},
        "window": window,
        "by_region": by_region,
        "weekly_as_of": ref.ms_to_iso(until_b, ZONE),
        "weekly_input": {"read": read, "used": used_b, "outside_period": len(tickets) - used_b,
                         "duplicate": 0, "rejected": len(rejects)},
        "weekly_periods": {label: {"start": ref.ms_to_iso(s, ZONE), "end": ref.ms_to_iso(e, ZONE)}
                           for label, s, e in ref.iso_weeks(since_b, until_b, ZONE)},
        "weekly": weekly,
    }
    Path(a.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if a.explain:
        print("\n".join(ref.explain(tickets, since_a, as_of, opts_a, "region")))


if __name__ == "__main__":
    main()
