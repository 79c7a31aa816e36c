"""Settings: storyweave's tuned values in one place, as frozen groups, each value with its help text and the
benchmark that calibrated it.

    Settings()                          the defaults (what every figure in the README was measured with)
    load(path=None, environ=None, flags=None) -> Settings
                                        defaults < settings file (TOML) < STORYWEAVE_* environment < flags
    digest(settings) -> "sha256:..."    what Report.provenance["settings"] records
    to_toml(settings) -> str            the settings as a file `load` reads, every value with its help as a comment
    rows(settings) -> [(key, value, help, calibrated)]

Groups (one per stage or interface, Settings.<group>): pipeline, clean, annotate, cluster, align, synthesize, web,
batch, fetch. pipeline.py hands each stage its own group and nothing else; no stage reads the environment itself.

The settings file is TOML with one table per group:

    [cluster]
    k_candidates = 30
    [batch]
    shard_rows = 32

The environment: STORYWEAVE_<GROUP>_<FIELD>, e.g. STORYWEAVE_BATCH_SHARD_ROWS=32 (values parsed as the field's
type; booleans 1/0, true/false, yes/no, on/off); STORYWEAVE_SETTINGS names the settings file when no path is
given. Flags: {"group.field": value} (the command line's own options and `--set group.field=value`). A key that
names a group but no field of it is an error (errors.SettingsError), so a typo never passes silently; STORYWEAVE_*
variables that name no group (STORYWEAVE_TOKEN, STORYWEAVE_REQUIRE_SERVICES) are not settings and are ignored.

A value's `calibrated` note says which benchmark set it; change it only with that benchmark re-run.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from storyweave.errors import SettingsError

ENV_PREFIX = "STORYWEAVE_"
FILE_ENV = "STORYWEAVE_SETTINGS"
# older variables that name one setting
ENV_ALIASES = {"STORYWEAVE_EMBED_CACHE": "cluster.embed_cache"}


def setting(default: Any, help: str, calibrated: str = "") -> Any:
    """One tuned value: its default, what it does, and how it was set (the benchmark and what it showed)."""
    return field(default=default, metadata={"help": help, "calibrated": calibrated})


# ---------------------------------------------------------------- groups


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineSettings:
    """The orchestrator (pipeline.py): reading limits and how the language analysis is batched."""

    max_input_mb: int = setting(50, "skip (and report) any single input larger than this many MB (CLI --max-mb)")
    annotate_chunk: int = setting(16, "documents per spaCy pass in one process")
    parallel_chunk: int = setting(256, "documents per spaCy pass when it runs in several processes (each pass forks "
                                  "them anew)")
    n_process: int = setting(0, "processes spaCy runs in; 0 chooses: two from parallel_min documents on, from the "
                             "main thread only (a Ray worker runs one: Ray already runs blocks side by side)",
                             "on 2 quiet cores two processes read 14.0 Multi-News reports per second against 8.8 "
                             "for one (300 reports, CPU +7 %); at load 5 they were not faster (32.1-32.5 s against "
                             "29.9-30.1 s on 200) (bench/throughput.py --parts analyse --n 300 --n-process 1|2)")
    parallel_min: int = setting(64, "with n_process 0, documents from which two processes are used",
                                "bench/throughput.py --parts analyse (see n_process)")


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanSettings:
    """Cleaning (clean/): body versus clutter, title, origin evidence. clean.clean(raw, settings=...) hands the
    group to every function that uses one of these (clean/text.py, clean/meta.py, clean/__init__.py, clean/html.py);
    the stage keeps no copies of them."""

    title_min_words: int = setting(2, "shortest headline candidate, in words (clean/meta.py)")
    title_max_words: int = setting(30, "longest headline candidate, in words (clean/meta.py)")
    headline_over_dek: float = setting(4.0, "score of a headline-shaped unit over a dek (clean/meta.py)")
    title_distance_penalty: float = setting(0.75, "per unit between a candidate headline and the first body "
                                            "paragraph (clean/meta.py)")
    footer_byline_reach: int = setting(4, "units after the body read for sign-off bylines (clean/__init__.py)")
    byline_origin: float = setting(3.0, "strength of a byline as origin evidence (credits give 1..6)")
    dateline_origin: float = setting(4.5, "strength of a dateline as origin evidence: above a site's copyright "
                                     "footer (4), the dateline signs the story itself",
                                     "origins on 323 labelled Multi-News reports (bench/origins.py)")
    photo_origin: float = setting(0.5, "strength of a photo credit as origin evidence")
    dateline_reach: int = setting(3, "paragraphs of the body read for a dateline")
    witness_origin: float = setting(1.5, "strength of 'a Reuters witness said' as origin evidence")
    contributor_origin: float = setting(2.0, "strength of 'AP writer X contributed to this report'")
    house_credit_origin: float = setting(1.5, "strength of an outlet's house sign-off ('Writing by ...; Editing by')")
    clutter_score: float = setting(-20.0, "score of a unit a header/footer pattern matched (clean/text.py)",
                                   "the four seeds and 60 random Multi-News articles read (bench/clean_check.py)")
    inline_clutter_score: float = setting(-4.0, "score of clutter that also sits inside articles (caption, embed, "
                                          "related link, promo)", "as clutter_score")
    non_english_ratio: float = setting(0.08, "share of English function words below which a text is shaped by "
                                       "punctuation only", "as clutter_score")
    short_base: float = setting(-1.5, "a short non-prose line scores short_base - short_per_word x words",
                                "as clutter_score")
    short_per_word: float = setting(0.5, "see short_base",
                                    "text path on whole trafilatura-eval pages: 0.3 F1 0.8500, 0.4 0.8508, "
                                    "0.5 0.8531, 0.6 0.8520, 0.7 0.8495 (bench/extraction.py)")
    longtext_factor: float = setting(0.5, "points per word of long text without a final stop", "as clutter_score")
    after_footer_factor: float = setting(0.3, "weight of prose after a footer marker", "as clutter_score")
    footer_after_words: int = setting(50, "prose words before a footer marker from which after_footer_factor "
                                      "applies", "as clutter_score")
    max_unit_score: float = setting(120.0, "cap of one unit's score", "as clutter_score")
    barrier_before_words: int = setting(80, "a byline cuts the body off only while fewer prose words came before "
                                        "it", "as clutter_score")
    link_run: int = setting(3, "short lines in a row inside the body that are a link list", "as clutter_score")
    list_item_words: int = setting(10, "longest line counted in a link run", "as clutter_score")
    max_clutter_words: int = setting(60, "pattern rules fire only on units up to this long", "as clutter_score")
    chrome_max_words: int = setting(160, "longest site-chrome notice (widgets, web-archive banners)",
                                    "as clutter_score")
    figure_block_units: int = setting(4, "a caption is read from a credit line's block only up to this many units",
                                      "as clutter_score")


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotateSettings:
    """Language analysis (annotate/): parser guards. Part of what annotations_version digests. annotate.annotate(
    ..., settings=...) hands the group to the sentence components, the quote finder and the quantity reader."""

    short_line: int = setting(60, "a line shorter than this (characters) with no final stop is a headline, byline "
                              "or dateline: the next line starts a sentence (annotate/sentences.py)",
                              "ECB+ dev: headlines and date lines are 20-60 characters, wrapped text lines 65-80 "
                              "(bench/sentences.py)")
    max_single_quote: int = setting(600, "a single-quoted span longer than this (characters) is a run of "
                                    "apostrophes (annotate/quote_marks.py)",
                                    "quotes on PolNeAR dev (bench/polnear.py)")
    ellipsis_ratio: float = setting(20.0, "a bare number takes the unit of a neighbour at most this many times "
                                    "larger or smaller (annotate/quantities/reader.py)",
                                    "NewsQuant dev: its elliptic numbers are within 5x of their neighbour "
                                    "(bench/quantities.py)")
    max_counts_tokens: int = setting(10, "longest phrase a quantity counts, in tokens, after its noun "
                                     "(annotate/quantities/phrases.py)",
                                     "NewsQuant dev (bench/quantities.py)")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterSettings:
    """Story grouping (cluster/). The pair model (cluster/data/pair-model.json) was trained with these values: change
    one only with the model retrained (bench/ecbplus.py --part train). Every cluster function that uses one of
    these takes the group (cluster.cluster(..., settings=...), compute_features, StoryIndex)."""

    k_candidates: int = setting(20, "neighbours per report from the vector index (cluster/graph.py)",
                                "86 % of same-story pairs are within 20 (bench/cluster.py)")
    min_score: float = setting(0.2, "pairs scoring less are no edge; also the floor of a reference score",
                               "ECB+ train + Multi-News validation (bench/ecbplus.py --part train)")
    ref_top: int = setting(2, "a report's reference score is the mean of its ref_top best pair scores",
                           "ECB+ train + Multi-News validation (bench/ecbplus.py --part train)")
    days_free: int = setting(2, "reports up to this many days apart are compared as they are",
                             "bench/ecbplus.py --part quality")
    days_decay: float = setting(3.0, "beyond days_free the score decays by exp(-extra days / days_decay)",
                                "bench/ecbplus.py --part quality")
    idf_prior_docs: float = setting(100.0, "pseudo-documents in the IDF: keeps a handful of reports from cancelling "
                                    "their shared words", "the seeds stay one story (bench/ecbplus.py)")
    min_words: int = setting(20, "a report with less body text stands alone")
    exact_max: int = setting(20_000, "exact inner-product neighbour search below this many vectors, HNSW above")
    lead_words: int = setting(200, "words of title + lead the sentence embedding reads (cluster/features.py)",
                              "200 scored better than 60 on Multi-News validation (bench/cluster.py)")
    term_words: int = setting(800, "the body's first words used for the term vector",
                              "lead-600 and full text scored alike (bench/cluster.py)")
    copy_jaccard: float = setting(0.5, "estimated shingle Jaccard from which two texts are copies "
                                  "(cluster/copies.py)", "edited copies keep about 0.6-0.9 (bench/cluster.py)")
    ann_after: int = setting(500, "exact searches after which `add` builds the approximate index "
                             "(cluster/stories.py)", "bench/cluster.py --part add")
    regroup_rounds: int = setting(3, "times a regroup may pull in a neighbouring story and run again")
    parallel_min: int = setting(5_000, "reports from which text features are computed in worker processes "
                                "(cluster/__init__.py)", "bench/cluster.py --part scale")
    embed_cache: str = setting("", "a folder where lead embeddings are kept across runs (SQLite); empty: none "
                               "(cluster/features.py; also set by STORYWEAVE_EMBED_CACHE through load())")


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignSettings:
    """Cross-checking (align/): claim graph, quotes, conflicts. align.align(..., settings=...) hands the group to
    every function that uses one of these (align/facts.py, conflicts.py, figures.py, figure_links.py, quotes.py,
    entities.py, entity_merge.py, people.py); the stage keeps no copies of them. pipeline.py passes it to align
    and to the texts whose vectors a store keeps (align.facts.embedding_texts, which min_words decides)."""

    cosine_weight: float = setting(0.7, "share of the embedding cosine in the combined similarity; the rest is "
                                   "content-word overlap (align/facts.py)",
                                   "seed story + Multi-News cross-check (bench/crosscheck.py)")
    same_claim: float = setting(0.45, "combined similarity at which two sentences of different reports state "
                                "one claim", "seed story + Multi-News cross-check (bench/crosscheck.py)")
    center: float = setting(1.0, "share of the story's mean sentence vector removed before comparing",
                            "bench/crosscheck.py")
    center_min: int = setting(20, "fewer sentences than this give no stable story mean")
    member_floor: float = setting(0.38, "a member this far from its cluster's representative is split off "
                                  "(MEMBER_FLOOR)", "bench/crosscheck.py")
    near_central: float = setting(0.9, "members this close to the most central one can word the fact "
                                  "(NEAR_CENTRAL)", "bench/crosscheck.py")
    align_floor: float = setting(0.35, "mutual closest sentences of two reports at this similarity state one "
                                 "claim, for the figure checks", "bench/crosscheck.py")
    partial_claim: float = setting(0.3, "share of a claim's content words another report must hold to carry part "
                                   "of it", "summary citations (bench/crosscheck.py)")
    full_claim: float = setting(0.5, "share of a claim's content words one sentence (or two adjacent) of another "
                                "report holds that states the claim, so that a name or figure the claim adds does not "
                                "make it exclusive", "exclusives on Multi-News validation clusters 61-117 "
                                "(bench/crosscheck.py --offset 60)")
    partial_share: float = setting(0.8, "below same_claim x this, a claim has no near match in another report "
                                   "(PARTIAL_SHARE)", "bench/crosscheck.py")
    min_words: int = setting(6, "shorter sentences are headings or fragments, not claims (align/facts.py "
                             "MIN_WORDS)")
    same_context_words: int = setting(2, "shared lemmas near two numbers that make them one statement "
                                      "(align/figure_links.py)", "bench/crosscheck.py")
    same_context: float = setting(0.65, "with one shared lemma, the sentences' embedding cosine needed as well "
                                  "(SAME_CONTEXT)", "bench/crosscheck.py")
    local_window: int = setting(8, "tokens either side of a number that say what happened to what it counts "
                                "(LOCAL_WINDOW)")
    same_counted: float = setting(0.5, "embedding cosine of two counted things worded apart that are one thing "
                                  "(SAME_COUNTED)", "bench/crosscheck.py")
    about_words: int = setting(10, "words of the sentence that name a conflict when nothing counted is named "
                               "(ABOUT_WORDS)")
    window_chars: int = setting(40, "characters either side of a figure whose words tell two figures of one "
                                "sentence apart", "bench/crosscheck.py")
    lone_window: int = setting(1, "words beside them the only figures of one kind in two aligned sentences must "
                               "share", "bench/crosscheck.py")
    same_clause: float = setting(0.7, "embedding cosine of two figures' own clauses (figures masked) that state one "
                                 "claim wherever their sentences stand (align/figure_links.py)",
                                 "changed figures on Multi-News validation (bench/crosscheck.py)")
    clause_beside: int = setting(2, "words beside them that two figures paired by their clauses alone must share",
                                 "bench/crosscheck.py")
    clause_alike: float = setting(0.9, "embedding cosine of two figures' clauses worded alike ('It weighs 17 pounds' / "
                                  "'it weighs 26 pounds'): one word beside them in common is enough",
                                  "changed figures on Multi-News validation clusters 61-117 (bench/crosscheck.py "
                                  "--offset 60)")
    max_parts: int = setting(4, "figures of one sentence that can add up to another report's total ('11 military "
                             "planes, one civil aircraft' / '12 aircraft'; align/conflicts.py)",
                             "conflicts on unchanged Multi-News validation clusters 61-117, read by hand")
    apart: float = setting(10.0, "two figures this many times apart count different things (a scope, a period), "
                           "not a dispute", "conflicts on unchanged Multi-News clusters, read by hand "
                           "(bench/crosscheck.py): every real one within 3x, the spurious ones 10-60x")
    mood_after: int = setting(3, "words after a figure in its clause where a cue of asking, planning or expecting "
                              "still sets its mood ('20 years maximum'; cues before it always do)",
                              "changed figures and conflicts on Multi-News validation clusters (bench/crosscheck.py)")
    clock_margin: float = setting(0.5, "hours either side of an approximate time of day ('about 11 a.m.') it "
                                  "allows (align/clock.py)", "news rounds an approximate time to the half hour")
    conversion_rounding: float = setting(0.05, "two reports' conversions of one measure into one unit ('2,700 km "
                                         "(1,680 miles)' / '(1,700 miles)') within this share of each other are "
                                         "one conversion rounded differently", "rounding a conversion to two "
                                         "significant figures moves it by up to 5 %")
    rel_tolerance: float = setting(0.01, "values within this share of each other are one value written "
                                   "differently")
    generic_words: int = setting(3, "shared lemmas needed when what is counted is a generic noun",
                                 "bench/crosscheck.py")
    long_quote: int = setting(6, "words from which the wording alone identifies a quotation "
                              "(align/quotes.py)", "reworded quotes (bench/crosscheck.py)")
    quote_min_run: int = setting(8, "words in common that make two differently cut quotes one")
    quote_partial: int = setting(90, "rapidfuzz partial ratio of one quotation")
    quote_token_set: int = setting(92, "rapidfuzz token-set ratio of one quotation")
    quote_speaker_run: int = setting(6, "words in a row, half the shorter quotation at least, that make two "
                                     "quotations of one named person one (a wording translated or heard apart)",
                                     "reworded quotes (bench/crosscheck.py)")
    state_list_min: int = setting(5, "other states a story names for an unsure capital that is also a state "
                                  "('Washington') to be the state (align/entity_merge.py)",
                                  "80 Multi-News validation stories: the 2 where Washington was the state named 5 "
                                  "and 21 other states; 5 of the 6 where it was the capital named 2 to 4")
    dominant_ratio: int = setting(3, "a partial name ('Hansbrough') that fits several people goes to the one named "
                                  "this many times as often as each other it could be, by full-name mentions "
                                  "(align/entity_merge.py)",
                                  "ECB+ entity B-cubed F1 (bench/entities_ecb.py --split dev): dev 0.843 -> 0.862, "
                                  "train 0.810 -> 0.831 with 3 and dominant_min 3")
    dominant_min: int = setting(3, "full-name mentions the person a partial name goes to by dominant_ratio "
                                "needs at least; fewer and the partial name stays apart",
                                "ECB+ entity B-cubed F1 (bench/entities_ecb.py --split dev), set with dominant_ratio")
    variant_min_len: int = setting(5, "shortest word (letters) of a name that may be a spelling of another one or two "
                                   "edits apart (Yatseniuk / Yatsenyuk, Centre / Center); shorter surnames are too "
                                   "often other names (Lee / Lea) (align/people.py, entity_merge.py)",
                                   "ECB+ entity B-cubed F1 (bench/entities_ecb.py --split dev): person spellings "
                                   "left dev at 0.862, other names' spellings 0.862 -> 0.864; seeds 15/15")
    max_surface: int = setting(120, "longer spans are not names (the longest formal country name is 56 "
                               "characters; align/entity_merge.py, entities.py)")


@dataclass(frozen=True, slots=True, kw_only=True)
class SynthesizeSettings:
    """Summary and timeline (synthesize/): synthesize.synthesize(..., settings=...) hands the group to the summary,
    title and timeline functions."""

    summary_min: int = setting(6, "fewest summary sentences (synthesize/__init__.py)")
    summary_max: int = setting(14, "most summary sentences")
    summary_words: int = setting(250, "words of summary aimed at",
                                 "the Multi-News references average about 260 (bench/crosscheck.py ROUGE)")
    lead_weight: float = setting(8.0, "score of a report's first sentence, decaying as LEAD_SCALE / (LEAD_SCALE + "
                                 "index)", "Multi-News validation ROUGE (bench/summary.py)")
    partial_weight: float = setting(0.5, "score of each report that states part of a fact",
                                    "Multi-News validation ROUGE (bench/crosscheck.py)")
    lead_depth: int = setting(5, "sentences from a report's top that count as its lead",
                              "Multi-News validation ROUGE (bench/crosscheck.py)")
    max_words: int = setting(45, "longer sentences are left out of the summary")
    redundant: float = setting(0.5, "content-word overlap above which a candidate repeats a chosen sentence "
                               "(REDUNDANT)", "Multi-News validation ROUGE (bench/crosscheck.py)")
    dangling_window: int = setting(8, "words of a sentence's first clause searched for a connective "
                                   "(DANGLING_WINDOW)")
    title_max: int = setting(120, "characters of a title made from the summary's first sentence")
    timeline_lead_sentences: int = setting(3, "lead sentences of a report weighted for the event date "
                                           "(synthesize/timeline.py)", "bench/timeline.py")
    timeline_body_weight: float = setting(0.15, "weight of a date outside the lead",
                                          "bench/timeline.py")
    timeline_per_date: int = setting(3, "timeline entries kept for one day")
    timeline_same_event: float = setting(0.4, "content-word overlap above which two dated sentences tell one "
                                         "thing")
    timeline_max_text: int = setting(300, "characters of a timeline entry")
    recalled_years: int = setting(2, "a day this many years before the latest year written is a recalled past "
                                  "event", "Multi-News validation and ECB+ dev, read by hand")


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSettings:
    """The web app (storyweave serve)."""

    max_upload_mb: int = setting(25, "largest add request, all files together, in MB (serve --max-mb)")
    stories_per_page: int = setting(50, "stories listed per page of /")


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchSettings:
    """Scale-out (storyweave batch)."""

    shard_rows: int = setting(16, "documents per shard: small enough to spread 200 reports over 2+ workers, big "
                              "enough for one spaCy pass", "bench/batch.py (docs/scale-out.md)")
    num_cpus: int = setting(2, "CPUs of the private local Ray (ignored with --address)")


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchSettings:
    """Feeds and pages (storyweave watch): fetch.fetch_feeds / poll_once / watch / parse_interval and
    fetch.PoliteClient take the group (settings=...); the CLI's watch hands it over."""

    max_entries: int = setting(200, "feed entries read per feed and poll (fetch/__init__.py)")
    min_interval_s: float = setting(30.0, "never poll the same feeds more often than this (fetch.parse_interval)")
    robots_retry_s: float = setting(600.0, "seconds before an unreachable robots.txt is tried again "
                                    "(fetch/client.py)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every group. Frozen: derive a changed copy with load(flags=...) or dataclasses.replace."""

    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    annotate: AnnotateSettings = field(default_factory=AnnotateSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    synthesize: SynthesizeSettings = field(default_factory=SynthesizeSettings)
    web: WebSettings = field(default_factory=WebSettings)
    batch: BatchSettings = field(default_factory=BatchSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)


GROUPS: dict[str, type] = {f.name: f.default_factory for f in dataclasses.fields(Settings)}  # type: ignore[misc]
DEFAULTS = Settings()


# ---------------------------------------------------------------- reading


def _convert(group: str, name: str, value: Any, where: str) -> Any:
    """`value` as the type of the field `name` of `group` (strings parsed: they come from the environment)."""
    kind = type(getattr(getattr(DEFAULTS, group), name))
    try:
        if kind is bool:
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(value)
                return lowered in ("1", "true", "yes", "on")
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
        if kind is int:
            if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(value.strip().replace("_", "")) if isinstance(value, str) else int(value)
        if kind is float:
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value.strip()) if isinstance(value, str) else float(value)
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    except (TypeError, ValueError):
        raise SettingsError(f"{where}: {group}.{name} must be {kind.__name__}, got {value!r}") from None


def _split(key: str, where: str) -> tuple[str, str]:
    group, _, name = key.partition(".")
    cls = GROUPS.get(group)
    if cls is None:
        raise SettingsError(f"{where}: no settings group {group!r} (groups: {', '.join(GROUPS)})")
    if name not in {f.name for f in dataclasses.fields(cls)}:
        raise SettingsError(f"{where}: no setting {key!r} (the {group} group has: "
                            f"{', '.join(f.name for f in dataclasses.fields(cls))})")
    return group, name


def _apply(values: dict[str, dict[str, Any]], key: str, value: Any, where: str) -> None:
    group, name = _split(key, where)
    values.setdefault(group, {})[name] = _convert(group, name, value, where)


def read_file(path: str | Path) -> dict[str, Any]:
    """The settings a TOML file gives, as {"group.field": value}; SettingsError when it cannot be used."""
    import tomllib

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the settings file ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not a TOML settings file ({exc})") from exc
    out: dict[str, Any] = {}
    for group, table in data.items():
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: {group!r} must be a table ([{group}]) of settings")
        for name, value in table.items():
            out[f"{group}.{name}"] = value
    return out


def from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The settings the environment gives, as {"group.field": text}: STORYWEAVE_<GROUP>_<FIELD> for every known
    group (ENV_ALIASES too); other STORYWEAVE_* variables are not settings."""
    out: dict[str, str] = {}
    for var, value in environ.items():
        if var in ENV_ALIASES:
            out.setdefault(ENV_ALIASES[var], value)
            continue
        if not var.startswith(ENV_PREFIX) or var == FILE_ENV:
            continue
        rest = var[len(ENV_PREFIX):].lower()
        for group in GROUPS:
            if rest.startswith(group + "_"):
                out[f"{group}.{rest[len(group) + 1:]}"] = value
                break
    return out


def load(path: str | Path | None = None, *, environ: Mapping[str, str] | None = None,
         flags: Mapping[str, Any] | None = None) -> Settings:
    """The settings in force: defaults, then the file (`path`, else $STORYWEAVE_SETTINGS), then STORYWEAVE_*
    variables of `environ` (default os.environ), then `flags` ({"group.field": value}; None values are ignored,
    so a flag not given leaves the value below it)."""
    environ = os.environ if environ is None else environ
    values: dict[str, dict[str, Any]] = {}
    path = path or environ.get(FILE_ENV) or None
    if path:
        for key, value in read_file(path).items():
            _apply(values, key, value, str(path))
    for key, value in from_environ(environ).items():
        var = next((v for v, k in ENV_ALIASES.items() if k == key and v in environ), None)
        _apply(values, key, value, var or ENV_PREFIX + key.replace(".", "_").upper())
    for key, value in (flags or {}).items():
        if value is not None:
            _apply(values, key, value, "flag")
    return Settings(**{group: dataclasses.replace(getattr(DEFAULTS, group), **changed)
                       for group, changed in values.items()}) if values else DEFAULTS


def parse_assignments(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`--set group.field=value` options -> {"group.field": "value"}; SettingsError for one without '='."""
    out: dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq:
            raise SettingsError(f"--set {item!r}: expected GROUP.FIELD=VALUE")
        _split(key.strip(), "--set")
        out[key.strip()] = value.strip()
    return out


# ---------------------------------------------------------------- writing


def as_dict(settings: Settings) -> dict[str, dict[str, Any]]:
    return {group: dataclasses.asdict(getattr(settings, group)) for group in GROUPS}


def digest(settings: Settings = DEFAULTS) -> str:
    """A short fingerprint of every value: two runs with the same digest ran with the same settings."""
    text = json.dumps(as_dict(settings), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def rows(settings: Settings = DEFAULTS) -> list[tuple[str, Any, str, str]]:
    """(group.field, value, help, calibrated) of every setting, group by group."""
    out = []
    for group in GROUPS:
        values = getattr(settings, group)
        for f in dataclasses.fields(values):
            out.append((f"{group}.{f.name}", getattr(values, f.name), f.metadata["help"], f.metadata["calibrated"]))
    return out


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def to_toml(settings: Settings = DEFAULTS) -> str:
    """The settings as a file `load` reads back to the same values, each with its help and calibration."""
    lines = [f"# storyweave settings ({digest(settings)}); see storyweave/settings.py", ""]
    for group in GROUPS:
        values = getattr(settings, group)
        doc = " ".join((type(values).__doc__ or "").split())
        lines += [f"# {doc}", f"[{group}]"]
        for f in dataclasses.fields(values):
            lines.append(f"# {f.metadata['help']}")
            if f.metadata["calibrated"]:
                lines.append(f"#   calibrated: {f.metadata['calibrated']}")
            lines.append(f"{f.name} = {_toml_value(getattr(values, f.name))}")
        lines.append("")
    return "\n".join(lines)


__all__ = ["Settings", "PipelineSettings", "CleanSettings", "AnnotateSettings", "ClusterSettings", "AlignSettings",
           "SynthesizeSettings", "WebSettings", "BatchSettings", "FetchSettings", "GROUPS", "DEFAULTS", "load",
           "digest", "rows", "to_toml", "read_file", "from_environ", "parse_assignments", "as_dict"]
