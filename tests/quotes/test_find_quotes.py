"""annotate.quotes.find_quotes on small texts written for these tests in several outlets' house styles."""
from __future__ import annotations

import pytest

from storyweave.annotate.quotes import find_quotes


@pytest.fixture(scope="module")
def run(nlp):
    def _run(body: str, with_parse: bool = True):
        quotes = find_quotes(body, "d", nlp(body) if with_parse else None)
        for q in quotes:
            assert body[q.start:q.end] == q.text
            if q.speaker_start is not None:
                assert 0 <= q.speaker_start < q.speaker_end <= len(body)
        return quotes
    return _run


def by_text(quotes, start: str):
    hits = [q for q in quotes if q.text.startswith(start)]
    assert hits, f"no quote starting {start!r} in {[q.text for q in quotes]}"
    return hits[0]


# ---------------------------------------------------------------- outlets' styles

AP = (
    "WASHINGTON (AP) — Senate Majority Leader Maria Lopez said Tuesday the chamber would vote on the bill next week.\n"
    "“We have the votes, and we are going to pass it,” Lopez told reporters at the Capitol. “Nobody should doubt "
    "that.”\n"
    "Republicans were unmoved. “This bill is a mistake from top to bottom,” said Sen. Tom Hardy of Idaho.\n"
)

REUTERS = (
    "LONDON (Reuters) - Britain's finance minister Rachel Reeves said on Monday the government would invest "
    "2 billion pounds in new rail lines.\n"
    "\"This is the biggest investment in a generation,\" Reeves said in a statement. \"It will create thousands "
    "of jobs.\"\n"
    "The opposition said the plan was \"too little, too late\" and accused the government of ignoring the north.\n"
)

GUARDIAN = (
    "The home secretary, Priya Shah, has promised to overhaul the asylum system.\n"
    "Speaking in Manchester, Shah said: ‘We will not let the backlog grow for another year. The public’s patience "
    "has run out.’\n"
    "Campaigners said the plans were ‘cruel and unworkable’.\n"
    "The workers’ union said it would study the proposals.\n"
)

BBC = (
    "A man has been rescued after spending 10 hours clinging to a capsized boat off the coast of Cornwall.\n"
    "Coastguard officer Mark Evans said: \"He was incredibly lucky. The water was freezing and he had no "
    "life jacket.\"\n"
    "\"We would urge everyone to check the forecast before going out,\" he added.\n"
)


def test_ap_split_quote_and_inverted_attribution(run):
    qs = run(AP)
    a = by_text(qs, "We have the votes")
    b = by_text(qs, "Nobody should doubt that")
    assert a.speaker == "Maria Lopez" and b.speaker == "Maria Lopez"  # split around "Lopez told reporters"
    assert AP[a.speaker_start:a.speaker_end] == "Lopez"  # offsets of the words as written
    assert by_text(qs, "This bill is a mistake").speaker == "Tom Hardy"  # 'said Sen. Tom Hardy'


def test_reuters_straight_quotes_and_partial_quote(run):
    qs = run(REUTERS)
    assert by_text(qs, "This is the biggest investment").speaker == "Rachel Reeves"
    assert by_text(qs, "It will create thousands").speaker == "Rachel Reeves"
    partial = by_text(qs, "too little, too late")
    assert partial.speaker == "The opposition"


def test_guardian_single_quotes_and_apostrophes(run):
    qs = run(GUARDIAN)
    q = by_text(qs, "We will not let the backlog grow")
    assert q.text.endswith("has run out.")  # the apostrophe in public’s did not end it
    assert q.speaker == "Priya Shah"
    assert by_text(qs, "cruel and unworkable").speaker == "Campaigners"
    assert not any(q.text.startswith(" union") or "union said" in q.text for q in qs)  # workers’ is no mark


def test_bbc_colon_and_pronoun(run):
    qs = run(BBC)
    assert by_text(qs, "He was incredibly lucky").speaker == "Mark Evans"
    q = by_text(qs, "We would urge everyone")
    assert q.speaker == "Mark Evans"  # "he added" -> the latest person in subject position
    assert BBC[q.speaker_start:q.speaker_end] == "he"


