"""Tests of the generic body rules: container choice, edge furniture, split bodies,
standfirsts, teaser paragraphs and CJK word counts. Small hand-written pages only."""

from __future__ import annotations

import pytest

from newscrawl import extract
from newscrawl.extraction import body, classify, clean, line_cleaning
from newscrawl.extraction.tree import inline_text, parse_html
from newscrawl.normalize import word_count

URL = "https://news.example.com/2024/05/02/story"
SENTENCES = [
    "The council approved the new harbour budget on Tuesday after a debate that lasted most of the night.",
    "Supporters said the plan would protect jobs at the port and bring more ferries to the island towns.",
    "Opponents argued that the dredging would harm the wetlands north of the city and asked for a new study.",
    "The mayor said construction could start next spring if the national agency signs off on the permits.",
    "Residents who spoke at the meeting were split, with fishermen largely in favour and hikers against it.",
    "A final vote on the second phase of the project is expected before the summer holidays begin in July.",
]


def paragraphs(sentences=SENTENCES) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def page(inner: str, head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><title>Harbour budget approved</title>{head}</head>'
            f"<body><header><nav><a href='/'>Home</a><a href='/world'>World</a><a href='/sport'>Sport</a></nav></header>"
            f"{inner}<footer><p>© News Example</p></footer></body></html>")


def text_of(html: str) -> str:
    article = extract(html, URL)
    assert article is not None
    return article.text


# ---------------------------------------------------------------------------- words


def test_cjk_text_counts_character_pairs_as_words():
    japanese = "先日、不正に改造した携帯電話を販売したとして、商標法違反の疑いで男性が逮捕されたというニュースを耳にしました。" * 3
    assert len(japanese.split()) < classify.MIN_BODY_WORDS
    assert word_count(japanese) >= classify.MIN_BODY_WORDS
    assert word_count("one two three") == 3
    assert word_count("iPhone を販売する") == 1 + 2  # one latin token plus 4 CJK chars // 2


def test_short_japanese_article_is_an_article():
    sentences = ["先日、不正に改造した携帯電話を販売したとして、二十代の男性が逮捕されたというニュースを耳にしました。",
                 "報道によると、今回販売されたのは、いわゆる改造された端末で、機能制限が解除されていたとのことです。",
                 "もちろん、製造元の会社はこのような改造を認めておらず、保証の対象外になると説明しています。"]
    html = f'<html lang="ja"><head><title>t</title></head><body><article>{paragraphs(sentences)}</article></body></html>'
    article = extract(html, URL)
    assert article is not None and article.text.startswith("先日")
    assert article.word_count >= classify.MIN_BODY_WORDS


# ---------------------------------------------------------------------------- container


def test_loose_text_between_brs_is_a_body_container():
    loose = "<br>".join(SENTENCES)
    tree = parse_html(page(f'<div class="story">{loose}</div><div class="newsletter"><p>Sign up now.</p></div>'))
    main = clean.main_container(tree)
    assert main.get("class") == "story"


def test_itemprop_article_body_is_the_container_even_when_link_heavy_around():
    related = "".join(f'<a href="/n/{i}">Breaking: another headline number {i} today</a>' for i in range(12))
    html = page(f'<div class="left-side"><h1>Harbour budget approved</h1>'
                f'<div itemprop="articleBody">{"<br>".join(SENTENCES)}</div>{related}</div>')
    text = text_of(html)
    assert SENTENCES[0] in text and SENTENCES[-1] in text
    assert "another headline" not in text


def test_cookie_notice_is_never_the_body_container():
    notice = '<div class="privacy-consent"><p>' + " ".join(["We use cookies to improve your experience."] * 20) + "</p></div>"
    tables = "".join(f"<table><tr><td><a href='/p/{i}'>Player {i}</a></td><td>{i} tackles, {i} sacks and a long note about the game plan</td></tr></table>" for i in range(8))
    tree = parse_html(page(f'{notice}<div class="entry-content"><p>{SENTENCES[0]}</p>{tables}</div>'))
    main = clean.main_container(tree)
    assert "consent" not in (main.get("class") or "")


