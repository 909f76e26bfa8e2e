"""Page furniture inside the body text, recognised line by line (vocabulary as data).

Templates put things into the story container that are not the story: separators,
video teasers with a running time, consent placeholders of blocked embeds, "Related
video:" labels, newsletter and follow-us pitches, publisher policy and copyright lines,
contribution notes ("... contributed to this report") and the author's bio at the end.

Two kinds of rule:
  * `is_inline_furniture`: never story text, wherever the line stands;
  * `is_tail_furniture`: not story text at the end of the story (a bio or a pitch in
    the middle of the text is more likely a quote or a paragraph about the author).

The phrases are general vocabulary of news sites in several languages, kept here in
one place; nothing is keyed to a site.
"""

from __future__ import annotations

import re

from newscrawl.normalize import word_count

INLINE_MAX_WORDS = 25     # a furniture line is short; longer lines are prose
TAIL_MAX_WORDS = 60       # an author bio or a pitch at the end may run a little longer

_SEPARATOR_RE = re.compile(r"^[\W_]+$")  # "___", "* * *", "•••", "—"
# A teaser of a video or audio piece: its running time at the end ("... | 2:03 min").
_DURATION_RE = re.compile(r"(?:[|·•]\s*\d{1,2}:\d{2}(?::\d{2})?|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:min\.?|minutes?|Min\.?|mins?))\s*\)?\s*$")
_READING_TIME_RE = re.compile(
    r"^\d{1,3}\s*(?:-\s*)?(?:min(?:ute)?s?\.?|Minuten|minutos|minuti)\s*(?:read|reading|Lesezeit|de lecture|de lectura|di lettura|lesen)?$",
    re.IGNORECASE)
# Placeholders of embeds blocked until the reader consents.
_CONSENT_RE = re.compile(
    r"^(?:ein\s+klick\s+für\s+den\s+datenschutz|externer?\s+inhalte?\b|empfohlener\s+externer\s+inhalt|"
    r"to\s+view\s+this\s+content|this\s+content\s+is\s+(?:not\s+available|blocked|hosted\s+by|provided\s+by)|"
    r"click\s+(?:here\s+)?to\s+(?:load|show|view|display)\s+(?:the\s+)?(?:content|video|embed|tweet|post)|"
    r"(?:please\s+)?enable\s+(?:javascript|cookies)\s+to\s+(?:view|see|watch)|"
    r"um\s+(?:diesen|den|externe)\s+inhalte?\s+(?:zu\s+sehen|anzuzeigen|zu\s+laden)|"
    r"we\s+(?:need|require)\s+your\s+consent|contenu\s+(?:externe|bloqué))",
    re.IGNORECASE)
# Labels that introduce a teaser for other content: "Related video: ...", "MORE: ...".
_TEASER_LABEL_RE = re.compile(
    r"^(?:related\s+(?:video|videos|coverage|content|stories|story|articles?|reading)|related|watch(?:\s+now)?|video|"
    r"more|read\s+more|read\s+next|read\s+also|also\s+read|see\s+also|up\s+next|recommended|listen|"
    r"mehr\s+zum\s+thema|lesen\s+sie\s+(?:auch|mehr)|zum\s+artikel|auch\s+interessant|das\s+könnte\s+sie\s+auch\s+interessieren|"
    r"noticia\s+relacionada|te\s+puede\s+interesar|lee\s+también|à\s+lire\s+aussi|lire\s+aussi|à\s+voir\s+aussi|"
    r"leggi\s+anche|czytaj\s+(?:także|też)|skaitykite\s+taip\s+pat|funda\s+olunye\s+udaba\s+lapha|"
    r"читайте\s+также)\s*[:|»>–—]+\s*\S",
    re.IGNORECASE)
# A pitch of the site: newsletters, apps, channels, "follow us", tips, subscriptions.
_PITCH_RE = re.compile(
    r"^(?:follow\s+(?:us|\S+)\s+on|like\s+us\s+on|join\s+(?:us|our)\b|sign\s+up\b|subscribe\b|stay\s+(?:informed|up\s+to\s+date)\b|"
    r"get\s+(?:daily|the\s+latest|our|breaking)\b|for\s+(?:the\s+latest|more\s+(?:stories|news|on\s+this))\b|got\s+a\s+(?:story|tip)\b|"
    r"get\s+in\s+touch\s+with|download\s+(?:the|our)\b|you\s+can\s+now\s+also\s+get|"
    r"folgst\s+du\b|folgen\s+sie\b|abonniere|abonnieren\s+sie|melden\s+sie\s+sich\b|jetzt\s+(?:abonnieren|anmelden|folgen)|"
    r"suivez[-\s]nous|abonnez[-\s]vous|síguenos|suscríbete|seguici|iscriviti)",
    re.IGNORECASE)