# ---------------------------------------------------------------- hard cases


def test_multi_paragraph_quote(run):
    body = ("Governor Anne Patel described the night of the flood.\n"
            "“The water came up faster than anyone expected. We had minutes, not hours,” Patel said. “By midnight "
            "the bridge was gone.\n"
            "“People were calling from their roofs. I will never forget it.”\n"
            "The state has asked for federal aid.\n")
    qs = run(body)
    assert [q.text[:12] for q in qs] == ["The water ca", "By midnight ", "People were "]
    assert all(q.speaker == "Anne Patel" for q in qs)


def test_nested_quotes_stay_inside(run):
    body = ("“He looked at me and said, ‘You’re done here,’ and walked out,” said Omar Reyes, a former employee.\n")
    qs = run(body)
    assert len(qs) == 1
    assert "‘You’re done here,’" in qs[0].text
    assert qs[0].speaker == "Omar Reyes"


def test_apostrophes_are_not_quote_marks(run):
    body = ("It’s the first time since the ’90s that Biden’s party has lost the state, and the Smiths’ farm "
            "was flooded again. Don't expect 'em back soon.\n")
    assert run(body) == []


def test_scare_quotes_are_not_quotes_unless_spoken(run):
    body = ("The plan includes a “secretariat” to run the programme, and what critics call “grassy knoll” "
            "theories.\n"
            "“Never,” she said.\n"
            "He has embraced an “America First” philosophy.\n")
    qs = run(body)
    assert [q.text for q in qs] == ["Never"]


def test_quoted_titles_are_not_quotes(run):
    body = ("Lane wrote the 1966 bestseller “Rush to Judgment,” which criticised the report, and the film "
            "“Gone With the Wind” was shown again.\n")
    assert run(body) == []


def test_title_resolution_to_fullest_name(run):
    body = ("Jake Sullivan, the national security adviser, briefed reporters on Thursday.\n"
            "“The possibility of a test remains ever-present,” Mr. Sullivan told reporters.\n")
    q = by_text(run(body), "The possibility")
    assert q.speaker == "Jake Sullivan"
    assert body[q.speaker_start:q.speaker_end] == "Sullivan"


def test_apposition_speaker_is_the_name(run):
    body = "“Crimea is gone for good,” the former adviser, Bryan Lanza, said.\n"
    assert run(body)[0].speaker == "Bryan Lanza"


def test_group_and_statement_speakers(run):
    body = ("The three countries issued a joint statement after the talks.\n"
            "“We remain resolute in supporting Ukraine,” the three leaders said.\n"
            "“The deployment of troops is particularly egregious,” the statement reads.\n")
    qs = run(body)
    assert by_text(qs, "We remain resolute").speaker == "the three leaders"
    q = by_text(qs, "The deployment")
    assert q.speaker == "joint statement"
    assert body[q.speaker_start:q.speaker_end] == "the statement"


def test_introducing_clause_and_according_to(run):
    body = ("On Friday, Mr. Biden said only that “we have now reached a moment of significant change.”\n"
            "The talks were “productive and frank,” according to Foreign Minister Lin Wei.\n")
    qs = run(body)
    assert by_text(qs, "we have now reached").speaker == "Biden"
    assert by_text(qs, "productive and frank").speaker == "Lin Wei"


def test_paragraph_that_is_only_a_quote_takes_the_previous_speaker(run):
    body = ("“We’ve now reached a moment of political change,” President Joe Biden told reporters.\n"
            "“This is likely to be my last meeting with this group, but I’m proud of it.”\n")
    assert by_text(run(body), "This is likely").speaker == "Joe Biden"


def test_passive_voice_is_not_the_speaker(run):
    body = "The patient was said to have been “near death, without any other option” before the operation.\n"
    q = by_text(run(body), "near death")
    assert q.speaker is None


def test_without_parse_marks_still_found(run):
    body = "“It was a camera,” Chris White said. “It was working.”\n"
    qs = run(body, with_parse=False)
    assert [q.text for q in qs] == ["It was a camera", "It was working."]
    assert qs[0].speaker == "Chris White"


