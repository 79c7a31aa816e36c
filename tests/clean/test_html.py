"""HTML pages: trafilatura for the main text and metadata, then the same credit and clutter handling as text."""
from __future__ import annotations

from storyweave.clean import clean
from storyweave.model import Document, RawDocument, Rejected

PAGE = """<!doctype html>
<html><head>
<title>Bridge closed after cracks found | The Riverside Herald</title>
<meta property="og:title" content="Bridge closed after cracks found">
<meta property="og:site_name" content="The Riverside Herald">
<meta name="author" content="Priya Natarajan">
<meta property="article:published_time" content="2024-05-07T08:30:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie">We use cookies to improve your experience. <a href="/privacy">Privacy policy</a></div>
<article>
<h1>Bridge closed after cracks found</h1>
<p class="byline">By Priya Natarajan</p>
<figure><img src="bridge.jpg"><figcaption>The Old Mill bridge on Monday. (Photo: Sam Lee/Riverside Herald)</figcaption></figure>
<p>The Old Mill bridge over the River Ash was closed to all traffic on Tuesday after engineers found cracks in two of its supports, the county council said.</p>
<p>About 9,000 vehicles cross the bridge every day, and drivers face a diversion of up to eight miles.</p>
<p>"Safety has to come first," said council leader Joan Pryce.</p>
<p>The council said repairs could take until the autumn and would cost about £1.2m.</p>
<p>Copyright 2024 The Riverside Herald. All rights reserved.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Man fined for parking on roundabout</a></li><li><a href="/b">School wins chess title</a></li></ul></aside>
<footer><p>Contact us</p><p>Terms of use</p></footer>
</body></html>"""


def test_html_article_page():
    d = clean(RawDocument(id="h", source="page.html", html=PAGE, url="https://riversideherald.example/news/bridge"))
    assert isinstance(d, Document), d
    paragraphs = d.body.split("\n\n")
    assert paragraphs[0].startswith("The Old Mill bridge over the River Ash was closed")
    assert paragraphs[-1] == "The council said repairs could take until the autumn and would cost about £1.2m."
    assert '"Safety has to come first," said council leader Joan Pryce.' in paragraphs
    for clutter in ("By Priya Natarajan", "Copyright", "Most read", "chess", "cookies", "Terms of use"):
        assert clutter not in d.body
    assert d.title == "Bridge closed after cracks found"
    assert d.authors == ("Priya Natarajan",)
    assert d.published == "2024-05-07"
    assert d.outlet == "The Riverside Herald"
    assert d.origin_outlet == "The Riverside Herald"
    assert d.language == "en"


def test_html_wire_story_credits_origin():
    page = ("<html><head><title>Quake hits Chile</title></head><body><article><h1>Quake hits Chile</h1>"
            "<p>SANTIAGO, Chile (AP) — A magnitude 6.8 earthquake struck northern Chile on Sunday, shaking buildings "
            "in the port city of Antofagasta, officials said.</p><p>There were no immediate reports of damage or "
            "injuries, the national emergency office said in a statement.</p><p>Chile is one of the most "
            "earthquake-prone countries in the world.</p></article></body></html>")
    d = clean(RawDocument(id="w", source="w.html", html=page, outlet="Daily Planet Online"))
    assert isinstance(d, Document), d
    assert d.origin_outlet == "Associated Press"
    assert d.outlet == "Daily Planet Online"
    assert d.body.startswith("SANTIAGO, Chile (AP)")


def test_html_without_article_keeps_the_report_with_empty_body():
    d = clean(RawDocument(id="n", source="nav.html", html="<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    if isinstance(d, Document):  # trafilatura found some text: all of it is clutter, kept in removed
        assert d.body == "" and d.removed
    else:
        assert d.stage == "clean"


def test_html_without_text_is_rejected_with_one_line_reason():
    for html in ("", "<<<>>>", "\x00\x01", "<html><body></body></html>"):
        r = clean(RawDocument(id="x", source="bad.html", html=html))
        assert isinstance(r, Rejected), r
        assert r.stage == "clean" and r.source == "bad.html"
        assert r.reason and "\n" not in r.reason


def test_html_commenter_is_not_taken_as_the_author():
    # no author meta tag; the only "author" markup on the page is a reader comment's
    page = (PAGE.replace('<meta name="author" content="Priya Natarajan">\n', "")
            .replace('<p class="byline">By Priya Natarajan</p>\n', "")
            .replace("</article>", '</article>\n<div class="sf_comment" id="sf_comment_1"><div class="head">'
                     '<p class="sf_comment_info"><span class="sf_comment_author">Riverwatcher</span><br> '
                     '<span class="date">2 hours ago</span></p></div></div><div class="sf_comment_text">'
                     "<p>They should have fixed this years ago, the cracks have been there since the floods.</p>"
                     "</div>"))
    doc = clean(RawDocument(id="h", source="h.html", html=page))
    assert isinstance(doc, Document)
    assert "Riverwatcher" not in doc.authors
    assert "Old Mill bridge" in doc.body


def test_html_author_meta_tag_still_read():
    doc = clean(RawDocument(id="h", source="h.html", html=PAGE))
    assert isinstance(doc, Document) and doc.authors == ("Priya Natarajan",)
