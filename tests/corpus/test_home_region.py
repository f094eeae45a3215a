"""The home region setting: which city the lexicon is made for."""
import pytest

from corpus import HomeRegionError, load_lexicon
from corpus.lexicon import HOME_ENV


def test_quanzhou_is_the_default_home(monkeypatch):
    monkeypatch.delenv(HOME_ENV, raising=False)
    lexicon = load_lexicon()
    assert (lexicon.home, lexicon.home_city, lexicon.home_province) == ("3505", "3505", "35")
    towns = {c for c, e in lexicon.regions.items() if e.level == "town"}
    assert towns and all(c.startswith("3505") for c in towns)
    assert lexicon.resolve_region("安海").code == "350582101"


@pytest.mark.parametrize("value, code, city", [("苏州市", "3205", "3205"), ("苏州", "3205", "3205"),
                                               ("3205", "3205", "3205"), ("晋江市", "350582", "3505"),
                                               ("上海", "31", "31"), ("厦门市", "3502", "3502")])
def test_home_by_name_short_form_or_code(value, code, city):
    lexicon = load_lexicon(home=value)
    assert lexicon.home == code and lexicon.home_city == city


def test_the_environment_sets_the_home(monkeypatch):
    monkeypatch.setenv(HOME_ENV, "苏州市")
    assert load_lexicon().home == "3205"


def test_a_home_city_brings_its_towns_and_prefers_its_namesakes():
    suzhou = load_lexicon(home="苏州市")
    towns = {c for c, e in suzhou.regions.items() if e.level == "town"}
    assert "320583101" in towns and not any(c.startswith("3505") for c in towns)  # 昆山市巴城镇
    assert suzhou.resolve_region("巴城镇").parent == "320583"
    assert suzhou.resolve_region("鼓楼区").code == "320106"  # 南京's, in the home province
    assert load_lexicon().resolve_region("鼓楼区").code == "350102"  # 福州's
    # a town of another city still rolls up to its county and city
    assert suzhou.ancestors("350582101") == ["350582", "3505", "35"]


@pytest.mark.parametrize("value, why", [("福建", "no city or county"), ("火星市", "no city or county"),
                                        ("朝阳区", "110105")])
def test_a_bad_home_names_the_setting_and_the_value(value, why):
    with pytest.raises(HomeRegionError, match=why) as info:
        load_lexicon(home=value)
    assert HOME_ENV in str(info.value) and value in str(info.value)
