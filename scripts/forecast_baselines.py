#!/usr/bin/env python3
"""Baselines for `fleetbench forecast-eval` on exactly its series and origins, then one combined table.

    forecast_baselines.py DIR [--cap SECONDS]
        DIR holds series.json and swift.txt, written by `fleetbench forecast-eval --out DIR`; --cap (default 120) is
        each method's time budget per series: once spent (after at least 8 origins) the remaining origins are
        skipped and the table says on how many origins that cell was measured.

statsforecast AutoETS (daily season) and MSTL (daily + weekly seasons, AutoETS trend) with their 95 % intervals,
and statsmodels ExponentialSmoothing (additive trend and season, daily; point forecasts only, coverage nan), each
refitted at every origin on the same eight-week window the Swift side used. MASE uses the scale fleetbench computed.
Warnings a fit raises (statsmodels' ConvergenceWarning, numpy's RuntimeWarning) are caught per fit and counted: one
line per method and series on stderr says how many origins warned, instead of hundreds of lines over the table.
"""
import json
import re
import sys
import time
import warnings

import numpy as np

LINE = re.compile(r'forecast_eval\{series="([^"]*)",horizon="([^"]*)",method="([^"]*)"\} '
                  r'mase=(\S+) coverage=(\S+) fit_ms=(\S+)')


def methods():
    out = {}
    try:
        from statsforecast.models import AutoETS, MSTL

        def autoets(y, h, seasons):
            m = seasons[0] if len(y) >= 2 * seasons[0] + 2 else 1
            f = AutoETS(season_length=m).fit(y).predict(h, level=[95])
            return f["mean"], f["lo-95"], f["hi-95"]

        def mstl(y, h, seasons):
            usable = [m for m in seasons if len(y) >= 2 * m + 2]
            if not usable:
                return None
            f = MSTL(season_length=usable, trend_forecaster=AutoETS(model="ZZN")).fit(y).predict(h, level=[95])
            return f["mean"], f["lo-95"], f["hi-95"]

        out["autoets"] = autoets
        out["mstl"] = mstl
    except ImportError as e:
        print(f"forecast_baselines: statsforecast unavailable ({e}); AutoETS and MSTL skipped")
    try:
        from statsmodels.tsa.holtwinters import ExponentialSmoothing

        def ets_statsmodels(y, h, seasons):
            m = seasons[0]
            seasonal = "add" if len(y) >= 2 * m + 2 else None
            fit = ExponentialSmoothing(y, trend="add", seasonal=seasonal,
                                       seasonal_periods=m if seasonal else None).fit()
            mean = fit.forecast(h)
            return mean, np.full(h, np.nan), np.full(h, np.nan)

        out["statsmodels_es"] = ets_statsmodels
    except ImportError as e:
        print(f"forecast_baselines: statsmodels unavailable ({e}); ExponentialSmoothing skipped")
    return out


MIN_ORIGINS = 8


def spread(origins, k):
    """k of the origins, evenly spread over them (all when k >= len)."""
    if k >= len(origins):
        return list(origins)
    return [origins[round(i * (len(origins) - 1) / (k - 1))] for i in range(k)]


def evaluate(spec, fn, name, cap):
    y = np.asarray(spec["values"], dtype=float)
    longest = spec["horizons"][-1]
    runs, times = [], []
    warned = {}  # warning category -> origins whose fit raised it
    began = time.perf_counter()
    # Origins in an order that keeps any prefix spread over the whole range: a capped run still spans it.
    order = spread(spec["origins"], MIN_ORIGINS)
    order += [o for o in spec["origins"] if o not in order]
    for i, o in enumerate(order):
        if i >= MIN_ORIGINS and time.perf_counter() - began > cap:
            print(f"  {name} {spec['name']}: time cap {cap:.0f} s reached after {i} of {len(order)} origins",
                  file=sys.stderr, flush=True)
            break
        train = y[max(0, o - spec["window"]):o]
        t = time.perf_counter()
        # statsmodels sets its warnings to "always" when imported, so a filter set once before that is overridden:
        # catch them around each fit instead.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            f = fn(train, longest, spec["seasons"])
        times.append(time.perf_counter() - t)
        for category in {w.category.__name__ for w in caught}:
            warned[category] = warned.get(category, 0) + 1
        if f is None:
            return []
        runs.append((o, *(np.asarray(a, dtype=float) for a in f)))
    notes = "".join(f"; {n} of them warned {c}" for c, n in sorted(warned.items()))
    print(f"  {name} {spec['name']}: {len(runs)} origins in {time.perf_counter() - began:.1f} s{notes}",
          file=sys.stderr, flush=True)
    cells = []
    for h, label in zip(spec["horizons"], spec["labels"]):
        err, smape, inside = [], [], []
        for o, mean, lo, hi in runs:
            a = y[o:o + h]
            f = mean[:h]
            err.append(np.abs(f - a))
            d = np.abs(f) + np.abs(a)
            smape.append(np.where(d == 0, 0, 200 * np.abs(f - a) / np.where(d == 0, 1, d)))
            inside.append((lo[:h] <= a) & (a <= hi[:h]) if not np.isnan(lo).all() else np.full(h, np.nan))
        cov = np.nan if np.isnan(np.concatenate(inside)).all() else float(np.mean(np.concatenate(inside)))
        cells.append((spec["name"], label, float(np.mean(np.concatenate(err))) / spec["scale"],
                      float(np.mean(np.concatenate(smape))), cov, 1000 * float(np.median(times)), len(runs)))
    return cells


def main():
    out = sys.argv[1]
    cap = float(sys.argv[sys.argv.index("--cap") + 1]) if "--cap" in sys.argv else 120.0
    specs = json.load(open(f"{out}/series.json"))
    rows = {}  # (series, horizon) -> {method: (mase, coverage, fit_ms, smape)}
    order = []
    for line in open(f"{out}/swift.txt"):
        m = LINE.match(line.strip())
        if m:
            s, h, meth, mase, cov, fit = m.groups()
            key = (s, h)
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key][meth] = (float(mase), float(cov), float(fit), None, None)
    lines = []
    for name, fn in methods().items():
        print(f"forecast_baselines: {name}", file=sys.stderr, flush=True)
        for spec in specs:
            for s, h, mase, smape, cov, fit, n in evaluate(spec, fn, name, cap):
                rows.setdefault((s, h), {})[name] = (mase, cov, fit, smape, n if n < len(spec["origins"]) else None)
                lines.append(f'forecast_eval{{series="{s}",horizon="{h}",method="{name}"}} '
                             f'mase={mase:.3f} coverage={cov:.3f} fit_ms={fit:.3f}')
    names = []
    for key in order:
        for meth in rows[key]:
            if meth not in names:
                names.append(meth)
    print("\nMASE / 95% coverage (fit ms per refit) on the same origins:\n")
    print("| series | horizon | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for key in order:
        cells = []
        for meth in names:
            v = rows[key].get(meth)
            if v is None:
                cells.append("—")
                continue
            cov = "—" if np.isnan(v[1]) else f"{100 * v[1]:.0f}%"
            best = min(r[0] for r in rows[key].values())
            mase = f"**{v[0]:.2f}**" if v[0] == best else f"{v[0]:.2f}"
            fewer = f", {v[4]} origins" if v[4] else ""
            cells.append(f"{mase} / {cov} ({v[2]:.1f}{fewer})")
        print(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
    print()
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
