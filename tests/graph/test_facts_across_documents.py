"""Real articles through the pipeline into every store: facts from several documents merge."""
from __future__ import annotations

import pytest

from ingest.model import Document

ARTICLE = ("泉港区锂电新材料项目正式签约，总投资25亿元，由盛屯集团投资建设。{}该项目位于泉港石化工业园区。")
EDITS = ["", "记者获悉，", "据悉，", "日前，", "近日，", "本报讯 ", "（来源：泉州晚报）", "消息称，", "编者按：", "又讯，"]


@pytest.fixture(scope="module")
def pipeline():
    from ingest.pipeline import Pipeline

    return Pipeline()


@pytest.mark.slow
def test_ten_copies_of_one_story_give_one_project_and_one_amount(store, pipeline):
    copies = [Document(text=ARTICLE.format(edit), title=f"锂电项目签约{i}", date="2024-06-20", origin=f"{i}.md")
              for i, edit in enumerate(EDITS)]
    store.write_extractions([pipeline.analyse(d) for d in copies])
    projects = store.entities("Project")
    assert len(projects) == 1
    props = projects[0]["props"]
    assert props["investment_yi"] == 25.0 and {a["value_yi"] for a in props["investments"]} == {25.0}
    assert props["status"] == "签约" and {s["status"] for s in props["status_history"]} == {"签约"}


@pytest.mark.slow
def test_pipeline_facts_do_not_depend_on_order(store, pipeline):
    docs = [Document(text="泉港区锂电新材料项目正式开工，总投资30亿元。", title="开工", date="2024-06-05", origin="b.md"),
            Document(text="锂电新材料项目在泉港区签约，总投资25亿元。", title="签约", date="2024-01-10", origin="a.md")]
    extractions = [pipeline.analyse(d) for d in docs]
    seen = []
    for order in (extractions, extractions[::-1]):
        store.clear()
        for x in order:
            store.write_extractions([x])
        (project,) = store.entities("Project")
        seen.append(project)
    assert seen[0] == seen[1]
    props = seen[0]["props"]
    assert props["status"] == "开工" and [s["status"] for s in props["status_history"]] == ["签约", "开工"]
    assert props["investment_yi"] == 30.0  # the newer article's figure
