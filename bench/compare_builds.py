"""Compare two builds on bench/scale.py in one run, alternating them (A B A B ...), so that both see
the same machine at the same time; prints the median of each call's figures per build.

    .venv/bin/python bench/compare_builds.py REV_A REV_B [--stories 10000] [--rounds 3] [--requests 50]

Each revision is exported (`git archive`, outside the repository: --work-dir, default a new /tmp dir)
and runs with its own sources first on the path (PYTHONPATH=<export>/src, this interpreter) and its
own bench/scale.py. The project is seeded once, by REV_A's core (give the older build first); REV_B
gets a copy that its `planyard migrate` upgrades. Every measured run starts from a fresh copy of its
build's seeded data dir (the measured writes add stories and comments), so the rounds stay alike.
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
    calls = list(dict.fromkeys(call for runs in results for figures in runs for call in figures))
    a, b = names
    print(f"\n{'median of ' + str(len(results[0])) + ' runs':34} {'p50 ' + a:>12} {'p50 ' + b:>12} {'change':>8}"
          f" {'p99 ' + a:>12} {'p99 ' + b:>12} {'change':>8}")  # fmt: skip
    for call in calls:
        cells = []
        for k in (0, 1):  # p50, p99
            medians = [statistics.median(f[call][k] for f in runs if call in f) if any(call in f for f in runs)
                       else float("nan") for runs in results]  # fmt: skip
            change = (medians[1] / medians[0] - 1) * 100 if medians[0] else float("nan")
            cells.append(f"{medians[0]:12.1f} {medians[1]:12.1f} {change:+7.0f}%")
        print(f"{call:34} {' '.join(cells)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revisions", nargs=2, metavar="REV")
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each build (A B A B ...)")
    parser.add_argument("--requests", type=int, default=50, help="requests per measured call (bench/scale.py)")
    parser.add_argument("--work-dir", type=Path, help="where the exports and data dirs go (default: a new /tmp dir)")
    parser.add_argument("--keep", action="store_true", help="leave the work dir in place")
    args = parser.parse_args()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="planyard-compare-"))
    started = time.perf_counter()
    try:
        builds = [export(rev, work / f"build-{n}") for n, rev in enumerate(args.revisions)]
        names = (f"A {builds[0][0]}", f"B {builds[1][0]}")
        seeded = [work / "seeded-0", work / "seeded-1"]
        run(builds[0][1], "-c", SEED, str(seeded[0]), str(args.stories))
        shutil.copytree(seeded[0], seeded[1])
        migrate = f"from planyard.db.migrate import upgrade; upgrade('sqlite:///{seeded[1] / 'planyard.sqlite3'}')"
        run(builds[1][1], "-c", migrate)
        print(f"seeded {args.stories} stories in {time.perf_counter() - started:.0f}s; {names[0]} then {names[1]}, "
              f"{args.rounds} rounds")  # fmt: skip
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
