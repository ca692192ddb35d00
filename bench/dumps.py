"""Export/import benchmark (issue 21): the scale project of bench/scale.py (N user stories, 3N tasks,
N/2 issues) exported with `planyard export` and loaded back with `planyard import`, each command in a
process of its own; prints each one's wall time and peak resident memory (from wait4).

    .venv/bin/python bench/dumps.py [--stories 10000] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLANYARD = Path(sys.executable).parent / "planyard"
BENCH = Path(__file__).resolve().parent
# Seeded in a process of its own: a child forked from a big parent would count the parent's pages as its own peak.
SEED = "import sys, json; sys.path.insert(0, sys.argv[3]); import scale; print(json.dumps(scale.seeded(__import__('pathlib').Path(sys.argv[1]), int(sys.argv[2]))))"  # noqa: E501


def timed(*args: str, env: dict[str, str]) -> tuple[float, float]:
    """Run a planyard command; (seconds, peak resident MB)."""
    started = time.perf_counter()
    process = subprocess.Popen([str(PLANYARD), *args], env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"planyard {' '.join(args)} failed ({process.returncode})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    options = parser.parse_args()
    data_dir = options.data_dir or Path(tempfile.mkdtemp(prefix="planyard-dumps-"))
    seeded = subprocess.run([sys.executable, "-c", SEED, str(data_dir), str(options.stories), str(BENCH)],  # noqa: S603
                            capture_output=True, text=True, check=True)  # fmt: skip
    print(seeded.stdout.strip().splitlines()[0])
    project_id = int(seeded.stdout.strip().splitlines()[-1])
    env = os.environ | {"PLANYARD_DATA_DIR": str(data_dir)}
    dump = data_dir / "bench-dump.json"
    seconds, peak = timed("export", str(project_id), "--out", str(dump), env=env)
    size = dump.stat().st_size / 2**20
    print(f"export: {seconds:.1f} s, peak memory {peak:.0f} MB, dump {size:.1f} MB")
    seconds, peak = timed("import", str(dump), env=env)
    print(f"import: {seconds:.1f} s, peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
