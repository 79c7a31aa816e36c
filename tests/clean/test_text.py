"""The plain-text cleaner on small reports written in other outlets' styles (none of them is a seed)."""
from __future__ import annotations

import time

from storyweave.clean import clean
from storyweave.model import Document, RawDocument, Rejected


def run(text: str, **kw) -> Document:
    doc = clean(RawDocument(id="t", source="t.txt", text=text, **kw))
    assert isinstance(doc, Document), doc
    return doc


def paragraphs(doc: Document) -> list[str]:
    return doc.body.split("\n\n") if doc.body else []


REUTERS = """World

Dutch port strike halts container traffic in Rotterdam

By Anna Visser and Tom Berg

4 minute read

Updated 2 hours ago

ROTTERDAM, Nov 12 (Reuters) - Dock workers at Rotterdam, Europe's biggest port, walked off the job on Tuesday in a dispute over pay, halting container traffic at three terminals, the FNV union said.

The union said the 24-hour strike would go ahead unless employers improved their offer of a 3% raise.

"We have waited long enough," union negotiator Kees de Wit told Reuters.

Terminal operators said ships would be diverted to Antwerp where possible.

Reporting by Anna Visser in Rotterdam and Tom Berg in Amsterdam; Editing by Mark Potter

Our Standards: The Thomson Reuters Trust Principles.
"""


def test_reuters_style():
    d = run(REUTERS)
    assert paragraphs(d)[0].startswith("ROTTERDAM, Nov 12 (Reuters) - Dock workers")
    assert paragraphs(d)[-1] == "Terminal operators said ships would be diverted to Antwerp where possible."
    assert '"We have waited long enough," union negotiator Kees de Wit told Reuters.' in paragraphs(d)
    assert d.title == "Dutch port strike halts container traffic in Rotterdam"
    assert d.authors == ("Anna Visser", "Tom Berg")
    assert d.origin_outlet == "Reuters"
    assert "Reporting by" not in d.body and "Trust Principles" not in d.body
    assert any("Reporting by Anna Visser" in r for r in d.removed)


BBC = """Skip to content

Home
News
Sport
Weather
iPlayer

Flooding forces hundreds from homes in Cumbria

14 March 2025

Share

Image source, PA Media
Image caption, Water reached the first floor of some houses in Keswick

Hundreds of people have been moved from their homes after the River Greta burst its banks in Cumbria.

The Environment Agency issued six severe flood warnings overnight, meaning there is a danger to life.

Image source, Getty Images

"I have lived here forty years and never seen anything like it," said resident Margaret Hill, 78.

Rescue teams used boats to reach people trapped upstairs.

Related topics

Flooding
Cumbria
Keswick

More on this story

Why is flooding getting worse?
Cumbria council sets up emergency fund
"""


def test_bbc_style_menu_captions_and_topics():
    d = run(BBC)
    assert paragraphs(d) == [
        "Hundreds of people have been moved from their homes after the River Greta burst its banks in Cumbria.",
        "The Environment Agency issued six severe flood warnings overnight, meaning there is a danger to life.",
        '"I have lived here forty years and never seen anything like it," said resident Margaret Hill, 78.',
        "Rescue teams used boats to reach people trapped upstairs.",
    ]
    assert d.title == "Flooding forces hundreds from homes in Cumbria"
    assert d.published == "2025-03-14"
    removed = "\n".join(d.removed)
    for clutter in ("Skip to content", "Image caption, Water reached", "Image source, Getty Images", "Related topics",
                    "Why is flooding getting worse?"):
        assert clutter in removed


GUARDIAN = """Ministers urged to act as NHS waiting lists hit record

Health leaders say the backlog will not fall without more beds

Sarah Jones Health correspondent

Mon 3 Feb 2025 06.00 GMT

Share

NHS waiting lists in England have reached a record 7.8 million, according to figures published on Monday.

Health leaders said the backlog would keep growing without more beds and staff.

"Patients are paying the price," said Dr Amir Khan.

That is not the whole story.

The Department of Health said it was investing £2bn in new diagnostic centres.

Explore more on these topics

NHS
Health
Hospitals
Politics

Reuse this content

Most viewed

Comments (412)

Sign in or create your Guardian account to join the discussion

BobFromLeeds
3 Feb 2025 7.12
This government has had fourteen years to fix this and they have done nothing at all about it.

Reply
Report

CaringNurse
3 Feb 2025 7.30
I work on a ward and we are exhausted every single day, the public has no idea how bad it is.

Reply
"""


