"""`python -m bench [--quick] [--part NAME ...] [NAME ...]`: run the benchmarks, print the ratios, write
bench/RESULTS.md (a `--quick` run writes bench/results/RESULTS-quick.md instead). The event part takes the
numbers of people: `python -m bench event --sessions 100` (repeatable; default 50, 100 and 200)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback

from bench import common, report

PARTS = {  # name -> module with run(quick) -> PartResult; run in this order
    "rerun": "bench.rerun",
    "payload": "bench.payload",
    "concurrency": "bench.concurrency",
    "browser": "bench.browser",
    "growth": "bench.growth",
    "event": "bench.event",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repetitions (a check that "
                                                             "everything runs, about 3 minutes)")
    parser.add_argument("--part", action="append", choices=list(PARTS), help="run only this part (repeatable)")
    parser.add_argument("parts", nargs="*", metavar="NAME", help=f"run only these parts ({', '.join(PARTS)})")
    parser.add_argument("--sessions", action="append", type=int, metavar="N",
                        help="event part: people opening the shared link (repeatable; default 50, 100, 200)")
    args = parser.parse_args(argv)
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    chosen = (args.part or []) + args.parts
    names = [p for p in PARTS if not chosen or p in chosen]
    machine = common.machine()
    common.log(f"machine: {machine['nproc']} cores, {machine['ram']}, {machine['cpu']}; parts: {', '.join(names)}"
               + (" (quick)" if args.quick else ""))
    results, failed = [], []
    for name in names:
        start = time.perf_counter()
        load_before = common.load_average()
        try:
            options = {"sessions": args.sessions} if name == "event" and args.sessions else {}
            result = importlib.import_module(PARTS[name]).run(args.quick, **options)
        except Exception:  # one broken part must not hide the others' numbers
            traceback.print_exc()
            failed.append(name)
            continue
        result.seconds = time.perf_counter() - start
        result.load = f"{load_before} -> {common.load_average()}"
        results.append(result)
        common.log(f"{name} done in {result.seconds:.0f} s")
        for line in result.printed:
            print("  " + line, flush=True)
    if results:  # a quick run only checks that everything runs: it never replaces the full results
        path = report.write(results, machine, args.quick,
                            common.RESULTS_DIR / "RESULTS-quick.md" if args.quick else report.RESULTS_MD)
        common.log(f"wrote {path.relative_to(common.ROOT)}")
    print("\nTargets:")
    for result in results:
        for target in result.targets:
            print(f"  [{common.passfail(target.ok)}] {target.part} {target.what}: {target.measured} "
                  f"(target {target.target})")
    if failed:
        print(f"\nParts that failed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
