"""The polite HTTP client against a real web site on the loopback interface (tests/site_server.py)."""
from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from ingest.fetch import FetchFailed, FetchPolicy, PoliteClient
from tests.site_server import serve_site

SITE = Path(__file__).parent / "site" / "a"
QUICK = FetchPolicy(delay=0.0, timeout=0.5, retries=1, backoff=0.05)


@pytest.fixture(scope="module")
def site():
    with serve_site(SITE, slow_seconds=1.5) as running:
        yield running


def client(**changes) -> PoliteClient:
    return PoliteClient(FetchPolicy(**{**QUICK.__dict__, **changes}))


def test_a_path_robots_txt_forbids_is_never_requested(site):
    c = client()
    with pytest.raises(FetchFailed, match="robots.txt forbids") as failure:
        c.get(site.url + "/news/private/secret.html")
    assert failure.value.forbidden
    assert "/news/private/secret.html" not in site.requests
    assert c.get(site.url + "/news/a1.html").status == 200
    assert c.requested.count(site.url + "/robots.txt") == 1  # read once per host


def test_a_page_fetched_before_is_asked_for_conditionally_and_not_sent_again(site):
    c = client()
    first = c.get(site.url + "/news/a2.html")
    assert first.status == 200 and first.etag and first.last_modified and "锂源" in first.body.decode()
    again = c.get(site.url + "/news/a2.html", first.etag, first.last_modified)
    assert again.not_modified and again.body == b""


def test_a_missing_page_fails_at_once_with_its_status(site):
    c = client(retries=3)
    with pytest.raises(FetchFailed, match="HTTP 404"):
        c.get(site.url + "/news/missing.html")
    assert c.requested.count(site.url + "/news/missing.html") == 1


def test_a_slow_page_times_out_after_the_retries(site):
    c = client(retries=1)
    with pytest.raises(FetchFailed, match=r"timed out after 0.5 s \(2 attempts\)"):
        c.get(site.url + "/news/slow.html")
    assert c.requested.count(site.url + "/news/slow.html") == 2


def test_a_body_over_the_size_limit_is_refused(site):
    with pytest.raises(FetchFailed, match="size limit"):
        client(max_bytes=500).get(site.url + "/news/a1.html")


def test_redirects_are_followed_within_the_limit(site):
    page = client().get(site.url + "/news/old.html")
    assert page.status == 200 and page.final_url == site.url + "/news/a1.html"
    with pytest.raises(FetchFailed, match="more than 3 redirects"):
        client(max_redirects=3).get(site.url + "/news/loop1.html")


def test_requests_to_one_host_keep_the_delay_between_them(site):
    c = client(delay=0.3)
    start = len(site.times)
    for name in ("a1", "a2", "a3"):
        c.get(f"{site.url}/news/{name}.html")
    times = site.times[start:]
    assert len(times) == 4  # robots.txt and three pages
    assert all(b - a >= 0.28 for a, b in pairwise(times)), times
