"""A generated, multi-page sample news site for incremental-crawl (and load) tests.

    python -m tests.servers.newssite [--articles N] [--seed S]      (from the repository root)

binds 127.0.0.1 on a free port, prints exactly one line "http://127.0.0.1:PORT/" to
stdout once listening, and serves until killed or, when stdin is a pipe, until stdin
closes (tests/servers/launcher.py). Plain stdlib (no Scrapy, does not import newscrawl). All content is generated
deterministically from the seed (default 1); dates are simulated (they start on
2024-04-22 and only move forward as articles are added or updated), shown in +02:00.

Site layout (GET and HEAD; N articles, default 30, sections world/business/sport):
    /                                home: nav, section links, the latest 10 article links,
                                     tag/author/about links, footer link to /private/
    /section/<name>/                 section page 1 (8 cards: headline link + teaser)
    /section/<name>/page/<n>/        section page n >= 2 ("next"/"previous" links)
    /<yyyy>/<mm>/<slug>.html         article (yyyy/mm of publication, +02:00). Template A
                                     (even ids): JSON-LD NewsArticle + OpenGraph, body in
                                     <div class="article-body">. Template B (odd ids): only
                                     OpenGraph/article:* meta tags, lead in
                                     <div class="standfirst">, body in <section class="story-text">.
    /tag/<tag>/, /author/<author>/   listing pages (all matching articles, newest first)
    /about.html                      a short non-article page
    /private/<anything>              an article-like page; robots.txt disallows /private/
    /robots.txt                      "User-agent: *\\nDisallow: /private/\\nSitemap: <base>sitemap_index.xml\\n"
    /rss.xml                         RSS 2.0, latest 20 articles (pubDate RFC 822, atom:updated)
    /sitemap_index.xml               -> /sitemap-news.xml (every article: <lastmod> and
                                     <news:news> with news:publication_date and news:title)
                                     and /sitemap-pages.xml (home, sections, about)

Conditional GET: home, section, tag and author pages, the feed and the sitemaps send a
strong ETag (hash of the body) and Last-Modified (the site's latest change) and answer
304 to a matching If-None-Match (which, when present, wins) or If-Modified-Since.
Articles send Last-Modified = their modified time and honour If-Modified-Since.

Control API (never logged; JSON responses):
    /_control/add?n=3                add n (default 1) new, newest articles -> {"added": [...], "count": total}
    /_control/update?slug=<slug>     new text for that article, modified time bumped -> article info
                                     (404 {"error": ...} for an unknown slug)
    /_control/articles               [{"url", "path", "slug", "section", "template", "published",
                                       "modified", "version"}], newest first, absolute URLs
    /_control/log                    JSON list of the request paths (path + query) received
    /_control/log?detail=1           the same as dicts {"method", "path", "status", "not_modified"}
    /_control/log/reset              clears the log

Tests use the `NewsSite` context manager below, which starts this module through the launcher.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import html
import http.server
import json
import random
import re
import sys
import threading
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from tests.servers.launcher import QuietHandler, ServerProcess, serve

SITE_NAME = "The Sample Gazette"
TZ = timezone(timedelta(hours=2))
START = datetime(2024, 4, 22, 4, 0, tzinfo=timezone.utc)
SECTIONS = ["world", "business", "sport"]
PER_PAGE = 8
HOME_LATEST = 10
FEED_ITEMS = 20

AUTHORS = {
    "maria-keller": "Maria Keller",
    "tomas-oduya": "Tomas Oduya",
    "hannah-lindqvist": "Hannah Lindqvist",
    "rafael-moreno": "Rafael Moreno",
    "aiko-tanaka": "Aiko Tanaka",
    "daniel-brennan": "Daniel Brennan",
}

SECTION_TAGS = {
    "world": ["diplomacy", "elections", "climate", "migration", "transport"],
    "business": ["markets", "energy", "startups", "trade", "banking"],
    "sport": ["football", "tennis", "cycling", "transfers", "athletics"],
}
GENERAL_TAGS = ["analysis", "health", "technology"]

# ---------------------------------------------------------------------------- vocabulary

FIRST_NAMES = ["Anna", "Björn", "Chiara", "David", "Elena", "Farid", "Grace", "Hugo", "Ingrid",
               "Jonas", "Katarzyna", "Luis", "Mei", "Nikolai", "Olivia", "Pedro", "Ruth", "Samir",
               "Tereza", "Viktor", "Wanjiru", "Yusuf"]
LAST_NAMES = ["Almeida", "Berg", "Castellano", "Dufour", "Eriksen", "Fischer", "Gallagher",
              "Horvath", "Ibrahim", "Jansen", "Kowalski", "Lindgren", "Mensah", "Novak",
              "Okafor", "Petrov", "Quinn", "Rossi", "Schneider", "Takahashi", "Vargas", "Weber"]
PLACES = ["Lisbon", "Nairobi", "Oslo", "Montreal", "Osaka", "Valparaiso", "Gdansk", "Porto",
          "Accra", "Tallinn", "Bilbao", "Adelaide", "Rotterdam", "Cork", "Brno", "Mombasa"]
TIMES = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "over the weekend",
         "late last week", "earlier this month", "on Sunday evening", "in the early hours of Saturday"]
FUTURE_TIMES = ["by the end of the year", "within the next few months", "before the summer break",
                "in the coming weeks", "by early next year", "before the autumn"]
CONNECTORS = ["Meanwhile", "At the same time", "Separately", "Even so", "In a statement",
              "By contrast", "For now", "Privately"]
FEELINGS = ["welcomed", "greeted with caution", "reacted angrily to", "been surprised by",
            "largely shrugged off", "cautiously welcomed"]
DESCRIPTIONS = ["long overdue", "a step in the right direction", "a missed opportunity",
                "rushed and poorly explained", "a sensible compromise", "too little, too late"]
ASSESSMENTS = ["the most realistic option on the table", "a pragmatic first step",
               "affordable and overdue", "a fair balance between competing interests"]
DEBATE = ["intensified", "dragged on for months", "become increasingly bitter",
          "shifted noticeably", "spilled over into local politics"]

VOCAB = {
    "world": {
        "actors": ["The government", "Opposition leaders", "The foreign ministry", "Regional officials",
                   "The city council", "A coalition of aid groups", "The prime minister's office",
                   "Lawmakers from the ruling party"],
        "past_verbs": ["announced", "approved", "postponed", "defended", "unveiled", "rejected",
                       "signed off on", "quietly shelved"],
        "objects": ["a new coastal defence plan", "a long-delayed border agreement",
                    "an overhaul of the electoral rules", "a water-sharing treaty with its neighbours",
                    "an emergency housing package", "plans for a high-speed rail link",
                    "a ban on night flights", "a review of asylum procedures"],
        "reasons": ["after months of negotiations", "amid growing pressure from local groups",
                    "following a string of protests", "despite objections from neighbouring regions",
                    "after a narrow parliamentary vote", "in response to last winter's floods"],
        "effects": ["protect thousands of homes from flooding", "cut journey times between the two cities",
                    "ease tensions along the border", "speed up the processing of applications",
                    "bring thousands of new voters onto the rolls", "reduce pressure on overcrowded shelters"],
        "neg_effects": ["address the underlying housing shortage", "reassure communities near the coast",
                        "tackle the backlog of cases", "rebuild trust between the two capitals"],
        "roles": ["a senior diplomat", "the regional governor", "an opposition spokesperson",
                  "the deputy mayor", "a researcher at the Institute for Public Policy",
                  "the interior minister"],
        "quotes": ["We cannot afford another year of delay", "This agreement belongs to the people who live here",
                   "Nobody pretends this will be easy", "The details matter far more than the headlines",
                   "We have listened, and we have changed the plan", "Our neighbours are watching closely"],
        "stat_subjects": ["the number of registered voters", "the cost of the project",
                          "the number of pending applications", "turnout in the regional election"],
        "units": ["million", "thousand", "per cent"],
        "claims": ["the timetable remains realistic", "further talks are planned for next month",
                   "the funding has already been set aside", "the final text could still change",
                   "independent monitors will be invited to observe the process"],
        "orgs": ["the Centre for Global Affairs", "the European Policy Forum", "the national statistics office",
                 "the Harbour Institute"],
        "outcomes": ["a second round of talks", "legal challenges from several municipalities",
                     "a modest rise in turnout", "a compromise on the disputed clauses"],
        "future_actions": ["put the measure to a referendum", "publish the full text of the agreement",
                           "release the promised funding", "call an early election"],
        "events": ["the spring elections", "the collapse of the previous coalition",
                   "the storms in February", "the summit in Geneva"],
        "experience": ["spent two decades in the diplomatic service", "represented the district since 2011",
                       "led several earlier rounds of negotiations"],
        "headline_subjects": ["parliament", "government", "city council", "coalition", "ministers",
                              "regional assembly"],
        "headline_verbs": ["backs", "rejects", "delays", "unveils", "debates", "approves"],
        "headline_objects": ["coastal defence plan", "electoral reform", "border agreement",
                             "water-sharing treaty", "housing package", "rail link to the north",
                             "night flight ban", "asylum review"],
    },
    "business": {
        "actors": ["The central bank", "Shareholders", "The company's board", "Regulators",
                   "The finance ministry", "Union representatives", "Several large investors",
                   "The chief executive"],
        "past_verbs": ["announced", "approved", "delayed", "defended", "unveiled", "rejected",
                       "raised concerns about", "signed off on"],
        "objects": ["a quarterly profit well ahead of forecasts", "a plan to cut 400 jobs",
                    "a merger with a regional rival", "new rules on consumer lending",
                    "an expansion into southern Europe", "a share buyback worth 2 billion euros",
                    "a review of energy prices", "a cut in interest rates"],
        "reasons": ["as demand for electric vans surged", "after a difficult first quarter",
                    "amid rising borrowing costs", "as shipping rates fell back", "despite weaker exports",
                    "after a year of falling margins"],
        "effects": ["lower monthly repayments for households", "slow the pace of hiring",
                    "push prices higher for small firms", "strengthen the group's balance sheet",
                    "create hundreds of jobs in the port area", "make the market more competitive"],
        "neg_effects": ["reverse the decline in productivity", "protect smaller suppliers",
                        "bring energy bills back to pre-crisis levels", "restore investor confidence"],
        "roles": ["chief economist at Northbridge Capital", "the company's finance director",
                  "a retail analyst", "head of the small business federation", "a senior fund manager",
                  "the union's national secretary"],
        "quotes": ["The numbers speak for themselves", "We are investing for the long term",
                   "Customers are still cautious about spending", "This is a turning point for the sector",
                   "Nobody expected margins to recover this quickly", "We will not chase growth at any price"],
        "stat_subjects": ["annual revenue", "the unemployment rate", "inflation", "operating profit",
                          "the value of exports"],
        "units": ["billion euros", "million euros", "per cent"],
        "claims": ["the outlook for the second half remains uncertain", "the dividend will be maintained",
                   "the restructuring should be complete within a year", "talks with lenders are continuing",
                   "prices are likely to stabilise over the summer"],
        "orgs": ["Northbridge Capital", "Meridian Securities", "the Chamber of Commerce",
                 "Halvorsen & Co"],
        "outcomes": ["a further rate cut", "slower growth in consumer spending", "a wave of consolidation",
                     "higher wage settlements"],
        "future_actions": ["raise its full-year forecast", "sell the loss-making division",
                           "resume talks with the unions", "list its shares in London"],
        "events": ["the energy price shock", "the pandemic", "last year's banking turmoil",
                   "the arrival of new competitors"],
        "experience": ["run the company since 2019", "worked in investment banking for 15 years",
                       "advised the government on competition policy"],
        "headline_subjects": ["Northwind Logistics", "Baltic Foods", "Solberg Energy", "Corvina Bank",
                              "Helix Motors", "Atlas Retail"],
        "headline_verbs": ["posts record", "warns over", "cuts", "expands", "reports falling", "targets"],
        "headline_objects": ["quarterly profit", "energy costs", "jobs at main plant", "into Spain",
                             "sales", "new markets", "dividend", "margins"],
    },
    "sport": {
        "actors": ["The head coach", "The club's board", "The league", "The home side's captain",
                   "Supporters' groups", "The national federation", "The visiting manager",
                   "The team doctor"],
        "past_verbs": ["confirmed", "welcomed", "criticised", "defended", "announced", "questioned",
                       "played down", "celebrated"],
        "objects": ["a new three-year contract for the striker", "the decision to award a late penalty",
                    "a change of formation at half-time", "plans to expand the stadium",
                    "the signing of a young midfielder", "a suspension for the veteran defender",
                    "the schedule for the cup final", "a return to the starting line-up"],
        "reasons": ["after a dramatic finish", "following a run of five straight wins",
                    "after a disappointing away defeat", "amid speculation about the coach's future",
                    "despite a lengthy injury list", "in front of a sell-out crowd"],
        "effects": ["lift the side into the top four", "ease the pressure on the coach",
                    "give younger players more minutes", "secure qualification for Europe",
                    "strengthen a fragile defence", "keep the title race alive"],
        "neg_effects": ["fix the problems in midfield", "stop the run of conceding late goals",
                        "silence the critics in the stands", "solve the goalkeeping question"],
        "roles": ["the club's sporting director", "a former international", "the team captain",
                  "the assistant coach", "a veteran commentator", "the league's chief executive"],
        "quotes": ["We showed real character in the second half", "Nobody in this dressing room is giving up",
                   "The fans deserved a performance like that", "We still have a lot to improve",
                   "It was the kind of game you remember for years", "We go into the final with confidence"],
        "stat_subjects": ["average attendance", "the team's points tally", "the club's wage bill",
                          "the number of goals conceded"],
        "units": ["thousand", "points", "million euros"],
        "claims": ["the striker should be fit for the weekend", "the squad is stronger than last season",
                   "the club will not sell its best players", "the new pitch will be ready in August",
                   "the team remains focused on the league"],
        "orgs": ["the Football Data Unit", "Opta analysts", "the Players' Association",
                 "the national sports institute"],
        "outcomes": ["a tight finish to the season", "more rotation in midweek games",
                     "a busy transfer window", "a record crowd for the derby"],
        "future_actions": ["extend the coach's contract", "appeal against the suspension",
                           "confirm the summer signings", "announce the new captain"],
        "events": ["the relegation battle two years ago", "the cup final defeat",
                   "the arrival of the new owners", "the opening of the new stadium"],
        "experience": ["coached at three different clubs", "won the league twice as a player",
                       "played more than 300 games for the club"],
        "headline_subjects": ["Riverside United", "Harbour City", "Northport Athletic", "Valley Rovers",
                              "Eastfield", "Kingsbridge"],
        "headline_verbs": ["beat", "draw with", "edge past", "lose to", "hold", "thrash"],
        "headline_objects": ["in late thriller", "to stay top", "after extra time", "in derby clash",
                             "despite red card", "in cup semi-final"],
    },
}

SENTENCE_TEMPLATES = [
    "{actor} {past_verb} {object} {time}, {reason}.",
    '"{quote}," said {person}, {role}.',
    "According to {org}, the move could {effect} over the next {n_years} years.",
    "{person}, who has {experience}, told reporters in {place} that the plan would {effect}.",
    "Critics argue that the decision does little to {neg_effect}, while supporters say it is {assessment}.",
    "Figures published {time} show that {stat_subject} reached {num} {unit}, compared with {num2} a year earlier.",
    "{connector}, {actor_lc} insisted that {claim}.",
    "People in {place} said they had {feeling} the news, with some describing it as {description}.",
    "It is not yet clear whether {actor_lc} will {future_action} {future_time}.",
    "Analysts at {org} expect {outcome} {future_time}.",
    "The debate has {debate} since {event}.",
    "{person} added that {claim}, although {actor_lc} declined to comment further.",
    "Speaking in {place}, {person} said the aim was to {effect}.",
    "{connector}, {actor_lc} {past_verb} {object}.",
]


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _iso(dt: datetime) -> str:
    return dt.astimezone(TZ).isoformat()


def _rfc822(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(TZ))


def _http_date(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)


def _human(dt: datetime) -> str:
    local = dt.astimezone(TZ)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


# ---------------------------------------------------------------------------- content model


@dataclass
class Article:
    id: int
    section: str
    headline: str
    slug: str
    author: str
    tags: list[str]
    published: datetime
    modified: datetime
    popularity: float
    version: int = 0

    @property
    def template(self) -> str:
        return "A" if self.id % 2 == 0 else "B"

    @property
    def path(self) -> str:
        local = self.published.astimezone(TZ)
        return f"/{local.year:04d}/{local.month:02d}/{self.slug}.html"


@dataclass
class Body:
    description: str
    paragraphs: list[str] = field(default_factory=list)


class Site:
    """The site's state and its page renderers (thread-safe through `lock`)."""

    def __init__(self, base_url: str, articles: int = 30, seed: int | str = 1):
        self.base_url = base_url.rstrip("/")
        self.seed = seed
        self.lock = threading.RLock()
        self.articles: list[Article] = []  # oldest first
        self.by_slug: dict[str, Article] = {}
        self.by_path: dict[str, Article] = {}
        self._bodies: dict[tuple[int, int], Body] = {}
        self._cache: dict[str, tuple] = {}
        self.clock = START
        self.add(articles)

    # ------------------------------------------------------------ mutation

    def _rng(self, *parts) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def add(self, n: int) -> list[Article]:
        added = []
        with self.lock:
            for _ in range(n):
                added.append(self._new_article(len(self.articles)))
            self._cache.clear()
        return added

    def _new_article(self, idx: int) -> Article:
        rng = self._rng("article", idx)
        section = SECTIONS[idx % len(SECTIONS)]
        vocab = VOCAB[section]
        if section == "sport":
            home, away = rng.sample(vocab["headline_subjects"], 2)
            headline = f"{home} {rng.choice(vocab['headline_verbs'])} {away} {rng.choice(vocab['headline_objects'])}"
        elif section == "world":
            headline = (f"{rng.choice(PLACES)} {rng.choice(vocab['headline_subjects'])} "
                        f"{rng.choice(vocab['headline_verbs'])} {rng.choice(vocab['headline_objects'])}")
        else:
            headline = (f"{rng.choice(vocab['headline_subjects'])} {rng.choice(vocab['headline_verbs'])} "
                        f"{rng.choice(vocab['headline_objects'])}")
        headline = headline[0].upper() + headline[1:]
        slug = f"{_slugify(headline)}-{idx + 1}"
        tags = rng.sample(SECTION_TAGS[section], rng.randint(1, 2)) + rng.sample(GENERAL_TAGS, 1)
        gap = timedelta(hours=rng.randint(4, 19), minutes=rng.randint(0, 59))
        published = (self.clock if idx else START) + gap
        modified = published
        if rng.random() < 0.5:
            modified = published + timedelta(minutes=rng.randint(10, 180))
        article = Article(id=idx, section=section, headline=headline, slug=slug,
                          author=rng.choice(list(AUTHORS)), tags=tags, published=published,
                          modified=modified, popularity=rng.random())
        self.clock = max(self.clock, modified)
        self.articles.append(article)
        self.by_slug[slug] = article
        self.by_path[article.path] = article
        return article

    def update(self, slug: str) -> Article | None:
        with self.lock:
            article = self.by_slug.get(slug)
            if article is None:
                return None
            article.version += 1
            rng = self._rng("update", article.id, article.version)
            article.modified = self.clock + timedelta(minutes=rng.randint(10, 90))
            self.clock = article.modified
            self._cache.clear()
            return article

    # ------------------------------------------------------------ queries

    def newest(self) -> list[Article]:
        return sorted(self.articles, key=lambda a: (a.published, a.id), reverse=True)

    def last_change(self) -> datetime:
        return max((a.modified for a in self.articles), default=START)

    def abs(self, path: str) -> str:
        return self.base_url + path

    def info(self, article: Article) -> dict:
        return {"url": self.abs(article.path), "path": article.path, "slug": article.slug,
                "section": article.section, "template": article.template,
                "headline": article.headline, "published": _iso(article.published),
                "modified": _iso(article.modified), "version": article.version}

    def body(self, article: Article) -> Body:
        key = (article.id, article.version)
        if key not in self._bodies:
            self._bodies[key] = self._generate_body(article)
        return self._bodies[key]

    def _generate_body(self, article: Article) -> Body:
        rng = self._rng("body", article.id, article.version)
        vocab = VOCAB[article.section]
        people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(3)]

        def fill(template: str) -> str:
            actor = rng.choice(vocab["actors"])
            values = {
                "actor": actor, "actor_lc": actor[0].lower() + actor[1:],
                "past_verb": rng.choice(vocab["past_verbs"]), "object": rng.choice(vocab["objects"]),
                "reason": rng.choice(vocab["reasons"]), "effect": rng.choice(vocab["effects"]),
                "neg_effect": rng.choice(vocab["neg_effects"]), "role": rng.choice(vocab["roles"]),
                "quote": rng.choice(vocab["quotes"]), "stat_subject": rng.choice(vocab["stat_subjects"]),
                "unit": rng.choice(vocab["units"]), "claim": rng.choice(vocab["claims"]),
                "org": rng.choice(vocab["orgs"]), "outcome": rng.choice(vocab["outcomes"]),
                "future_action": rng.choice(vocab["future_actions"]), "event": rng.choice(vocab["events"]),
                "experience": rng.choice(vocab["experience"]), "person": rng.choice(people),
                "place": rng.choice(PLACES), "time": rng.choice(TIMES),
                "future_time": rng.choice(FUTURE_TIMES), "connector": rng.choice(CONNECTORS),
                "feeling": rng.choice(FEELINGS), "description": rng.choice(DESCRIPTIONS),
                "assessment": rng.choice(ASSESSMENTS), "debate": rng.choice(DEBATE),
                "n_years": rng.choice(["two", "three", "five", "ten"]),
                "num": f"{rng.randint(12, 480) / 10:.1f}", "num2": f"{rng.randint(12, 480) / 10:.1f}",
            }
            sentence = template.format(**values)
            return sentence[0].upper() + sentence[1:]

        description = fill(SENTENCE_TEMPLATES[0])
        n_paragraphs = rng.randint(6, 10)
        target = rng.randint(330, 470)
        paragraphs: list[list[str]] = [[] for _ in range(n_paragraphs)]
        counts = [0] * n_paragraphs
        seen: set[str] = {description}
        last_template = None
        total = 0
        while total < target or min(counts) == 0:
            template = rng.choice([t for t in SENTENCE_TEMPLATES if t is not last_template])
            sentence = fill(template)
            if sentence in seen:
                continue
            seen.add(sentence)
            last_template = template
            i = counts.index(min(counts))
            paragraphs[i].append(sentence)
            words = len(sentence.split())
            counts[i] += words
            total += words
        return Body(description=description, paragraphs=[" ".join(p) for p in paragraphs])

    # ------------------------------------------------------------ rendering

    def render(self, path: str):
        """(status, content_type, body bytes, headers, conditional kind) or None for 404.

        conditional kind: "etag" (ETag + Last-Modified), "lastmod" (Last-Modified only), None.
        """
        with self.lock:
            cached = self._cache.get(path)
            if cached is None:
                cached = self._render(path)
                if cached is not None and len(self._cache) < 20000:
                    self._cache[path] = cached
            return cached

    def _render(self, path: str):
        html_type = "text/html; charset=utf-8"
        xml_type = "application/xml; charset=utf-8"
        if path == "/":
            return self._listing(self._home(), html_type)
        if path == "/robots.txt":
            text = f"User-agent: *\nDisallow: /private/\nSitemap: {self.abs('/sitemap_index.xml')}\n"
            return 200, "text/plain; charset=utf-8", text.encode(), {}, None
        if path == "/rss.xml":
            return self._listing(self._rss(), "application/rss+xml; charset=utf-8")
        if path == "/sitemap_index.xml":
            return self._listing(self._sitemap_index(), xml_type)
        if path == "/sitemap-news.xml":
            return self._listing(self._sitemap_news(), xml_type)
        if path == "/sitemap-pages.xml":
            return self._listing(self._sitemap_pages(), xml_type)
        if path == "/about.html":
            return 200, html_type, self._about().encode(), {}, None
        if path.startswith("/private/"):
            return 200, html_type, self._private().encode(), {}, None
        m = re.fullmatch(r"/section/([a-z]+)/(?:page/(\d+)/)?", path)
        if m and m.group(1) in SECTIONS:
            page = self._section(m.group(1), int(m.group(2) or 1))
            return self._listing(page, html_type) if page else None
        m = re.fullmatch(r"/(section|tag|author)/([a-z0-9-]+)", path)
        if m:  # missing trailing slash
            return 301, html_type, b"", {"Location": self.abs(path + "/")}, None
        m = re.fullmatch(r"/tag/([a-z0-9-]+)/", path)
        if m:
            page = self._tag(m.group(1))
            return self._listing(page, html_type) if page else None
        m = re.fullmatch(r"/author/([a-z0-9-]+)/", path)
        if m:
            page = self._author(m.group(1))
            return self._listing(page, html_type) if page else None
        article = self.by_path.get(path)
        if article is not None:
            body = self._article(article).encode()
            return 200, html_type, body, {"Last-Modified": _http_date(article.modified)}, "lastmod"
        return None

    def _listing(self, text: str, content_type: str):
        body = text.encode()
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Last-Modified": _http_date(self.last_change())}
        return 200, content_type, body, headers, "etag"

    # -- html building blocks

    def _page(self, title: str, main: str, head: str = "", canonical: str | None = None,
              footer_extra: str = "", body_class: str = "") -> str:
        nav = "".join(f'<li><a href="/section/{s}/">{s.title()}</a></li>' for s in SECTIONS)
        canonical_link = f'<link rel="canonical" href="{_esc(canonical)}">\n' if canonical else ""
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_esc(title)}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{canonical_link}"
            f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/rss.xml">\n'
            f"{head}</head>\n<body class=\"{body_class}\">\n"
            '<header class="site-header">\n'
            f'<a class="logo" href="/">{SITE_NAME}</a>\n'
            f'<nav class="main-nav"><ul><li><a href="/">Home</a></li>{nav}'
            '<li><a href="/about.html">About</a></li></ul></nav>\n</header>\n'
            f"{main}\n"
            '<footer class="site-footer">\n'
            f'<ul class="footer-links"><li><a href="/about.html">About us</a></li>'
            f'<li><a href="/rss.xml">RSS feed</a></li>{footer_extra}</ul>\n'
            f"<p class=\"copyright\">&copy; 2024 {SITE_NAME}. All rights reserved.</p>\n"
            "</footer>\n</body>\n</html>\n"
        )

    def _card(self, article: Article) -> str:
        return (f'<article class="card card-{article.section}">'
                f'<h2 class="card-title"><a href="{article.path}">{_esc(article.headline)}</a></h2>'
                f'<p class="teaser">{_esc(self.body(article).description)}</p>'
                f'<p class="card-meta"><time datetime="{_iso(article.published)}">'
                f"{_human(article.published)}</time></p></article>\n")

    def _all_tags(self) -> list[str]:
        return sorted({t for a in self.articles for t in a.tags})

    def _home(self) -> str:
        latest = "".join(self._card(a) for a in self.newest()[:HOME_LATEST])
        sections = "".join(f'<li><a href="/section/{s}/">{s.title()} news</a></li>' for s in SECTIONS)
        tags = "".join(f'<li><a href="/tag/{t}/">#{t}</a></li>' for t in self._all_tags())
        authors = "".join(f'<li><a href="/author/{slug}/">{_esc(name)}</a></li>'
                          for slug, name in AUTHORS.items())
        main = (
            '<main class="home">\n'
            f'<section class="latest"><h1>Latest news</h1>\n{latest}</section>\n'
            f'<section class="sections"><h2>Sections</h2><ul>{sections}</ul></section>\n'
            f'<section class="topics"><h2>Topics</h2><ul>{tags}</ul></section>\n'
            f'<section class="writers"><h2>Our writers</h2><ul>{authors}</ul></section>\n'
            '<p class="about-link"><a href="/about.html">About the Gazette</a></p>\n'
            "</main>"
        )
        return self._page(f"{SITE_NAME} - news from around the world", main,
                          canonical=self.abs("/"), body_class="home-page",
                          footer_extra='<li><a href="/private/drafts.html">Staff area</a></li>')

    def _cards_page(self, title: str, articles: list[Article], path_for_page, page: int,
                    canonical_path: str, body_class: str) -> str | None:
        pages = max(1, -(-len(articles) // PER_PAGE))
        if page < 1 or page > pages:
            return None
        chunk = articles[(page - 1) * PER_PAGE: page * PER_PAGE]
        cards = "".join(self._card(a) for a in chunk)
        links, head = [], ""
        if page > 1:
            links.append(f'<a rel="prev" class="prev" href="{path_for_page(page - 1)}">&laquo; Previous</a>')
            head += f'<link rel="prev" href="{path_for_page(page - 1)}">\n'
        links.append(f'<span class="page-count">Page {page} of {pages}</span>')
        if page < pages:
            links.append(f'<a rel="next" class="next" href="{path_for_page(page + 1)}">Next &raquo;</a>')
            head += f'<link rel="next" href="{path_for_page(page + 1)}">\n'
        heading = title if page == 1 else f"{title} - page {page}"
        main = (f'<main class="listing">\n<h1>{_esc(heading)}</h1>\n{cards}'
                f'<nav class="pagination">{" ".join(links)}</nav>\n</main>')
        return self._page(f"{heading} | {SITE_NAME}", main, head=head,
                          canonical=self.abs(canonical_path), body_class=body_class)

    def _section(self, name: str, page: int) -> str | None:
        articles = [a for a in self.newest() if a.section == name]

        def path_for_page(n: int) -> str:
            return f"/section/{name}/" if n == 1 else f"/section/{name}/page/{n}/"

        return self._cards_page(name.title(), articles, path_for_page, page,
                                path_for_page(page), "section-page")

    def _tag(self, tag: str) -> str | None:
        articles = [a for a in self.newest() if tag in a.tags]
        if not articles:
            return None
        main = (f'<main class="listing tag-listing">\n<h1>Topic: {_esc(tag)}</h1>\n'
                + "".join(self._card(a) for a in articles) + "</main>")
        return self._page(f"Topic: {tag} | {SITE_NAME}", main, canonical=self.abs(f"/tag/{tag}/"),
                          body_class="tag-page")

    def _author(self, slug: str) -> str | None:
        if slug not in AUTHORS:
            return None
        articles = [a for a in self.newest() if a.author == slug]
        main = (f'<main class="listing author-listing">\n<h1>{_esc(AUTHORS[slug])}</h1>\n'
                f'<p class="bio">{_esc(AUTHORS[slug])} writes for {SITE_NAME}.</p>\n'
                + "".join(self._card(a) for a in articles) + "</main>")
        return self._page(f"{AUTHORS[slug]} | {SITE_NAME}", main,
                          canonical=self.abs(f"/author/{slug}/"), body_class="author-page")

    def _about(self) -> str:
        main = ('<main class="static">\n<h1>About us</h1>\n'
                f"<p>{SITE_NAME} is a sample newspaper used to test web crawlers.</p>\n"
                '<p>Contact: <a href="mailto:desk@example.org">desk@example.org</a></p>\n</main>')
        return self._page(f"About | {SITE_NAME}", main, canonical=self.abs("/about.html"),
                          body_class="static-page")

    def _private(self) -> str:
        paragraphs = "".join(
            f"<p>{_esc(s)}</p>\n" for s in [
                "This internal page lists draft stories that have not yet been cleared for publication "
                "by the night desk, together with notes from the legal team and the picture editors.",
                "Editors are reminded that drafts in this area must not be shared outside the newsroom "
                "until the duty editor has signed them off and the embargo times have been checked.",
                "The harbour bridge closure story is on hold until the transport authority confirms the "
                "dates, and the council budget piece needs a second source before it can run tomorrow.",
            ])
        main = f'<main class="private"><article><h1>Staff area: drafts and notes</h1>\n{paragraphs}</article></main>'
        return self._page(f"Staff area | {SITE_NAME}", main,
                          head='<meta name="robots" content="noindex, nofollow">\n', body_class="private-page")

    # -- articles

    def _sidebars(self, article: Article) -> tuple[list[Article], list[Article]]:
        related = [a for a in self.newest() if a.section == article.section and a is not article][:3]
        most_read = sorted((a for a in self.articles if a is not article),
                           key=lambda a: a.popularity, reverse=True)[:5]
        return related, most_read

    def _article(self, article: Article) -> str:
        return self._article_a(article) if article.template == "A" else self._article_b(article)

    def _article_a(self, a: Article) -> str:
        body = self.body(a)
        url = self.abs(a.path)
        author = AUTHORS[a.author]
        ld = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": a.headline, "description": body.description,
            "datePublished": _iso(a.published), "dateModified": _iso(a.modified),
            "author": {"@type": "Person", "name": author, "url": self.abs(f"/author/{a.author}/")},
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "articleSection": a.section.title(), "keywords": ", ".join(a.tags), "inLanguage": "en",
        }
        head = (
            f'<meta name="description" content="{_esc(body.description)}">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{_esc(a.headline)}">\n'
            f'<meta property="og:description" content="{_esc(body.description)}">\n'
            f'<meta property="og:url" content="{_esc(url)}">\n'
            f'<meta property="og:site_name" content="{SITE_NAME}">\n'
            '<script type="application/ld+json">'
            + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/") + "</script>\n"
        )
        related, most_read = self._sidebars(a)
        updated = ""
        if a.modified != a.published:
            updated = (f' <span class="updated">Updated <time datetime="{_iso(a.modified)}">'
                       f"{_human(a.modified)}</time></span>")
        tags = "".join(f'<li><a rel="tag" href="/tag/{t}/">{t}</a></li>' for t in a.tags)
        main = (
            '<main class="layout">\n<article class="article">\n<header class="article-header">\n'
            f'<p class="kicker"><a href="/section/{a.section}/">{a.section.title()}</a></p>\n'
            f'<h1 class="headline">{_esc(a.headline)}</h1>\n'
            f'<p class="byline">By <a rel="author" href="/author/{a.author}/">{_esc(author)}</a> &middot; '
            f'<time datetime="{_iso(a.published)}">{_human(a.published)}</time>{updated}</p>\n'
            "</header>\n<div class=\"article-body\">\n"
            + "".join(f"<p>{_esc(p)}</p>\n" for p in body.paragraphs)
            + "</div>\n"
            f'<footer class="article-tags"><h3>Topics</h3><ul>{tags}</ul></footer>\n</article>\n'
            '<aside class="related"><h2>Related stories</h2><ul>\n'
            + "".join(f'<li><a href="{r.path}">{_esc(r.headline)}</a>'
                      f'<p>{_esc(self.body(r).description)}</p></li>\n' for r in related)
            + '</ul></aside>\n<aside class="sidebar most-read"><h2>Most read</h2><ol>\n'
            + "".join(f'<li><a href="{r.path}">{_esc(r.headline)}</a></li>\n' for r in most_read)
            + "</ol></aside>\n</main>"
        )
        return self._page(f"{a.headline} | {SITE_NAME}", main, head=head, canonical=url,
                          body_class="article-page")

    def _article_b(self, a: Article) -> str:
        body = self.body(a)
        url = self.abs(a.path)
        author = AUTHORS[a.author]
        local = a.published.astimezone(TZ)
        head = (
            f'<meta name="description" content="{_esc(body.description)}">\n'
            f'<meta name="author" content="{_esc(author)}">\n'
            f'<meta name="keywords" content="{_esc(", ".join(a.tags))}">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{_esc(a.headline)}">\n'
            f'<meta property="og:description" content="{_esc(body.description)}">\n'
            f'<meta property="og:url" content="{_esc(url)}">\n'
            f'<meta property="og:site_name" content="{SITE_NAME}">\n'
            f'<meta property="article:published_time" content="{_iso(a.published)}">\n'
            f'<meta property="article:modified_time" content="{_iso(a.modified)}">\n'
            f'<meta property="article:section" content="{a.section.title()}">\n'
            f'<meta property="article:author" content="{_esc(self.abs(f"/author/{a.author}/"))}">\n'
            + "".join(f'<meta property="article:tag" content="{t}">\n' for t in a.tags)
        )
        related, most_read = self._sidebars(a)
        topics = " ".join(f'<a class="topic" href="/tag/{t}/">{t}</a>' for t in a.tags)
        main = (
            '<div id="page" class="wrap">\n<div id="story" class="story">\n'
            f'<span class="story-section"><a href="/section/{a.section}/">{a.section.title()}</a></span>\n'
            f'<h1 class="story-title">{_esc(a.headline)}</h1>\n'
            f'<div class="standfirst"><p>{_esc(body.description)}</p></div>\n'
            f'<div class="story-meta">Written by <a href="/author/{a.author}/">{_esc(author)}</a> | '
            f'Published <span class="pubdate">{local:%d.%m.%Y %H:%M}</span></div>\n'
            '<section class="story-text">\n'
            + "".join(f"<p>{_esc(p)}</p>\n" for p in body.paragraphs)
            + "</section>\n"
            f'<div class="story-topics">More on: {topics}</div>\n</div>\n'
            '<div class="rail"><div class="module popular"><h3>Most read</h3><ol>\n'
            + "".join(f'<li><a href="{r.path}">{_esc(r.headline)}</a></li>\n' for r in most_read)
            + f'</ol></div></div>\n<div class="more-stories"><h3>More from {a.section.title()}</h3>\n'
            + "".join(f'<div class="teaser-item"><a href="{r.path}">{_esc(r.headline)}</a>'
                      f'<span>{_esc(self.body(r).description)}</span></div>\n' for r in related)
            + "</div>\n</div>"
        )
        return self._page(f"{a.headline} - {SITE_NAME}", main, head=head, canonical=url,
                          body_class="story-page")

    # -- feeds and sitemaps

    def _rss(self) -> str:
        items = []
        for a in self.newest()[:FEED_ITEMS]:
            url = _esc(self.abs(a.path))
            items.append(
                "<item>"
                f"<title>{_esc(a.headline)}</title><link>{url}</link>"
                f'<guid isPermaLink="true">{url}</guid>'
                f"<pubDate>{_rfc822(a.published)}</pubDate>"
                f"<atom:updated>{_iso(a.modified)}</atom:updated>"
                f"<description>{_esc(self.body(a).description)}</description>"
                f"<category>{a.section.title()}</category>"
                f"<dc:creator>{_esc(AUTHORS[a.author])}</dc:creator>"
                "</item>\n")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
            f"<title>{SITE_NAME}</title><link>{self.abs('/')}</link>"
            f"<description>Latest news from {SITE_NAME}</description><language>en</language>"
            f"<lastBuildDate>{_rfc822(self.last_change())}</lastBuildDate>\n"
            f'<atom:link href="{self.abs("/rss.xml")}" rel="self" type="application/rss+xml"/>\n'
            + "".join(items) + "</channel>\n</rss>\n"
        )

    def _sitemap_index(self) -> str:
        lastmod = _iso(self.last_change())
        entries = "".join(f"<sitemap><loc>{self.abs(p)}</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
                          for p in ("/sitemap-news.xml", "/sitemap-pages.xml"))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"{entries}</sitemapindex>\n")

    def _sitemap_news(self) -> str:
        urls = "".join(
            f"<url><loc>{_esc(self.abs(a.path))}</loc><lastmod>{_iso(a.modified)}</lastmod>"
            "<news:news><news:publication>"
            f"<news:name>{SITE_NAME}</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{_iso(a.published)}</news:publication_date>"
            f"<news:title>{_esc(a.headline)}</news:title></news:news></url>\n"
            for a in self.newest())
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
                f"{urls}</urlset>\n")

    def _sitemap_pages(self) -> str:
        paths = ["/", *(f"/section/{s}/" for s in SECTIONS), "/about.html"]
        urls = "".join(f"<url><loc>{self.abs(p)}</loc><changefreq>hourly</changefreq></url>\n" for p in paths)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"{urls}</urlset>\n")


