"""A document's kind comes from its source: a stated kind, its folder, its form."""
import pytest

from search.kinds import document_kind


@pytest.mark.parametrize("stated,title,origin,kind", [
    ("news", "2024年中华人民共和国国务院政府工作报告", "/d/gov-work-reports/government_work_reports.jsonl#3", "policy"),
    ("news", "2024年泉州市政府工作报告", "upload.jsonl#1", "policy"),
    ("news", "泉州市人民政府关于印发促进民营经济发展若干措施的通知", "a.txt", "policy"),
    ("news", "国务院关于促进外资增长的意见（试行）", "a.txt", "policy"),
    ("news", "中华人民共和国外商投资法", "a.txt", "law"),
    ("news", "任何标题", "/d/laws/laws.jsonl.gz#7", "law"),
    ("news", "任何标题", "/d/政策/一.md", "policy"),
    ("news", "盛屯集团碳酸锂项目落地泉港", "/d/news/a.txt", "news"),
    ("news", "泉港石化项目集中开工", "a.txt", "news"),
    ("report", "泉港石化项目集中开工", "/d/policy/a.txt", "report"),  # a stated kind wins
])
def test_kind_from_field_folder_and_form(stated, title, origin, kind):
    assert document_kind(stated, title, origin) == kind