def test_guardian_style_keeps_short_paragraphs_drops_comment_thread():
    d = run(GUARDIAN)
    ps = paragraphs(d)
    assert ps[0].startswith("NHS waiting lists in England have reached a record")
    assert ps[-1] == "The Department of Health said it was investing £2bn in new diagnostic centres."
    # a one-sentence paragraph and a quote-only paragraph in the middle stay
    assert '"Patients are paying the price," said Dr Amir Khan.' in ps
    assert "That is not the whole story." in ps
    assert "fourteen years" not in d.body and "BobFromLeeds" not in d.body
    assert d.title == "Ministers urged to act as NHS waiting lists hit record"
    assert d.published == "2025-02-03"
    assert "Comments (412)" in "\n".join(d.removed)


LOCAL = """The Millbrook Courier
News | Sports | Obituaries | Classifieds | Contact

Council approves new skate park

Posted on June 4, 2024 by Dave Miller

Millbrook's town council voted 5-2 on Monday night to build a skate park next to the community pool.

The park will cost about $180,000, paid for mostly by a state recreation grant.

Council member Linda Ortiz, who voted against, said the money would be better spent on road repairs.

"Our kids have been asking for this for years," said Mayor Tom Reeves.

Construction is expected to start in August.

Dave Miller can be reached at dmiller@millbrookcourier.com or 555-0142.

© 2024 The Millbrook Courier. All rights reserved.
Privacy Policy | Terms of Use
"""


def test_local_paper_style():
    d = run(LOCAL)
    ps = paragraphs(d)
    assert ps[0].startswith("Millbrook's town council voted 5-2")
    assert ps[-1] == "Construction is expected to start in August."
    assert d.title == "Council approves new skate park"
    assert d.published == "2024-06-04"
    assert "Dave Miller" in d.authors
    assert d.origin_outlet == "The Millbrook Courier"
    assert "Privacy Policy" not in d.body and "dmiller@" not in d.body


WIRE_ON_SYNDICATION = """NewsHub Daily

Business

Oil prices slip as OPEC+ weighs output increase

Published: 21 October 2023 09:14

LONDON (AP) — Oil prices fell on Friday as traders weighed signs that OPEC+ could raise production next month.

Brent crude dropped 1.2% to $91.10 a barrel.

Analysts said demand from China remained the biggest unknown.

Copyright 2023 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.

Trending Now

Ten gadgets under $20
You won't believe what this star looks like now
Doctors stunned by simple trick
"""


def test_wire_copy_on_syndication_site():
    d = run(WIRE_ON_SYNDICATION, outlet="NewsHub Daily")
    assert d.body.startswith("LONDON (AP) — Oil prices fell on Friday")
    assert d.body.endswith("Analysts said demand from China remained the biggest unknown.")
    assert d.origin_outlet == "Associated Press"
    assert d.outlet == "NewsHub Daily"
    assert d.title == "Oil prices slip as OPEC+ weighs output increase"
    assert d.published == "2023-10-21"
    assert "Doctors stunned" not in d.body


WHOLE_PAGE = """Menu
Search
Subscribe
Log in

The Valley Tribune

Home
Local
State
Nation
World
Opinion
Sports

Advertisement

Wildfire near Cedar Ridge grows to 12,000 acres

By Maria Gonzalez | Valley Tribune

Aug. 9, 2024 at 5:42 p.m. PDT

A wildfire burning in the hills east of Cedar Ridge more than doubled in size overnight, fire officials said Friday.

About 2,000 residents were ordered to leave their homes as the fire moved toward the town's eastern edge.

Advertisement

"The wind is our biggest enemy right now," said Battalion Chief Ray Dunn. "It changes direction every hour."

Evacuation

An evacuation center has opened at Cedar Ridge High School.

The cause of the fire is under investigation.

Sign up for our morning newsletter
Get the latest news delivered to your inbox every day. By signing up you agree to our Terms of Service and Privacy Policy.

Read more
Drought leaves reservoirs at record low
County fair returns after two-year break
High school team wins state title

12 Comments

Log in to comment

jsmith77
2 hours ago
Stay safe everyone, my cousin lives out there and they had to leave last night with their dogs and not much else.
Like Reply

About Us | Contact | Careers | Advertise
© 2024 Valley Tribune Media Group
"""


