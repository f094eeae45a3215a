"""Firms founding a firm together: `A计划与B共同投资成立C` gives SHAREHOLDER_OF (A, C) and (B, C)
and PARTNER_OF (A, B); `A出资设立C` gives SHAREHOLDER_OF (A, C). Cue words live in
`corpus/data/frames.toml` ([venture]).

Pure: `read_ventures` returns (type, head, tail, sentence) facts and changes nothing.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from corpus.frames import FrameCues
from ingest.model import Mention

MAX_VERB_REACH = 24  # characters from the last founder to the founding verb
_PARTNER_GLUE = re.compile(r"^(?:[^，。；;,]{0,6}?)(?:与|和|同|联合)$")
_CLAUSE_BREAK = re.compile(r"[。；;！？!?]")


def read_ventures(text: str, mentions: Iterable[Mention], cues: FrameCues) -> list[tuple[str, Mention, Mention, int]]:
    """Facts (type, head, tail, sentence) from firms founding a firm."""
    verbs = cues.pattern("founding_verbs")
    together = cues.pattern("together")
    firms: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.type == "ENTERPRISE" and m.entity_id:
            firms.setdefault(m.sentence, []).append(m)
    out: list[tuple[str, Mention, Mention, int]] = []
    for index, ms in firms.items():
        ms.sort(key=lambda m: (m.start, -m.end))
        top = [m for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end for o in ms)]
        for k, founded in enumerate(top):
            if k == 0:
                continue
            founder = top[k - 1]
            between = text[founder.end:founded.start]
            found = list(verbs.finditer(between))
            verb = found[-1] if found else None
            if verb is None or verb.end() != len(between) or verb.start() > MAX_VERB_REACH \
                    or _CLAUSE_BREAK.search(between):
                continue
            founders = [founder]
            if together.search(between[:verb.start()]) and k >= 2:
                partner = top[k - 2]
                glue = text[partner.end:founder.start]
                if _PARTNER_GLUE.match(glue) and not _CLAUSE_BREAK.search(glue):
                    founders.insert(0, partner)
                    out.append(("PARTNER_OF", partner, founder, index))
            for f in founders:
                if f.entity_id != founded.entity_id:
                    out.append(("SHAREHOLDER_OF", f, founded, index))
    return out
