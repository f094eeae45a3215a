from ingest.amounts import parse_amount
from ingest.model import Document, Sentence
from ingest.normalise import split_sentences, to_simplified
from ingest.pipeline import Pipeline


def test_amounts_are_normalised_to_yi():
    assert parse_amount("25亿元").canonical == "25亿元"
    assert parse_amount("5000万元").canonical == "0.5亿元"
    assert parse_amount("3亿美元").canonical == "3亿美元"
    assert parse_amount("二十五亿元").value_yi == 25


def test_traditional_is_simplified_without_moving_offsets():
    text = "盛屯集團在泉港區(qū)投資25億元"
    simplified = to_simplified(text)
    assert len(simplified) == len(text)
    assert simplified.startswith("盛屯集团在泉港区")


def test_sentences_carry_offsets():
    text = "第一句。第二句！\n\n第三句"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["第一句。", "第二句！", "第三句"]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_regions_and_amounts_from_a_sentence():
    pipeline = Pipeline()
    x = pipeline.analyse(Document(text="盛屯集团碳酸锂新材料产业项目落地泉港，总投资25亿元。", title="t"))
    ids = set(x.entity_ids())
    assert "Region:350505" in ids and "Enterprise:盛屯集团" in ids
    amounts = [m for m in x.mentions if m.type == "AMOUNT"]
    assert [m.canonical for m in amounts] == ["25亿元"]
    for m in x.mentions:
        assert x.analysed_text[m.start:m.end] == m.text


def test_traditional_mentions_resolve_to_the_same_entities():
    pipeline = Pipeline()
    simplified = pipeline.analyse(Document(text="盛屯集团在泉港区投资。"))
    traditional = pipeline.analyse(Document(text="盛屯集團在泉港區投資。"))
    assert set(simplified.entity_ids()) == set(traditional.entity_ids())


def test_counties_outside_fujian_need_context():
    """A far county's name is often an ordinary phrase; it counts only where a place supports it."""
    pipeline = Pipeline()
    x = pipeline.analyse(Document(text="要强产业、兴城市，适应城市发展，完善中心城区和矿区的规划。"
                                       "联合上海市青浦区、江苏省苏州市吴江区。本市东城区、西城区实行。促进浦东新区改革开放。",
                                  title="t"))
    regions = {m.text: m.entity_id for m in x.mentions if m.type == "REGION"}
    for phrase in ("兴城市", "应城市", "城区", "矿区"):
        assert phrase not in regions, phrase
    assert regions["青浦区"] == "Region:310118" and regions["吴江区"] == "Region:320509"
    assert regions["东城区"] == "Region:110101" and regions["西城区"] == "Region:110102"
    assert regions["浦东新区"] == "Region:310115"


def test_an_extraction_sent_between_processes_keeps_its_sentences():
    import pickle

    x = Pipeline().analyse(Document(text="第一句。\n\n第二句，泉港。 第三句！", title="t"))
    y = pickle.loads(pickle.dumps(x))
    assert len(y.sentences) == len(x.sentences) == 3
    assert list(y.sentences) == x.sentences and y.sentences[1:] == x.sentences[1:]
    assert pickle.loads(pickle.dumps(y)).sentences == x.sentences  # sent on again, still packed
    x.sentences[0] = Sentence(0, 0, 2, "不是切片", "body")  # a text that is not a cut of the analysed text
    assert pickle.loads(pickle.dumps(x)).sentences[0].text == "不是切片"


def test_amounts_found_before_each_currency_are_those_a_full_scan_finds():
    import random

    from ingest.amounts import _AMOUNT_RE, amount_matches

    pieces = ["2", "5", "0", ".", "二", "十", "五", "点", "亿", "万", "千万", "元", "美元", "港币", "人民币", " ",
              "第一条", "年", "，", "投资", "共"]
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        want = [(m.start(), m.end()) for m in _AMOUNT_RE.finditer(text)]
        assert [(m.start(), m.end()) for m in amount_matches(text)] == want, text


def test_a_county_name_several_places_share_stands_for_the_one_its_context_names():
    x = Pipeline().analyse(Document(text="浦东新区、闵行区、宝山区实行。黑龙江省双鸭山市宝山区。临沂市兰山区、河东区。", title="t"))
    ids = [m.entity_id for m in x.mentions if m.type == "REGION" and m.text in ("宝山区", "河东区")]
    assert ids == ["Region:310113", "Region:230506", "Region:371312"]