def test_whole_page_copied_as_text():
    d = run(WHOLE_PAGE)
    ps = paragraphs(d)
    assert ps[0] == ("A wildfire burning in the hills east of Cedar Ridge more than doubled in size overnight, fire "
                     "officials said Friday.")
    assert ps[-1] == "The cause of the fire is under investigation."
    assert any(p.startswith('"The wind is our biggest enemy right now,"') for p in ps)
    for clutter in ("Advertisement", "Sign up", "Drought leaves", "jsmith77", "Stay safe", "Careers", "Menu"):
        assert clutter not in d.body
    assert d.title == "Wildfire near Cedar Ridge grows to 12,000 acres"
    assert d.authors == ("Maria Gonzalez",)
    assert d.origin_outlet == "Valley Tribune"
    assert d.published == "2024-08-09"
    # nothing is lost: body + removed hold every line of the page
    kept = d.body + "\n" + "\n".join(d.removed)
    for line in WHOLE_PAGE.splitlines():
        if line.strip():
            assert line.strip() in kept, line


def test_hard_wrapped_paragraphs_are_joined():
    text = ("The committee met on Thursday to discuss the budget for the coming\n"
            "year, and members agreed to cut spending on consultants by a third\n"
            "while keeping the road maintenance fund at last year's level.\n\n"
            "The chair said the decision was not easy but was necessary given\n"
            "the fall in tax revenue over the past two years across the county.\n")
    d = run(text)
    assert paragraphs(d) == [
        "The committee met on Thursday to discuss the budget for the coming year, and members agreed to cut "
        "spending on consultants by a third while keeping the road maintenance fund at last year's level.",
        "The chair said the decision was not easy but was necessary given the fall in tax revenue over the past "
        "two years across the county.",
    ]


def test_single_newline_paragraphs_and_no_title():
    text = ("Officials in Lagos said on Monday that the new rail line would open in March.\n"
            "The line will carry 500,000 passengers a day, the transport ministry said.\n"
            "Construction began in 2019.\n")
    d = run(text)
    assert len(paragraphs(d)) == 3
    assert d.title is None


def test_normalisation_invisible_chars_and_line_endings():
    text = "Storm hits coast\r\n\r\nThe storm\u200b made landfall on Tuesday\u202e near the town of Port Ellis, forecasters said.\r\n"
    d = run(text)
    assert d.body == "The storm made landfall on Tuesday near the town of Port Ellis, forecasters said."
    assert "\r" not in d.body and "\u200b" not in d.body


def test_caption_credit_lines_dropped_inside_body():
    text = ("Protesters gathered outside parliament on Saturday to demand new elections, police said.\n\n"
            "Demonstrators wave flags in the capital on Saturday [Jane Roe/AFP]\n\n"
            "Organisers put the crowd at 50,000, while police gave a figure of 20,000.\n\n"
            "Protesters march past the cathedral. (AP Photo/John Smith)\n\n"
            "The government has not commented on the demands.\n")
    d = run(text)
    assert paragraphs(d) == [
        "Protesters gathered outside parliament on Saturday to demand new elections, police said.",
        "Organisers put the crowd at 50,000, while police gave a figure of 20,000.",
        "The government has not commented on the demands.",
    ]
    assert d.removed == ("Demonstrators wave flags in the capital on Saturday [Jane Roe/AFP]",
                         "Protesters march past the cathedral. (AP Photo/John Smith)")


