"""PERSON mentions: bylines (记者 X 通讯员 Y), names right after a title, and names the tagger marks.

A name is a surname and one or two characters (`Vocabulary.is_person_name`); words that read
as names but are not (方面, 高度, 黄金) and honorific forms (陈老, 王总) are left out.

The tagger's dictionary marks many ordinary words as names (祝贺, 蓝图, 顾问, 白皮书, 高水平), so
a tagged name is only taken where it reads as a person: after a title, or before a word people
are the subject of (说, 表示, 介绍, 摄 ...) — a three-character one also before a title, and
elsewhere only when the name model reads it as a name (`ingest.name_model.confirm_names`) —
unless its first two characters are an ordinary word (白皮, 范围, 高端) or it stands alone in
quotes (“牛鼻子”, a figure of speech).
"""
from __future__ import annotations

import re

from ingest.mentions import sentence_index
from ingest.model import Mention
from ingest.name_walk import CJK, Vocabulary
from ingest.segment import Tokens

_HONORIFIC_ENDS = ("老", "总", "董", "某", "氏")
# Words that follow a person named without a title: speech and reporting verbs, photo credits.
_PERSON_CUE = ("说", "表示", "指出", "介绍", "强调", "认为", "告诉", "坦言", "透露", "先生", "女士", "摄", "一行",
               "夫妇", "伉俪", "主持", "致辞", "讲话")
# Tags of an ordinary word (not a name) making up the first two characters of a tagged name.
_WORD_TAGS = ("n", "a", "b", "vn", "an", "d", "l", "i")
# What may follow a three-character name whose last character the tagger split off (张毅/nr 恭代表).
_AFTER_NAME = ("等", "说", "表示", "指出", "介绍", "和", "与", "及", "以及", "一行", "先生", "女士", "代表", "主持",
               "致辞", "出席", "参加", "在", "对", "向", "率", "带领", "会见", "强调")
# Tags of a single character that is not the last character of a name (说, 和, 在, 的, 都).
_NOT_THIRD_TAGS = ("v", "c", "p", "u", "r", "d", "f")
# A name after a title: two or three characters, then punctuation or a word that follows a person.
_AFTER_TITLE = re.compile(r"[\u3400-\u9fff]{2,3}(?=[,，、\s(（]|$|祖籍|原籍|先生|女士|一行|夫妇|伉俪|表示|说|回到|等|投资|"
                          r"出资|捐资|介绍|主持|致辞|讲话|出席|参加|指出|强调|以及|和|欢迎|感谢|会见|带领|率)")
# (林海 王雅瑜): a bracket holding two or more names parted by spaces.
_CREDIT = re.compile(r"[(（]((?:[\u3400-\u9fff]{2,3}[ \u3000]+)+[\u3400-\u9fff]{2,3})[)）]")


# A three-character word ending like a place (徐汇区, 金泽镇) names a place, not a person.
_PLACE_ENDS = "区镇县乡村省"


