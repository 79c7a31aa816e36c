"""Every route of the web app and every error it answers, through FastAPI's TestClient on a real store."""
from __future__ import annotations

import html
import json
import re

import pytest

from storyweave.render import to_jsonable
from storyweave.web import create_app
from storyweave.web.present import doc_href, story_href

from tests.web.webdata import COASTAL, HOSTILE_BODY, TOKEN, WIRE_A, iter_pages, sample_report

AUTH = {"Authorization": f"Bearer {TOKEN}"}


# ---------------------------------------------------------------- pages


def test_stories_page_lists_newest_first_with_counts(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    text = r.text
    assert text.index("s-hostile") < text.index("s-harbour-bridge")  # 2024-06-01 before 2024-05-07
    row = re.search(r'href="/stories/s-harbour-bridge".*?</tr>', text, re.S).group(0)
    cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
    # 3 outlets; 2 independent sources (the two wire copies count once); 1 conflict
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == ["3", "2", "1"]
    assert "2 stories" in text


def test_search_filters_stories(client):
    r = client.get("/", params={"q": "fishermen"})
    assert r.status_code == 200
    assert "/stories/s-harbour-bridge" in r.text and "/stories/s-hostile" not in r.text
    r = client.get("/", params={"q": "zzzunmatchedzzz"})
    assert "No story matches" in r.text


def test_story_page_has_every_section(client):
    r = client.get("/stories/s-harbour-bridge")
    assert r.status_code == 200
    t = r.text
    for section in ("summary", "sources", "conflicts", "facts", "quotes", "exclusives", "timeline", "entities"):
        assert f'id="{section}"' in t
    # citation badge: links to the cited passage and carries the exact source sentence
    sentence = COASTAL[:COASTAL.index("said.") + 5]
    start = COASTAL.index(sentence)
    assert f'href="/documents/coastal-times-bridge?start={start}&amp;end={start + len(sentence)}#cited"' in t
    assert html.escape(sentence, quote=False).replace("'", "&#39;") in t
    # sources side by side with origin outlet; the javascript: url of one source is not a link
    assert "via <span class=\"u\">Wire Press</span>" in t
    assert 'href="https://coastal.example/bridge"' in t
    assert "javascript:" not in t
    # facts grouped by independent sources
    assert "Carried by 2 independent sources" in t and "Carried by one source" in t
    assert t.index("Carried by 2 independent sources") < t.index("Carried by one source")
    # conflict values, quote diff, timeline chart, entity aliases
    assert "about 40,000" in t and "35,000" in t
    assert "<del>it was,</del> <ins>before,</ins> and <del>we did it</del> ahead" in t
    assert "<svg class=\"chart\"" in t and t.count('class="dot"') == 2 and "2024-03-02" in t
    assert "Mayor Torres" in t


def test_document_page_marks_quotes_entities_numbers_and_citation(client):
    start = WIRE_A.index("Some 35,000")
    r = client.get(f"/documents/herald-bridge?start={start}&end={start + 10}")
    assert r.status_code == 200
    t = r.text
    assert 'class="m-num"' in t or "m-num" in t
    assert re.search(r'<span class="[^"]*m-quote[^"]*"[^>]*>We rebuilt it', t)
    assert re.search(r'<span class="m-ent" title="Alicia Torres \(PERSON\)">Mayor Torres</span>', t)
    assert 'id="cited"' in t
    assert "12 million dollars" in t
    # the body text survives marking unchanged
    assert html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<div class="body" id="body">(.*?)</div>', t, re.S)
                                .group(1))) == WIRE_A


def test_document_page_shows_removed_clutter_behind_a_toggle(client):
    t = client.get("/documents/coastal-times-bridge").text
    assert '<details class="removed"' in t and "Subscribe to our newsletter" in t
    t = client.get("/documents/herald-bridge").text
    assert "No clutter was removed" in t


def test_document_page_ignores_citation_offsets_outside_the_body(client):
    r = client.get("/documents/herald-bridge?start=5&end=999999")
    assert r.status_code == 200 and 'id="cited"' not in r.text
    assert client.get("/documents/herald-bridge?start=-1&end=4").status_code == 422


def test_add_form_page(client):
    t = client.get("/add").text
    assert 'enctype="multipart/form-data"' in t and 'name="token"' in t and 'name="files"' in t


def test_unknown_pages_are_404_html(client):
    for path in ("/stories/nope", "/documents/nope", "/nowhere"):
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), path
        assert "404" in r.text