def test_wire_doubles_and_mixed_marks(run):
    body = ("``We are close to a deal,'' the minister said.\n"
            "“It’s a public relations decision,\" he said. \"I wouldn’t waste all that water.”\n")
    qs = run(body)
    assert [q.text for q in qs] == ["We are close to a deal", "It’s a public relations decision",
                                    "I wouldn’t waste all that water."]


def test_unclosed_quote_runs_to_paragraph_end(run):
    body = "Then he said: “I refuse to be a victim and now I am in jail.\nThe trial resumes on Monday.\n"
    qs = run(body)
    assert [q.text for q in qs] == ["I refuse to be a victim and now I am in jail."]


def test_empty_and_markless(run):
    assert run("") == []
    assert run("No quotes at all here.\n") == []


def test_straight_single_quotes_with_straight_apostrophes(run):
    body = ("Speaking in Leeds, the minister, Sarah Okafor, said: 'We won't let the public's patience run out. "
            "It's time to act.'\n"
            "Critics called the Smiths' plan 'a recipe for delay' on Monday.\n")
    qs = run(body)
    q = by_text(qs, "We won't let")
    assert q.text.endswith("It's time to act.") and q.speaker == "Sarah Okafor"
    assert by_text(qs, "a recipe for delay").speaker == "Critics"


def test_name_in_apposition_or_after_a_title_run(run):
    body = ("“The cups taste amazing,” one of the founders of the company, Brandy Wright, said.\n"
            "Brand Manager at KFC Jocelyn Bynoe said: “We have been experimenting with edible packaging.”\n")
    qs = run(body)
    assert by_text(qs, "The cups taste").speaker == "Brandy Wright"
    assert by_text(qs, "We have been experimenting").speaker == "Jocelyn Bynoe"


def test_pronoun_skips_a_person_of_the_other_gender(run):
    body = ("Kenneth Park, 15, greets Ida Mitchell with a handshake. He has built a sensor for her.\n"
            "“I made this sock for you,” Park says.\n"
            "“Oh really?” Ida asks. Ida taps her slippers.\n"
            "“Thank you,” he says.\n")
    qs = run(body)
    assert by_text(qs, "Oh really").speaker == "Ida Mitchell"
    assert by_text(qs, "Thank you").speaker == "Kenneth Park"


def test_double_quotes_typed_as_two_single_marks(run):
    # a newspaper CMS style: ‘‘...’’ and “...’’ for double quotes
    body = ("Though it tries too hard, the new “Evil Dead’’ is less funny than the original, the critic wrote.\n"
            "‘‘It is the goriest film of the year,’’ said Ann Lee, a reviewer for the paper. "
            "The studio’s chief said it had “no plans’’ for a sequel.\n")
    qs = run(body)
    q = by_text(qs, "It is the goriest film")
    assert q.speaker == "Ann Lee" and q.text.rstrip(",") == "It is the goriest film of the year"
    assert not any("less funny" in q.text or "reviewer for the paper" in q.text for q in qs)


# ---------------------------------------------------------------- issue 16: PolNeAR-driven behaviour


def test_nyt_two_apostrophe_quotes(run):
    body = ("''We finally may be seeing some wage acceleration,'' the economist Jared Bernstein said.\n"
            "''The reason he has been so successful is that he built coalitions, '' said Mr. Gunnels, an aide.\n"
            "''Can we win Illinois?'' Mr. Manafort asked. ''I don't know. But we can make her spend money there.''\n")
    qs = run(body)
    assert by_text(qs, "We finally may be").speaker == "Jared Bernstein"
    assert by_text(qs, "The reason he has").speaker == "Gunnels"
    assert by_text(qs, "Can we win Illinois").speaker == "Manafort"  # not a title, and not the sentence before
    assert by_text(qs, "I don't know").speaker == "Manafort"


