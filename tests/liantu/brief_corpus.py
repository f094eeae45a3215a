"""Two invented articles for the chain brief tests, ingested through the real pipeline.

泉港区 on 油头—化身—锂电池: a 碳酸锂 signing of 2023-01-10 that never started (stalled by the newest
article, 2024-06-20), a 六氟磷酸锂 project that started on 2024-06-20, and 宁德时代, an outside maker
of 动力电池 (a lead for the 电芯 gap). Each article has a title, a date and a URL.
"""
from __future__ import annotations

import json
from pathlib import Path

ARTICLES = [
    {"title": "泉港签约电池级碳酸锂项目", "date": "2023-01-10", "url": "https://news.example.cn/2023/0110.html",
     "text": "1月10日，泉港区与福建金泓新材料有限公司签约年产5万吨电池级碳酸锂项目，总投资20亿元。"},
    {"title": "泉州重点项目集中开工", "date": "2024-06-20", "url": "https://news.example.cn/2024/0620.html",
     "text": "6月20日，福建永荣新材料有限公司年产2万吨六氟磷酸锂项目在泉港区开工，总投资8亿元。"
             "宁德时代是全球最大的动力电池企业，主要生产动力电池。"},
]
CHAIN, REGION = "lithium-battery", "泉港区"
STALLED = "年产5万吨电池级碳酸锂项目"
STARTED = "福建永荣新材料有限公司年产2万吨六氟磷酸锂项目"


def write_articles(folder: Path) -> Path:
    path = folder / "news.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    return path


def ingest_articles(liantu, folder: Path) -> None:
    report = liantu.ingest([write_articles(folder)])
    assert len(report.added) == len(ARTICLES) and not report.failed
