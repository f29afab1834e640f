"""Writes fixtures/complaints/tickets.csv (a Zendesk-format export built to exercise the weekly
report's insights) and computes fixtures/complaints/expected.json independently of src/ (Python
stdlib only: exact binomial tail with fractions, statistics for medians).

Layout: six ISO weeks W41..W46 of 2025 (UTC). Weeks W41-W45 have 20 tickets each (question 10,
incident 6, billing 2, shipping 2); W46 has 30 with billing spiking to 12. Five teams: A-D with
distinct first reply / resolution patterns (D slow), E a small team (5 tickets) slower still.
Subjects come from templates whose complaint classes are assigned by hand below.

Run: python3 scripts/expected/complaints_fixture.py
"""
import csv
import json
import math
import statistics
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "complaints"

# template id -> (subject, tags, classes assigned by hand from the default rules + the fixture config)
TEMPLATES = {
    1: ("How do I change my password?", "account", []),
    2: ("Still waiting for a reply after 3 days", "followup", ["delay"]),
    3: ("Charged twice for my order", "billing", ["billing_error"]),
    4: ("Wrong item in the package", "wrong_item", ["order_error"]),
    5: ("I already explained this twice", "", ["repeated_explanation"]),
    6: ("Technician did not show up - missed appointment", "", ["missed_appointment"]),
    7: ("Lost data after the update", "", ["lost_data"]),
    8: ("Remboursement RETARDÉ depuis 10 jours", "", ["retard"]),
    9: ("Colis en attente depuis 12 jours", "", ["retard"]),
    10: ("Package DELAYED and the invoice shows the wrong price", "", ["delay", "billing_error"]),
    12: ("Thank you!", "", []),
}
CYCLES = {"question": [1, 12, 5, 2], "incident": [7, 6, 4, 9], "billing": [3, 10, 8], "shipping": [2, 4]}
TEAMS = {  # first reply minutes cycle, resolution hours cycle, replies cycle
    "A": ([20, 30, 40], [2, 4, 6], [1, 1, 2]),
    "B": ([22, 32, 42], [3, 5, 7], [1, 2, 1]),
    "C": ([25, 35, 45], [4, 6, 8], [1, 1, 1]),
    "D": ([60, 120, 180], [10, 20, 30], [2, 3, 1]),
    "E": ([500], [50], [3]),
}
CHANNELS = ["Web form", "Mail", "Chat"]
WEEK1 = datetime(2025, 10, 6, tzinfo=timezone.utc)


def week_mix(w):
    mix = {"question": 10, "incident": 6, "billing": 2, "shipping": 2}
    if w == 5:
        mix["billing"] = 12
    return mix


def build():
    tickets = []
    next_id = 50001
    seq = {c: 0 for c in CYCLES}
    for w in range(6):
        j = 0
        for category, count in week_mix(w).items():
            for _ in range(count):
                template = CYCLES[category][seq[category] % len(CYCLES[category])]
                seq[category] += 1
                created = WEEK1 + timedelta(days=7 * w + j % 5, hours=9 + j % 8, minutes=(j * 7) % 60)
                n = len(tickets)
                team = "E" if n % 26 == 25 else "ABCD"[n % 4]
                frts, res, replies = TEAMS[team]
                k = n // 4
                tickets.append({
                    "id": next_id, "created": created, "category": category, "template": template, "team": team,
                    "agent": f"{team}{1 + n % 2}", "channel": CHANNELS[n % 3], "customer": 900 + (n * 7) % 40,
                    "frt": frts[k % len(frts)], "res_h": res[k % len(res)], "replies": replies[k % len(replies)],
                    "reopens": 1 if n % 11 == 0 else 0,
                })
                next_id += 1
                j += 1
    return tickets


def fmt(dt):
    return dt.strftime("%Y-%m-%d %H:%M:%S")