def test_short_quote_a_cue_verb_attributes_is_kept(run):
    body = ("On Twitter, former Florida Gov. Jeb Bush called Trump “unhinged.”\n"
            "Florida Sen. Marco Rubio says Obama is “obsessed” with the Second Amendment.\n"
            "He has embraced an “America First” philosophy, and what critics call “grassy knoll” theories.\n")
    qs = run(body)
    assert by_text(qs, "unhinged").speaker == "Jeb Bush"
    assert by_text(qs, "obsessed").speaker == "Marco Rubio"
    assert not any(q.text.startswith(("America First", "grassy")) for q in qs)  # terms modifying a noun


def test_sign_off_and_label_attributions(run):
    body = ("The campaign posted a message on Friday.\n"
            "“We will never give up on this country and its people.” ― Hillary Clinton\n"
            "Two candidates weighed in.\n"
            "Clinton: “Our goal is not to deter or contain ISIS, but to defeat it.” Bush: “The mission is to win.”\n")
    qs = run(body)
    assert by_text(qs, "We will never give up").speaker == "Hillary Clinton"
    assert by_text(qs, "Our goal is not").speaker == "Hillary Clinton"
    assert by_text(qs, "The mission is").speaker == "Bush"


def test_cue_verbs_from_the_lexicon(run):
    body = ("“Quiet down and let me finish my answer, please,” Jeb Bush demanded.\n"
            "“That is simply not what happened on the night,” Rubio interjected.\n")
    qs = run(body)
    assert by_text(qs, "Quiet down").speaker == "Jeb Bush"
    assert by_text(qs, "That is simply").speaker == "Rubio"


def test_junk_and_cue_word_speakers(run):
    body = ("5:45 p.m.\n"
            "Vermont Sen. Bernie Sanders says “the wind is at our backs” despite his loss.\n"
            "“If they did, they should be held accountable,” Sen. Chuck Schumer (D-N.Y.) said Tuesday.\n"
            "Said Kate Smith, a local teacher: “We were never told about the plan at all.”\n")
    qs = run(body)
    assert by_text(qs, "the wind is at our backs").speaker == "Bernie Sanders"
    assert by_text(qs, "If they did").speaker == "Chuck Schumer"
    assert by_text(qs, "We were never told").speaker == "Kate Smith"
    assert not any(q.speaker and any(ch.isdigit() for ch in q.speaker) for q in qs)


def test_description_keeps_its_name_or_its_tail(run):
    body = ("“It may have been his first attempt at a statement,” said his best friend from college, Bruce Turry.\n"
            "“It is going to be a close election this year,” said a demographer at Emory University.\n")
    qs = run(body)
    assert by_text(qs, "It may have been").speaker == "Bruce Turry"
    assert by_text(qs, "It is going to be").speaker == "a demographer at Emory University"


def test_curly_quote_inside_straight_quote_and_misused_marks(run):
    body = ("Caddell continued:\n"
            "\"The numbers are striking, and I will read you the question: “Do you think her health matters "
            "to voters this year?” Forty-three said yes.\"\n"
            "Getty Images.\n"
            "”Fear. I am truly afraid of what the next four years will bring to this country.” ― Edwin G. Monroy\n")
    qs = run(body)
    outer = by_text(qs, "The numbers are striking")
    assert outer.text.endswith("Forty-three said yes.")  # the inner “...” does not end the outer quote
    assert outer.speaker == "Caddell"  # the paragraph before hands over with a colon
    fear = by_text(qs, "Fear. I am truly afraid")  # ” typed for “ at the start of a paragraph
    assert fear.speaker == "Edwin G. Monroy"


def test_sign_off_names_the_recogniser_misses(run):
    body = ("Readers sent us their thoughts.\n"
            "“He has spread hate and ignorance across the whole country this year.” ― Nell Carden Grey\n"
            "“Our identities are rooted in America and nobody can take that away.” ― Julie A. Diaz Martinez.\n")
    qs = run(body)
    assert by_text(qs, "He has spread hate").speaker == "Nell Carden Grey"
    assert by_text(qs, "Our identities are rooted").speaker == "Julie A. Diaz Martinez"


