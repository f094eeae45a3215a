"""The names the lexicon knows (places, enterprises, chain terms), found in text and checked in
context: a county outside the home province needs support, a town's short form follows its county, a
place name before 委 or 日报 names something else; and the names found inside others (a firm
opening a project's name, a town opening it, a chain term closing a firm's name).
"""
from __future__ import annotations

import bisect
import re

from corpus import Lexicon
from ingest.gazetteer import Gazetteer, recognise_known_names
from ingest.model import Mention, Sentence
from ingest.name_walk import CJK_RUN, Vocabulary
from ingest.resolve import strip_legal_form
from ingest.segment import Tokens, is_far_county

# A place name followed by one of these names something else: a party committee (泉州市委), a
# newspaper or website (福建日报, 中国侨网), a slogan (晋江经验, 中国梦, 中国式现代化), a building.
NOT_A_PLACE_AFTER = ("委", "日报", "晚报", "早报", "商报", "网", "经验", "梦", "式", "馆", "机场", "500强")


class KnownNames:
    """The lexicon's names with their mention type and key, and the rules that accept them."""

    def __init__(self, lexicon: Lexicon, chains, vocab: Vocabulary) -> None:
        self.lexicon, self.vocab = lexicon, vocab
        names: dict[str, tuple[str, str]] = {}
        # Chain terms first: enterprise and region names of the same spelling override them.
        for term, canonical in lexicon.industries.items():
            names[term] = ("CHAIN", canonical)
        for chain in chains:
            for link in chain.links:
                for term in link.terms:
                    names.setdefault(term, ("CHAIN", term))
            for name in (chain.name, *chain.aliases):
                names[name] = ("CHAIN", "Chain:" + chain.id)
        for firm in lexicon.enterprises:
            for name in (firm.name, *firm.aliases):
                if len(name) >= 2:
                    names[name] = ("ENTERPRISE", firm.name)
        self.town_short: dict[str, str] = {}  # town short form -> code; only accepted in context
        # name of a county outside the home province -> the codes it may stand for; accepted in context
        self.far_counties: dict[str, list[str]] = {}
        for code, entry in lexicon.regions.items():
            # County short forms are ambiguous words (合作, 大关, 集美) outside the home city; town
            # short forms (码头, 东园) everywhere, so those are kept apart and checked in context.
            short_ok = entry.level not in ("county", "town") or (entry.level == "county" and lexicon.in_home_city(code))
            if entry.level == "town":
                for alias in entry.aliases:
                    if len(alias) >= 2:
                        self.town_short.setdefault(alias, code)
            for name in (entry.name, *(entry.aliases if short_ok else ())):
                if len(name) < 2:
                    continue
                if not (name in names and names[name][0] != "CHAIN"):
                    resolved = lexicon.resolve_region(name)
                    names[name] = ("REGION", resolved.code if resolved else code)
                if is_far_county(entry, lexicon) and names[name][0] == "REGION":
                    codes = self.far_counties.setdefault(name, [names[name][1]])
                    if code not in codes:
                        codes.append(code)
        self.names = names
        self.gazetteer = Gazetteer(names)

    def segmenter_words(self, kind: str) -> list[str]:
        """The names of one mention type that the segmenter should keep whole."""
        return [n for n, (k, _) in self.names.items() if k == kind and n not in self.far_counties]

    def find(self, text: str, sentences: list[Sentence], tokens: Tokens) -> list[Mention]:
        """The known names in `text` that their context supports, and town short forms after their county."""
        found = [m for m in recognise_known_names(text, sentences, self.gazetteer, tokens)
                 if not (m.type == "REGION" and text.startswith(NOT_A_PLACE_AFTER, m.end))]
        found = self._far_counties_in_context(text, tokens, found)
        return found + self._towns_in_context(text, found)

    def _far_counties_in_context(self, text: str, tokens: Tokens, known: list[Mention]) -> list[Mention]:
        """`known` without the counties outside the home province that nothing supports.

        Such a name must start and end where words do, and be long (浦东新区), or follow a place
        above it (上海市青浦区, 江苏省苏州市吴江区), or, at three characters, stand in a list
        beside another place of its province (东城区、西城区). 强产业、兴城市 is a slogan, not
        兴城市 in Liaoning; 城区和矿区 are parts of any city. A name several counties share
        (宝山区 in Shanghai and in Heilongjiang) stands for the one its context names.
        """
        far = [k for k, m in enumerate(known) if m.type == "REGION" and m.text in self.far_counties]
        if not far:
            return known
        bounds = {*tokens.starts, len(text)}
        drop = set()
        for k in far:
            m = known[k]
            if m.start not in bounds or m.end not in bounds:
                drop.add(k)
                continue
            if len(m.text) >= 4:
                continue
            before = known[k - 1] if k > 0 else None
            after = known[k + 1] if k + 1 < len(known) else None
            codes = self.far_counties[m.text]  # a name several counties share takes the one the context names
            code = None
            if before is not None and before.type == "REGION" and before.end == m.start:
                code = next((c for c in codes if before.canonical in self.lexicon.ancestors(c)), None)
            if code is None and len(m.text) >= 3:
                for o in (before, after):
                    if o is not None and o.type == "REGION" \
                            and text[min(o.end, m.end):max(o.start, m.start)] in ("、", "和", "及", "与"):
                        code = next((c for c in codes if c[:2] == o.canonical[:2]), None)
                        if code is not None:
                            break
            if code is None:
                drop.add(k)
            else:
                m.canonical = code
        return [m for k, m in enumerate(known) if k not in drop]

    def _towns_in_context(self, text: str, known: list[Mention]) -> list[Mention]:
        """Town short forms (金井, 池店) right after their county's name or before 镇/乡."""
        out = []
        for m in known:
            if m.type != "REGION":
                continue
            for length in (3, 2):
                short = text[m.end:m.end + length]
                code = self.town_short.get(short)
                if code and self.lexicon.regions[code].parent == m.canonical:
                    out.append(Mention("REGION", short, m.end, m.end + length, m.sentence, canonical=code,
                                       method="lexicon", confidence=0.9))
                    village = re.match(r"[\u3400-\u9fff]{2}村", text[m.end + length:m.end + length + 3])
                    if village:  # 晋江金井溜江村: a village right after its town
                        s = m.end + length
                        out.append(Mention("REGION", village.group(0), s, s + 3, m.sentence, canonical="",
                                           method="rule", confidence=0.6, attrs={"village": True}))
                    break
        return out

    def towns_leading_projects(self, text: str, kept: list[Mention]) -> list[Mention]:
        """Town short forms opening a project's name (安海五星级酒店 -> 安海镇)."""
        out = []
        for p in kept:
            if p.type != "PROJECT":
                continue
            for length in (3, 2):
                code = self.town_short.get(text[p.start:p.start + length])
                if code and self.lexicon.in_home_city(code):
                    out.append(Mention("REGION", text[p.start:p.start + length], p.start, p.start + length,
                                       p.sentence, canonical=code, method="lexicon", confidence=0.7))
                    break
        return out

    def firms_in_projects(self, text: str, kept: list[Mention], tokens=None, followers: tuple[str, ...] = (),
                          is_word=None) -> list[Mention]:
        """Enterprises named at the start of a project's name, after its places: a name and a
        trade word (泉州利澳纸业扩建项目 -> 利澳纸业), or, given the `tokens` and the dictionary
        (`is_word`), a short name the dictionary does not know before a chain term or one of
        `followers` (泉港区圣元年产40000吨牛磺酸项目 -> 圣元)."""
        words = self.vocab.alternation("enterprise_word")
        out = []
        firms = [m for m in kept if m.type == "ENTERPRISE"]
        for p in kept:
            if p.type != "PROJECT":
                continue
            pos = p.start
            hit = self.gazetteer.find(text[p.start:p.end])  # names inside the project's name
            for a, b, kind, _ in hit:  # past the places the name opens with (泉州台商投资区科一…)
                if kind != "REGION" or p.start + a != pos:
                    break
                pos = p.start + b
            if any(h[2] == "ENTERPRISE" for h in hit) or any(f.start >= p.start and f.end <= p.end for f in firms):
                continue
            m = re.match(r"([\u3400-\u9fff]{2})(" + words + ")", text[pos:p.end])
            if m and m.end() < p.end - pos and m.group(1) not in self.lexicon.industries:
                out.append(Mention("ENTERPRISE", m.group(0), pos, pos + m.end(), p.sentence,
                                   canonical=m.group(0), method="rule", confidence=0.6))
                continue
            if tokens is None or is_word is None:
                continue
            chains_at = {p.start + a for a, _, kind, _ in hit if kind == "CHAIN"}
            for n in (3, 2):
                end = pos + n
                if end >= p.end or not (end in chains_at or text.startswith(followers, end)
                                        or re.match(r"[\dA-Za-z]", text[end:end + 1])):
                    continue
                stem = text[pos:end]
                if CJK_RUN.fullmatch(stem) and stem not in self.lexicon.industries \
                        and self.lexicon.resolve_region(stem) is None and _name_like(tokens, pos, end, stem, is_word):
                    out.append(Mention("ENTERPRISE", stem, pos, end, p.sentence, canonical=stem,
                                       method="rule", confidence=0.5))
                break
        return out

    def chains_in_firm_names(self, kept: list[Mention]) -> list[Mention]:
        """Chain terms that end a firm's name after its brand (钜闽机械 -> 机械, 福建炼油化工有限公司 ->
        炼油, 化工): the firm says what trade it is in. Only the run of chain terms closing the name
        counts, and only after a brand of two characters or more (机械有限公司 names no firm)."""
        out = []
        for m in kept:
            if m.type != "ENTERPRISE":
                continue
            name = strip_legal_form(m.text)
            hits = [h for h in self.gazetteer.find(name) if h[2] == "CHAIN"]
            run, end = [], len(name)
            for h in reversed(hits):
                if h[1] != end:
                    break
                run.append(h)
                end = h[0]
            if not run or end < 2:
                continue
            for a, b, _, key in run:
                out.append(Mention("CHAIN", name[a:b], m.start + a, m.start + b, m.sentence, canonical=key,
                                   method="lexicon", confidence=0.6, attrs={"in_firm": True}))
        return out




def _name_like(tokens, start: int, end: int, stem: str, is_word) -> bool:
    """True when `stem` (text[start:end]) is whole tokens, no dictionary word, and each token a
    single character, tagged as a name or unknown to the dictionary: a brand the dictionary does not know (圣元, 鑫楷城, 极宸),
    never a common word (智慧, 深化, 海峡)."""
    i = bisect.bisect_right(tokens.starts, start) - 1
    if i < 0 or tokens.starts[i] != start:
        return False
    inside = []
    while i < len(tokens) and tokens.starts[i] < end:
        inside.append(i)
        i += 1
    return tokens.ends[i - 1] == end and not is_word(stem) and \
        all(len(tokens.words[k]) == 1 or tokens.tag(k).startswith(_NAME_TAGS) or not is_word(tokens.words[k])
            for k in inside)


_NAME_TAGS = ("nr", "nz", "ng", "j", "x", "g")
