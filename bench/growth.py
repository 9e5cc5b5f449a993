"""Part 3: growth. The store's page queries on synthetic warehouses of 10 thousand, 1 million and 10 million
observations (bench/synth.py), warm and cold, against pandas doing the same on the same Parquet files.

Cold: each (size, engine, query) runs in a fresh Python process, timing the first call with a new Store (the
operating system's file cache is left as it is: cold means a new process, not a cold disk); memory: that
process's peak resident memory (VmHWM, /proc/self/status) above what it held once its libraries were imported
and the store opened. Warm: one process per size holds both stores and times each query on DuckDB then on
pandas, repetition after repetition (interleaved, so that the machine's drift hits both alike); the median.
A third engine, "pandas in memory", loads every observation into one data frame once (its load time and
memory are reported) and filters that.

Queries, as the pages ask them (radar.analysis on top of the store, unchanged for every engine):
compare = analysis.year_scores (framework_observations for the year's window + scoring; the Compare and
Overview pages), framework_observations alone, framework_years (the sidebar), coverage (Methodology),
observations (the Data page's default: the WB6, every year, at most 50,000 rows).
Targets: DuckDB at least 4x faster than pandas at 10 million (warm); compare under 100 ms warm at 10 million.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import PartResult, Target
from bench.synth import LAST_YEAR, SIZES, build

SYNTH_DIR = common.RESULTS_DIR / "synth"
QUERIES = ("compare", "framework_observations", "framework_years", "coverage", "observations")
ENGINES = ("duckdb", "pandas")
SPEEDUP_TARGET = 4.0
COMPARE_TARGET_S = 0.100


# -- the worker: one fresh process per measurement -------------------------------------------------------
def _call(store: Any, fw: Any, query: str) -> int:
    """Run one page query; return the number of rows it produced."""
    from radar import analysis, scoring
    from radar.schema import KEPT_COUNTRIES, WB6

    if query == "compare":
        return len(analysis.year_scores(store, fw, LAST_YEAR).scores)
    if query == "framework_observations":
        return len(store.framework_observations("wbocr", KEPT_COUNTRIES, LAST_YEAR - scoring.MAX_LAG_YEARS, LAST_YEAR))
    if query == "framework_years":
        return len(store.framework_years("wbocr", WB6))
    if query == "coverage":
        return len(store.coverage(list(WB6)))
    return len(store.observations(list(WB6), [], [], 1990, LAST_YEAR))


def worker(warehouse: str, engine: str, queries: list[str], reps: int) -> dict[str, Any]:
    """Measure `queries` in this (fresh) process; print nothing but the returned JSON."""
    from bench import pandas_store
    from radar import analysis
    from radar.store import Store

    base = common.memory_kb()["VmHWM"]
    start = time.perf_counter()
    if engine == "duckdb":
        store: Any = Store(Path(warehouse))
    elif engine == "pandas":
        store = pandas_store.PandasStore(Path(warehouse))
    else:
        store = pandas_store.MemoryStore(Path(warehouse))
    opened_s = time.perf_counter() - start
    opened_kb = common.memory_kb()["VmHWM"]
    fw = analysis.framework(store, "wbocr")  # the app caches this: not part of a page's query
    out: dict[str, Any] = {"open_s": opened_s, "open_kb": opened_kb - base, "queries": {}}
    for query in queries:
        before = common.memory_kb()["VmHWM"]
        t0 = time.perf_counter()
        rows = _call(store, fw, query)
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(reps):
            t0 = time.perf_counter()
            _call(store, fw, query)
            warm.append(time.perf_counter() - t0)
        out["queries"][query] = {"rows": rows, "cold_s": cold, "warm_s": warm,
                                 "peak_kb": common.memory_kb()["VmHWM"] - before, "hwm_kb": common.memory_kb()["VmHWM"]}
    return out


def warm_worker(warehouse: str, queries: list[str], reps: int) -> dict[str, Any]:
    """Warm timings of both engines in one process, interleaved query by query (drift hits both alike)."""
    from bench import pandas_store
    from radar import analysis
    from radar.store import Store

    stores: dict[str, Any] = {"duckdb": Store(Path(warehouse)), "pandas": pandas_store.PandasStore(Path(warehouse))}
    fws = {name: analysis.framework(store, "wbocr") for name, store in stores.items()}
    out: dict[str, dict[str, list[float]]] = {name: {q: [] for q in queries} for name in stores}
    for name, store in stores.items():  # first calls (cold) are not part of the warm timings
        for query in queries:
            _call(store, fws[name], query)
    for _ in range(reps):
        for query in queries:
            for name, store in stores.items():
                t0 = time.perf_counter()
                _call(store, fws[name], query)
                out[name][query].append(time.perf_counter() - t0)
    return out


def _spawn(warehouse: Path, engine: str, queries: list[str], reps: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.growth", "--worker", str(warehouse), engine, ",".join(queries), str(reps)]
    done = subprocess.run(cmd, cwd=common.ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"growth worker failed ({engine}, {queries}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the part -------------------------------------------------------------------------------------------
def run(quick: bool) -> PartResult:
    sizes = ["10k", "1M"] if quick else list(SIZES)
    reps = 3 if quick else 7
    results: dict[str, dict[str, dict[str, Any]]] = {}
    memory: dict[str, dict[str, Any]] = {}
    gen: dict[str, float] = {}
    for size in sizes:
        t0 = time.perf_counter()
        warehouse = build(SIZES[size], SYNTH_DIR)
        gen[size] = time.perf_counter() - t0
        common.log(f"growth: {size} ({SIZES[size].rows:,} observations) ready in {gen[size]:.1f} s")
        results[size] = {}
        for engine in ENGINES:
            if quick:  # one process per engine: only its first query is cold (a check that it runs)
                results[size][engine] = _spawn(warehouse, engine, list(QUERIES), 0)["queries"]
                continue
            results[size][engine] = {}
            for query in QUERIES:  # a fresh process per query: its first call is cold, its memory its own
                results[size][engine][query] = _spawn(warehouse, engine, [query], 0)["queries"][query]
        warm = _spawn(warehouse, "warm", list(QUERIES), reps)
        for engine in ENGINES:
            for query in QUERIES:
                results[size][engine][query]["warm_s"] = warm[engine][query]
        memory[size] = _spawn(warehouse, "memory", list(QUERIES), reps)
    return report(results, memory, sizes, reps)


def report(results: dict, memory: dict, sizes: list[str], reps: int) -> PartResult:
    med = common.median
    rows, targets, printed = [], [], []
    for size in sizes:
        for query in QUERIES:
            d, p = results[size]["duckdb"][query], results[size]["pandas"][query]
            m = memory[size]["queries"][query]
            warm_ratio = common.ratio(med(p["warm_s"]), med(d["warm_s"]))
            cold_ratio = common.ratio(p["cold_s"], d["cold_s"])
            rows.append([size, query, d["rows"], common.ms(d["cold_s"]), common.ms(p["cold_s"]), common.x(cold_ratio),
                         common.ms(med(d["warm_s"])), common.ms(med(p["warm_s"])), f"**{common.x(warm_ratio)}**",
                         common.ms(med(m["warm_s"])), common.mb(d["peak_kb"]), common.mb(p["peak_kb"])])
    mem_rows = [[size, f"{SIZES[size].rows:,}", common.ms(memory[size]["open_s"]), common.mb(memory[size]["open_kb"]),
                 common.mb(max(q["hwm_kb"] for q in memory[size]["queries"].values()))] for size in sizes]
    big = sizes[-1]
    speedups = {q: common.ratio(med(results[big]["pandas"][q]["warm_s"]), med(results[big]["duckdb"][q]["warm_s"]))
                for q in QUERIES}
    slowest = min(speedups, key=lambda q: speedups[q])
    compare_warm = med(results[big]["duckdb"]["compare"]["warm_s"])
    full = big == "10M"
    targets.append(Target("3 growth", f"{big}: DuckDB vs pandas, warm (lowest of the {len(QUERIES)} queries: "
                          f"{slowest})", f">= {SPEEDUP_TARGET:.0f}x", common.x(speedups[slowest]),
                          speedups[slowest] >= SPEEDUP_TARGET if full else None))
    targets.append(Target("3 growth", f"{big}: Compare page's query + scoring, warm", "< 100 ms",
                          common.ms(compare_warm), compare_warm < COMPARE_TARGET_S if full else None))
    for q, s in speedups.items():
        printed.append(f"growth {big} {q}: DuckDB {common.x(s)} faster than pandas warm (target >= 4x)")
    printed.append(f"growth {big} compare warm: {common.ms(compare_warm)} (target < 100 ms)")
    md = "\n\n".join([
        "Synthetic warehouses (bench/synth.py, deterministic, same schema, observations hive-partitioned by year): "
        + "; ".join(f"{s} = {SIZES[s].countries} countries x {SIZES[s].indicators} indicators x {SIZES[s].years} "
                    f"years" for s in sizes)
        + ". Cold = first call in a fresh process per engine and query, with a new "
        f"store; warm = median of {reps} calls per engine, interleaved in one process; ratio = pandas time / "
        "DuckDB time (higher = DuckDB faster). Memory = peak resident memory of the cold process above its "
        "level after opening the store.",
        common.table(["size", "query", "rows", "DuckDB cold", "pandas cold", "ratio cold", "DuckDB warm", "pandas warm",
                      "ratio warm", "pandas in memory, warm", "DuckDB peak +mem", "pandas peak +mem"], rows),
        "Pandas with every observation in memory (the way the issue forbids): load time and memory.",
        common.table(["size", "observations", "load", "memory after load", "peak during the queries"], mem_rows),
        "" if full else "_Quick run: the 10 million size was not measured, so the targets are not judged._",
    ])
    return PartResult("growth", "3. Growth: 10 thousand to 10 million observations", md, targets, printed)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--worker" and sys.argv[3] == "warm":
        print(json.dumps(warm_worker(sys.argv[2], sys.argv[4].split(","), int(sys.argv[5]))))
    elif len(sys.argv) == 6 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], sys.argv[3], sys.argv[4].split(","), int(sys.argv[5]))))
    else:
        print("usage: python -m bench --part growth", file=sys.stderr)
        sys.exit(2)
