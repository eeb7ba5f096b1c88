#!/usr/bin/env python3
"""Times TA-Lib's candlestick functions on 1,000,000 synthetic bars (same generator parameters as
patterns_bench.cpp: seeded random walk, 0.4 % steps, wicks up to 0.3 %, prices in cents).

Usage: bench_talib.py LIBTA_CDL_SO (built as in PROVENANCE.md, here with -O3). Best of 7 runs.
"""
import ctypes, math, random, time, sys
lib = ctypes.CDLL(sys.argv[1])
assert lib.TA_Initialize() == 0
n = 1_000_000
rng = random.Random(11)
o, h, l, c = [], [], [], []
price = 30000.0
for i in range(n):
    op = price
    price = round(price * math.exp(rng.gauss(0, 0.004)) * 100) / 100
    o.append(op); c.append(price)
    h.append(round(max(op, price) * (1 + rng.uniform(0, 0.003)) * 100) / 100)
    l.append(round(min(op, price) * (1 - rng.uniform(0, 0.003)) * 100) / 100)
arr = ctypes.c_double * n
ins = [arr(*o), arr(*h), arr(*l), arr(*c)]
out = (ctypes.c_int * n)()
beg = ctypes.c_int(); nb = ctypes.c_int()
funcs = [("CDLDOJI", None), ("CDLDRAGONFLYDOJI", None), ("CDLGRAVESTONEDOJI", None), ("CDLHAMMER", None),
 ("CDLHANGINGMAN", None), ("CDLINVERTEDHAMMER", None), ("CDLSHOOTINGSTAR", None), ("CDLMARUBOZU", None),
 ("CDLSPINNINGTOP", None), ("CDLENGULFING", None), ("CDLHARAMI", None), ("CDLPIERCING", None),
 ("CDLDARKCLOUDCOVER", 0.5), ("CDLMORNINGSTAR", 0.3), ("CDLEVENINGSTAR", 0.3), ("CDL3WHITESOLDIERS", None),
 ("CDL3BLACKCROWS", None)]
for name, pen in funcs:
    fn = getattr(lib, "TA_" + name)
    args = [ctypes.c_int(0), ctypes.c_int(n - 1)] + ins
    if pen is not None: args.append(ctypes.c_double(pen))
    best = 1e9
    for _ in range(7):
        t = time.perf_counter(); fn(*args, ctypes.byref(beg), ctypes.byref(nb), out); best = min(best, time.perf_counter() - t)
    print(f"{name} {best / n * 1e9:.2f} ns/bar")
