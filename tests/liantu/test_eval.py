"""Scoring against gold, and the `liantu eval` command."""
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.evaluate import Annotations, amount_key, score
from liantu.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"


def test_strict_and_lenient_matching():
    gold = Annotations({("REGION", "泉州"), ("AMOUNT", amount_key("5000万元"))},
                       {("LOCATED_IN", "盛屯项目", "泉港")})
    predicted = Annotations({("REGION", "泉州市"), ("AMOUNT", amount_key("0.5亿元")), ("PERSON", "张三")},
                            {("LOCATED_IN", "盛屯项目", "泉港区")})
    result = score([(gold, predicted)])
    ents = result["entities"]
    assert ents["strict"]["tp"] == 1 and ents["lenient"]["tp"] == 2
    assert ents["lenient"]["p"] == pytest.approx(2 / 3, abs=1e-3) and ents["lenient"]["r"] == 1.0
    assert result["relations"]["strict"]["f1"] == 0.0 and result["relations"]["lenient"]["f1"] == 1.0
    assert set(ents["by_type"]) == {"REGION", "AMOUNT", "PERSON"}


def test_eval_command_prints_the_documented_json(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"id": "x1", "text": "盛屯集团碳酸锂新材料产业项目落户泉港，总投资25亿元。"},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
    gold = tmp_path / "g.json"  # one object, like the seed's gold
    gold.write_text(json.dumps({"id": "x1", "entities": [
        {"type": "ENTERPRISE", "text": "盛屯集团", "canonical": "盛屯集团"},
        {"type": "REGION", "text": "泉港", "canonical": "泉港区"},
        {"type": "AMOUNT", "text": "25亿元", "canonical": "25亿元"}],
        "relations": [{"type": "INVESTMENT_AMOUNT", "head": "盛屯集团碳酸锂新材料产业项目", "tail": "25亿元",
                       "evidence": ""}]}, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--articles", str(articles), "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"entities", "relations"}
    for part in ("entities", "relations"):
        assert set(data[part]) == {"strict", "lenient", "by_type"}
        assert set(data[part]["strict"]) == {"p", "r", "f1"}
        for scores in data[part]["by_type"].values():
            assert set(scores["lenient"]) == {"p", "r", "f1"}
    assert data["entities"]["lenient"]["r"] == 1.0
    assert data["relations"]["lenient"]["r"] == 1.0


def test_eval_with_no_matching_gold_is_an_error(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"id": "x1", "text": "泉港。"}, ensure_ascii=False), encoding="utf-8")
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "other", "entities": [], "relations": []}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--articles", str(articles), "--gold", str(gold)])
    assert result.exit_code == 1 and "no gold record" in result.output


@pytest.mark.slow
def test_dev_set_and_seed_meet_the_bars():
    dev = SHARED / "eval" / "dev"
    if not dev.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{dev} is missing (CI must have ../shared)")
        pytest.skip(f"{dev} not found: the shared evaluation data is not available")
    from liantu.evaluation import evaluate_files

    result = evaluate_files([str(dev / "articles.jsonl"), str(ROOT / "corpus" / "samples" / "qzwb-2024-06-20.md")],
                            [str(dev / "gold.jsonl"), str(SHARED / "seed" / "qzwb-2024-06-20.gold.json")])
    assert not result["missing"]
    assert result["entities"]["lenient"]["f1"] >= 0.80
    assert result["relations"]["lenient"]["f1"] >= 0.60
    assert result["entities"]["by_type"]["REGION"]["lenient"]["f1"] >= 0.90
    assert result["entities"]["by_type"]["AMOUNT"]["lenient"]["f1"] >= 0.90
