"""Word lists used by the metadata modules, kept as data in one place.

General vocabulary of the news web in the languages newscrawl meets (no word is taken from
one page): the words that introduce a byline, roles and credits that are not names,
placeholder "authors", what organisations call themselves, class-name parts that mark a
byline or a kicker. Lower case; the code folds case before looking a word up.
"""

from __future__ import annotations

# "By Jane Doe", "Von Jane Doe", "Por Jane Doe", "Written by", "Text: ..." (a byline's first words).
BYLINE_PREFIXES = (
    "by", "von", "por", "par", "door", "av", "af", "przez", "od", "tarafından",
    "written by", "posted by", "reviewed by", "edited by", "fact checked by", "fact-checked by",
    "words by", "story by", "report by", "published by", "submitted by", "geschrieben von",
    "ein beitrag von", "ein kommentar von", "eine analyse von", "ein gastbeitrag von",
    "text", "texte", "tekst", "tekstas", "text und fotos", "autor", "autorin", "autoren", "author",
    "authors", "auteur", "auteurs", "autore", "autori", "autorius", "autorė", "redaktion",
    "reporter", "reporting", "interview", "bericht", "reportaje", "escrito por", "scritto da",
    "publicado por", "écrit par", "rédigé par",
)

# Labels of the "twitter:labelN" / "twitter:dataN" pairs (SEO plugins) whose data is the author.
WRITTEN_BY_LABELS = frozenset({
    "written by", "author", "by", "geschrieben von", "verfasst von", "autor", "autorin", "écrit par",
    "rédigé par", "auteur", "escrito por", "autor/a", "scritto da", "autore", "geschreven door",
    "skrevet av", "skrivet av", "kirjoittanut", "napisane przez", "yazan",
})

# Words after which a byline goes on with something else ("Jane Doe, updated 3 May").
BYLINE_STOP_WORDS = (
    "updated", "published", "posted", "last updated", "veröffentlicht", "aktualisiert", "aktualisiert am",
    "stand", "publié", "mis à jour", "publicado", "actualizado", "pubblicato", "aggiornato",
    "gepubliceerd", "bijgewerkt", "publisert", "oppdatert", "publicerad", "uppdaterad",
    "read more", "mehr lesen", "follow", "folgen",
)

# Month and weekday names (and their short forms) of bylines that carry the date along
# ("Luke Kim December 17", "Sat, 20 Dec"), plus reading-time and clock words.
DATE_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "januar", "jänner", "februar", "märz", "mai", "juni", "juli",
    "oktober", "dezember", "janvier", "février", "mars", "avril", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo",
    "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "gennaio",
    "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "am", "pm", "a.m.", "p.m.", "gmt", "utc", "cet",
    "cest", "est", "edt", "pst", "pdt", "bst", "uhr", "min", "mins", "minute", "minutes", "read",
    "lesezeit", "ago", "hours", "hour", "days", "day", "today", "yesterday", "heute", "gestern",
    "updated", "published", "on", "at", "le", "el", "il", "um", "klo", "kl",
})
# Interface words a byline-looking element may hold instead of a name.
INTERFACE_WORDS = frozenset({
    "login", "log", "sign", "signin", "subscribe", "menu", "search", "share", "follow", "profile",
    "account", "register", "contact", "view", "posts", "articles", "more", "bio", "email", "e-mail",
    "newsletter", "name", "home", "about", "details", "comments", "comment", "reply", "like",
    "written", "verified", "buyer", "member", "members", "strategy",
    "request", "demo", "explore", "download", "shop", "buy",  # calls to action
})

# Roles printed after a name ("신현주 기자", "Jane Doe, Senior Reporter"): not part of the name.
ROLE_SUFFIXES = ("기자", "특파원", "논설위원", "記者", "特派員", "编辑", "記", "통신원")
ROLE_WORDS = frozenset({
    "reporter", "correspondent", "editor", "writer", "journalist", "columnist", "contributor",
    "director", "expert", "founder", "ceo", "cto", "manager", "specialist", "analyst", "producer",
    "photographer", "intern", "redakteur", "redakteurin", "korrespondent", "korrespondentin",
    "chefredakteur", "journalistin", "autorin", "rédacteur", "rédactrice", "periodista",
    "redactor", "redactora", "giornalista", "inviato", "corrispondente", "muhabir", "muhabiri",
    "consultant", "former", "senior", "chief", "head", "professor", "lecturer", "researcher",
    "scientist", "engineer", "developer", "designer", "strategist", "advisor", "adviser", "coach",
    "owner", "president", "partner", "fellow", "student", "officer", "executive", "officer",
})

