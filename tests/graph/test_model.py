"""Every label and relation type the graph allows has one display name, defined in graph.model."""
from graph.model import LABEL_NAMES, NODE_LABELS, RELATION_NAMES, RELATION_TYPES


def test_every_label_and_relation_type_has_a_display_name():
    assert set(LABEL_NAMES) == set(NODE_LABELS)
    assert set(RELATION_NAMES) == set(RELATION_TYPES)
    assert all(name.strip() for name in [*LABEL_NAMES.values(), *RELATION_NAMES.values()])


def test_pages_serve_the_display_names_to_their_scripts(client):
    import json
    from html.parser import HTMLParser

    class RootAttributes(HTMLParser):
        attrs: dict = {}

        def handle_starttag(self, tag, attrs):
            if tag == "html":
                RootAttributes.attrs = dict(attrs)

    RootAttributes().feed(client.get("/").get_data(as_text=True))
    blob = RootAttributes.attrs.get("data-display-names")
    assert blob, "the page lacks the display names its scripts read"
    assert json.loads(blob) == {"labels": LABEL_NAMES, "relations": RELATION_NAMES}
