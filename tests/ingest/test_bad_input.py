"""Bad input: each case is reported or handled, and nothing already stored changes."""
import json
import os

import pytest

SEED_TEXT = "盛屯集团碳酸锂新材料产业项目落户泉港，总投资25亿元。"


@pytest.fixture
def stored(liantu, tmp_path):
    """A Liantu holding one good document, and a snapshot of what it holds."""
    good = tmp_path / "good.txt"
    good.write_text(SEED_TEXT, encoding="utf-8")
    assert liantu.ingest([good]).added
    return liantu, _snapshot(liantu)


def _snapshot(liantu):
    return (liantu.graph.document_ids(), liantu.index.doc_ids(), json.dumps(liantu.graph.counts(), sort_keys=True))


def _ingest(liantu, path):
    report = liantu.ingest([path])
    return report


def test_gbk_file_is_decoded(stored, tmp_path):
    liantu, before = stored
    path = tmp_path / "gbk.txt"
    path.write_bytes("恒安集团在晋江投资建设新型生活用品项目，总投资10亿元。".encode("gbk"))
    report = _ingest(liantu, path)
    assert len(report.added) == 1 and not report.failed
    assert before[0] <= liantu.graph.document_ids()
    hits = liantu.graph.get_document(report.added[0])
    assert hits is not None


def test_big5_file_is_decoded_and_resolves_like_simplified(stored, tmp_path):
    liantu, before = stored
    path = tmp_path / "big5.txt"
    path.write_bytes("盛屯集團在泉港區投資建設碳酸鋰項目，總投資二十五億元，已經正式簽約。".encode("big5"))
    report = _ingest(liantu, path)
    assert len(report.added) == 1 and not report.failed
    assert before[0] <= liantu.graph.document_ids()


def test_empty_file_fails_and_changes_nothing(stored, tmp_path):
    liantu, before = stored
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    report = _ingest(liantu, path)
    assert not report.added and report.failed and "empty" in report.failed[0][1]
    assert _snapshot(liantu) == before


def test_binary_file_fails_and_changes_nothing(stored, tmp_path):
    liantu, before = stored
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 64)
    report = _ingest(liantu, path)
    assert not report.added and report.failed and "binary" in report.failed[0][1]
    assert _snapshot(liantu) == before


def test_jsonl_with_a_truncated_line_ingests_the_others(stored, tmp_path):
    liantu, before = stored
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "a", "text": "安踏在晋江投资20亿元建设安踏全球智慧创新产业园项目。"}, ensure_ascii=False),
             '{"id": "b", "text": "九牧集团在南安',
             json.dumps({"id": "c", "text": "科大讯飞与泉州签订战略合作协议。"}, ensure_ascii=False)]
    path.write_text("\n".join(lines), encoding="utf-8")
    report = _ingest(liantu, path)
    assert len(report.added) == 2
    assert len(report.failed) == 1 and report.failed[0][0].endswith("docs.jsonl:2")
    assert before[0] <= liantu.graph.document_ids()


def test_html_page_full_of_scripts_keeps_only_text(stored, tmp_path):
    liantu, before = stored
    path = tmp_path / "page.html"
    scripts = "".join(f"<script>var x{i} = '泉港区 恶意脚本 {i}';</script>" for i in range(200))
    path.write_text(f"<html><head><title>签约</title>{scripts}<style>p{{}}</style></head><body>{scripts}"
                    "<nav>首页 导航</nav><p>宁德时代在泉港区投资建设锂电池项目，总投资30亿元。</p></body></html>",
                    encoding="utf-8")
    report = _ingest(liantu, path)
    assert len(report.added) == 1
    doc = liantu.graph.get_document(report.added[0])
    assert doc is not None
    assert before[0] <= liantu.graph.document_ids()
    from ingest.load import load_path

    text = load_path(path)[0].text
    assert "恶意脚本" not in text and "导航" not in text and "宁德时代" in text


@pytest.mark.slow
def test_fifty_megabyte_file_is_ingested(stored, tmp_path):
    liantu, before = stored
    path = tmp_path / "big.txt"
    paragraph = "泉州市举行重大项目集中签约活动，盛屯集团碳酸锂新材料产业项目落户泉港区，总投资25亿元。\n"
    with open(path, "w", encoding="utf-8") as fh:
        size = 0
        while size < 50_000_000:
            fh.write(paragraph * 1000)
            size += len(paragraph.encode("utf-8")) * 1000
    assert os.path.getsize(path) >= 50_000_000
    report = _ingest(liantu, path)
    # a text file this long becomes several documents of at most a million characters
    assert len(report.added) > 10 and not report.failed
    assert before[0] <= liantu.graph.document_ids()
    assert liantu.graph.document_ids() == liantu.index.doc_ids()
    assert _ingest(liantu, path).unchanged and not _ingest(liantu, path).added


def test_a_long_text_file_is_split_into_parts_at_line_breaks(tmp_path):
    from ingest.load import split_long
    from ingest.model import Document

    doc = Document(text="第一行。\n" * 10, title="长文", origin="x.txt")
    parts = split_long(doc, limit=12)
    assert "".join(p.text for p in parts) == doc.text
    assert all(p.text.endswith("\n") for p in parts)
    assert [p.origin for p in parts][:2] == ["x.txt#part1", "x.txt#part2"]
    assert len({p.id for p in parts}) == len(parts)