def test_boilerplate_named_container_with_several_times_the_text_is_the_body():
    story = "".join(f"<p>{s} {s}</p>" for s in SENTENCES * 2)
    tree = parse_html(page(f'<blockquote class="quote">{SENTENCES[0]}</blockquote>'
                           f'<div class="rich-text-newsletter">{story}</div>'))
    main = clean.main_container(tree)
    assert main.get("class") == "rich-text-newsletter"


def test_small_boilerplate_named_block_is_not_the_body():
    tree = parse_html(page(f'<div class="newsletter">{paragraphs()}</div><div class="story">{paragraphs(SENTENCES[:4])}</div>'))
    assert clean.main_container(tree).get("class") == "story"


def test_hidden_block_holding_the_rest_of_the_story_is_kept():
    rest = "".join(f"<p>{s} {s}</p>" for s in SENTENCES)
    tree = parse_html(page(f'<div class="story"><p>{SENTENCES[0]}</p><div class="paywall" hidden>{rest}</div>'
                           f'<div class="promo-box" hidden><p>{SENTENCES[1]}</p></div></div>'))
    clean.clean_tree(tree)
    assert tree.xpath('//div[@class="paywall"]')
    assert not tree.xpath('//div[@class="promo-box"]')  # a small hidden block still goes


def test_link_list_in_the_story_is_kept_but_a_teaser_list_is_not():
    items = "".join(f'<li><a href="/docs/{i}">Harbour guide {i}</a> (pdf, two pages, updated in May)</li>' for i in range(5))
    teasers = "".join(f'<li><h3><a href="/n/{i}">Another headline {i}</a></h3></li>' for i in range(5))
    tree = parse_html(page(f'<article><div class="story">{paragraphs()}<ul class="resources">{items}</ul>'
                           f'{paragraphs()}</div><ul class="more">{teasers}</ul></article>'))
    clean.clean_tree(tree)
    assert tree.xpath('//ul[@class="resources"]')
    assert not tree.xpath('//ul[@class="more"]')


def test_block_text_reads_no_css_or_script():
    tree = parse_html('<html><body><div id="c"><table><tr><td><style>td {color: red}</style>A cell</td></tr></table>'
                      '<p>Text<script>var x = 1;</script> here</p></div></body></html>')
    assert body.block_text(tree.get_element_by_id("c")) == "A cell\nText here"


def test_link_heavy_block_with_much_prose_is_kept():
    rows = "".join(
        f"<tr><td><a href='/players/{i}'>Player Number {i} Longname</a></td><td><a href='/teams/{i}'>Team {i}</a></td></tr>"
        for i in range(40)
    )
    prose = "".join(f"<p>{s} {s}</p>" for s in SENTENCES)
    tree = parse_html(page(f'<div class="page-root">{prose}</div><div class="stats-root"><table>{rows}</table>'
                           f'<p>{" ".join(SENTENCES * 3)}</p><table>{rows}</table><table>{rows * 2}</table></div>'))
    stats = clean.compute_stats(tree)
    stats_root = tree.xpath('//div[@class="stats-root"]')[0]
    st = stats[stats_root]
    assert st.link_chars / st.chars >= clean.LINK_BLOCK_MIN_DENSITY  # link-heavy by density ...
    clean.clean_tree(tree, stats)
    assert tree.xpath('//div[@class="stats-root"]')  # ... but it holds too much prose to go
    assert not tree.xpath("//nav")


def test_boilerplate_word_next_to_a_content_marker_is_not_boilerplate():
    tree = parse_html('<div class="l-sidebar-fixed l-article-body-segment"><p>x</p></div><div class="sidebar"></div>')
    story, sidebar = tree.xpath("//div[@class]")
    assert not clean.is_boilerplate_name(story)
    assert clean.is_boilerplate_name(sidebar)


