"""The pages' defaults and examples follow the home region."""
import pytest

from liantu import Liantu, Settings
from webapp import create_app


@pytest.mark.parametrize("home, region, short", [("泉州", "泉州市", "泉州"), ("苏州市", "苏州市", "苏州"),
                                                 ("3502", "厦门市", "厦门")])
def test_the_chain_page_defaults_to_the_home_region(data_dir, home, region, short):
    liantu = Liantu(Settings(data_dir=data_dir, graph_backend="networkx", home_region=home))
    try:
        client = create_app({"TESTING": True}, liantu=liantu).test_client()
        chains = client.get("/chains").get_data(as_text=True)
        assert f'value="{region}"' in chains and f'data-region="{region}"' in chains
        search = client.get("/").get_data(as_text=True)
        assert f">{short}</a>" in search
    finally:
        liantu.close()
