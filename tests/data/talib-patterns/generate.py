#!/usr/bin/env python3
"""Regenerates cdl_patterns.csv.gz: TA-Lib's candlestick functions on the bundled BTC/USDT 1h file.

Usage: generate.py LIBTA_CDL_SO DATA_CSV_GZ OUT_CSV_GZ
LIBTA_CDL_SO is TA-Lib's C source (ta_common + the ta_CDL*.c files) compiled as a shared
library; see PROVENANCE.md. Prices are parsed with float(), which rounds correctly, as TA-Lib's
callers do.
"""
import ctypes
import gzip
import sys

FUNCS = [  # (TA-Lib name, optional penetration argument)
    ("CDLDOJI", None), ("CDLDRAGONFLYDOJI", None), ("CDLGRAVESTONEDOJI", None),
    ("CDLHAMMER", None), ("CDLHANGINGMAN", None), ("CDLINVERTEDHAMMER", None),
    ("CDLSHOOTINGSTAR", None), ("CDLMARUBOZU", None), ("CDLSPINNINGTOP", None),
    ("CDLENGULFING", None), ("CDLHARAMI", None), ("CDLPIERCING", None),
    ("CDLDARKCLOUDCOVER", 0.5), ("CDLMORNINGSTAR", 0.3), ("CDLEVENINGSTAR", 0.3),
    ("CDL3WHITESOLDIERS", None), ("CDL3BLACKCROWS", None),
]


def main():
    lib = ctypes.CDLL(sys.argv[1])
    assert lib.TA_Initialize() == 0
    times, o, h, l, c = [], [], [], [], []
    with gzip.open(sys.argv[2], "rt") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split(",")
            times.append(p[0])
            o.append(float(p[1]))
            h.append(float(p[2]))
            l.append(float(p[3]))
            c.append(float(p[4]))
    n = len(c)
    arr = ctypes.c_double * n
    ins = [arr(*o), arr(*h), arr(*l), arr(*c)]
    columns = []
    for name, pen in FUNCS:
        out = (ctypes.c_int * n)()
        beg = ctypes.c_int()
        nb = ctypes.c_int()
        fn = getattr(lib, "TA_" + name)
        args = [ctypes.c_int(0), ctypes.c_int(n - 1)] + ins
        if pen is not None:
            args.append(ctypes.c_double(pen))
        rc = fn(*args, ctypes.byref(beg), ctypes.byref(nb), out)
        assert rc == 0, (name, rc)
        col = [""] * n
        for k in range(nb.value):
            col[beg.value + k] = str(out[k])
        columns.append(col)
    with gzip.GzipFile(sys.argv[3], "wb", compresslevel=9, mtime=0) as raw:
        raw.write(("i,open_time_ms," + ",".join(f.lower() for f, _ in FUNCS) + "\n").encode())
        for i in range(n):
            raw.write((f"{i},{times[i]}," + ",".join(col[i] for col in columns) + "\n").encode())


if __name__ == "__main__":
    main()
