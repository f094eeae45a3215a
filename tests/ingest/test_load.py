import gzip
import json

import pytest

from ingest.errors import LoadError
from ingest.load import decode_bytes, iter_files, load_path, normalise_date, parse_jsonl

TEXT = "泉州市鲤城区招商项目集中签约，盛屯集团投资25亿元。"


def test_utf8_with_and_without_bom(tmp_path):
    for name, data in (("a.txt", TEXT.encode()), ("b.txt", b"\xef\xbb\xbf" + TEXT.encode())):
        path = tmp_path / name
        path.write_bytes(data)
        assert load_path(path)[0].text == TEXT


@pytest.mark.parametrize("encoding, text", [
    ("gbk", TEXT * 3),
    ("gb18030", TEXT * 3),
    ("big5", "泉州市鯉城區招商項目集中簽約，盛屯集團投資二十五億元，馬來西亞南安會館會長出席。" * 3),
    ("utf-16", TEXT),
])
def test_legacy_encodings_are_detected(tmp_path, encoding, text):
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert load_path(path)[0].text == text


def test_binary_and_empty_files_are_refused_with_the_file_named(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for path in (binary, empty):
        with pytest.raises(LoadError, match=path.name):
            load_path(path)


def test_jsonl_with_a_truncated_line_keeps_the_other_lines(tmp_path):
    lines = [json.dumps({"id": i, "title": f"t{i}", "content": TEXT, "date": "2024年6月20日"}, ensure_ascii=False)
             for i in range(3)]
    lines[1] = lines[1][:20]
    errors = []
    docs = parse_jsonl("\n".join(lines), "f.jsonl", errors=errors)
    assert [d.title for d in docs] == ["t0", "t2"]
    assert docs[0].date == "2024-06-20" and docs[0].origin == "f.jsonl#0"
    assert len(errors) == 1 and "f.jsonl:2" in errors[0]


def test_jsonl_gz_and_field_names(tmp_path):
    path = tmp_path / "laws.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"title": "外商投资法", "text": TEXT, "version_date": "2019-03-15"}, ensure_ascii=False))
    doc = load_path(path)[0]
    assert (doc.title, doc.date) == ("外商投资法", "2019-03-15")


def test_html_drops_scripts_and_styles(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>标题</title><script>alert(1)</script><style>p{}</style></head>"
                    f"<body><nav>首页 导航</nav><h1>泉州招商</h1><p>{TEXT}</p></body></html>", encoding="utf-8")
    doc = load_path(path)[0]
    assert doc.title == "泉州招商"
    assert "alert" not in doc.text and "导航" not in doc.text and TEXT in doc.text


def test_missing_path_is_named(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        list(iter_files([tmp_path / "nope"]))


def test_dates():
    assert normalise_date("2024年6月20日 星期四") == "2024-06-20"
    assert normalise_date(2024) == "2024-01-01"
    assert normalise_date("unknown") is None


def test_decode_prefers_utf8():
    assert decode_bytes("碳酸锂".encode()) == "碳酸锂"
