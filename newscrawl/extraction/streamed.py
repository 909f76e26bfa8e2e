"""React's streamed server rendering, put in place as the browser's script does it.

A page rendered by React's streaming server (Next.js and others) sends the parts that
were not ready at first as hidden segments at the end of <body>:

    <div class="article-body"><template id="B:0"></template><div>Loading...</div> ...
    ...
    <div hidden id="S:0"><p>The story's first paragraph ...</p></div>

and a small script moves each segment `S:n` to its placeholder (`<template id="B:n">`
for a Suspense boundary, `<template id="P:n">` for a nested segment). Read as markup,
the story sits in pieces after the footer, in page-layout order rather than the
story's. `place_segments` does the script's work: each hidden segment whose
placeholder is on the page replaces it (segments inside segments are placed too). A
segment without its placeholder stays where it is.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

SEGMENT_MARK = 'id="S:'     # a quick test on the page's markup before any tree walk

_SEGMENT_ID_RE = re.compile(r"^S:([0-9a-f]+)$")
_PLACEHOLDER_ID_RE = re.compile(r"^[BP]:([0-9a-f]+)$")


def place_segments(tree: HtmlElement) -> int:
    """Move every hidden streamed segment into its placeholder; returns how many moved."""
    segments = [el for el in tree.iter("div") if el.get("hidden") is not None
                and _SEGMENT_ID_RE.match(el.get("id") or "")]
    if not segments:
        return 0
    placeholders = {}
    for template in tree.iter("template"):
        match = _PLACEHOLDER_ID_RE.match(template.get("id") or "")
        if match:
            placeholders.setdefault(match.group(1), template)
    moved = 0
    for segment in segments:
        template = placeholders.get(_SEGMENT_ID_RE.match(segment.get("id")).group(1))
        if template is None or template.getparent() is None:
            continue
        if template is segment or any(a is segment for a in template.iterancestors()):
            continue  # a placeholder inside its own segment: malformed, left alone
        segment.drop_tree()  # out of the tree, its tail text left where it was
        del segment.attrib["hidden"]
        segment.tail = template.tail
        template.tail = None
        template.getparent().replace(template, segment)
        moved += 1
    return moved
