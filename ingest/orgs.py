"""ORG mentions: associations and public bodies (商会, 会馆, 侨联, 招商办, 统战部 …), found from their
ending and walked left over the tokens of their name.
"""
from __future__ import annotations

import re

from ingest.mentions import sentence_index
from ingest.model import Mention
from ingest.name_walk import Vocabulary, extend_left


def recognise_orgs(text: str, sentences, tokens, starts, vocab: Vocabulary, known) -> list[Mention]:
    """ORG mentions: associations and public bodies (商会, 会馆, 侨联, 招商办, 统战部 …).

    - an ending that runs into a longer one (侨联|络总部) is not the ending: the longer one is;
    - 代表 inside a name ends what stands before it (邵某代表中国侨联: a person acting for it);
    - bodies counted or picked from (部分台商协会, 250余名…协会代表) are a class, not one body;
    - a bare 侨联/侨办, or an association named by its kind alone (联谊会, 同乡会: `generic_org` in
      terms.tsv), refers to the one full-named such body of the text, else to none.
    """
    out: list[Mention] = []
    not_org = vocab.words("not_org")
    generic = frozenset(vocab.words("generic_org"))
    pattern = re.compile("(?:" + vocab.alternation("org") + ")")
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        # an ending that runs into a longer one (泉侨|联络总部 after 侨联) gives way to it
        for k in range(m.start() + 1, m.end()):
            longer = pattern.match(text, k)
            if longer is not None and longer.end() > m.end():
                m = longer
                break
        a, b = m.start(), m.end()
        pos = b
        start = extend_left(text, tokens, starts, a, limit=16, allow=known)
        acting = text.rfind("代表", start, a)
        if acting >= 0 and known.kind_at(acting + 2) == "REGION":
            start = acting + 2
        name = text[start:b]
        if name in not_org or any(name.endswith(w) for w in not_org):
            continue
        if len(name) < 3 and name not in ("侨联", "侨办") and name not in generic:
            continue
        if "部分" in name or re.search(r"\d+余?[名家个]", name):
            continue
        out.append(Mention("ORG", name, start, b, sentence_index(sentences, start), canonical=name,
                           method="rule", confidence=0.8))
    return _bare_orgs_resolved(out, generic) + _self_references(text, sentences, out)


def _bare_orgs_resolved(orgs: list[Mention], generic: frozenset[str]) -> list[Mention]:
    """A bare 侨联/侨办 or a kind alone (联谊会) named as the one full-named body ending with it
    (南安市侨联, 菲律宾晋江同乡联谊会). Otherwise a bare 侨联/侨办 is dropped, and a kind alone is
    kept as a body of this document only (`generic`): the 联谊会 of one article is not another's."""
    kept = []
    for m in orgs:
        if len(m.text) == 2 or m.text in generic:
            full = {o.canonical for o in orgs if len(o.text) > len(m.text) and o.text.endswith(m.text)}
            if len(full) == 1:
                m.canonical = full.pop()
            elif m.text in generic and not full:
                m.attrs["generic"] = True
            else:
                continue
        kept.append(m)
    return kept


# An association writing about itself: 本会 (本会馆, 本商会) is the body whose news it is.
_SELF = re.compile(r"本(?:会馆|商会|会)")


def _self_references(text: str, sentences, orgs: list[Mention]) -> list[Mention]:
    """`本会` as a mention of the association publishing the text: the one named before 讯 in its
    byline (菲华商联总会讯:), else the one association the text names; none when that is unclear."""
    if "本" not in text:
        return []
    bylined = [o for o in orgs if text.startswith("讯", o.end)]
    named = {o.canonical for o in orgs if o.canonical.endswith(("会", "会馆"))}
    if bylined:
        publisher = bylined[0].canonical
    elif len(named) == 1:
        publisher = next(iter(named))
    else:
        return []
    return [Mention("ORG", m.group(), m.start(), m.end(), sentence_index(sentences, m.start()), canonical=publisher,
                    method="rule", confidence=0.7) for m in _SELF.finditer(text)]