# ---------------------------------------------------------------------------- split body


def test_body_split_into_cousin_containers_around_an_ad_is_joined_in_order():
    first, second = paragraphs(SENTENCES[:3]), paragraphs(SENTENCES[3:])
    chunk = '<div class="grid"><div class="body__chunk">{}</div><aside class="rail"></aside></div>'
    html = page(f'<article><h1>Harbour budget approved</h1><div class="chunks">{chunk.format(first)}'
                f'<div class="full-bleed-ad">Ad</div>{chunk.format(second)}</div></article>')
    text = text_of(html)
    positions = [text.find(s) for s in SENTENCES]
    assert all(p >= 0 for p in positions), text
    assert positions == sorted(positions)


def test_containers_with_other_text_between_are_not_joined():
    first, second = paragraphs(SENTENCES[:3]), paragraphs(SENTENCES[3:])
    quote = "<blockquote><p>" + "A long pull quote that stands between the two parts of the story. " * 5 + "</p></blockquote>"
    html = page(f'<article><div class="g"><section class="part">{first}</section></div>{quote}'
                f'<div class="g"><section class="part">{second}</section></div></article>')
    tree = parse_html(html)
    stats = clean.compute_stats(tree)
    main = clean.main_container(tree, stats)
    merged = clean.merge_split_body(tree, main, stats)
    assert merged is main
    assert len(tree.xpath('//section[@class="part"]')) == 2


# ---------------------------------------------------------------------------- standfirst


def test_copy_of_meta_description_in_the_header_is_the_description_not_text():
    dek = "Councillors backed the plan after a marathon session, but environmental groups promise to fight on."
    html = page(f'<article><header><h1>Harbour budget approved</h1><h2 class="c-x9">{dek}</h2></header>'
                f'<div class="content">{paragraphs()}</div></article>',
                head=f'<meta name="description" content="{dek}">')
    article = extract(html, URL)
    assert article.description == dek
    assert dek not in article.text and article.text.startswith(SENTENCES[0])


def test_description_that_is_the_first_paragraph_stays_in_the_text():
    html = page(f'<article><h1>Harbour budget approved</h1><div class="content">{paragraphs()}</div></article>',
                head=f'<meta name="description" content="{SENTENCES[0]}">')
    assert text_of(html).startswith(SENTENCES[0])


# ---------------------------------------------------------------------------- teasers


def test_paragraph_that_is_one_link_is_a_teaser():
    teaser = '<p><a href="/other-story"><strong>CO-FOUNDER PROUD OF EMPLOYEES LIVING THEIR DREAM</strong></a></p>'
    html = page(f'<article>{paragraphs(SENTENCES[:3])}{teaser}{paragraphs(SENTENCES[3:])}</article>')
    text = text_of(html)
    assert "CO-FOUNDER" not in text and SENTENCES[3] in text


def test_paragraph_citing_a_source_url_stays():
    source = '<p><a href="http://example.org/report.pdf">http://example.org/annual-report-2024.pdf</a></p>'
    tree = parse_html(page(f"<article>{paragraphs()}{source}</article>"))
    clean.clean_tree(tree)
    assert tree.xpath('//a[@href="http://example.org/report.pdf"]')


def test_you_may_also_like_heading_and_its_teasers_end_the_story():
    tail = "<p>You may also like...</p><p>Who will make the Rock Hall in 2020?</p><p>Band takes over fan vote</p>"
    text = text_of(page(f"<article>{paragraphs()}{tail}</article>"))
    assert text.endswith(SENTENCES[-1])


def test_read_also_heading_followed_by_prose_keeps_the_prose():
    middle = "<p>Leggi anche</p><p>Another story headline</p>"
    text = text_of(page(f"<article>{paragraphs(SENTENCES[:3])}{middle}{paragraphs(SENTENCES[3:])}</article>"))
    assert SENTENCES[-1] in text


