"""The segmenter's token columns and the gazetteer's lookup over them."""
import random

import pytest

from ingest.gazetteer import Gazetteer
from ingest.segment import Segmenter, Tokens

TEXT = "盛屯集团碳酸锂新材料产业项目落地泉港区，总投资25亿元。施金城祖籍安溪，旅居印度尼西亚。"


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter(["盛屯集团", "泉港区", "碳酸锂"])


def test_tokens_cover_the_text_with_offsets_and_tags(segmenter):
    tokens = segmenter.tokens(TEXT)
    assert "".join(tokens.words) == TEXT
    assert all(TEXT[s:e] == w for w, s, e in zip(tokens.words, tokens.starts, tokens.ends, strict=True))
    assert tokens[0] == ("盛屯集团", "nz", 0, 4)
    assert [t[0] for t in tokens[0:2]] == tokens.words[0:2]
    assert tokens.tag(tokens.words.index("投资")) == "vn"
    assert tokens[-1][0] == "。"


def test_tags_agree_with_tagging_the_whole_text(segmenter):
    tokens = segmenter.tokens(TEXT)
    assert [(w, tokens.tag(i)) for i, w in enumerate(tokens.words)] == segmenter._impl.tag(TEXT, True)


def test_where_tests_each_distinct_word_once_and_remembers(segmenter):
    text = "泉港区和泉港区，碳酸锂"
    tokens = segmenter.tokens(text)
    asked = []

    def keep(word, tag_of):
        asked.append(word)
        return tag_of(word).startswith("n")

    expected = [i for i, (_, tag) in enumerate(segmenter._impl.tag(text, True)) if tag.startswith("n")]
    assert tokens.words[0] == "泉港区" and 0 in expected and 2 in expected
    memo = {}
    assert tokens.where(keep, memo) == expected
    assert sorted(asked) == sorted(set(tokens.words))
    asked.clear()
    assert tokens.where(keep, memo) == expected and asked == []


def test_jieba_engine_keeps_tags_per_token():
    tokens = Segmenter(["泉港区"], engine="jieba").tokens("泉港区投资")
    assert isinstance(tokens, Tokens) and tokens[0] == ("泉港区", "nz", 0, 3)
    assert tokens.where(lambda w, tag_of: tag_of(w) == "nz") == [0]


def test_names_at_the_end_of_a_text_end_there():
    gazetteer = Gazetteer({"盛屯": ("ENTERPRISE", "盛屯集团"), "盛屯集团": ("ENTERPRISE", "盛屯集团")})
    assert gazetteer.find("投资盛屯") == [(2, 4, "ENTERPRISE", "盛屯集团")]


def test_lookup_over_tokens_equals_lookup_at_every_token_start():
    """Names found from the tokens are those found by trying every token start (random texts)."""
    names = {"泉州": ("REGION", "3505"), "泉州市": ("REGION", "3505"), "泉港区": ("REGION", "350505"),
             "泉港石化工业园区": ("REGION", "zone"), "碳酸锂": ("CHAIN", "salts"), "电池级碳酸锂": ("CHAIN", "salts"),
             "盛屯": ("ENTERPRISE", "盛屯集团"), "盛屯集团": ("ENTERPRISE", "盛屯集团")}
    gazetteer = Gazetteer(names)
    segmenter = Segmenter()  # does not know the names: they are often cut in pieces
    pieces = ["泉州", "市", "泉港", "区", "石化", "工业园区", "电池级", "碳酸锂", "盛屯", "集团", "投资", "，", "建设"]
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        tokens = segmenter.tokens(text)
        expected, covered = [], 0
        for start in tokens.starts:
            if start < covered:
                continue
            for length in range(len(text) - start, 0, -1):
                hit = names.get(text[start:start + length])
                if hit:
                    expected.append((start, start + length, *hit))
                    covered = start + length
                    break
        assert gazetteer.find_in_tokens(text, tokens) == expected, text


def test_a_name_never_cuts_a_run_of_latin_letters_or_digits():
    gazetteer = Gazetteer({"LED": ("CHAIN", "led"), "LED芯片": ("CHAIN", "chips"), "PET": ("CHAIN", "polyester")})
    segmenter = Segmenter(["LED", "LED芯片", "PET"])
    for text, found in [("MicroOLED显示", []), ("MicroLED芯片", []), ("PETG薄膜", []), ("LEDs", []),
                        ("LED照明和PET瓶片", ["LED", "PET"]), ("Mini LED芯片", ["LED芯片"])]:
        tokens = segmenter.tokens(text)
        assert [text[s:e] for s, e, _, _ in gazetteer.find_in_tokens(text, tokens)] == found, text
        assert [text[s:e] for s, e, _, _ in gazetteer.find(text)] == found, text
