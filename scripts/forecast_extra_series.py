#!/usr/bin/env python3
"""Hourly series for `scripts/bench-forecast.sh --series FILE` that the engine was not developed on.

    forecast_extra_series.py OUTDIR [TRACES_DIR]

writes three one-column CSVs to OUTDIR:
  openb-cpu.csv         CPU cores held per hour in the openb pod list (time-weighted): another column of a real trace
  openb-pods.csv        pods running per hour in the same trace
  synthetic-shift.csv   14 weeks: a daily × weekday/weekend season multiplying a rising level, noise proportional to
                        the level with heavy tails (Student t, 3 degrees of freedom), and a +60 % level shift in week 11
and four held out from tuning the interval widening (README, Forecast backtest: "Turbulence"), made after it was chosen:
  ho-rw.csv             14 weeks: a random-walk level times a daily × weekday season, Gaussian noise
  ho-stat.csv           14 weeks: a constant level times the same season, Gaussian noise
  ho-shifts.csv         14 weeks: five level shifts of ±30–80 at random hours
  ho-openb-mem.csv      memory (GiB) held per hour in the openb pod list
"""
import csv
import sys

import numpy as np


def held_per_hour(rows, end, amount):
    """Time-weighted sum of amount(row) over the pods running in each hour."""
    hours = int(end // 3600) + 1
    out = np.zeros(hours)
    for r in rows:
        start, stop = float(r["scheduled_time"] or r["creation_time"] or 0), float(r["deletion_time"] or end)
        if stop <= start:
            continue
        a = amount(r)
        for h in range(int(start // 3600), min(int(stop // 3600), hours - 1) + 1):
            overlap = min(stop, (h + 1) * 3600) - max(start, h * 3600)
            if overlap > 0:
                out[h] += a * overlap / 3600
    return out


def main():
    out = sys.argv[1]
    traces = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/traces"
    rows = list(csv.DictReader(open(f"{traces}/alibaba-v2023_openb_pod_list_default.csv")))
    end = max(float(r["deletion_time"] or 0) for r in rows)
    np.savetxt(f"{out}/openb-cpu.csv", held_per_hour(rows, end, lambda r: float(r["cpu_milli"]) / 1000), fmt="%.3f")
    np.savetxt(f"{out}/openb-pods.csv", held_per_hour(rows, end, lambda r: 1.0), fmt="%.3f")
    rng = np.random.default_rng(17)
    t = np.arange(24 * 7 * 14)
    level = 200 + 0.05 * t + np.where(t >= 24 * 7 * 10, 120, 0)
    season = (1 + 0.3 * np.sin(2 * np.pi * t / 24)) * np.where((t // 24) % 7 < 5, 1.0, 0.7)
    y = np.maximum(0, level * season + 0.05 * level * rng.standard_t(3, len(t)))
    np.savetxt(f"{out}/synthetic-shift.csv", y, fmt="%.3f")
    held_out(out, rows, end)


def held_out(out, rows, end):
    """The four series the turbulence widening was checked on after it was chosen."""
    rng = np.random.default_rng(99)
    t = np.arange(24 * 7 * 14)
    season = (1 + 0.25 * np.sin(2 * np.pi * t / 24)) * np.where((t // 24) % 7 < 5, 1.0, 0.8)
    level = 300 + np.cumsum(rng.normal(0, 2, len(t)))
    np.savetxt(f"{out}/ho-rw.csv", np.maximum(0, level * season + rng.normal(0, 8, len(t))), fmt="%.3f")
    np.savetxt(f"{out}/ho-stat.csv", np.maximum(0, 400 * season + rng.normal(0, 15, len(t))), fmt="%.3f")
    level = np.full(len(t), 250.0)
    for s in rng.choice(len(t), 5, replace=False):
        level[s:] += rng.choice([-1, 1]) * rng.uniform(30, 80)
    np.savetxt(f"{out}/ho-shifts.csv", np.maximum(0, level * season + rng.normal(0, 10, len(t))), fmt="%.3f")
    np.savetxt(f"{out}/ho-openb-mem.csv", held_per_hour(rows, end, lambda r: float(r["memory_mib"] or 0) / 1024),
               fmt="%.3f")


if __name__ == "__main__":
    main()