def test_ids_with_odd_characters_round_trip(store):
    from storyweave.model import Document, Report, Story

    doc = Document(id="a/b c?d#e", body="Text of a report with an odd id.", outlet="X")
    story = Story(id="story/with spaces?", title="Odd ids", date="2020-01-01", documents=(doc.id,))
    store.save(Report(documents=(doc,), stories=(story,)))
    from fastapi.testclient import TestClient

    c = TestClient(create_app(store, token=TOKEN))
    assert c.get(story_href(story.id)).status_code == 200
    assert c.get(doc_href(doc.id)).status_code == 200
    assert c.get("/api/documents/" + doc_href(doc.id).split("/", 2)[2]).json()["id"] == doc.id


def test_security_headers_on_pages(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_static_assets_are_packaged(client):
    assert "overflow-wrap: anywhere" in client.get("/static/style.css").text
    assert client.get("/static/app.js").status_code == 200


# ---------------------------------------------------------------- hostile report


def test_hostile_report_is_escaped_on_every_page(client):
    report = sample_report()
    for path in iter_pages(report):
        r = client.get(path)
        assert r.status_code == 200, path
        t = r.text
        for tag in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b>Wire", "<i>Evil", "</textarea><script"):
            assert tag not in t, (path, tag)
        assert not re.search(r'href\s*=\s*"\s*javascript:', t, re.I), path
        assert len(re.findall(r"<script\b", t)) == 1, path  # only our own /static/app.js
    t = client.get("/documents/hostile-1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in t
    assert "&amp;lt;b&amp;gt;unsafe" in t  # entities shown as written, not decoded
    assert "\u202egnp.exe" in t and "contains invisible formatting characters" in t
    assert "long-line-" * 1000 in t


def test_hostile_report_in_the_api_is_plain_json(client):
    r = client.get("/api/documents/hostile-1")
    assert r.headers["content-type"] == "application/json"
    assert r.json()["body"] == HOSTILE_BODY


# ---------------------------------------------------------------- API


def test_api_stories_uses_the_weave_json_schema(client):
    r = client.get("/api/stories")
    assert r.status_code == 200
    data = r.json()
    assert data["total"] == 2 and data["limit"] == 50 and data["offset"] == 0
    expected = to_jsonable(sample_report().stories[0])
    got = next(s for s in data["stories"] if s["id"] == "s-harbour-bridge")
    assert got == json.loads(json.dumps(expected))
    assert [s["id"] for s in client.get("/api/stories", params={"limit": 1, "offset": 1}).json()["stories"]] \
        == ["s-harbour-bridge"]


def test_api_story_document_and_documents(client):
    assert client.get("/api/stories/s-harbour-bridge").json()["conflicts"][0]["about"] == "vehicles a day before the storm"
    doc = client.get("/api/documents/herald-bridge").json()
    assert doc["origin_outlet"] == "Wire Press" and doc["quantities"][0]["value"] == 35000
    assert isinstance(doc["quantities"][0]["value"], int)  # integral floats as ints, like weave --format json
    docs = client.get("/api/documents", params=[("ids", "herald-bridge"), ("ids", "coastal-times-bridge")]).json()
    assert {d["id"] for d in docs["documents"]} == {"herald-bridge", "coastal-times-bridge"}
    assert len(client.get("/api/documents", params={"limit": 2}).json()["documents"]) == 2


def test_api_search(client):
    r = client.get("/api/search", params={"q": "fishermen"})
    assert [s["id"] for s in r.json()["stories"]] == ["s-harbour-bridge"]
    assert client.get("/api/search", params={"q": "zzzunmatchedzzz"}).json()["stories"] == []


@pytest.mark.parametrize("path,status", [
    ("/api/stories/nope", 404), ("/api/documents/nope", 404), ("/api/nowhere", 404),
    ("/api/stories?limit=0", 422), ("/api/stories?limit=abc", 422), ("/api/stories?offset=-1", 422),
    ("/api/search", 422), ("/api/search?q=", 422),
])
def test_api_errors_are_json_with_a_message(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    body = r.json()
    assert body["status"] == status and isinstance(body["message"], str) and body["message"]


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/documents", "/api/documents/{doc_id}", "/api/search",
            "/api/add", "/api/upload"} <= set(spec["paths"])
    assert "/add" not in spec["paths"]  # pages are not API
    story = spec["components"]["schemas"]["Story"]["properties"]
    assert {"summary", "facts", "conflicts", "quotes", "entities", "exclusives", "timeline"} <= set(story)
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text and "cdn." not in docs.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


# ---------------------------------------------------------------- writing: auth and limits


def test_write_endpoints_need_the_token(client):
    body = {"documents": [{"text": "A short report."}]}
    r = client.post("/api/add", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and r.json()["message"]
    r = client.post("/api/add", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403 and r.json()["status"] == 403
    r = client.post("/api/upload", files={"files": ("a.txt", b"text")})
    assert r.status_code == 401
    r = client.post("/api/upload", files={"files": ("a.txt", b"text")}, data={"token": "wrong"})
    assert r.status_code == 403
    r = client.post("/add", data={"text": "A report", "token": "wrong"})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    r = client.post("/add", data={"text": "A report"})
    assert r.status_code == 401


@pytest.mark.issue(13)
def test_the_token_is_checked_before_the_body(client):
    """Without a token the answer is 401 whatever the body: invalid JSON, a wrong shape, a broken or empty form
    (the body used to be validated first, so these came back 422); a wrong token is 403 whatever the body."""
    bodies = [dict(json={}), dict(json={"documents": "nope"}), dict(json={"documents": []}),
              dict(content=b"{not json", headers={"content-type": "application/json"}),
              dict(content=b"\x00\xff", headers={"content-type": "application/octet-stream"}), dict()]
    forms = [dict(data={}), dict(data={"text": "  "}), dict(files={"other": ("a.txt", b"x")}),
             dict(content=b"--xx\r\nbroken", headers={"content-type": "multipart/form-data; boundary=xx"}),
             dict(content=b"garbage", headers={"content-type": "multipart/form-data"}),
             dict(json={"documents": [{"text": "x"}]}), dict()]
    cases = [("/api/add", b) for b in bodies + forms] + [(p, b) for p in ("/api/upload", "/add") for b in bodies + forms]
    for path, kwargs in cases:
        r = client.post(path, **kwargs)
        assert r.status_code == 401, (path, kwargs, r.status_code, r.text[:200])
        assert r.headers["www-authenticate"] == "Bearer"
        headers = {**kwargs.get("headers", {}), "Authorization": "Bearer wrong"}
        r = client.post(path, **{**kwargs, "headers": headers})
        assert r.status_code == 403, (path, kwargs, r.status_code, r.text[:200])
    # the token in a JSON body is not a token; in a form field of /api/add neither (that endpoint reads JSON)
    assert client.post("/api/add", json={"token": TOKEN, "documents": []}).status_code == 401
    assert client.post("/api/add", data={"token": TOKEN}).status_code == 401
    # past the gate, the body is validated as before
    assert client.post("/api/add", json={"documents": []}, headers=AUTH).status_code == 422
    assert client.post("/api/upload", data={"token": TOKEN}).status_code == 422
    assert client.post("/add", data={"text": " ", "token": TOKEN}).status_code == 422
    r = client.post("/add", data={"text": " "}, headers=AUTH)
    assert r.status_code == 422 and "nothing to add" in r.text


def test_writing_is_disabled_without_a_configured_token(store, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.delenv("STORYWEAVE_TOKEN", raising=False)
    c = TestClient(create_app(store))
    r = c.post("/api/add", json={"documents": [{"text": "x"}]}, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "STORYWEAVE_TOKEN" in r.json()["message"]
    assert "Adding is disabled" in c.get("/add").text


def test_token_is_read_from_the_environment(store, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.setenv("STORYWEAVE_TOKEN", "from-env")
    c = TestClient(create_app(store))
    r = c.post("/api/add", json={"documents": [{"text": " "}]}, headers={"Authorization": "Bearer from-env"})
    assert r.status_code == 422  # past the token check: the record is empty


def test_add_validation_errors_are_422(client):
    for body in ({}, {"documents": []}, {"documents": [{"text": "x", "evil": 1}]}, {"documents": [{"text": " "}]},
                 {"documents": "nope"}):
        r = client.post("/api/add", json=body, headers=AUTH)
        assert r.status_code == 422, body
        assert r.json()["status"] == 422 and r.json()["message"].startswith(("invalid request", "every record"))
    r = client.post("/api/add", content=b"{not json", headers={**AUTH, "content-type": "application/json"})
    assert r.status_code == 422
    r = client.post("/add", data={"text": "  ", "token": TOKEN})
    assert r.status_code == 422 and "nothing to add" in r.text


def test_request_body_over_the_limit_is_413(store):
    from fastapi.testclient import TestClient

    c = TestClient(create_app(store, token=TOKEN, max_upload_bytes=1000))
    r = c.post("/api/add", json={"documents": [{"text": "x" * 2000}]}, headers=AUTH)
    assert r.status_code == 413 and r.json()["status"] == 413

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(10):
            yield b"x" * 500

    r = c.post("/api/add", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert r.status_code == 413 and r.json()["status"] == 413
    r = c.post("/add", files={"files": ("a.txt", b"y" * 5000)}, data={"token": TOKEN})
    assert r.status_code == 413


def test_add_writes_safe_generated_files_and_calls_the_adder(store):
    """Uploaded files are read from a private folder under generated names (the user's name is only a hint) and
    reach `adder` as reports named by that generated name alone (the folder is never a stored source); records (the
    JSON API, the pasted form) reach it in memory, read as a JSON Lines line would be, never written to a file
    (issue 13)."""
    from fastapi.testclient import TestClient

    from storyweave.model import RawDocument, Report

    seen: list = []

    def adder(inputs, st):
        assert st is store
        seen.extend(inputs)
        return Report()

    c = TestClient(create_app(store, token=TOKEN, adder=adder))
    r = c.post("/api/upload", headers=AUTH, files=[("files", ("../../etc/passwd.txt", b"report one")),
                                                   ("files", ("<script>.HTML", b"<p>two</p>")),
                                                   ("files", ("empty.txt", b""))])
    assert r.status_code == 200 and r.json() == {"documents": [], "stories": [], "rejected": [], "provenance": {}}
    assert all(isinstance(item, RawDocument) for item in seen) and len(seen) == 2  # the empty file is not sent
    names = [item.source for item in seen]
    assert re.fullmatch(r"passwd-[0-9a-f]{6}\.txt", names[0]) and re.fullmatch(r"script-[0-9a-f]{6}\.html", names[1])
    assert [seen[0].text, seen[1].html] == ["report one", "<p>two</p>"]
    assert seen[0].id == names[0][:-4]
    seen.clear()
    r = c.post("/api/add", headers=AUTH, json={"documents": [{"text": "Body", "title": "T", "url": "https://x.example"},
                                                             {"id": "given", "html": "<p>Two</p>", "published": "2024"}]})
    assert r.status_code == 200
    first, second = seen
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.text, first.title, first.url, first.html) == ("Body", "T", "https://x.example", None)
    assert re.fullmatch(r"pasted-[0-9a-f]{6}:1", first.source) and first.id == first.source.replace(":", "-")
    assert (second.id, second.html, second.published, second.text) == ("given", "<p>Two</p>", "2024", None)
    seen.clear()
    r = c.post("/add", data={"text": "Pasted body", "title": "A <b> title", "outlet": "", "token": TOKEN})
    assert r.status_code == 200 and "Added 0 reports" in r.text
    (record,) = seen
    assert record.text == "Pasted body" and record.title == "A <b> title" and record.outlet is None
    assert re.fullmatch(r"a-b-title-[0-9a-f]{6}", record.id)
    seen.clear()
    r = c.post("/add", data={"text": "Pasted body", "url": "u" * 5000, "token": TOKEN})  # the API's own limits
    assert r.status_code == 422 and "url" in r.text and seen == []


def test_records_are_read_like_json_lines_lines(tmp_path):
    """pipeline.records_to_raw, the web app's in-memory path, gives what the JSON Lines reader gives for the same
    lines (one conversion, schema.Record), refusals included."""
    import json as _json

    from storyweave import ingest, pipeline

    records = [{"id": "a", "text": "One report.", "outlet": "Herald"}, {"html": "<p>Two</p>", "published": 2024},
               {"id": 5, "text": "Five."}, {"text": ""}, {"title": "no body"}]
    path = tmp_path / "pasted.jsonl"
    path.write_text("".join(_json.dumps(r) + "\n" for r in records), encoding="utf-8")
    from_file = list(ingest.read([str(path)]))
    in_memory = pipeline.records_to_raw(records, source=str(path), id_prefix="pasted")
    assert in_memory == from_file
    assert [type(x).__name__ for x in in_memory] == ["RawDocument"] * 3 + ["Rejected"] * 2


# ---------------------------------------------------------------- adding through the real pipeline

FERRY_1 = (
    "Ferry workers in Harbour City walked off the job on Monday in a dispute over pay, halting crossings to the "
    "islands for the first time in a decade.\n\n"
    "The union said 300 crew members joined the strike after talks with the ferry operator broke down on Sunday night."
    "\n\n\"Our members have not had a real raise in six years,\" union secretary Marta Lindqvist said outside the "
    "terminal.\n\nThe operator said it had offered a 4 percent increase and called the walkout premature."
)
FERRY_2 = (
    "HARBOUR CITY - Crossings to the islands stopped on Monday as ferry crews went on strike over wages.\n\n"
    "About 280 crew members took part, the operator said, disputing the union's figure of 300.\n\n"
    "\"Our members have not had a proper raise in six years,\" said Marta Lindqvist, the union's secretary.\n\n"
    "Island shops said deliveries of fresh food would run out within days if the strike continued."
)


@pytest.fixture
def real_add():
    from storyweave import pipeline

    return pipeline.add


@pytest.mark.slow
def test_upload_and_add_weave_into_the_store(client, real_add):
    r = client.post("/api/upload", headers=AUTH, files=[("files", ("ferry one.txt", FERRY_1.encode())),
                                                        ("files", ("ferry-two.txt", FERRY_2.encode()))])
    assert r.status_code == 200, r.text[:500]
    data = r.json()
    assert len(data["documents"]) == 2 and data["rejected"] == []
    assert {"storyweave", "spacy_model", "embedder", "settings"} <= set(data["provenance"])  # what wove it
    assert all(re.fullmatch(r"ferry-(one|two)-[0-9a-f]{6}\.txt", d["source"]) for d in data["documents"])  # no folder
    assert {d["id"].rsplit("-", 1)[0] for d in data["documents"]} == {"ferry-one", "ferry-two"}
    (story,) = [s for s in data["stories"] if set(s["documents"]) & {d["id"] for d in data["documents"]}]
    assert set(story["documents"]) == {d["id"] for d in data["documents"]}  # one event: grouped together
    assert client.get(f"/api/stories/{story['id']}").json()["documents"] == story["documents"]
    assert story["id"] in [s["id"] for s in client.get("/api/search", params={"q": "ferry strike"}).json()["stories"]]
    assert client.get("/api/stories").json()["total"] == 3
    r = client.post("/api/add", headers=AUTH, json={"documents": [{"id": "binary-junk", "text": "\x00\x01\x02"},
                                                                 {"id": "ok-one", "text": FERRY_1, "outlet": "Isles Post"}]})
    assert r.status_code == 200
    data = r.json()
    assert [d["id"] for d in data["documents"]] == ["ok-one"]
    assert all("storyweave-add-" not in x["source"] for x in data["rejected"])
    # every badge of the woven story shows exactly the passage its link points at
    page = client.get(story_href(story["id"])).text
    badges = re.findall(r'<a class="cite" href="/documents/([^"?]+)\?start=(\d+)&amp;end=(\d+)#cited"[^>]*>.*?'
                        r'<q class="tip-text">(.*?)</q>', page, re.S)
    assert badges, "the woven story has no cited passages"
    bodies = {d["id"]: d["body"] for d in client.get("/api/documents").json()["documents"]}
    for doc_id, start, end, shown in badges:
        passage = bodies[doc_id][int(start):int(end)]
        shown = html.unescape(shown)
        assert shown == passage or (shown.endswith("…") and passage.startswith(shown[:-1].rstrip()))


def test_unusable_input_is_422_and_hides_the_private_folder(store):
    from fastapi.testclient import TestClient

    from storyweave.errors import BadDocument

    def adder(inputs, st):
        raise BadDocument(inputs[0].source, "binary content, not text")

    c = TestClient(create_app(store, token=TOKEN, adder=adder))
    r = c.post("/api/upload", headers=AUTH, files={"files": ("a.bin.txt", b"\x00\x01")})
    assert r.status_code == 422
    assert re.fullmatch(r"a-bin-[0-9a-f]{6}\.txt: binary content, not text", r.json()["message"])


def test_a_server_fault_is_a_500_json_without_a_trace(store):
    from fastapi.testclient import TestClient

    def adder(paths, st):
        raise RuntimeError("secret internal detail")

    c = TestClient(create_app(store, token=TOKEN, adder=adder), raise_server_exceptions=False)
    r = c.post("/api/add", headers=AUTH, json={"documents": [{"text": "A report."}]})
    assert r.status_code == 500 and r.json()["status"] == 500 and "secret" not in r.text
