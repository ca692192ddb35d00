"""Compare two builds on bench/scale.py in one run, alternating them (A B A B ...), so that both see
the same machine at the same time; prints the median of each call's figures per build.

    .venv/bin/python bench/compare_builds.py REV_A REV_B [--stories 10000] [--rounds 5] [--requests 50]
                                                         [--data-dir /tmp/scale-10k]

Each revision is exported (`git archive`, outside the repository: --work-dir, default a new /tmp dir)
and runs with its own sources first on the path (PYTHONPATH=<export>/src, this interpreter) and its
own bench/scale.py. The project is seeded once, by REV_A's core (give the older build first; with
--data-dir, once for every later comparison too); each build gets a copy that its migrations upgrade.
Every measured run starts from a fresh copy of its build's seeded data (the measured writes add
stories and comments), so the rounds stay alike. The table gives each build's median and the range of
its runs: on a noisy host, a change within the ranges is no change.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^(?P<call>.+?)\s+n=\s*\d+\s+[\d.]+ req/s\s+p50\s+(?P<p50>[\d.]+) ms\s+p99\s+(?P<p99>[\d.]+) ms")
MEMORY = re.compile(r"^server resident memory: (?P<mb>[\d.]+) MB")
SEED = "import sys; from pathlib import Path; sys.path.insert(0, 'bench'); import scale; scale.seeded(Path(sys.argv[1]), int(sys.argv[2]))"  # noqa: E501

Figures = dict[str, tuple[float, float]]  # call -> (p50 ms, p99 ms)


def export(revision: str, into: Path) -> tuple[str, Path]:
    """The revision's files in `into` (no git metadata, nothing written to the repository); (commit, dir)."""
    commit = git("rev-parse", "--short", revision).strip()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return commit, into


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


def environment(build: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANYARD_")}
    return env | {"PYTHONPATH": str(build / "src"), "PLANYARD_LOG": "warning", "PYTHONWARNINGS": "ignore"}


def run(build: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=build, env=environment(build), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {build}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def measure(build: Path, seeded: Path, work: Path, requests: int) -> Figures:
    """One bench/scale.py run of `build` on a fresh copy of its seeded data dir."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(seeded, work)
    out = run(build, "bench/scale.py", "--data-dir", str(work), "--requests", str(requests))
    figures: Figures = {}
    for line in out.splitlines():
        if row := ROW.match(line):
            figures[row["call"]] = (float(row["p50"]), float(row["p99"]))
        elif memory := MEMORY.match(line):
            figures["server resident memory (MB)"] = (float(memory["mb"]), float(memory["mb"]))
    return figures


def print_table(names: tuple[str, str], results: tuple[list[Figures], list[Figures]]) -> None:
    """Per call: each build's median p50 with the range of its runs (how noisy the host was), the change
    of the medians, and the median p99."""
    calls = list(dict.fromkeys(call for runs in results for figures in runs for call in figures))
    header = f"{'p50 ' + names[0] + ' (range)':>24} {'p50 ' + names[1] + ' (range)':>24} {'change':>7}"
    print(f"\n{'median of ' + str(len(results[0])) + ' runs, ms':34} {header} {'p99 A':>8} {'p99 B':>8}")
    for call in calls:
        p50s = [[f[call][0] for f in runs if call in f] or [float("nan")] for runs in results]
        p99s = [statistics.median([f[call][1] for f in runs if call in f] or [float("nan")]) for runs in results]
        medians = [statistics.median(values) for values in p50s]
        cells = [f"{m:9.1f} ({min(v):6.1f}-{max(v):6.1f})" for m, v in zip(medians, p50s, strict=True)]
        change = (medians[1] / medians[0] - 1) * 100 if medians[0] else float("nan")
        print(f"{call:34} {cells[0]:>24} {cells[1]:>24} {change:+6.0f}% {p99s[0]:8.1f} {p99s[1]:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revisions", nargs=2, metavar="REV")
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each build (A B A B ...)")
    parser.add_argument("--requests", type=int, default=50, help="requests per measured call (bench/scale.py)")
    parser.add_argument("--data-dir", type=Path, help="seed here once (by REV_A) and reuse it on later comparisons")
    parser.add_argument("--work-dir", type=Path, help="where the exports and data dirs go (default: a new /tmp dir)")
    parser.add_argument("--keep", action="store_true", help="leave the work dir in place")
    args = parser.parse_args()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="planyard-compare-"))
    started = time.perf_counter()
    try:
        builds = [export(rev, work / f"build-{n}") for n, rev in enumerate(args.revisions)]
        names = (f"A {builds[0][0]}", f"B {builds[1][0]}")
        seed = args.data_dir or work / "seed"
        run(builds[0][1], "-c", SEED, str(seed), str(args.stories))  # seeds only a data dir without a seed
        seeded = [work / "seeded-0", work / "seeded-1"]
        for (_, build), data in zip(builds, seeded, strict=True):
            shutil.copytree(seed, data)
            run(
                build,
                "-c",
                f"from planyard.db.migrate import upgrade; upgrade('sqlite:///{data / 'planyard.sqlite3'}')",
            )
        print(f"seeded in {time.perf_counter() - started:.0f}s; {names[0]} then {names[1]}, {args.rounds} rounds")
        results: tuple[list[Figures], list[Figures]] = ([], [])
        for round_ in range(args.rounds):
            for n, (_, build) in enumerate(builds):
                results[n].append(measure(build, seeded[n], work / "run", args.requests))
                print(f"round {round_ + 1} {names[n]} done at {time.perf_counter() - started:.0f}s", flush=True)
        print_table(names, results)
        print(f"\ntotal {time.perf_counter() - started:.0f}s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
