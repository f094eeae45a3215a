"""Snippets computed from text (tantivy, Neo4j): escaped HTML, marks on the original script."""
from search.snippets import make_snippet
from search.tantivy_index import date_key


def test_marks_are_the_only_markup_and_follow_the_original_script():
    text = "<b>中國農業發展銀行</b>支持项目" + "。" * 300 + "农业"
    snippet = make_snippet(text, ["农业"])
    assert "&lt;b&gt;中國<mark>農業</mark>發展" in snippet and "<b>" not in snippet
    assert snippet.count("<mark>") == 2 and " … " in snippet


def test_longest_word_wins_and_no_match_gives_the_start():
    assert make_snippet("电池级碳酸锂", ["碳酸", "碳酸锂"]) == "电池级<mark>碳酸锂</mark>"
    assert make_snippet("a<b" * 100, ["碳酸锂"], maxchars=10) == "a&lt;ba&lt;ba&lt;ba"  # the first 10 characters


def test_date_keys_order_and_bound_partial_dates():
    assert date_key("2024") == 20240000 and date_key("2024", upper=True) == 20249999
    assert date_key("2024-06-20") == 20240620 and date_key("2024-06", upper=True) == 20240699
    assert date_key(None) == 0 and date_key("not a date") == 0