def test_writes_for_and_originally_appeared():
    text = ("Farmers in the region say the drought is the worst in living memory, and many have sold their cattle.\n\n"
            "The government has promised emergency aid, but little has arrived so far.\n\n"
            "Okafor writes for Agence France-Presse.\n")
    d = run(text)
    assert d.authors == ("Okafor",)
    assert d.origin_outlet == "Agence France-Presse"
    assert d.body.endswith("little has arrived so far.")
    text2 = ("This article originally appeared on The Conversation.\n\n"
             "Scientists have found that the glacier is retreating twice as fast as predicted, a new study says.\n")
    d2 = run(text2, outlet="example.org")
    assert d2.origin_outlet == "The Conversation"
    assert d2.outlet == "example.org"


def test_outlet_from_url_and_published_from_record():
    d = run("The central bank kept interest rates unchanged on Thursday, as expected by most economists.\n",
            url="https://www.theguardian.com/business/2024/jan/01/rates", published="Thu, 01 Feb 2024 10:00:00 GMT")
    assert d.outlet == "The Guardian"
    assert d.origin_outlet == "The Guardian"  # falls back to the outlet
    assert d.published == "2024-02-01"
    assert d.url == "https://www.theguardian.com/business/2024/jan/01/rates"


def test_empty_and_all_boilerplate():
    assert isinstance(clean(RawDocument(id="e", source="e.txt", text=" \n\u200b\n ")), Rejected)
    widget = ("Tweet with a location\n\nYou can add location information to your Tweets, such as your city or precise "
              "location, from the web and via third-party applications. You always have the option to delete your "
              "Tweet location history. Learn more")
    d = run(widget)
    assert d.body == ""
    assert d.title is None
    assert "".join(d.removed).replace("\n", "") == widget.replace("\n", "")


def test_non_english_text_kept():
    text = ("La policía detuvo el martes a tres personas en Madrid por el robo de obras de arte del museo.\n\n"
            "Los cuadros fueron recuperados en un almacén de las afueras de la ciudad, según fuentes policiales.\n")
    d = run(text)
    assert len(paragraphs(d)) == 2
    assert d.language is None


def test_fast_enough():
    """CPU time, not wall time: the test machine is shared."""
    texts = [REUTERS, BBC, GUARDIAN, LOCAL, WIRE_ON_SYNDICATION, WHOLE_PAGE] * 20
    clean(RawDocument(id="w", source="w", text=REUTERS))
    t0 = time.process_time()
    for i, t in enumerate(texts):
        clean(RawDocument(id=str(i), source="s", text=t))
    per_doc_ms = 1000 * (time.process_time() - t0) / len(texts)
    assert per_doc_ms < 10, per_doc_ms


# A whole web page copied as text: one line per block, no blank lines at all, so every line shares one "block".
# An inline image's credit line must not turn the body paragraph above it into a caption.
PAGE_COPY = """Home
Sport
Harbour swim cancelled after storm surge
By Maria Lopez
March 3, 2024
The annual harbour swim was called off on Saturday after a storm surge flooded the start area, organisers said.
More than 400 swimmers had registered for the race, which has run every spring since 1962 and raises money for the lifeboat station.
Credit: Harbour Swim Club
Organisers said entry fees would be refunded in full and that a new date would be announced within two weeks.
"Safety has to come first, even if it breaks our hearts," race director Tom Hale said.
Image: A flooded slipway at the start of the course.
Credit: Coastguard
The coastguard said the surge was the highest recorded in the harbour for eleven years.
Related stories
Share this article
"""


def test_credit_line_in_a_blockless_page_copy_does_not_eat_the_paragraph_above():
    doc = run(PAGE_COPY)
    assert any(p.startswith("More than 400 swimmers") for p in paragraphs(doc))
    assert any(p.startswith("Organisers said entry fees") for p in paragraphs(doc))
    assert not any("Credit:" in p for p in paragraphs(doc))


def test_caption_above_a_credit_in_its_own_block_is_still_dropped():
    text = PAGE_COPY.replace("Image: A flooded slipway at the start of the course.\nCredit: Coastguard\n",
                             "\nWaves break over the slipway at the start of the course on Saturday.\n"
                             "Credit: Coastguard\n\n")
    doc = run(text)
    assert not any(p.startswith("Waves break over the slipway") for p in paragraphs(doc))
    assert any(p.startswith("The coastguard said") for p in paragraphs(doc))