def test_party_labels_possessors_and_put_it(run):
    body = ("\"He would be a great senator. One of the brightest members of the entire Congress,\" Rep. Elijah E. "
            "Cummings (D-Md.) said in a phone interview.\n"
            "“That was outrageous and he should apologize for it,” Obama's former campaign strategist said.\n"
            "As Ms. Simonyan put it in a statement, RT is “providing a perspective you won't get elsewhere.”\n")
    qs = run(body)
    assert by_text(qs, "He would be a great senator").speaker == "Elijah E. Cummings"
    assert "Obama" != by_text(qs, "That was outrageous").speaker  # the possessor is not the speaker
    assert "strategist" in by_text(qs, "That was outrageous").speaker
    assert by_text(qs, "providing a perspective").speaker == "Simonyan"


def test_quote_after_a_sentence_that_reports_a_person(run):
    body = ("The administration is weighing its options, Schiff said. \"The other factor may be the appearance "
            "of tipping the scales in the election.\"\n"
            "Late Saturday, the Security Council issued a statement calling the test \"a clear violation of "
            "five resolutions.\"\n")
    qs = run(body)
    assert by_text(qs, "The other factor").speaker == "Schiff"
    assert by_text(qs, "a clear violation").speaker == "the Security Council"


def test_two_people_sharing_a_surname_stay_apart(run):
    body = ("John Murphy, a lawyer for the family, spoke first on Monday. “We will appeal the ruling at once,” "
            "Murphy said.\n"
            "Mary Murphy, a lawyer for the city, disagreed with him. “The ruling was fair and it will stand,” "
            "Murphy said.\n")
    qs = run(body)
    assert by_text(qs, "We will appeal").speaker == "John Murphy"
    assert by_text(qs, "The ruling was fair").speaker == "Mary Murphy"


def test_headline_single_marks_are_not_quotes_where_the_text_uses_double(run):
    body = ("Sanders declares ‘revolution,’ ignores losses\n"
            "Bernie Sanders told supporters on Tuesday that “the political revolution is alive and well in every "
            "state,” despite his losses.\n")
    qs = run(body)
    assert not any(q.text.startswith("revolution") for q in qs)
    assert by_text(qs, "the political revolution").speaker == "Bernie Sanders"
    guardian = run("Shah said: ‘We will not let the backlog grow for another year.’\n"
                   "Campaigners said the plans were ‘cruel and unworkable’.\n")
    assert by_text(guardian, "We will not let")  # single marks throughout: British style, kept


def test_participle_after_a_person_and_one_person_described_twice(run):
    body = ("The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points ahead, you might ask?”\n"
            "The former first lady and U.S. senator said it was \"a mistake\" to use private email.\n")
    qs = run(body)
    assert by_text(qs, "Why aren’t I").speaker == "Hillary Clinton"
    assert by_text(qs, "a mistake").speaker == "The former first lady and U.S. senator"


def test_short_quotes_in_a_list_under_a_cue_verb(run):
    body = ("Cruz called Trump a \"pathological liar\" who is \"utterly amoral,\" a \"serial philanderer\" and a "
            "\"bully.\"\n")
    qs = run(body)
    for words in ("pathological liar", "utterly amoral", "serial philanderer", "bully"):
        assert by_text(qs, words).speaker == "Cruz"


@pytest.mark.issue(16)
def test_a_quote_reported_inside_what_a_named_person_said_is_theirs(run):
    body = ("City Attorney Brad Holm said in the letter that the advertisement “unmistakably and wrongfully” suggests "
            "that the city supports the campaign.\n"
            "Speaking in Detroit, Donald Trump said that Hillary Clinton once described the trade pact as “the gold "
            "standard” of trade deals.\n"
            "“We will win this state,” Clinton said on Friday.\n")
    qs = run(body)
    assert by_text(qs, "unmistakably").speaker == "Brad Holm"
    assert by_text(qs, "the gold standard").speaker == "Donald Trump"
    assert by_text(qs, "We will win").speaker == "Hillary Clinton"  # a cue after the quote: its own speaker


