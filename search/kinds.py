"""The kind of a document (news, policy, law, report), from what its source says about it.

Loading keeps a kind a record states and calls everything else news. The index refines that
default from the source: a folder named for policy or laws (`gov-work-reports/`, `policy/`,
`政策/`, `laws/`), else the document's form (a title ending in 政府工作报告, 决议, 条例, 办法,
意见, 通知 ... is policy; one ending in 法 is law). A kind stated as anything but news wins.
"""
from __future__ import annotations

import re

KINDS = ("news", "policy", "law", "report")
_FOLDERS = (
    (re.compile(r"(^|[/\\])(laws?|法律|法规)([/\\#]|$)", re.IGNORECASE), "law"),
    (re.compile(r"(^|[/\\])(polic(y|ies)|gov-work-reports|work-reports|政策|政府工作报告|文件)([/\\#]|$)",
                re.IGNORECASE), "policy"),
)
_LAW_TITLE = re.compile(r"(中华人民共和国)?[\u3400-\u9fff]{2,30}法(（[^）]{1,10}）)?$")
_POLICY_TITLE = re.compile(
    r"(政府工作报告|决议|决定|条例|办法|规定|细则|通知|意见|方案|规划|纲要|公告|通告|政策|措施|指南|规则|批复|函)"
    r"(（[^）]{1,10}）|\([^)]{1,10}\))?$")


def document_kind(stated: str, title: str = "", origin: str = "") -> str:
    """The kind of a document: `stated` unless it is the news default, else from folder, else from form."""
    if stated in KINDS and stated != "news":
        return stated
    for pattern, kind in _FOLDERS:
        if pattern.search(origin or ""):
            return kind
    title = (title or "").strip()
    if _POLICY_TITLE.search(title):
        return "policy"
    if _LAW_TITLE.fullmatch(title):
        return "law"
    return stated if stated in KINDS else "news"
