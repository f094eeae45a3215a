def test_search_page_shows_the_hit(client):
    response = client.get("/?q=碳酸锂")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "“泉”力以赴抓开放招商促项目落地" in page and "<mark>碳酸锂</mark>" in page
    assert "Content-Security-Policy" in response.headers


def test_api_search_returns_json(client):
    response = client.get("/api/search?q=碳酸锂")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert body["ok"] is True and body["total"] == 1
    assert body["hits"][0]["title"] == "“泉”力以赴抓开放招商促项目落地"


def test_api_errors_have_one_shape(client):
    for url, status in (("/api/search?q=", 400), ("/api/search?q=x&limit=abc", 400), ("/api/nope", 404)):
        response = client.get(url)
        assert response.status_code == status
        body = response.get_json()
        assert body["ok"] is False and body["status"] == status and body["error"]


def test_query_text_is_escaped_on_the_page(client):
    page = client.get("/?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_unknown_page_is_a_plain_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "出错了" in response.get_data(as_text=True)


def test_empty_filter_fields_are_no_filter(client):
    body = client.get("/api/search?q=碳酸锂&kind=&region=&entity=&chain=").get_json()
    assert body["ok"] is True and body["total"] == 1
