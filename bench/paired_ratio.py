#!/usr/bin/env python3
"""The median ratio of two commands' wall times, over pairs run back to back.

    paired_ratio.py RUNS CMD_A... -- CMD_B...

Runs A then B, RUNS times (after one pair not counted), and prints the median of the
pairs' B/A ratios. Two medians taken minutes apart drift with a shared machine's speed;
a pair run back to back sees the same machine, so its ratio does not.
Standard library only. Each command's output is thrown away; a failure stops the script.
"""

import statistics
import subprocess
import sys
import time


def wall(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main(argv):
    if len(argv) < 4 or "--" not in argv[2:]:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    runs = int(argv[1])
    split = argv.index("--", 2)
    a, b = argv[2:split], argv[split + 1:]
    wall(a), wall(b)
    ratios = [wall(b) / wall(a) for _ in range(runs)]
    print(f"{statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main(sys.argv)
