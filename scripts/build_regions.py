"""Build corpus/data/regions.tsv from the NBS 2023 division table (WTFPL) in ../shared.

Writes provinces, prefecture cities and county-level divisions for the whole country, and
the towns of 泉州 (3505), each with its official code, level, parent and short forms.
Run from the project root: python scripts/build_regions.py ../shared/data/admin-divisions
"""
import csv
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


def main(src: str, out: str = "corpus/data/regions.tsv") -> None:
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
    for r in csv.DictReader(open(root / "streets.csv", encoding="utf-8")):
        if r["cityCode"] == "3505":
            rows.append((r["code"], r["name"], "town", r["areaCode"], short_forms(r["name"], "town")))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("# code\tname\tlevel\tparent\taliases\n")
        fh.write("# NBS 2023 统计用区划代码 via modood/Administrative-divisions-of-China (WTFPL)\n")
        for code, name, level, parent, aliases in rows:
            fh.write(f"{code}\t{name}\t{level}\t{parent}\t{'|'.join(aliases)}\n")
    print(f"wrote {len(rows)} regions to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