def write_csv(tickets):
    header = ["Id", "Requester id", "Assignee", "Group", "Subject", "Tags", "Status", "Via", "Ticket type", "Created at",
              "Solved at", "Reopens", "Replies", "First reply time in minutes", "Full resolution time in minutes"]
    with open(OUT / "tickets.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        for t in tickets:
            subject, tags, _ = TEMPLATES[t["template"]]
            solved = t["created"] + timedelta(hours=t["res_h"])
            out.writerow([t["id"], t["customer"], t["agent"], t["team"], subject, tags, "Solved", t["channel"], t["category"],
                          fmt(t["created"]), fmt(solved), t["reopens"], t["replies"], t["frt"], t["res_h"] * 60])


def week_label(dt):
    y, w, _ = dt.isocalendar()
    return f"{y}-W{w:02d}"


def binomial_upper_tail(x, n, p):
    """Exact P(X >= x), X ~ Binomial(n, p), p a Fraction."""
    total = sum(Fraction(math.comb(n, j)) * p**j * (1 - p) ** (n - j) for j in range(x, n + 1))
    return float(total)


def q7(values, p):
    """R type 7 quantile."""
    s = sorted(values)
    h = (len(s) - 1) * p
    lo = math.floor(h)
    hi = math.ceil(h)
    return s[lo] + (h - lo) * (s[hi] - s[lo])


def expected(tickets):
    weeks = sorted({week_label(t["created"]) for t in tickets})
    classes = ["delay", "billing_error", "order_error", "repeated_explanation", "missed_appointment", "lost_data", "retard"]
    per_week = {c: {w: 0 for w in weeks} for c in classes}
    created = {w: 0 for w in weeks}
    for t in tickets:
        w = week_label(t["created"])
        created[w] += 1
        for c in TEMPLATES[t["template"]][2]:
            per_week[c][w] += 1
    first_of_template = {}
    for t in tickets:
        first_of_template.setdefault(t["template"], t)
    examples = {str(t["id"]): sorted(TEMPLATES[t["template"]][2]) for t in first_of_template.values()}

    # Emerging: W46 against W42-W45, p0 = (count + 0.5) / (total + 1).
    hist = [w for w in weeks[1:5]]
    h_total = sum(created[w] for w in hist)
    h_billing = sum(1 for t in tickets if week_label(t["created"]) in hist and t["category"] == "billing")
    p0 = Fraction(2 * h_billing + 1, 2 * (h_total + 1))
    n = created[weeks[5]]
    x = sum(1 for t in tickets if week_label(t["created"]) == weeks[5] and t["category"] == "billing")
    emerging = {"category": "billing", "period": weeks[5], "count": x, "created": n, "baseline_share": float(p0),
                "expected": float(n * p0), "p_value": binomial_upper_tail(x, n, p0)}

    # Consistency by team: median first reply (min), robust z among teams with n >= 10.
    teams = sorted({t["team"] for t in tickets})
    medians = {tm: statistics.median([t["frt"] for t in tickets if t["team"] == tm]) for tm in teams}
    sizes = {tm: sum(1 for t in tickets if t["team"] == tm) for tm in teams}
    scored = [tm for tm in teams if sizes[tm] >= 10]
    vals = [medians[tm] for tm in scored]
    m = statistics.median(vals)
    mad = statistics.median([abs(v - m) for v in vals])
    z = {tm: (medians[tm] - m) / (1.4826 * mad) for tm in scored}
    mean = statistics.fmean(vals)
    team_frt = {
        "groups": len(scored), "min": min(vals), "max": max(vals), "median": m,
        "iqr": q7(vals, 0.75) - q7(vals, 0.25), "cv": statistics.stdev(vals) / mean,
        "figures": {tm: {"n": sizes[tm], "value": medians[tm], "z": z.get(tm), "flagged": tm in z and abs(z[tm]) > 2} for tm in teams},
    }
    predictability = {}
    for tm in teams:
        vals_tm = [t["frt"] for t in tickets if t["team"] == tm]
        predictability[tm] = q7(vals_tm, 0.9) / q7(vals_tm, 0.5)
    return {
        "weeks": weeks,
        "created": created,
        "class_counts": per_week,
        "examples": examples,
        "emerging": emerging,
        "team_frt": team_frt,
        "team_frt_predictability": predictability,
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tickets = build()
    write_csv(tickets)
    with open(OUT / "expected.json", "w", encoding="utf-8") as f:
        json.dump(expected(tickets), f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
