"""Whole pages as text (issue 12): page_text() rendering, content lists, page furniture, the extracted-text split."""
from __future__ import annotations

from storyweave.clean import clean
from storyweave.clean.html import link_texts, page_text
from storyweave.clean.text import split
from storyweave.model import Document, RawDocument

LEAD = ("The council published its plan for the riverside on Monday, after two years of consultation with "
        "residents and businesses along the water.")
MORE = ("Work on the first phase starts in the spring and should be finished before the end of next year, the "
        "council's planning director said at a briefing.")


def test_page_text_lays_out_blocks_and_hides_invisible_parts():
    html = ("<html><head><title>Plan</title><style>p{}</style></head><body><nav><a>Home</a> <a>News</a></nav>\n"
            "  <div>\n   <h1>Riverside plan</h1>\n  <p>First <b>bold</b> part.<br>Second line</p>\n"
            "<div hidden>secret</div><div style='display: none'>also secret</div>"
            "<ul><li>one item</li><li>two items</li></ul><table><tr><td>cell one</td><td>cell two</td></tr></table>"
            "<script>var x = 1;</script></div></body></html>")
    assert page_text(html) == ("Home News\n\nRiverside plan\n\nFirst bold part.\nSecond line\n\none item\ntwo items"
                               "\n\ncell one cell two")


def test_link_texts():
    assert link_texts("<p>See <a href='/x'> Other\n story </a> and <a>more</a><a></a></p>") == {"Other story", "more"}


def test_list_introduced_by_a_sentence_is_kept():
    text = "\n".join(["Home", "News", "Sport", "Riverside plan", LEAD,
                      "The plan sets out these stages over the next three years:",
                      "Spring 2025 clearing", "Summer 2025 new paths", "Autumn 2026 the park opens", MORE,
                      "Contact us", "Jobs", "Privacy"])
    body = clean(RawDocument(id="l", source="l.txt", text=text)).body
    for line in (LEAD, "Spring 2025 clearing", "Summer 2025 new paths", "Autumn 2026 the park opens", MORE):
        assert line in body
    for furniture in ("Home", "Sport", "Jobs", "Privacy"):
        assert furniture not in body.split("\n\n")
    # without the introducing sentence the same short lines are a link list
    text = "\n".join([LEAD, "Spring 2025 clearing", "Summer 2025 new paths", "Autumn 2026 the park opens", MORE])
    assert "Summer 2025 new paths" not in clean(RawDocument(id="m", source="m.txt", text=text)).body


def test_page_furniture_is_dropped():
    furniture = ["Send us your images or video.", "Continue reading the main story", "SEE MORE VIDEOS",
                 "00:00 / 00:40 SD HD Share", "Market data provided by Factset. Quotes delayed at least 15 minutes."]
    text = "\n\n".join([LEAD, furniture[0], 'Read the <a href="https://example.org/plan">full plan</a> online, the '
                        "council said.", furniture[1], MORE, *furniture[2:]])
    d = clean(RawDocument(id="f", source="f.txt", text=text))
    assert isinstance(d, Document)
    assert LEAD in d.body and MORE in d.body
    assert "Read the full plan online, the council said." in d.body
    for line in furniture:
        assert line not in d.body
    assert "<a" not in d.body


def test_extracted_text_keeps_lists_and_drops_link_lines():
    text = "\n".join([LEAD, "Zutaten", "200 g Mehl", "1 Ei", "Read more: Council approves new budget", MORE,
                      "Other story one here", "Other story two here", "ALSO ON THIS SITE"])
    links = frozenset({"Council approves new budget", "Other story one here", "Other story two here"})
    s = split(text, extracted=True, link_texts=links)
    assert s.paragraphs == [LEAD, "Zutaten", "200 g Mehl", "1 Ei", MORE]
    # the plain-text path would drop the short lines as a link list
    assert "200 g Mehl" not in split(text).paragraphs


def test_extracted_text_of_links_only_is_empty():
    s = split("Home\nNews", extracted=True, link_texts=frozenset({"Home", "News"}))
    assert s.paragraphs == [] and s.removed


def test_a_long_cookie_notice_does_not_win_over_a_short_article():
    notice = ("We and our partners use cookies and similar technologies on this website to store and access "
              "information on your device, to personalise content and ads and to analyse our traffic. " * 3
              + "You can change your cookie settings at any time. By clicking accept you agree to the use of cookies.")
    text = "\n\n".join(["Home", "News", notice, "Accept all", "Riverside plan", LEAD, MORE, "Share this article"])
    d = clean(RawDocument(id="c", source="c.txt", text=text))
    assert d.body == LEAD + "\n\n" + MORE
    # a recipe that talks about cookies is not a notice
    recipe = ("Bake the cookies for twelve minutes, then let the cookies cool on a rack before you ice them with "
              "the lemon glaze.")
    assert recipe in clean(RawDocument(id="r", source="r.txt", text="\n\n".join([LEAD, recipe, MORE]))).body


def test_blog_comment_form_ends_the_article():
    comments = ["Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind markiert.",
                "Anna says: Great piece, thanks for writing it up, I had not heard about the plan before today."]
    d = clean(RawDocument(id="b", source="b.txt", text="\n\n".join([LEAD, MORE, *comments])))
    assert d.body == LEAD + "\n\n" + MORE
    kept = "The report will not be published until May, the minister told reporters on Friday morning."
    assert kept in clean(RawDocument(id="k", source="k.txt", text="\n\n".join([LEAD, kept, MORE]))).body


def test_read_also_labels_newsletter_boxes_and_rights_lines_in_other_languages():
    article = ["Nicaragua cerró 2021 con una deuda externa total de 14.372 millones de dólares, informó este martes "
               "el Banco Central nicaragüense en un informe.",
               "La deuda externa total aumentó en 884 millones de dólares respecto a 2020, explicó el ente emisor en "
               "el mismo informe publicado el martes."]
    clutter = ["Lea también: Impiden ingreso a reportero y camarógrafo estadounidense",
               "Abonniere unseren Newsletter", "2022 - Todos los derechos reservados."]
    text = "\n\n".join([article[0], clutter[0], article[1], clutter[1], clutter[2]])
    d = clean(RawDocument(id="es", source="es.txt", text=text))
    assert d.body == "\n\n".join(article)
    # the same lines in trafilatura's text of an HTML page
    assert split(text, extracted=True).paragraphs == article
    about = ("The newsletter, which has 40,000 readers, was founded in 1998 by two former reporters of the paper "
             "who had left after a dispute with its owners.")
    assert about in clean(RawDocument(id="n", source="n.txt", text="\n\n".join([LEAD, about, MORE]))).body