def recognise_people(text: str, sentences, tokens: Tokens, starts, vocab: Vocabulary,
                     is_word=None) -> list[Mention]:
    """PERSON mentions: bylines (记者 X 通讯员 Y), names after titles, and tagged person names.

    `is_word(w)` says whether `w` is a dictionary word (the segmenter's); without it the
    first-two-characters test on tagged names is skipped.
    """
    out: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    not_names = frozenset(vocab.words("not_name"))

    def add(s: int, e: int, method: str, conf: float) -> None:
        name = text[s:e]
        if (s, e) in seen or not vocab.is_person_name(name) or name.endswith(_HONORIFIC_ENDS) \
                or name[1:2] in ("老", "总", "董") \
                or name in not_names or (len(name) == 3 and name[-1] in _PLACE_ENDS):
            return
        seen.add((s, e))
        out.append(Mention("PERSON", name, s, e, sentence_index(sentences, s), canonical=name, method=method,
                           confidence=conf))

    # Bylines: a byline word, then names separated by spaces or 、.
    bylines = vocab.alternation("byline")
    name_re = re.compile(r"[\u3400-\u9fff]{2,3}(?=[\s)）、,，□]|$|摄|文/|通讯员|本社|本报|记者)")
    for m in re.finditer(r"(?:" + bylines + r"|电\s*[(（])\s*[:：]?\s*", text):
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
    # A bracket holding nothing but names parted by spaces, (林海 王雅瑜), credits the writers.
    for m in _CREDIT.finditer(text):
        names = m.group(1).split()
        if all(vocab.is_person_name(n) for n in names):
            pos = m.start(1)
            for n in names:
                k = text.index(n, pos)
                add(k, k + len(n), "rule", 0.8)
                pos = k + len(n)

    # Tagged names, and names right after a title.
    titles = set(vocab.words("leader")) | set(vocab.words("member")) | set(vocab.words("office")) | \
        set(vocab.words("shareholder"))
    nr_tags = {"nr", "nrt", "nrfg"}
    # A tagged name is only taken at two or three characters, starting with a surname (see
    # below and `add`), so only such words need their tag looked up.
    surnames, doubles = vocab.surnames, vocab.double_surnames

    def tagged_name(w: str, tag_of) -> bool:
        if not (2 <= len(w) <= 3 and (w[0] in surnames or w[:2] in doubles) and tag_of(w) in nr_tags):
            return False
        # 白皮书, 范围广, 高端化: an ordinary word and one more character
        return not (len(w) == 3 and is_word is not None and is_word(w[:2]) and tag_of(w[:2]) in _WORD_TAGS)

    candidates = tokens.where(lambda w, tag_of: w[-1:] in "长记任席" or w in titles or tagged_name(w, tag_of),
                              vocab.memos.setdefault("person_cue" if is_word is None else "person_cue_w", {}))
    for i in candidates:
        word, tag, s, e = tokens[i]
        if tag.startswith("nr") and 2 <= len(word) <= 3:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            end = e
            # rjieba splits some three-character names (王明/nr 元/m, 张毅/nr 恭/ag 代表): take the
            # third character back when it is no verb or noun ending (张伟/nr 说/v, 凤山/nr 寺/ng)
            # and what follows ends the name
            if len(word) == 2 and nxt and len(nxt[0]) == 1 and CJK.match(nxt[0]) \
                    and not nxt[1].startswith(_NOT_THIRD_TAGS) and nxt[1] != "ng" and (
                    i + 2 >= len(tokens) or not CJK.match(tokens[i + 2][0][:1] or "a")
                    or tokens[i + 2][0] in _AFTER_NAME):
                end = nxt[3]
            prev = tokens[i - 1][0] if i > 0 else ""
            titled = any(prev[-n:] in titles for n in (1, 2, 3, 4, 5)) or prev.endswith(("长", "书记", "主任", "主席"))
            if text[s - 1:s] == "“" and text[end:end + 1] == "”":
                continue  # “牛鼻子”: a quoted word is a figure of speech
            if end - s == 2 and not titled and not text.startswith(_PERSON_CUE, end):
                continue  # 祝贺, 蓝图: a two-character tagged word reads as a name only in a person's place
            add(s, end, "model", 0.9 if titled else 0.6)
            if end - s == 3 and not titled and not _in_a_persons_place(text, s, end, titles) and out \
                    and out[-1].start == s:
                # 高水平, 许可证, 牛羊肉: the tagger's dictionary calls them names; with nothing around
                # that makes them a person, the name model is asked (ingest.name_model.confirm_names)
                out[-1].attrs["unconfirmed"] = True
        elif word in titles or (word.endswith(("长", "书记", "主任", "主席")) and not tag.startswith(("v", "a"))):
            # (增长/v, 延长/v, 擅长/v name no office)
            # title + name the tagger missed; then more names listed after it (副县长王也夫、刘东升)
            pos = e
            for _ in range(4):
                nm = _AFTER_TITLE.match(text[pos:pos + 8])
                if not nm or not vocab.is_person_name(nm.group(0)):
                    break
                add(pos, pos + nm.end(), "rule", 0.8)
                pos += nm.end()
                if text[pos:pos + 1] != "、":
                    break
                pos += 1
    _split_surnames(text, tokens, vocab, titles, add)
    _complete_split_names(text, out)
    return out


# Words after a name that make it the subject of an investment or a return home (傅某在家乡…, 陈某先后出资).
_SUBJECT_AFTER = ("在家乡", "在故乡", "先后", "返乡", "回乡", "回到", "出资", "投资")


def _split_surnames(text, tokens: Tokens, vocab: Vocabulary, titles, add) -> None:
    """A surname the tagger cut from the rest of a name (傅/nr 森林/n, 陈/nr 扬水/ns): a person where
    what follows the two tokens is a person's place (出席, 表示, 在家乡, 先后出资 …)."""
    surnames = vocab.surnames
    for i in tokens.where(lambda w, tag_of: len(w) == 1 and w in surnames and tag_of(w).startswith("nr"),
                          vocab.memos.setdefault("split_surname", {})):
        if i + 1 >= len(tokens):
            continue
        _, _, s, _ = tokens[i]
        word, _, _, end = tokens[i + 1]
        if not (1 <= len(word) <= 2 and CJK.match(word) and CJK.match(word[-1:])):
            continue
        if _in_a_persons_place(text, s, end, titles) or text.startswith(_SUBJECT_AFTER, end):
            add(s, end, "rule", 0.6)


# Words after a name that say a person stands there (李克强总理, 习近平同志, 张三等人).
_AFTER_PERSON = _PERSON_CUE + ("同志", "总书记", "总理", "委员长", "主席", "书记", "当选", "担任", "现任", "出生",
                               "祖籍", "原籍", "创办", "捐资", "捐赠", "一行", "代表", "出席", "会见", "等人")


def _in_a_persons_place(text: str, start: int, end: int, titles: set[str]) -> bool:
    """True when what follows a name makes it a person: a word people are the subject of, or a title."""
    return text.startswith(_AFTER_PERSON, end) or any(text.startswith(t, end) for t in titles if len(t) >= 2)


def _complete_split_names(text: str, out: list[Mention]) -> None:
    """Extend a two-character name to the three-character name the text gives it elsewhere.

    The tagger cuts 张毅恭代表 as 张毅/恭代表; when 张毅恭 is found elsewhere in the same text, a
    张毅 followed by 恭 is that person.
    """
    longer = {m.text for m in out if len(m.text) == 3}
    if not longer:
        return
    for m in out:
        if len(m.text) == 2 and m.text + text[m.end:m.end + 1] in longer:
            m.end += 1
            m.text = m.canonical = text[m.start:m.end]