# Values sites put where an author belongs that name nobody.
PLACEHOLDER_AUTHORS = frozenset({
    "admin", "administrator", "administrador", "webmaster", "editor", "editors", "editorial",
    "redaktion", "redaction", "rédaction", "redacción", "redazione", "redactie", "redaksjonen",
    "staff", "team", "guest", "gast", "anonymous", "anonym", "unknown", "user", "author", "autor",
    "none", "null", "undefined", "n/a", "na", "by", "and", "und", "news", "newsroom", "desk",
    "online", "web", "site", "default", "wordpress", "system", "root", "test", "name",
    "agencies", "agenturen", "agences", "agencias", "wires", "contributors",
    "nachrichten", "noticias", "notizie", "nieuws", "nyheter", "haberler", "actualités", "nouvelles",
    "edited", "bot",
})

# A value with one of these words is a picture credit, not a byline ("(Image: Getty Images)").
CREDIT_WORDS = frozenset({
    "image", "images", "photo", "photos", "foto", "fotos", "bild", "bilder", "picture", "pictures",
    "getty", "shutterstock", "istock", "istockphoto", "alamy", "imago", "dpa-bildfunk", "credit",
    "illustration", "grafik", "video", "nuotr", "fotografía", "photographie",
    "license", "licence", "licensed", "lizenz", "licencia", "licenza", "copyright",
})

# Words that make a name an organisation ("Associated Press", "FOCUS online", "BR24 Redaktion").
ORGANISATION_WORDS = frozenset({
    "agency", "agence", "agencia", "agentur", "press", "presse", "prensa", "presse-agentur",
    "news", "nachrichten", "noticias", "notizie", "nieuws", "nyheter", "haberler", "media",
    "medien", "redaktion", "rédaction", "redacción", "redazione", "staff", "team", "desk",
    "newsroom", "online", "digital", "group", "gruppe", "inc", "inc.", "ltd", "ltd.", "llc", "gmbh",
    "ag", "sa", "corporation", "company", "association", "institute", "university", "foundation",
    "magazine", "magazin", "zeitung", "times", "post", "daily", "tribune", "journal", "radio", "tv",
    "television", "fernsehen", "rundfunk", "broadcasting", "network", "service", "services", "bureau",
    "office", "ministry", "department", "council", "committee", "association", "society", "club",
    "blog", "contributor", "contributors", "editors", "reporters", "writers",
})
# CJK organisation endings ("朝日新聞デジタル", "한국일보", "日刊現代").
ORGANISATION_CJK = ("新聞", "新闻", "日報", "日报", "通信", "ニュース", "放送", "일보", "뉴스", "방송", "신문", "通讯", "现代", "現代", "デジタル")

# Class / id parts of an element that holds a byline.
BYLINE_CLASS_PARTS = frozenset({
    "author", "authors", "byline", "bylines", "byl", "writer", "writers", "creator", "contributor",
    "contributors", "journalist", "reporter", "autor", "autoren", "auteur", "autore", "attribution",
    "username", "poster", "signature", "firma", "verfasser",
})
# Parts of a byline element's own class that say it holds something beside the name
# ("author-box__bio", "byline__date", "author-avatar").
NOT_NAME_CLASS_PARTS = frozenset({
    "bio", "biography", "description", "desc", "about", "job", "position", "role", "avatar",
    "image", "img", "photo", "picture", "thumb", "thumbnail", "date", "time", "timestamp",
    "social", "follow", "email", "mail", "twitter", "count", "label", "icon", "title",
    "category", "categories", "tag", "tags", "topic", "topics", "button", "buttons",
})
# Path parts of a link to an author page ("/author/jane-doe").
AUTHOR_PATH_PARTS = ("/author/", "/authors/", "/autor/", "/autoren/", "/auteur/", "/autore/",
                     "/journalist/", "/journalists/", "/reporter/", "/writers/", "/by/", "/byline/",
                     "/redakteur/", "/staff/", "/people/", "/profile/", "/profiles/")
# The same, as the substrings looked for in links ("/author" covers "/authors/").
AUTHOR_LINK_PARTS = ("/author", "/autor", "/auteur", "/journalist", "/reporter", "/redakteur",
                     "/writers/", "/staff/", "/people/", "/profile", "/by/", "/byline/")
# Containers whose bylines belong to something else (comments, teasers, quotes, menus).
NOT_ARTICLE_BYLINE_PARTS = frozenset({
    "comment", "comments", "reply", "replies", "respond", "related", "recommended", "recommend",
    "teaser", "teasers", "sidebar", "newsletter", "promo", "popular", "trending",
    "quote", "blockquote", "testimonial", "testimonials", "menu", "nav", "navigation", "footer",
    "modal", "popup", "share", "social", "next", "prev", "previous", "carousel", "slider", "feed",
    "review", "reviews", "rating", "ratings", "answer", "answers",
})

# Class / id parts of an element inside an <h1> that holds the kicker, not the headline.
KICKER_CLASS_PARTS = frozenset({
    "kicker", "overline", "eyebrow", "topline", "roofline", "dachzeile", "spitzmarke",
    "supertitle", "superline", "overtitle", "pretitle", "preheadline", "prehead",
    "flag", "rubric", "label", "offscreen", "visually", "sr", "screenreader",
})
