"""Every label and relation type the graph allows has one display name, defined in graph.model."""
from graph.model import LABEL_NAMES, NODE_LABELS, RELATION_NAMES, RELATION_TYPES


def test_every_label_and_relation_type_has_a_display_name():
    assert set(LABEL_NAMES) == set(NODE_LABELS)
    assert set(RELATION_NAMES) == set(RELATION_TYPES)
    assert all(name.strip() for name in [*LABEL_NAMES.values(), *RELATION_NAMES.values()])


def test_pages_serve_the_display_names_to_their_scripts(client):
    import json
    import re

    page = client.get("/").get_data(as_text=True)
    blob = re.search(r'<script id="display-names" type="application/json">(.*?)</script>', page, re.S)
    assert blob, "the page lacks the display names its scripts read"
    assert json.loads(blob.group(1)) == {"labels": LABEL_NAMES, "relations": RELATION_NAMES}