_PITCH_ANYWHERE_RE = re.compile(
    r"\b(?:sign\s+up\s+for\s+(?:our|the|\S+['’]s)\s+(?:\S+\s+){0,3}newsletters?|newsletter\s+informiert|"
    r"whatsapp[-\s]kanal|whatsapp\s+channel|in\s+your\s+inbox\b)",
    re.IGNORECASE)
# Publisher policy, copyright and correction notes.
_POLICY_RE = re.compile(
    r"^(?:our\s+standards\b|the\s+thomson\s+reuters\s+trust\s+principles|<?\s*copyright\b|<?\s*©|\(c\)\s*\d|"
    r"all\s+rights\s+reserved|this\s+(?:material|article|story|content)\s+may\s+not|"
    r"alle\s+rechte\s+vorbehalten|tous\s+droits\s+réservés|todos\s+los\s+derechos\s+reservados|"
    r"fehler\s+gefunden|found\s+an?\s+(?:error|typo|mistake)|report\s+an?\s+(?:error|correction)|"
    r"corrections?\s*(?:&|and\s+clarifications)?\s*:|"
    r"dieses\s+thema\s+im\s+programm|für\s+die\s+kommerzielle\s+nutzung)",
    re.IGNORECASE)
_RIGHTS_RE = re.compile(r"all\s+rights\s+reserved|alle\s+rechte\s+vorbehalten|무단\s*전재|tous\s+droits\s+réservés", re.IGNORECASE)
# Notes on who else worked on the story.
_CONTRIBUTION_RE = re.compile(
    r"\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|story|article)|\badditional\s+reporting\s+by\b|"
    r"^[-–—]*\s*(?:reporting\s+by|writing\s+by|editing\s+by|compiled\s+by|with\s+reporting\s+(?:by|from))\b|"
    r"^(?:mitarbeit|mit\s+material\s+von)\s*:",
    re.IGNORECASE)
# "Jane Doe is a reporter for ...", "Max Muster ist Redakteur ...", "Jane Doe covers ... for
# The Wire": the author's bio.
_BIO_RE = re.compile(
    r"^(?:about\s+the\s+author\b|(?:[A-ZÀ-Ý][\w'’.\-]+\s+){1,3}(?:is|was|ist|war|est|es|è)\s+.{0,100}?\b(?:"
    r"reporter|correspondent|writer|editor|journalist|columnist|contributor|producer|author|freelancer|intern|"
    r"Reporter(?:in)?|Redakteur(?:in)?|Korrespondent(?:in)?|Journalist(?:in)?|Autor(?:in)?|Volontär(?:in)?|Moderator(?:in)?|"
    r"journaliste|rédacteur|rédactrice|correspondant|periodista|redactor|redactora|corresponsal|giornalista))"
    # "Jane Doe covers water and climate for The Wire.": a beat for an outlet
    r"|^(?:[A-ZÀ-Ý][\w'’.\-]+\s+){2,3}(?:covers|reports\s+on|writes\s+about)\s+.{3,120}?\s+for\s+(?:the\s+)?[A-ZÀ-Ý]",
    re.UNICODE)


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR_RE.match(line))


def is_inline_furniture(line: str) -> bool:
    """Never story text, wherever it stands: a video teaser with its running time, a
    reading time, a consent placeholder, a teaser label, a newsletter pitch."""
    if word_count(line) > INLINE_MAX_WORDS:
        return False
    return bool(_DURATION_RE.search(line) or _READING_TIME_RE.match(line) or _CONSENT_RE.match(line)
                or _TEASER_LABEL_RE.match(line) or _PITCH_ANYWHERE_RE.search(line))


def is_tail_furniture(line: str) -> bool:
    """Not story text at the end of the story: a pitch, a policy or copyright line, a
    contribution note, the author's bio, a separator (inside the story a separator
    marks a section break), and anything `is_inline_furniture` finds."""
    if is_separator(line) or is_inline_furniture(line):
        return True
    if word_count(line) > TAIL_MAX_WORDS:
        return False
    return bool(_PITCH_RE.match(line) or _POLICY_RE.match(line) or _RIGHTS_RE.search(line)
                or _CONTRIBUTION_RE.search(line) or _BIO_RE.match(line))