# An author blurb ends the article; teasers for other stories (headline, then a one-sentence summary) follow it.
BLURB_THEN_TEASERS = """Rail strike to go ahead after talks fail
By Priya Natarajan
Train drivers will strike for 48 hours from Thursday after last-minute talks with operators collapsed late on Monday, the drivers' union said.
The union said the operators' offer of a 4 percent raise over two years fell far short of inflation and did nothing to address rostering.
Operators said they would run a reduced timetable on the main intercity lines and urged passengers to check before they travel.
"We have bent over backwards to reach a deal," a spokesperson for the operators said in a statement on Monday night.
Priya Natarajan is a staff reporter covering transport and labour.
Ferry fares rise for the third time this year
Passengers on the island routes will pay up to 12 percent more from next month, the operator announced on Tuesday, blaming fuel costs.
Airport expansion approved despite protests
The regional council voted nine to four to approve a second runway after a hearing that lasted more than ten hours.
"""


def test_author_blurb_is_dropped_and_teasers_after_it_stay_out():
    doc = run(BLURB_THEN_TEASERS)
    body = doc.body
    assert "Train drivers will strike" in body and "bent over backwards" in body
    assert "is a staff reporter covering" not in body
    assert "Ferry fares" not in body and "Passengers on the island routes" not in body


def test_caption_ending_in_an_unbracketed_agency_credit_is_dropped():
    # Reuters' caption shape as it comes in copied text: caption, "Picture taken ...", then AGENCY/Photographer
    text = ("Fishermen said the catch had halved since the new quotas came in, the cooperative said on Monday.\n\n"
            "A trawler leaves the harbour in Peterhead, Scotland, March 3, 2018. Picture taken March 3, 2018. "
            "REUTERS/Jane Roe\n\n"
            "The cooperative will appeal against the decision, its chairman said.\n\n"
            "Workers unload boxes of cod at the quay in Grimsby, Britain, April 2, 2018. AFP/John Smith\n\n"
            "The ministry said it would review the quotas next year.\n\n"
            "A fishing boat in Whitby on September 20, 2005. Michael Doe/Getty Images\n\n"
            "Quotas are set each December.\n")
    d = run(text)
    assert paragraphs(d) == [
        "Fishermen said the catch had halved since the new quotas came in, the cooperative said on Monday.",
        "The cooperative will appeal against the decision, its chairman said.",
        "The ministry said it would review the quotas next year.",
        "Quotas are set each December.",
    ]
    assert len(d.removed) == 3 and d.removed[0].endswith("REUTERS/Jane Roe")


def test_video_teaser_lines_are_dropped_but_times_in_prose_stay():
    text = ("Officials from both countries met at the border village on Wednesday to finalise the plan.\n\n"
            "JUST WATCHED Talks keep skaters' dream alive Replay More Videos ... MUST WATCH Talks keep skaters' "
            "dream alive 02:41\n\n"
            "The two sides will meet again on Saturday, officials said, and a joint team will train from 10:30.\n\n"
            "Watch the full interview 1:02:15\n\n"
            "CLOSE Skip in Skip x Embed x\n\n"
            "The committee is expected to approve the plan next week.\n")
    d = run(text)
    assert paragraphs(d) == [
        "Officials from both countries met at the border village on Wednesday to finalise the plan.",
        "The two sides will meet again on Saturday, officials said, and a joint team will train from 10:30.",
        "The committee is expected to approve the plan next week.",
    ]
    assert len(d.removed) == 3


def test_wire_caption_glued_to_the_first_paragraph_is_cut_off():
    text = ("Study finds plants outweigh all other life\n\n"
            "In this Jan. 5, 2018, file photo, two boys push their scooters through a park in Frankfurt, Germany. "
            "When you weigh all life on Earth, billions of humans don't amount to much compared to trees, earthworms "
            "or even viruses, according to a study published on Monday.\n\n"
            "Plants make up about 80 percent of all the carbon stored in living creatures, the researchers said.\n")
    d = run(text)
    assert paragraphs(d)[0].startswith("When you weigh all life on Earth")
    assert any(r.startswith("In this Jan. 5, 2018, file photo") and r.endswith("Germany.") for r in d.removed)
    assert len(paragraphs(d)) == 2