@pytest.mark.issue(16)
def test_a_transcript_label_opening_the_quote_is_its_speaker(run):
    body = ("Partial transcript as follows:\n"
            "\"PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of a game show. But this is "
            "America.\n"
            "\"WALLACE: But, Governor Pence, I have got to ask you about the debate.\n"
            "\"Chris Matthews: Seriously, seriously about this. Bernie says he is going to pay for it.\n"
            "\"Debate recap,\" tweeted Rubio spokesman Alex Conant. \"Clinton: 'I come from the 60s, a long time "
            "ago.'\"\n")
    qs = run(body)
    assert by_text(qs, "PENCE:").speaker == "PENCE"
    assert by_text(qs, "WALLACE:").speaker == "WALLACE"
    assert by_text(qs, "Chris Matthews:").speaker == "Chris Matthews"
    assert by_text(qs, "Clinton: 'I come").speaker == "Alex Conant"  # the tweet quotes Clinton: Conant wrote it


@pytest.mark.issue(16)
def test_a_lead_clause_the_parser_hangs_on_the_quote_and_labels_after_a_dash(run):
    body = ("Clinton defended the health law at length in the debate on Sunday night.\n"
            "Sanders delivered a snappy retort: \"No one is tearing this up. We're going to go forward.\"\n"
            "Trump's strongest states are shifting - Philip Bump: “Two weeks ago, his strongest territory had been "
            "the South.”\n"
            "VOTERS WANT INSPIRATION - Frank Newport and Jim Harter: “We found that the leadership strengths "
            "mattered most.”\n")
    qs = run(body)
    assert by_text(qs, "No one is tearing").speaker == "Sanders"
    assert by_text(qs, "Two weeks ago").speaker == "Philip Bump"
    assert by_text(qs, "We found that").speaker == "Frank Newport and Jim Harter"


@pytest.mark.issue(16)
def test_a_described_source_keeps_the_words_that_say_who_it_is(run):
    body = ("“The drop we are seeing now is directly attributable to the emails,” said a person close to the "
            "Clintons.\n"
            "A source involved in the super PAC's creation said the group would “attack only Clinton.”\n")
    qs = run(body)
    assert by_text(qs, "The drop we are").speaker == "a person close to the Clintons"
    assert by_text(qs, "attack only").speaker == "A source involved in the super PAC's creation"


@pytest.mark.issue(16)
def test_cue_verbs_of_worrying_and_referring_from_the_data_file(run):
    body = ("After the Great Recession, Paul Ryan worried that the safety net was becoming “a hammock that lulls "
            "able-bodied people to lives of dependency.”\n"
            "In the hearing, Gowdy referenced an inspector general's report that “less than one percent of State "
            "Department emails” were captured.\n")
    qs = run(body)
    assert by_text(qs, "a hammock").speaker == "Paul Ryan"
    assert by_text(qs, "less than one percent").speaker == "Gowdy"


@pytest.mark.issue(16)
def test_a_pronoun_goes_to_a_surname_the_tagger_took_for_a_word(run):
    body = ("Donald Trump spoke to supporters in Florida on Monday.\n"
            "Senate leader Mitch McConnell said he had spoken with the candidate about the violence.\n"
            "The supporter was later charged with assault. Trump at the time said he’d asked his “people” to “look "
            "into” paying the fees.\n"
            "On ABC’s “Good Morning America” Tuesday, he said, “I never said I was going to pay for fees.”\n")
    qs = run(body)
    assert by_text(qs, "I never said").speaker == "Donald Trump"


@pytest.mark.issue(16)
def test_phrasal_cue_verbs_need_their_particle(run):
    body = ("Sanders attacked her ties to a super PAC on Thursday.\n"
            "Clinton fired back that the “people of New York voted for me twice” for the Senate.\n"
            "The senator was fired in 1990 after a dispute over “improper conduct.”\n")
    qs = run(body)
    assert by_text(qs, "people of New York").speaker == "Clinton"
    assert not any(q.text.startswith("improper conduct") for q in qs)  # "fire" alone is no cue: a term


@pytest.mark.issue(16)
def test_a_comma_lead_into_a_quote_opening_with_an_editors_bracket(run):
    body = ("Filippo Grandi, the United Nations High Commissioner for Refugees, reacted skeptically to the deal, "
            "“[I am] concerned about any agreement that involves blanket return of all individuals.”\n")
    qs = run(body)
    assert by_text(qs, "[I am] concerned").speaker == "Filippo Grandi"
