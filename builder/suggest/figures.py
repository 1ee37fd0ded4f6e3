"""Figures, superlatives and dates in English text: the words a fact box or
a timeline event would check, for `suggest`. The rules are documented in
docs/SPEC.md ("suggest"); the word lists are in lexicon.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.dates import PartialDate, parse_date
from builder.suggest import lexicon as lx
from builder.suggest.english import Token, is_term_word


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    """figure or superlative."""
    quote: str
    start: int
    value: int | float | None = None
    qualifier: str = ""
    unit: str = ""


def figures(tokens: list[Token], text: str) -> list[Claim]:
    """Numbers that are figures: digits (not a year), or spelled-out numbers with
    a scale or a unit ("five decades", "hundreds of thousands")."""
    claims = []
    i = 0
    while i < len(tokens):
        if not _starts_number(tokens[i], text):
            i += 1
            continue
        end = _number_end(tokens, i)
        unit = _unit_after(tokens, end, text)
        claim = _figure(tokens, i, end, unit, text)
        if claim is None:
            i = end
            continue
        claims.append(claim)
        i = end + len(unit)
    return claims


def _starts_number(token: Token, text: str) -> bool:
    """Digits that are no year or day of a date, or a number word."""
    if token.text[0].isdigit():
        return not (_is_year(token.text) or _in_date(text, token))
    return token.text.lower() in lx.NUMBER_WORDS


def _number_end(tokens: list[Token], i: int) -> int:
    """Where the number phrase starting at i ends: numbers, scales, "and a half", "of thousands"."""
    j = i + 1
    while j < len(tokens) and (tokens[j].text.lower() in lx.NUMBER_WORDS
                               or tokens[j].text.lower() in ("and", "a", "of") and j + 1 < len(tokens)
                               and tokens[j + 1].text.lower() in lx.NUMBER_WORDS | {"a", "half"}):
        j += 1
    return j


def _unit_after(tokens: list[Token], j: int, text: str) -> list[Token]:
    """Up to two words after a number that may say what it counts."""
    unit: list[Token] = []
    k = j
    while k < len(tokens) and len(unit) < 2 and is_term_word(tokens[k]) \
            and text[tokens[k - 1].end:tokens[k].start] == " ":
        unit.append(tokens[k])
        k += 1
    return unit


def _figure(tokens: list[Token], i: int, j: int, unit: list[Token], text: str) -> Claim | None:
    """The number phrase tokens[i:j] as a figure, or None when it is a bare
    spelled-out number ("one of them")."""
    phrase = tokens[i:j]
    words = [t.text.lower() for t in phrase]
    has_scale = any(w in lx.SCALE_WORDS for w in words)
    has_unit = bool(unit) and unit[0].text.lower() in lx.UNIT_WORDS
    if not (phrase[0].text[0].isdigit() or has_scale or has_unit):
        return None
    qualifier, start = _qualifier(tokens, i)
    if start > 0 and text[start - 1] in "$€£¥":
        start -= 1
    end = (unit[-1] if unit else phrase[-1]).end
    if end < len(text) and text[end] == "%":
        end += 1
    return Claim("figure", text[start:end], start, _value(phrase),
                 qualifier, " ".join(t.text for t in unit))


def _qualifier(tokens: list[Token], i: int) -> tuple[str, int]:
    """'nearly 5 million': what the words before the number say of it, and where the claim starts."""
    for words_before, meaning in lx.QUALIFIERS.items():
        n = len(words_before.split())
        if i >= n and " ".join(t.text.lower() for t in tokens[i - n:i]) == words_before:
            return meaning, tokens[i - n].start
    return "", tokens[i].start


def _value(phrase: list[Token]) -> int | float | None:
    """5 million -> 5000000, 10,000 -> 10000, two and a half -> 2.5; None when
    it is not one number (3:00, "hundreds of thousands")."""
    words = [t.text.lower() for t in phrase]
    if ":" in words[0] or any(w.endswith("s") and w in lx.SCALE_WORDS for w in words):
        return None
    try:
        value: float = float(words[0].replace(",", "")) if words[0][0].isdigit() \
            else float(lx.SMALL_NUMBERS.get(words[0], lx.SCALE_WORDS.get(words[0], 0)) or 0)
    except ValueError:
        return None
    if not value:
        return None
    rest = words[1:]
    if rest[:3] == ["and", "a", "half"]:
        value += 0.5
        rest = rest[3:]
    for word in rest:
        if word not in lx.SCALE_WORDS:
            return None
        value *= lx.SCALE_WORDS[word]
    return int(value) if value.is_integer() else value


UNMARKED_SUPERLATIVES = ("unprecedented", "record-breaking")
"""Superlatives that need no 'the' before them."""


def superlatives(tokens: list[Token], text: str) -> list[Claim]:
    """'the greatest threat', 'its most important partner', 'the first ...',
    with up to three words after the superlative."""
    claims = []
    for i, token in enumerate(tokens):
        if i == 0:
            continue
        word, before = token.text.lower(), tokens[i - 1]
        determiner = before.text.lower() in ("the", "its", "his", "her", "their", "our") or before.possessive
        marked = (re.fullmatch(r"[a-z]{2,}est", word) and word not in lx.NOT_SUPERLATIVES) \
            or word in ("best", "worst", "most", "least", "first", "only")
        if not (marked and determiner) and word not in UNMARKED_SUPERLATIVES:
            continue
        end = cursor = token.end
        following_words = tokens[i + 1:i + 4]
        for n, following in enumerate(following_words):
            joins = following.text == "of" and n + 1 < len(following_words) \
                and is_term_word(following_words[n + 1])
            if not (is_term_word(following) or following.capitalised or joins) \
                    or text[cursor:following.start] != " ":
                break
            cursor = following.end
            if not joins:
                end = following.end
        start = before.start if determiner and not before.possessive else token.start
        claims.append(Claim("superlative", text[start:end], start))
    return claims


def _is_year(number: str) -> bool:
    return bool(re.fullmatch(r"1[5-9]\d\d|20\d\d", number))


_MONTH = "|".join(sorted(lx.MONTHS, key=len, reverse=True))
_DATE_PATTERNS = [re.compile(pattern.format(m=_MONTH)) for pattern in (
    r"\b(?P<month>{m})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b",
    r"\b(?P<day>\d{{1,2}}) (?P<month>{m}) (?P<year>\d{{4}})\b",
    r"\b(?P<iso>\d{{4}}-\d{{2}}(?:-\d{{2}})?)\b",
    r"\b(?P<month>{m}),? (?P<year>\d{{4}})\b",
    r"\b(?P<month>{m})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d)",
    r"\b(?P<relative>last|this|next) (?P<month>{m})\b",
    r"(?<![\d,.$€£])\b(?P<year>1[5-9]\d\d|20\d\d)\b(?!,?\d)",
)]
"""Longest first: where two overlap, the first one found wins."""


def dates_in(text: str, published: PartialDate | None) -> list[tuple[int, int, PartialDate]]:
    """Dates written in the text, longest first where they overlap; a date
    without a year ("June 19", "last November") only when the article's
    `published` date tells the year."""
    taken: list[tuple[int, int]] = []
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            date = _date_of(match.groupdict(), published)
            if date is not None:
                taken.append(match.span())
                # "since 1998" reads better as a quote than "1998".
                before = re.search(r"\b(?:in|on|since|by|until|from|before|after|during) $",
                                   text[:match.start()])
                found.append((before.start() if before else match.start(), match.end(), date))
    return sorted(found, key=lambda f: f[0])


def _date_of(groups: dict, published: PartialDate | None) -> PartialDate | None:
    if groups.get("iso"):
        parsed = parse_date(groups["iso"])
        return parsed if isinstance(parsed, PartialDate) else None
    month = lx.MONTHS.get(groups.get("month") or "")
    year = int(groups["year"]) if groups.get("year") else None
    day = int(groups["day"]) if groups.get("day") else None
    if year is None:
        if published is None or month is None:
            return None
        year = published.year
        relative = groups.get("relative")
        if relative == "last" and published.month and month >= published.month:
            year -= 1
        elif relative == "next" and published.month and month <= published.month:
            year += 1
    parsed = parse_date(f"{year:04d}" + (f"-{month:02d}" if month else "")
                        + (f"-{day:02d}" if day and month else ""))
    return parsed if isinstance(parsed, PartialDate) else None


_MONTH_BEFORE = re.compile(rf"(?:{_MONTH})\.? $")
_MONTH_AFTER = re.compile(rf" (?:{_MONTH})\b")


def _in_date(text: str, token: Token) -> bool:
    """A day number inside a written date ("June 19, 2024", "19 June 2024")."""
    return bool(_MONTH_BEFORE.search(text, max(0, token.start - 12), token.start)
                or _MONTH_AFTER.match(text, token.end))
