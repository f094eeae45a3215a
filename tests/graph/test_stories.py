"""One article syndicated by ten outlets with small edits: one story, one project, one amount.

Runs on every graph store: the copies go through the ordinary ingest (`ingest_documents` with
`Stories`), and every figure read from the graph counts the story once.
"""
from __future__ import annotations

import pytest

from ingest.model import Document
from ingest.stories import Stories

BODY = ("泉港区锂电新材料项目正式签约落户泉港石化工业园区。该项目由盛屯集团投资建设，总投资25亿元，"
        "主要生产碳酸锂和正极材料。项目建成后预计年产值50亿元，将进一步壮大泉州新能源产业链。"
        "泉港区委书记出席签约仪式并致辞，希望企业加快项目建设进度。")
TRADITIONAL = ("泉港區鋰電新材料項目正式簽約落戶泉港石化工業園區。該項目由盛屯集團投資建設，總投資25億元，"
               "主要生產碳酸鋰和正極材料。項目建成後預計年產值50億元，將進一步壯大泉州新能源產業鏈。"
               "泉港區委書記出席簽約儀式並致辭，希望企業加快項目建設進度。")
S1, S2, S3, S4 = (s + "。" for s in BODY.rstrip("。").split("。"))
OUTLETS = ["泉州晚报", "泉州网", "东南网", "福建日报", "海峡都市报", "中新网", "泉港发布", "新浪财经", "澎湃新闻", "台海网"]


def copies() -> list[Document]:
    """The article as ten outlets ran it, each with the small edits syndication makes."""
    variants = [
        ("泉港区锂电新材料项目签约", BODY),
        ("泉港区锂电新材料项目签约！", BODY),  # headline punctuation
        ("【泉港】锂电新材料项目签约", BODY + "\n（责任编辑：王芳）"),  # an editor line
        ("泉港区锂电新材料项目签约", S1 + S3 + S2 + S4),  # sentences reordered
        ("泉港区锂电新材料项目签约", BODY.replace("主要生产", "重点生产")),  # one phrase changed
        ("泉港區鋰電新材料項目簽約", TRADITIONAL),  # traditional script
        ("泉港区锂电新材料项目签约", "本报讯 " + BODY),
        ("泉港区锂电新材料项目签约", BODY + "（来源：泉州晚报）"),
        ("锂电新材料项目落户泉港", "记者 李明 报道\n" + BODY),
        ("泉港区锂电新材料项目签约 - 台海网", BODY.replace("致辞", "讲话")),
    ]
    return [Document(text=text, title=title, date="2024-06-20" if i < 6 else "2024-06-21", source=OUTLETS[i],
                     url=f"https://example.org/{i}", origin=f"outlet{i}.md")
            for i, (title, text) in enumerate(variants)]


class _Index:
    """An index sink that only remembers what it was given."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}

    def doc_ids(self) -> set[str]:
        return set(self.docs)

    def write_extractions(self, extractions) -> None:
        self.docs.update((x.document.id, x.document) for x in extractions)

    def remove_documents(self, doc_ids) -> None:
        for doc_id in doc_ids:
            self.docs.pop(doc_id, None)


@pytest.fixture(scope="module")
def pipeline():
    from ingest.pipeline import Pipeline

    return Pipeline()


def test_ten_edited_copies_are_one_story():
    stories = Stories()
    docs = copies()
    assigned = {stories.assign(d) for d in docs}
    assert assigned == {docs[0].id}
    other = Document(text="石狮市纺织服装产业园项目开工建设，总投资8亿元，由石狮本地企业投资。项目建成后年产值可达20亿元。",
                     title="石狮纺织项目开工")
    assert stories.assign(other) == other.id


def test_stories_are_kept_across_runs(tmp_path):
    docs = copies()
    first = Stories(tmp_path / "stories.json")
    first.assign(docs[0])
    first.save()
    again = Stories(tmp_path / "stories.json")
    assert again.story(docs[0].id) == docs[0].id
    assert again.assign(docs[5]) == docs[0].id  # the traditional copy, in a later run
    again.forget([docs[0].id])
    assert again.assign(docs[3]) == docs[0].id  # the story keeps its id when its first copy is gone


@pytest.mark.slow
def test_ten_copies_give_one_story_one_project_one_amount(store, pipeline, tmp_path):
    from graph.chain_queries import chain_view
    from ingest.runner import ingest_documents

    docs = copies()
    report = ingest_documents(docs, pipeline, store, _Index(), workers=1,
                              stories=Stories(tmp_path / "stories.json"))
    assert len(report.added) == 10
    story = docs[0].id
    assert {store.get_document(d.id)["story"] for d in docs} == {story}

    (project,) = store.entities("Project")
    props = project["props"]
    assert props["investment_yi"] == 25.0 and {a["value_yi"] for a in props["investments"]} == {25.0}
    assert [s["status"] for s in props["status_history"]] == ["签约"]  # one signing, not ten
    assert props["status_history"][0]["doc_id"] == story
    invests = [r for r in store.relations() if r["type"] == "INVESTS_IN"]
    assert invests and all(r["props"].get("evidence_count") == 1 and "story" not in r["props"] for r in invests)
    assert {e["doc_id"] for r in invests for e in r["evidence"]} == {d.id for d in docs}  # every copy's evidence kept

    view = chain_view(store, "lithium-battery", "泉港区")
    attached = [link for link in view["links"] if link["project_count"]]
    assert attached and all(link["investment"] == {"CNY": 25.0} and link["project_count"] == 1
                            for link in attached)
    # every copy still shows who reported the story
    assert {d["id"] for d in store.documents_mentioning(project["id"])} == {d.id for d in docs}


@pytest.mark.slow
def test_a_later_report_of_the_same_project_is_another_story(store, pipeline, tmp_path):
    from ingest.runner import ingest_documents

    started = Document(text="泉港区锂电新材料项目正式开工建设，总投资25亿元，由盛屯集团投资，计划明年投产。",
                       title="泉港区锂电新材料项目开工", date="2024-09-01", origin="started.md")
    ingest_documents([*copies(), started], pipeline, store, _Index(), workers=1,
                     stories=Stories(tmp_path / "stories.json"))
    assert store.get_document(started.id)["story"] == started.id
    (project,) = store.entities("Project")
    assert [s["status"] for s in project["props"]["status_history"]] == ["签约", "开工"]
