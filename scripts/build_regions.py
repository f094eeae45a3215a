"""Build corpus/data/regions.tsv and towns.tsv.gz from the NBS 2023 division table (WTFPL) in ../shared.

regions.tsv holds provinces, prefecture cities and county-level divisions for the whole
country; towns.tsv.gz the township-level divisions (towns, townships, 街道) of every county,
of which the lexicon loads those of the home city (LIANTU_HOME_REGION). Each row has the
official code, level, parent and short forms.
Run from the project root: python scripts/build_regions.py ../shared/data/admin-divisions
"""
import csv
import gzip
import io
import sys
from pathlib import Path

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
            "自治县", "省", "市", "区", "县", "旗", "镇", "乡", "街道")
MUNICIPALITIES = {"11", "12", "31", "50"}


def short_forms(name: str, level: str) -> list[str]:
    """Short forms people write for a division (泉港区 -> 泉港), never a single character."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            if level in ("town",) and len(short) < 2:
                return []
            return [short]
    return []


HEADER = ("# code\tname\tlevel\tparent\taliases\n"
          "# NBS 2023 统计用区划代码 via modood/Administrative-divisions-of-China (WTFPL)\n")


def write_rows(fh, rows) -> None:
    fh.write(HEADER)
    for code, name, level, parent, aliases in rows:
        fh.write(f"{code}\t{name}\t{level}\t{parent}\t{'|'.join(aliases)}\n")


def main(src: str, out: str = "corpus/data/regions.tsv", towns_out: str = "corpus/data/towns.tsv.gz") -> None:
    root = Path(src)
    rows = []
    provinces = {r["code"]: r["name"] for r in csv.DictReader(open(root / "provinces.csv", encoding="utf-8"))}
    for code, name in provinces.items():
        rows.append((code, name, "province", "", short_forms(name, "province")))
    cities = {}
    for r in csv.DictReader(open(root / "cities.csv", encoding="utf-8")):
        cities[r["code"]] = r["name"]
        if r["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        rows.append((r["code"], r["name"], "city", r["provinceCode"], short_forms(r["name"], "city")))
    for r in csv.DictReader(open(root / "areas.csv", encoding="utf-8")):
        parent = r["cityCode"]
        if cities.get(parent) in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            parent = r["provinceCode"]
        aliases = short_forms(r["name"], "county") if r["name"] != "市辖区" else []
        rows.append((r["code"], r["name"], "county", parent, aliases))
    towns = [(r["code"], r["name"], "town", r["areaCode"], short_forms(r["name"], "town"))
             for r in csv.DictReader(open(root / "streets.csv", encoding="utf-8"))]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        write_rows(fh, rows)
    # mtime=0: the same table gives the same bytes
    with open(towns_out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        with io.TextIOWrapper(gz, encoding="utf-8", newline="") as fh:
            write_rows(fh, towns)
    print(f"wrote {len(rows)} regions to {out} and {len(towns)} towns to {towns_out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
