"""Where a process's CPU went, from the files `bench.sync --profile DIR` writes (cProfile).

    .venv/bin/python -m bench.profile DIR/worker-0-2.prof --top 40

Prints the functions with the most time of their own (tottime) and with the most time under
them (cumtime), and own time summed by file. cProfile's per-call overhead inflates code that
makes many small Python calls: read the shares, and measure CPU without the profiler.
"""

from __future__ import annotations

import argparse
import pstats
from collections import Counter
from pathlib import Path


def short(file: str) -> str:
    for marker in ("site-packages/", "/lib/python3.11/", "/wt/perf/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def report(path: Path, top: int) -> None:
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values()) or 1.0
    rows = [
        (f"{name} ({short(file)}:{line})", entry[1], entry[2], entry[3])
        for (file, line, name), entry in raw.items()
    ]
    by_file: Counter[str] = Counter()
    for (file, _, _), entry in raw.items():
        by_file[short(file)] += entry[2]
    print(f"{path.name}: {total:.2f} s of own time in all functions")
    for title, index in (("own time", 2), ("cumulative", 3)):
        print(f"-- {title}: seconds, share, calls")
        for row in sorted(rows, key=lambda r: -float(r[index]))[:top]:
            seconds = float(row[index])
            print(f"{seconds:8.3f} {100 * seconds / total:6.1f} % {row[1]:>8}  {row[0]}")
    print("-- own time by file")
    for file, seconds in by_file.most_common(top):
        print(f"{seconds:8.3f} {100 * seconds / total:6.1f} %  {file}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--top", type=int, default=30)
    a = p.parse_args()
    for path in a.files:
        report(path, a.top)


if __name__ == "__main__":
    main()
