"""How fast this machine runs plain Python right now, for reading benchmark figures.

The machines these benchmarks run on are virtual and shared: the same code has run 1.5 to
1.7 times slower from one session to the next, and by a third from one minute to the next.
`python_speed()` times a fixed pure-Python loop (best of five) and the benchmarks print it
beside their figures, so that two runs can be compared: a figure that moved by as much as
this one did says nothing about the code.
"""

import time

LOOP = 2_000_000


def python_speed():
    """Millions of simple loop iterations a second (best of five runs)."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        total = 0
        for number in range(LOOP):
            total += number
        best = min(best, time.perf_counter() - start)
    return LOOP / best / 1e6


def speed_line():
    speed = python_speed()
    return f"Machine speed now: {speed:.1f} million Python loop steps a second (machine_speed.py)"
