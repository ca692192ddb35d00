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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402

PLANYARD = Path(sys.executable).parent / "planyard"


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
    project_id = scale.seeded(data_dir, options.stories)
    env = os.environ | {"PLANYARD_DATA_DIR": str(data_dir)}
    dump = data_dir / "bench-dump.json"
    seconds, peak = timed("export", str(project_id), "--out", str(dump), env=env)
    size = dump.stat().st_size / 2**20
    print(f"export: {seconds:.1f} s, peak memory {peak:.0f} MB, dump {size:.1f} MB")
    seconds, peak = timed("import", str(dump), env=env)
    print(f"import: {seconds:.1f} s, peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
