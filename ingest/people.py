"""PERSON mentions: bylines (记者 X 通讯员 Y), names right after a title, and names the tagger marks.

A name is a surname and one or two characters (`Vocabulary.is_person_name`); words that read
as names but are not (方面, 高度, 黄金) and honorific forms (陈老, 王总) are left out.
"""
from __future__ import annotations

import re

from ingest.extract import sentence_index
from ingest.model import Mention
from ingest.recognise import Vocabulary
from ingest.segment import Tokens

_CJK = re.compile(r"[\u3400-\u9fff]")
_HONORIFIC_ENDS = ("老", "总", "董", "某", "氏")
_NOT_NAMES = frozenset("祝福 方面 高度 钟情 江山 文明 华侨 黄金 白色 金色 高新 向好 任务 于是 常委 万元 安全 林业 石化 "
                       "石材 陶瓷 甘肃 龙头 温馨 连续 宁静 雷锋".split())


def recognise_people(text: str, sentences, tokens: Tokens, starts, vocab: Vocabulary) -> list[Mention]:
    """PERSON mentions: bylines (记者 X 通讯员 Y), names after titles, and tagged person names."""
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()

    def add(s: int, e: int, method: str, conf: float) -> None:
        name = text[s:e]
        if (s, e) in seen or not vocab.is_person_name(name) or name.endswith(_HONORIFIC_ENDS) \
                or name[1:2] in ("老", "总", "董") \
                or name in _NOT_NAMES:
            return
        seen.add((s, e))
        out.append(Mention("PERSON", name, s, e, sentence_index(sentences, s), canonical=name, method=method,
                           confidence=conf))

    # Bylines: a byline word, then names separated by spaces or 、.
    bylines = vocab.alternation("byline")
    name_re = re.compile(r"[\u3400-\u9fff]{2,3}(?=[\s)）、,，□]|$|摄|文/|通讯员|本社|本报|记者)")
    for m in re.finditer(r"(?:" + bylines + r"|电[(（])\s*[:：]?\s*", text):
        pos = m.end()
        for _ in range(4):
            nm = name_re.match(text, pos)
            if not nm:
                break
            add(nm.start(), nm.end(), "rule", 0.9)
            pos = nm.end()
            gap = re.match(r"[\s、]+", text[pos:pos + 3])
            if not gap:
                break
            pos += gap.end()
            if re.match(bylines, text[pos:]):
                break

    # Tagged names, and names right after a title.
    titles = set(vocab.words("leader")) | set(vocab.words("member")) | set(vocab.words("office")) | \
        set(vocab.words("shareholder"))
    nr_tags = {"nr", "nrt", "nrfg"}
    # A tagged name is only taken at two or three characters, starting with a surname (see
    # below and `add`), so only such words need their tag looked up.
    surnames, doubles = vocab.surnames, vocab.double_surnames
    candidates = tokens.where(lambda w, tag_of: w[-1:] in "长记任席" or w in titles
                              or (2 <= len(w) <= 3 and (w[0] in surnames or w[:2] in doubles)
                                  and tag_of(w) in nr_tags),
                              vocab.memos.setdefault("person_cue", {}))
    for i in candidates:
        word, tag, s, e = tokens[i]
        if tag.startswith("nr") and 2 <= len(word) <= 3:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            end = e
            # rjieba splits some three-character names (王明/nr 元/m): take the third character back
            if len(word) == 2 and nxt and len(nxt[0]) == 1 and _CJK.match(nxt[0]) and (
                    i + 2 >= len(tokens) or not _CJK.match(tokens[i + 2][0][:1] or "a")):
                end = nxt[3]
            prev = tokens[i - 1][0] if i > 0 else ""
            conf = 0.9 if any(prev[-n:] in titles for n in (1, 2, 3, 4, 5)) else 0.6
            add(s, end, "model", conf)
        elif word in titles or word.endswith(("长", "书记", "主任", "主席")):
            # title + name the tagger missed
            nm = re.match(r"[\u3400-\u9fff]{2,3}(?=[,，、\s(（]|$|祖籍|原籍|先生|女士|一行|夫妇|伉俪|表示|说|回到|等|投资|出资|捐资)",
                          text[e:e + 6])
            if nm:
                add(e, e + nm.end(), "rule", 0.8)
    return out
