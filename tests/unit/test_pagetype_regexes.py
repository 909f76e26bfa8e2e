"""The page-type text regexes in their fast "first character" form match exactly what
their plain forms match (same matches, same positions) on generated text."""

from __future__ import annotations

import random
import re

import pytest

from newscrawl.extraction import pagetype

PLAIN = {
    "_PRICE_RE": (r"(?:[$€£¥₹]\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:€|EUR|USD|zł|kr|руб)\b)", 0),
    "_CART_RE": (r"add[\s_-]?to[\s_-]?(?:cart|bag|basket|basket)|addtocart|buy[\s_-]now|in den warenkorb|ajouter au panier",
                 re.IGNORECASE),
    "_DATE_TEXT_RE": (r"\b(?:\d{1,2}[./]\d{1,2}[./](?:19|20)?\d\d|(?:19|20)\d\d-\d\d-\d\d|"
                      r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d|"
                      r"\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez)[a-zä]*\.?\s+(?:19|20)\d\d)\b",
                      re.IGNORECASE),
    "_PHONE_RE": (r"(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b", 0),
    "_SERVICE_WORDS_RE": (
        r"\b(?:our\s+(?:services|team|clients|experts|solutions|platform|customers|mission)|"
        r"we\s+(?:offer|provide|help|specialize|deliver)|contact\s+us|free\s+(?:consultation|quote|estimate|trial|demo)|"
        r"get\s+(?:a\s+quote|started)|book\s+a\s+(?:call|demo|consultation)|request\s+a\s+(?:demo|quote)|"
        r"unsere\s+leistungen|nos\s+services|nuestros\s+servicios)\b", re.IGNORECASE),
}

ATOMS = ["add to cart", "Add-To-Bag", "buy now", "In den Warenkorb", "ajouter au panier", "addtocart", "ADD_TO_BASKET",
         "our services", "Our  team", "we offer", "contact us", "free trial", "get started", "book a demo",
         "request a quote", "unsere Leistungen", "nos services", "nuestros servicios", "x", "_", "ø", "é", " ", "\n",
         ".", ",", "-", "(", ")", "+", "$", "€", "£", "¥", "₹", "EUR", "USD", "zł", "kr", "руб", "1", "12", "123", "1234",
         "19", "20", "2019", "2020-01-02", "12.03.2020", "1/2/99", "Jan", "sept", "Sep", "May", "mai", "dez", "okt",
         "ä", "İ", "ı", "ſ", "K", "a", "s", "o", "d", "\u0663", "555-1234", "(212) 555 1234", "+1 212.555.1234",
         "3 March 2021", "Nov. 3, 2020", "3. Okt 2020", "ſep 3, 2020", "İn den warenkorb", "€ 12,50", "12 EUR"]


def _texts(n: int = 3000) -> list[str]:
    rnd = random.Random(1)
    return ["".join(rnd.choice(ATOMS) + rnd.choice(("", " ", "")) for _ in range(rnd.randint(1, 30)))
            for _ in range(n)]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_fast_form_matches_plain_form(name):
    pattern, flags = PLAIN[name]
    plain, fast = re.compile(pattern, flags), getattr(pagetype, name)
    for text in _texts():
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text
