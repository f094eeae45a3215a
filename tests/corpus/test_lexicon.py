from corpus import load_lexicon, sample_paths

QUANZHOU_COUNTIES = {"鲤城区": "350502", "丰泽区": "350503", "洛江区": "350504", "泉港区": "350505",
                     "惠安县": "350521", "安溪县": "350524", "永春县": "350525", "德化县": "350526",
                     "金门县": "350527", "石狮市": "350581", "晋江市": "350582", "南安市": "350583"}


def test_quanzhou_counties_have_official_codes():
    lexicon = load_lexicon()
    for name, code in QUANZHOU_COUNTIES.items():
        assert lexicon.regions[code].name == name
        assert lexicon.regions[code].parent == "3505"


def test_short_forms_resolve_to_the_quanzhou_division():
    lexicon = load_lexicon()
    assert lexicon.resolve_region("泉港").code == "350505"
    assert lexicon.resolve_region("南安").code == "350583"
    assert lexicon.resolve_region("泉州").code == "3505"


def test_ambiguous_names_prefer_the_nearest_scope():
    # 鼓楼区 exists in many cities; inside 福建 it is 福州's
    assert load_lexicon().resolve_region("鼓楼区").code == "350102"


def test_zones_sit_in_the_hierarchy():
    lexicon = load_lexicon()
    zone = lexicon.resolve_region("泉港石化工业园区")
    assert zone.level == "zone"
    assert lexicon.ancestors(zone.code)[:2] == ["350505", "3505"]
    assert zone.code in lexicon.descendants("3505")
    assert lexicon.resolve_region("泉州台商投资区").parent == "3505"


def test_samples_are_bundled():
    names = [p.name for p in sample_paths()]
    assert "qzwb-2024-06-20.md" in names and "policy.jsonl" in names
