"""bench/RESULTS.md: one generated section per part (replaced when that part runs again, kept otherwise), a
summary of every target regenerated from the sections, and hand-written sections (Findings, before/after)
that the benchmark never touches: everything outside the `<!-- bench:... -->` markers is kept as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.common import BENCH_DIR, PartResult, Target, passfail, table

RESULTS_MD = BENCH_DIR / "RESULTS.md"
ORDER = ("rerun", "browser", "growth", "concurrency", "payload", "event")
_TARGETS = re.compile(r"<!-- targets: (.*?) -->", re.S)

HEADER = """# Benchmark results (issues 7 and 12)

Written by `make bench` (= `python -m bench`, about 35-45 minutes on 2 cores, of which part 6 "event" 25-30;
`--part NAME` or just `NAME` runs one part and replaces only its section, e.g. `python -m bench event --sessions
100`; `--quick` checks that everything runs in 1-3 minutes and writes
bench/results/RESULTS-quick.md instead). Every number is a ratio against a baseline measured in the same run on
the same machine (machines are noisy); each section says when, on what, and with which baseline it was
measured. Sections between `bench:` markers are rewritten by the benchmark; the rest of this file (the
findings, the before/after record) is written by hand. `python -m bench.profile PAGE KEY VALUE [--repeat]`
profiles one page's rerun in-process (cProfile).
"""
FOOTER = """
## Findings

(written by hand after reading the numbers: see below)
"""


def _block(name: str, body: str) -> str:
    return f"<!-- bench:{name} -->\n{body.strip()}\n<!-- /bench:{name} -->"


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)


def part_section(result: PartResult, machine: dict[str, str], quick: bool) -> str:
    targets = json.dumps([t.__dict__ for t in result.targets], ensure_ascii=False)
    return "\n\n".join([
        f"## {result.title}",
        f"_Measured {machine['date']} ({'quick' if quick else 'full'} run, {result.seconds:.0f} s) on "
        f"{machine['nproc']} cores, {machine['ram']} RAM ({machine['cpu']}), load average {result.load} "
        f"(1 min, start -> end); Python {machine['python']}; {machine['versions']}._",
        f"<!-- targets: {targets} -->",
        result.markdown,
    ])


def write(results: list[PartResult], machine: dict[str, str], quick: bool, path: Path = RESULTS_MD) -> Path:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text.strip():
        text = HEADER + "\n" + _block("summary", "") + "\n\n" + "\n\n".join(
            _block(f"part:{name}", f"## {name}\n\nNot measured yet.") for name in ORDER) + "\n" + FOOTER
    for result in results:
        block = _block(f"part:{result.name}", part_section(result, machine, quick))
        pattern = _pattern(f"part:{result.name}")
        if pattern.search(text):
            text = pattern.sub(lambda _m, b=block: b, text)
        else:
            text = text.rstrip() + "\n\n" + block + "\n"
    text = _pattern("summary").sub(lambda _m: _block("summary", summary(text)), text)
    path.write_text(text, encoding="utf-8")
    return path


def summary(text: str) -> str:
    """Every target of every part section present in `text`, in part order."""
    rows = []
    for name in ORDER:
        match = _pattern(f"part:{name}").search(text)
        if not match:
            continue
        found = _TARGETS.search(match.group(0))
        for item in json.loads(found.group(1)) if found else []:
            rows.append(Target(**item).row())
    if not rows:
        return "## Summary of the targets\n\nNo part measured yet."
    passed = sum(1 for r in rows if r[-1] == passfail(True))
    return "\n\n".join([
        "## Summary of the targets",
        f"{passed} of {len(rows)} targets met (each part's section says when it was last measured).",
        table(["part", "what", "target", "measured", "result"], rows),
    ])
