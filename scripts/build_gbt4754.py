"""Build corpus/data/gbt4754.tsv (GB/T 4754-2017 industry codes and names) from ../shared.

Writes one row per 门类 (A-T), 大类 (2 digits), 中类 (3 digits) and 小类 (4 digits): code,
level, name, the 门类 letter. Only codes and names are kept (the standard's 说明 text is not).
Run from the project root: python scripts/build_gbt4754.py ../shared/data/gbt4754-2017
"""
import csv
import sys
from pathlib import Path


def main(src: str, out: str = "corpus/data/gbt4754.tsv") -> None:
    rows = list(csv.DictReader(open(Path(src) / "gbt4754_2017.csv", encoding="utf-8")))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("# GB/T 4754-2017 国民经济行业分类: code, level (1 门类, 2 大类, 3 中类, 4 小类), name, 门类\n")
        fh.write("# codes and names of the national standard as published by 国家统计局 (scripts/build_gbt4754.py)\n")
        for r in rows:
            fh.write(f"{r['code']}\t{r['level']}\t{r['name'].strip()}\t{r['section']}\n")
    print(f"wrote {len(rows)} industries to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
