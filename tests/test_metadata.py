"""Metadata found by eventwire.clean in headers, datelines, bylines and footers of varied outlets.

The texts are written for these tests (other outlets and formats than the sample articles), so
they check general rules, not the samples.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.clean import clean, outlet_country
from eventwire.model import Document, Metadata

TODAY = date(2026, 11, 24)
LEAD = ("Officials said on Monday that talks would continue next week, after a night of shelling "
        "damaged several houses in the border district.")


def run(text: str, **meta: str) -> object:
    doc = Document(name="t.txt", source="t.txt", fmt="text", raw_text=text,
                   meta=Metadata(**meta))  # type: ignore[arg-type]
    return clean(doc, today=TODAY)


def test_ap_dateline_without_date_uses_given_published() -> None:
    a = run(f"Senate passes aid bill after long debate\n\nWASHINGTON (AP) — {LEAD}\n",
            published="2023-03-03T10:00:00Z")
    assert (a.outlet, a.dateline, a.published) == ("AP", "WASHINGTON", date(2023, 3, 3))
    assert a.title == "Senate passes aid bill after long debate"
    assert not a.text.startswith("Senate")


def test_reuters_dateline_year_from_body_and_credit_footer() -> None:
    text = (f"LONDON, March 3 (Reuters) - {LEAD}\n\nThe previous round, on Feb. 27, 2023, ended "
            "without agreement.\n\nReporting by Jane Doe; Editing by John Smith\n")
    a = run(text)
    assert (a.outlet, a.published, a.dateline) == ("Reuters", date(2023, 3, 3), "LONDON")
    assert "Reporting by" not in a.text
    assert a.byline is None


def test_published_label_and_byline_with_role() -> None:
    text = ("Ceasefire collapses within hours\n\nPublished: 3 March 2023\n\n"
            f"By Jane Doe, Staff Writer\n\n{LEAD}\n")
    a = run(text)
    assert (a.published, a.byline, a.title) == (date(2023, 3, 3), "Jane Doe",
                                                "Ceasefire collapses within hours")
    assert a.text == LEAD


def test_posted_on_with_byline_in_one_line() -> None:
    a = run(f"Posted on March 3, 2023 by Jane Doe\n\n{LEAD}\n")
    assert (a.published, a.byline) == (date(2023, 3, 3), "Jane Doe")
    assert a.text == LEAD


def test_iso_timestamp_line() -> None:
    a = run(f"Drone strike hits fuel depot\n2023-03-03T09:15:00+02:00\n\n{LEAD}\n")
    assert a.published == date(2023, 3, 3)
    assert a.title == "Drone strike hits fuel depot"


def test_by_the_way_is_not_a_byline() -> None:
    text = f"{LEAD}\n\nBy the way, the talks had already failed twice before.\n"
    a = run(text)
    assert a.byline is None
    assert "By the way" in a.text


def test_uppercase_sign_off_takes_table_casing() -> None:
    a = run(f"{LEAD}\n\nThe talks resume on Friday.\n\n— REUTERS\n")
    assert a.outlet == "Reuters"
    assert "REUTERS" not in a.text


def test_masthead_with_place_and_date_line() -> None:
    text = (f"The Kyiv Independent | Ukraine\n\nPower cuts follow missile barrage\n\n"
            f"March 3, 2023\n\n{LEAD}\n")
    a = run(text)
    assert (a.outlet, a.published, a.title) == ("The Kyiv Independent", date(2023, 3, 3),
                                                "Power cuts follow missile barrage")


def test_url_domain_gives_outlet() -> None:
    a = run(f"{LEAD}\n", url="https://www.aljazeera.com/news/2023/3/3/example")
    assert a.outlet == "Al Jazeera"
    assert outlet_country("Al Jazeera") == "QAT"


def test_handle_without_name_in_text_becomes_readable() -> None:
    a = run(f"{LEAD}\n\n---\n\nFollow us on Twitter @HarborTimes\n")
    assert a.outlet == "Harbor Times"
    assert "Follow us" not in a.text and "---" not in a.text


def test_given_metadata_wins() -> None:
    a = run(f"KYIV, March 3 (Reuters) - {LEAD}\n", outlet="Given Outlet", byline="A. Writer",
            title="Given title", published="2020-01-02")
    assert (a.outlet, a.byline, a.title, a.published) == ("Given Outlet", "A. Writer", "Given title",
                                                          date(2020, 1, 2))
    assert {s.how for s in a.meta_sources} == {"given", "dateline"}


def test_dateline_just_after_new_year() -> None:
    text = f"KYIV, Jan 2 (Reuters) - {LEAD}\n\nThe strikes began on Dec. 30, 2022, officials said.\n"
    assert run(text).published == date(2023, 1, 2)


def test_page_stamp_later_than_article_date_is_ignored() -> None:
    text = (f"Monday May 6 2024\n\nPort city shelled again\n\n12 April 2022 09:10 (UTC+03:00)\n"
            f"Port city shelled again\n\nBy Ivan Petrenko\n\n{LEAD}\n")
    a = run(text)
    assert (a.published, a.byline, a.title) == (date(2022, 4, 12), "Ivan Petrenko",
                                                "Port city shelled again")
    assert "Port city shelled again" not in a.text


def test_ministry_press_release_names_institution() -> None:
    text = ("Ukraine's Defence Ministry reports results of the week\n\n"
            "On 3 March 2023, the ministry published its weekly summary of operations.\n")
    a = run(text)
    assert (a.outlet, a.published) == ("Ministry of Defence of Ukraine", date(2023, 3, 3))


def test_copyright_year_dates_a_dateline_and_names_outlet() -> None:
    text = f"PARIS, May 5 — {LEAD}\n\n© 2019 Harbor Times. All rights reserved.\n"
    a = run(text)
    assert (a.published, a.outlet) == (date(2019, 5, 5), "Harbor Times")


def test_byline_with_outlet_after_bar_and_uppercase_names() -> None:
    a = run(f"Convoy ambushed near border\n\nBy JANE DOE | Reuters\n\n{LEAD}\n")
    assert (a.byline, a.outlet) == ("Jane Doe", "Reuters")


@pytest.mark.parametrize("line", ["Share this", "Read more", "Related Articles", "administrator",
                                  "Subscribe to our newsletter for daily updates",
                                  "We use cookies to improve your experience."])
def test_prompts_never_become_metadata(line: str) -> None:
    a = run(f"{line}\n\n{LEAD}\n")
    assert a.title is None and a.outlet is None and a.byline is None
    assert a.text == LEAD


@pytest.mark.parametrize(("lead", "outlet", "published"), [
    ("MOSCOW, September 14. /TASS/. The ministry said on Wednesday", "TASS", date(2022, 9, 14)),
    ("YEREVAN, SEPTEMBER 14, ARMENPRESS. The ministry said on Wednesday", "Armenpress",
     date(2022, 9, 14)),
    ("BEIJING, Sept. 14 (Xinhua) -- The ministry said on Wednesday", "Xinhua", date(2022, 9, 14)),
    ("KYIV, Ukraine (AP) — The ministry said on Wednesday", "AP", None),
])
def test_wire_dateline_styles(lead: str, outlet: str, published: date | None) -> None:
    text = f"{lead} that the fighting of Sept. 12, 2022 had stopped.\n"
    a = run(text)
    assert (a.outlet, a.published) == (outlet, published)


def test_section_label_and_relative_stamp_above_headline() -> None:
    text = ("World\n\nUpdated 2 hours ago\n\nShelling resumes near the border\n\n"
            f"Author: Jane Doe\n\n{LEAD}\n\nSource: Al Jazeera and news agencies\n")
    a = run(text)
    assert (a.title, a.byline, a.outlet) == ("Shelling resumes near the border", "Jane Doe",
                                             "Al Jazeera")
    assert a.text == LEAD


def test_crawl_stamp_contradicting_the_dateline_is_ignored() -> None:
    text = (f"Saturday June 22 2024\n\nTruce talks stall\n\nKYIV, April 4 (Reuters) - {LEAD} "
            "The offensive began on Feb. 24, 2022.\n")
    assert run(text).published == date(2022, 4, 4)


def test_author_handle_is_not_the_outlet() -> None:
    a = run(f"{LEAD}\n\nFollow the author on Twitter: @JaneDoeWrites\n")
    assert a.outlet is None and a.text == LEAD


def test_standfirst_and_topic_label_around_headline() -> None:
    text = ("Russia-Ukraine war\nPort city shelled for a third night\n\n"
            "The attack hit an apartment building late on Friday, officials say.\n\n"
            f"Published On 16 Jun 2023\n\n{LEAD}\n\nSource: Al Jazeera and news agencies\n")
    a = run(text)
    assert (a.title, a.published, a.outlet) == ("Port city shelled for a third night",
                                                date(2023, 6, 16), "Al Jazeera")
    assert a.text == LEAD
    title_source = next(s for s in a.meta_sources if s.field == "title")
    assert title_source.span is not None and title_source.span.text == a.title


def test_reuters_dateline_without_place_and_credit_lines() -> None:
    text = ("Strike kills 11 in central city\n\nBy Jane Doe and John Roe\n\n"
            "June 13 (Reuters) - A missile hit a building, officials said on Tuesday.\n\n"
            "Reporting by Jane Doe; Editing by John Roe\n\nOur Standards: The Trust Principles.\n")
    a = run(text)
    assert (a.outlet, a.byline, a.published) == ("Reuters", "Jane Doe and John Roe",
                                                 date(2023, 6, 13))
    assert a.text.startswith("June 13 (Reuters)") and "Editing" not in a.text


@pytest.mark.parametrize(("line", "outlet", "byline"), [
    ("By AFP", "AFP", None), ("Written by Staff Reporter", None, None),
    ("By Jane Doe, Reuters", "Reuters", "Jane Doe")])
def test_bylines_naming_outlets_or_roles(line: str, outlet: str | None, byline: str | None) -> None:
    a = run(f"Clashes leave dozens dead\n\n{line}\n\n{LEAD}\n")
    assert (a.outlet, a.byline) == (outlet, byline)


def test_dash_signed_quote_is_not_an_outlet() -> None:
    a = run(f"{LEAD}\n\n\u2014 John Smith\n")
    assert a.outlet is None


def test_copyright_with_repeated_marks() -> None:
    a = run(f"{LEAD}\n\n\u00a9 Copyright 2020 Harbor Times\n")
    assert a.outlet == "Harbor Times"


@pytest.mark.parametrize(("sentence", "outlet"), [
    ("Shelling resumed overnight, Harbor Times reports, citing residents.", "Harbor Times"),
    ("Shelling resumed overnight, Azerbaijan's Defense Ministry reported.", None),
    ("Shelling resumed overnight, the General Staff reported.", None),
    ("Shelling resumed overnight, Ukraine reported.", None),
])
def test_in_text_reports_attribution(sentence: str, outlet: str | None) -> None:
    assert run(f"{sentence}\n\n{LEAD}\n").outlet == outlet


@pytest.mark.parametrize(("stamp", "published"), [
    ("13:21, 13.09.22", date(2022, 9, 13)),
    ("SEP 13, 2022 - 4:05 PM GMT+3", date(2022, 9, 13)),
    ("Published 4:50 PM UTC, September 13, 2022", date(2022, 9, 13)),
    ("13 September, 2022 16:21", date(2022, 9, 13)),
])
def test_stamp_formats(stamp: str, published: date) -> None:
    a = run(f"Border clashes resume overnight\n\n{stamp}\n\n{LEAD}\n")
    assert (a.published, a.title) == (published, "Border clashes resume overnight")
    assert a.text == LEAD


def test_outlet_staff_byline() -> None:
    a = run(f"Border clashes resume overnight\n\nBy Harbor Staff\n\n{LEAD}\n")
    assert (a.byline, a.outlet) == (None, "Harbor")


def test_teaser_dates_do_not_date_the_article() -> None:
    text = (f"KYIV, April 4 (Reuters) - {LEAD} The offensive began on Feb. 24, 2022.\n\n"
            "More paragraphs follow about the situation on the ground.\n\n"
            "Related Articles\nTalks on Jan. 5, 2023 end without a deal\n")
    assert run(text).published == date(2022, 4, 4)


def test_byline_after_dateline_on_the_same_line() -> None:
    text = ("Militia and police clash on the border road\n\n"
            "TBILISI, Mar 4 (Caucasus Courier) — By Ana Beridze\n\n"
            f"{LEAD} The patrol returned on Sunday.\n\nThe road was closed on Feb. 27, 2022.\n")
    a = run(text)
    assert (a.outlet, a.byline, a.dateline) == ("Caucasus Courier", "Ana Beridze", "TBILISI")
    assert a.published == date(2022, 3, 4)


def test_publisher_city_date_line_names_the_publisher_not_the_city() -> None:
    text = (f"Flooded camps: our clinics treat hundreds after the rains\n\n"
            f"Northern Relief Collective | Maiduguri | 12 August 2024\n\n{LEAD}\n")
    a = run(text)
    assert (a.outlet, a.published) == ("Northern Relief Collective", date(2024, 8, 12))
    assert a.title == "Flooded camps: our clinics treat hundreds after the rains"


def test_masthead_line_above_the_headline_is_the_outlet() -> None:
    text = (f"12 March 2025\n\nAndes Ledger Today\n\nRebels ambush patrol in the highlands; two soldiers "
            f"wounded\n\n{LEAD}\n")
    assert run(text).outlet == "Andes Ledger Today"
    text = (f"12 March 2025\n\nPacific Lantern\n\nRebels ambush patrol in the highlands; two soldiers "
            f"wounded\n\n{LEAD}\n")
    assert run(text).outlet == "Pacific Lantern"


@pytest.mark.parametrize("label", ["Middle East", "Sudan war", "Israel-Gaza War", "Live Updates"])
def test_section_and_topic_labels_above_the_headline_are_not_outlets(label: str) -> None:
    text = f"{label}\n\nRebels ambush patrol in the highlands; two soldiers wounded\n\n12 March 2025\n\n{LEAD}\n"
    assert run(text).outlet is None