# ---------------------------------------------------------------------------- server


class NewsHandler(QuietHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newscrawl-newssite/1.0"
    server: NewsHTTPServer

    def _before_answer(self, status: int) -> None:
        self._status = status
        self._log_request()  # before the answer: a client's next request logs after this one

    def _json(self, data, status: int = 200) -> None:
        self._send(status, json.dumps(data, indent=1).encode(), "application/json")

    def _log_request(self) -> None:
        if not self._loggable or self._logged:
            return
        self._logged = True
        entry = {"method": self.command, "path": self.path, "status": self._status,
                 "not_modified": self._status == 304}
        with self.server.log_lock:
            self.server.request_log.append(entry)

    def _dispatch(self, head: bool) -> None:
        self._head = head
        self._status = None
        self._loggable = False
        self._logged = False
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path.startswith("/_control/"):
            query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            return self._control(path, query)
        self._loggable = True
        try:
            self._serve(path)
        finally:
            self._log_request()

    def _serve(self, path: str) -> None:
        site = self.server.site
        result = site.render(path)
        if result is None:
            body = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404 Not Found</title>"
                    f"</head><body><h1>Not found</h1><p>Nothing at {_esc(path)}.</p></body></html>\n")
            return self._send(404, body.encode())
        status, ctype, body, headers, conditional = result
        if conditional and self._not_modified(headers, conditional):
            return self._send(304, b"", None, headers)
        self._send(status, body, ctype, headers)

    def _not_modified(self, headers: dict[str, str], kind: str) -> bool:
        etag = headers.get("ETag") if kind == "etag" else None
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None and etag:
            candidates = [t.strip() for t in if_none_match.split(",")]
            return "*" in candidates or any(t.removeprefix("W/") == etag for t in candidates)
        if_modified_since = self.headers.get("If-Modified-Since")
        last_modified = headers.get("Last-Modified")
        if if_modified_since and last_modified:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError, IndexError):
                return False
            if since is None:
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            modified = email.utils.parsedate_to_datetime(last_modified)
            return int(modified.timestamp()) <= int(since.timestamp())
        return False

    def _control(self, path: str, query: dict[str, str]) -> None:
        site = self.server.site
        if path == "/_control/add":
            try:
                n = int(query.get("n", "1"))
            except ValueError:
                return self._json({"error": "n must be an integer"}, 400)
            if not 0 <= n <= 100000:
                return self._json({"error": "0 <= n <= 100000"}, 400)
            with site.lock:
                added = [site.info(a) for a in site.add(n)]
                count = len(site.articles)
            return self._json({"added": added, "count": count})
        if path == "/_control/update":
            article = site.update(query.get("slug", ""))
            if article is None:
                return self._json({"error": f"no article with slug {query.get('slug', '')!r}"}, 404)
            with site.lock:
                return self._json(site.info(article))
        if path == "/_control/articles":
            with site.lock:
                return self._json([site.info(a) for a in site.newest()])
        if path == "/_control/log":
            with self.server.log_lock:
                entries = list(self.server.request_log)
            if query.get("detail", "") not in ("", "0", "false"):
                return self._json(entries)
            return self._json([e["path"] for e in entries])
        if path == "/_control/log/reset":
            with self.server.log_lock:
                self.server.request_log.clear()
            return self._json([])
        return self._json({"error": f"unknown control endpoint {path}"}, 404)


class NewsHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, articles: int = 30, seed: int | str = 1):
        super().__init__(address, NewsHandler)
        host, port = self.server_address[:2]
        self.base_url = f"http://{host}:{port}/"
        self.site = Site(self.base_url, articles=articles, seed=seed)
        self.request_log: list[dict] = []
        self.log_lock = threading.Lock()

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # real bugs: traceback on stderr


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a generated sample news site.")
    parser.add_argument("--articles", type=int, default=30, help="initial number of articles (default 30)")
    parser.add_argument("--seed", default="1", help="content seed (default 1)")
    args = parser.parse_args(argv)
    if args.articles < 0:
        parser.error("--articles must be >= 0")
    server = NewsHTTPServer(("127.0.0.1", 0), articles=args.articles, seed=args.seed)
    serve(server)


# ---------------------------------------------------------------------------- test helper


class NewsSite(ServerProcess):
    """This module in its own process (tests/servers/launcher.py); a context manager.

        with NewsSite(articles=30, seed=1) as site:
            site.url("/rss.xml")          # -> "http://127.0.0.1:PORT/rss.xml"
            site.add_articles(3)          # -> URLs of the 3 new articles
            site.log()                    # -> ["/", "/rss.xml", ...]
    """

    name = "news site"
    ready_path = "/_control/log"   # not logged

    def __init__(self, articles: int = 30, seed: int | str = 1, startup_timeout: float = 20.0):
        super().__init__("tests.servers.newssite", "--articles", str(articles), "--seed", str(seed),
                         startup_timeout=startup_timeout)
        self.articles_at_start = articles
        self.seed = seed

    def _control(self, endpoint: str, **params):
        query = f"?{urlencode(params)}" if params else ""
        with urllib.request.urlopen(self.url(f"/_control/{endpoint}{query}"), timeout=10) as response:
            return json.loads(response.read())

    def log(self, detail: bool = False) -> list:
        """Request paths (with query) received, excluding /_control/*; with detail=True,
        dicts {"method", "path", "status", "not_modified"}."""
        return self._control("log", detail=1) if detail else self._control("log")

    def reset_log(self) -> None:
        self._control("log/reset")

    def add_articles(self, n: int = 1) -> list[str]:
        """Add n newest articles; returns their absolute URLs."""
        return [a["url"] for a in self._control("add", n=n)["added"]]

    def update_article(self, slug: str) -> dict:
        """New text and a later modified time for the article with that slug."""
        return self._control("update", slug=slug)

    def articles(self) -> list[dict]:
        """All current articles (url, path, slug, section, template, published, modified, ...), newest first."""
        return self._control("articles")


if __name__ == "__main__":
    main()