# ---------------------------------------------------------------------------- furniture


@pytest.mark.parametrize(
    ("line", "is_date"),
    [("August 08, 2018", True), ("segunda-feira, 22 de janeiro de 2018 às 0:13", True),
     ("19.11.2019", True), ("Nov. 19, 2019 5:00 am ET", True),
     ("2018 Jeongdong Theater Tradition Series Performance", False), ("The budget for 2025", False)],
)
def test_dateline(line, is_date):
    assert line_cleaning.is_dateline(line) is is_date


def test_furniture_is_trimmed_at_both_edges_only():
    text = "\n".join([
        "05/10/2018 - Published by: Jane Roe - Category: Health - Tags: harbour", "dredging",
        *SENTENCES,
        "Harbour Budget Approved", "News Example", "August 08, 2018", "Tags:", "harbour, council, budget",
    ])
    out = line_cleaning.strip_furniture(text, titles=("Harbour budget approved",), site_name="News Example | Daily news")
    assert out == "\n".join(SENTENCES)


def test_furniture_rules_keep_prose_with_dates_and_names():
    lines = ["On August 8, 2018 the council met again.", *SENTENCES, "By the end of the day, on 5 May 2019, it was done."]
    text = "\n".join(lines)
    assert line_cleaning.strip_furniture(text, titles=("Harbour budget approved",), site_name="News Example") == text


@pytest.mark.parametrize(
    "line",
    ["Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
     "Click here to subscribe to The Paradigm Newsletter",
     "Get Motor Cycle Monthly delivered through your letterbox every month.",
     "Sign up for the free daily newsletter.",
     "Have a tip? Amy Writer may be reached at awriter@example.com.",
     "Get the latest updates right in your inbox. Subscribe to Example.com’s newsletters."],
)
def test_calls_to_action_at_the_tail_are_dropped(line):
    assert line_cleaning.strip_furniture("\n".join([*SENTENCES, line, "Comments"])) == "\n".join(SENTENCES)


def test_call_to_action_in_the_middle_stays():
    lines = [*SENTENCES[:3], "Sign up for the free daily newsletter.", *SENTENCES[3:]]
    assert line_cleaning.strip_furniture("\n".join(lines)) == "\n".join(lines)


# ---------------------------------------------------------------------------- metadata and text


def test_double_escaped_entities_in_metadata_are_decoded():
    head = '<meta property="og:title" content="Chelsea pay &amp;#163;71.6m release clause">'
    article = extract(page(f"<article>{paragraphs()}</article>", head=head), URL)
    assert article.title == "Chelsea pay £71.6m release clause"


def test_inline_text_leaves_out_scripts():
    tree = parse_html("<html><body><div class='lead'><script>!function(n){window.cnx={}}</script>Real lead text</div></body></html>")
    assert inline_text(tree.xpath("//div")[0]) == "Real lead text"


def test_zone_abbreviations_are_understood_and_unknown_ones_do_not_warn(recwarn):
    from datetime import datetime, timezone

    from newscrawl.extraction.metadata.dates import parse_date

    assert parse_date("Nov 19, 2019 5:00 PM EST") == datetime(2019, 11, 19, 22, 0, tzinfo=timezone.utc)
    assert parse_date("Nov 19, 2019 5:00 PM XYZ") == datetime(2019, 11, 19, 17, 0, tzinfo=timezone.utc)
    assert not [w for w in recwarn if "tzname" in str(w.message)]


def test_microdata_values_written_as_elements_are_not_text():
    microdata = ('<div itemprop="datePublished">2019-11-19T08:57:40+01:00</div>'
                 '<div itemprop="keywords">harbour,council</div>'
                 '<div itemprop="publisher"><div itemprop="name">ExampleNewsDe</div></div>')
    text = text_of(page(f"<article>{microdata}{paragraphs()}</article>"))
    assert text == "\n".join(SENTENCES)
