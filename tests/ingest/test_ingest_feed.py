"""RSS and Atom feeds read back through ingest.read: one document per entry, metadata from the feed."""
from __future__ import annotations

from pathlib import Path

from storyweave import ingest
from storyweave.model import RawDocument, Rejected

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://www.harbourgazette.example/</link>
  <item>
    <title>Port strike ends after 12 days</title>
    <link>https://www.harbourgazette.example/news/port-strike-ends.html</link>
    <pubDate>Fri, 15 Nov 2024 18:04:00 +0000</pubDate>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Dock workers voted on Friday to end a 12-day strike.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Council approves budget</title>
    <link>https://www.harbourgazette.example/news/budget/</link>
    <pubDate>Thu, 14 Nov 2024 09:00:00 +0000</pubDate>
    <description>&lt;p&gt;The council approved a budget of $4.2 million.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Headline only</title>
    <link>https://www.harbourgazette.example/news/headline-only</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northern Wire</title>
  <link href="https://northernwire.example/"/>
  <updated>2024-11-16T10:00:00Z</updated>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Ferry service resumes</title>
    <link href="https://northernwire.example/2024/11/16/ferry-service-resumes"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2024-11-16T08:30:00Z</published>
    <updated>2024-11-16T09:00:00Z</updated>
    <content type="text">Ferries between the islands resumed on Saturday after storms.</content>
  </entry>
</feed>
"""


def test_rss_entries_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "gazette.xml"
    path.write_text(RSS, encoding="utf-8")
    items = list(ingest.read([path]))
    first, second, third = items
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.id == "port-strike-ends" and first.source == f"{path}#1"
    assert first.url == "https://www.harbourgazette.example/news/port-strike-ends.html"
    assert first.title == "Port strike ends after 12 days"
    assert first.published == "Fri, 15 Nov 2024 18:04:00 +0000"
    assert first.outlet == "Harbour Gazette"
    assert "Dock workers voted on Friday to end a 12-day strike." in first.html  # full content beats the summary
    assert "track()" not in first.html  # feedparser drops scripts
    assert second.id == "budget" and "$4.2 million" in second.html
    assert third == Rejected(source=f"{path}#3", stage="ingest", reason="feed entry has no content or summary")


def test_atom_entry_with_text_content(tmp_path: Path) -> None:
    path = tmp_path / "northern.atom"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = list(ingest.read([path]))
    assert doc == RawDocument(id="ferry-service-resumes", source=f"{path}#1",
                              text="Ferries between the islands resumed on Saturday after storms.",
                              url="https://northernwire.example/2024/11/16/ferry-service-resumes",
                              title="Ferry service resumes", published="2024-11-16T08:30:00Z", outlet="Northern Wire")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
                       encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"\x00\x01<rss")
    good = tmp_path / "good.xml"
    good.write_text(ATOM, encoding="utf-8")
    items = list(ingest.read([sitemap, broken, good]))
    assert isinstance(items[0], Rejected) and items[0].reason.startswith("not an RSS or Atom feed")
    assert isinstance(items[1], Rejected) and items[1].reason.startswith("not an RSS or Atom feed")
    assert isinstance(items[2], RawDocument)


def test_feed_with_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    feed = tmp_path / "xxe.xml"
    feed.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>T</title><item><title>x</title><link>https://e.example/a</link>
<description>before &xxe; after</description></item></channel></rss>""", encoding="utf-8")
    items = list(ingest.read([feed]))
    assert all("TOP-SECRET-VALUE" not in (getattr(i, "html", None) or getattr(i, "text", None) or "")
               for i in items)


def test_billion_laughs_is_not_expanded(tmp_path: Path) -> None:
    import time

    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    feed = tmp_path / "laughs.xml"
    feed.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{entities}]>'
                    '<rss version="2.0"><channel><title>T</title><item><title>x</title><link>https://e.example/a</link>'
                    "<description>Before &l9; after.</description></item></channel></rss>", encoding="utf-8")
    start = time.perf_counter()
    items = list(ingest.read([feed]))
    assert time.perf_counter() - start < 1
    assert len(items) == 1 and "lollol" not in (getattr(items[0], "html", None) or "")
