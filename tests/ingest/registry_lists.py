"""Enterprise lists for the tests, written as a registry export would be (.xlsx or .csv)."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from stdnum.cn import uscc

HEADER = ["序号", "企业名称", "统一社会信用代码", "法定代表人", "成立日期", "注册资本", "所属行业", "注册地址",
          "经营范围", "登记状态"]

# (name, county code, industry, address, scope)
FIRMS = [
    ("福建锂源新材料有限公司", "350521", "C2613 无机盐制造", "福建省泉州市惠安县东桥镇泉惠石化园区锂源路1号",
     "电池级碳酸锂、氢氧化锂生产；化工产品销售"),
    ("江西赣锋锂业集团股份有限公司", "360502", "2613", "江西省新余市渝水区龙腾路",
     "碳酸锂、氢氧化锂、金属锂研发、生产"),
    ("晋江市恒安纸业有限公司", "350582", "2221", "福建省泉州市晋江市安海镇恒安工业城", "纸制品制造"),
    ("苏州锐拓电池科技有限公司", "320576", "C3841", "江苏省苏州市苏州工业园区星湖街328号", "锂离子电池制造；储能系统集成"),
]


def credit_code(county: str, n: int) -> str:
    """A valid unified social credit code for a firm registered in `county` (GB 32100-2015)."""
    body = f"91{county}MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def fifty_rows() -> tuple[list[list], dict[str, int]]:
    """50 data rows (47 good; a bad credit code, an empty name and an unknown industry code) and
    the spreadsheet row numbers of the bad ones (the header is row 1)."""
    rows = []
    for i in range(50):
        name, county, industry, address, scope = FIRMS[i % len(FIRMS)]
        if i >= len(FIRMS):
            name = name.replace("有限公司", f"第{i}工厂有限公司")
        rows.append([i + 1, name, credit_code(county, i + 1), f"张{i}", dt.date(2010 + i % 12, 1 + i % 12, 1 + i % 28),
                     100 + 10 * i, industry, address, scope, "存续"])
    bad = {"credit_code": 11, "name": 21, "industry": 31}
    rows[bad["credit_code"] - 2][2] = rows[bad["credit_code"] - 2][2][:-1] + ("0" if rows[bad["credit_code"] - 2][2][-1] != "0" else "1")
    rows[bad["name"] - 2][1] = ""
    rows[bad["industry"] - 2][6] = "C9999"
    return rows, bad


def write_xlsx(path: Path, rows: list[list], header: list[str] = HEADER, title: str | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list], header: list[str] = HEADER, encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([c.isoformat() if isinstance(c, dt.date) else c for c in row])
    return path
