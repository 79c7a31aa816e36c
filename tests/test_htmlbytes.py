"""storyweave.htmlbytes: the one HTML decoder, used by ingest (files, WARC records) and fetch (pages from the web),
so a page comes out the same whichever way it arrives (issue 13: two decode_html functions)."""
from __future__ import annotations

import codecs

import pytest

from storyweave import htmlbytes
from storyweave.fetch import client
from storyweave.ingest import html as ingest_html

pytestmark = [pytest.mark.issue(13)]

CZECH = "Prezident \u0159ekl, \u017ee jedn\u00e1n\u00ed budou pokra\u010dovat v pond\u011bl\u00ed v Praze."
CYRILLIC = "Президент заявил, что переговоры продолжатся в понедельник в Москве."


def _page(body: str, *, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<!doctype html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_both_stages_use_the_one_decoder():
    assert ingest_html.decode_html is htmlbytes.decode_html
    data = _page("Cr\u00e8me br\u00fbl\u00e9e", meta="iso-8859-1").encode("latin-1")
    assert client.decode_html(data, None) == ingest_html.decode_html(data) == htmlbytes.decode_html(data)


# ---------------------------------------------------------------- what only the fetcher's copy did


def test_the_page_declaration_is_tried_after_a_given_charset_that_fails():
    """A transport charset the bytes are not (gb2312 here) falls back to the page's own <meta charset> (the
    fetcher tried both; ingest's copy used only the one given, so a WARC record's wrong label lost the meta)."""
    data = _page(CZECH, meta="iso-8859-2").encode("iso-8859-2")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")
    assert CZECH not in data.decode("cp1252")  # what the fallback would have given: "øekl"
    assert CZECH in htmlbytes.decode_html(data, "gb2312")
    assert CZECH in ingest_html.decode_html(data, charset="gb2312")
    assert CZECH in client.decode_html(data, "gb2312")


def test_a_given_charset_is_used_for_bytes_that_are_not_utf8():
    data = _page(CYRILLIC).encode("koi8-r")  # no declaration in the page: only the HTTP header says
    assert CYRILLIC in client.decode_html(data, "KOI8-R")
    assert CYRILLIC in htmlbytes.decode_html(data, '"koi8-r"')  # quoted label as some servers send it


def test_the_fetcher_never_raises():
    assert client.decode_html(b"", None) == ""
    assert client.decode_html(b"   \n ", "utf-8") == ""
    assert client.decode_html(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "utf-8") == ""  # binary: no page
    with pytest.raises(ValueError, match="binary"):
        htmlbytes.decode_html(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(ValueError, match="empty"):
        htmlbytes.decode_html(b"")


# ---------------------------------------------------------------- what only ingest's copy did, now fetch's too


def test_byte_order_marks_utf32_before_utf16():
    text = _page("caf\u00e9 \U0001f600")
    for codec, bom in (("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
                       ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                       ("utf-8", codecs.BOM_UTF8)):
        data = bom + text.encode(codec)
        assert client.decode_html(data, "iso-8859-1") == text, codec  # the mark wins over the header
        assert htmlbytes.decode_html(data) == text, codec


def test_utf16_without_a_mark():
    text = _page("A page written in UTF-16 without a byte-order mark.")
    assert client.decode_html(text.encode("utf-16-le"), None) == text
    assert client.decode_html(text.encode("utf-16-be"), None) == text


def test_stray_nul_bytes_in_a_page_are_dropped():
    text = _page("word " * 400)
    data = text.encode("ascii")
    data = data[:500] + b"\x00" + data[500:]
    assert client.decode_html(data, None) == text
    assert htmlbytes.decode_html(data) == text


def test_utf8_is_trusted_over_a_wrong_latin1_label():
    """A server labelling UTF-8 pages ISO-8859-1 (common) does not turn "Crème" into "CrÃ¨me"."""
    text = _page("Cr\u00e8me br\u00fbl\u00e9e")
    assert client.decode_html(text.encode("utf-8"), "iso-8859-1") == text
    assert client.decode_html(text.encode("utf-8"), None) == text


def test_a_few_stray_cp1252_bytes_in_utf8():
    text = _page("caf\u00e9 na\u00efve \u00fcber " * 5 + "it\u2019s")
    data = text.encode("utf-8").replace("\u2019".encode("utf-8"), b"\x92")  # one cp1252 quote pasted in
    assert client.decode_html(data, None) == text


def test_unknown_or_latin1_labels_read_as_cp1252():
    assert htmlbytes.charset_codec("no-such-codec") is None
    assert htmlbytes.charset_codec("ISO-8859-1") == htmlbytes.charset_codec("us-ascii") == "cp1252"
    assert htmlbytes.charset_codec("UTF8") == "utf-8" and htmlbytes.charset_codec(None) is None
    assert client.decode_html(b"caf\xe9 \x93quoted\x94", "no-such-codec") == "caf\u00e9 \u201cquoted\u201d"
    assert client.decode_html(b"\x93quoted\x94", "iso-8859-1") == "\u201cquoted\u201d"  # as browsers read latin-1


def test_newlines_come_out_as_line_feeds():
    assert client.decode_html(b"<p>a</p>\r\n<p>b</p>\r<p>c</p>", None) == "<p>a</p>\n<p>b</p>\n<p>c</p>"


def test_a_declared_utf16_in_the_page_is_not_believed():
    # a page that says utf-16 in a <meta> but is plain ASCII (the declaration is wrong: no mark, no NULs)
    data = _page("plain", meta="utf-16").encode("ascii")
    assert htmlbytes.declared_charset(data) is None
    assert client.decode_html(data, None) == data.decode("ascii")
