"""Rules for reading English news text, for `suggest` (builder/suggest.py).

Plain functions over plain text: sentences, words, runs of capitalised
words, the lowercase words that end a name, the cues that say what a name
is, figures, superlatives and dates. The word lists they use are in
lexicon.py; the rules are documented in docs/SPEC.md ("suggest").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder import lexicon as lx
from builder.dates import PartialDate, parse_date

TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"                      # U.S., U.N.
    r"|[A-Z]\.(?=\s[A-Z])"                     # an initial: Daniel R. DePetris
    r"|[^\W\d_][\w]*(?:[’'\-][^\W_]+)*"        # words, with hyphens and apostrophes
    r"|\d[\d,.:]*\d|\d")                       # numbers: 10,000  3:00  2.5
POSSESSIVE = re.compile(r"[’']s$")
SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or number and where it stands in the text."""

    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        """Without a possessive 's."""
        return POSSESSIVE.sub("", self.text)

    @property
    def possessive(self) -> bool:
        return self.word != self.text

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper() and self.text != "I"

    @property
    def acronym(self) -> bool:
        letters = self.word.replace(".", "")
        return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a full stop after an abbreviation or an
    initial ends none."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        before = text[start:match.start() + 1].split()
        last = before[-1].rstrip(".") if before else ""
        if text[match.start()] == "." and (
                last in lx.ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", last)):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in spans]


def words_of(text: str, start: int, end: int) -> list[Token]:
    """The words and numbers of text[start:end] (a sentence)."""
    return [Token(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


def capitalised_runs(tokens: list[Token], text: str) -> list[list[int]]:
    """Indexes of capitalised words that follow each other, with the connectors
    between them where a name continues ("Center for Strategic and International Studies")."""
    runs: list[list[int]] = []
    current: list[int] = []
    pending: list[int] = []

    def flush() -> None:
        if current:
            runs.append(list(current))
        current.clear()
        pending.clear()

    for index, token in enumerate(tokens):
        if index and (text[tokens[index - 1].end:token.start] != " " or tokens[index - 1].possessive):
            flush()
        if token.capitalised:
            if pending and not _connects(tokens, current, pending):
                flush()
            current.extend(pending)
            pending.clear()
            current.append(index)
        elif current and token.text in lx.CONNECTORS:
            pending.append(index)
        else:
            flush()
    flush()
    return runs


def _connects(tokens: list[Token], current: list[int], pending: list[int]) -> bool:
    words = [tokens[i].text for i in pending]
    if words in (["of"], ["for"], ["of", "the"], ["for", "the"]):
        return tokens[current[-1]].word in lx.OF_HEADS
    if words == ["and"]:
        return any(tokens[i].text in ("of", "for") for i in current)
    return len(words) == 1 and words[0] in lx.NAME_PARTICLES


def name_tail(tokens: list[Token], last: int, text: str) -> tuple[Token | None, str]:
    """Lowercase words that still belong to a name, and the kind they make it:
    "Kim dynasty" (a group), "U.N. monitoring committee" (an organisation)."""
    if tokens[last].possessive:
        return None, ""
    following = []
    for token in tokens[last + 1:last + 4]:
        if text[(following[-1] if following else tokens[last]).end:token.start] != " " \
                or not token.text[0].islower():
            break
        following.append(token)
        if token.possessive:
            break
    if following and following[0].word in lx.GROUP_WORDS:
        return following[0], "group"
    if tokens[last].acronym:
        for token in following:
            if token.word in lx.ORGANIZATION_NOUNS:
                return token, "organization"
            if token.possessive or token.text in lx.STOPWORDS:
                break
    return None, ""


def is_place(word: str) -> bool:
    return word in lx.COUNTRY_CAPITALS or word in lx.CAPITALS or word in lx.REGIONS


def is_demonym(word: str) -> bool:
    return word not in lx.COUNTRY_CAPITALS and bool(re.search(r"(?:ian|ean|ese|ish|ic)$", word))


def person_cue(tokens: list[Token], run: list[int], text: str) -> str:
    first, last = tokens[run[0]], tokens[run[-1]]
    if run[0] > 0:
        before = tokens[run[0] - 1]
        if text[before.end:first.start] in (" ", ", ") and before.word in lx.PERSON_CUES_BEFORE:
            return f"{before.word} {text[first.start:last.end]}"
    after = text[last.end:last.end + 40]
    match = re.match(r"(?:,\s+(?:a|an|the)\s+(?:former\s+)?(\w+)|,\s+who\b|\s+(?:is|was)\s+(?:a|an|the)"
                     r"\s+(?:former\s+)?(\w+)|\s+(\w+))", after)
    if match:
        noun = match.group(1) or match.group(2)
        verb = match.group(3)
        words = match.group(0)
        if noun and noun not in lx.PERSON_NOUNS and "former" in words:
            words = words[:words.index("former") + len("former")]
        elif not ((noun and noun in lx.PERSON_NOUNS) or words.endswith("who")
                  or (verb and verb in lx.SPEECH_VERBS)):
            return ""
        return f"{text[first.start:last.end]}{words}".strip()
    return ""


def people_of(name: str) -> str:
    """'Russians' -> 'Russia', 'North Koreans' -> 'North Korea', 'Chinese' -> 'China'; or ''."""
    if not name.endswith(("s", "ese")):
        return ""
    best = ""
    for country in lx.COUNTRY_CAPITALS:
        stem = country[:-1] if country[-1] in "aeiouy" else country
        if name.startswith(stem) and len(name) > len(country) - 1 and len(country) > len(best) \
                and name != country:
            best = country
    return best


def is_term_word(token: Token) -> bool:
    """A lowercase word that may stand in a noun phrase: no function word,
    common verb, number or -ly adverb."""
    word = token.text
    return (word[0].islower() and len(word) > 2 and word.replace("-", "").isalpha()
            and word not in lx.STOPWORDS and word not in lx.COMMON_VERBS
            and word not in lx.NUMBER_WORDS and not word.endswith("ly"))


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
        token = tokens[i]
        lower = token.text.lower()
        digits = token.text[0].isdigit()
        if digits and (_is_year(token.text) or _in_date(text, token)):
            i += 1
            continue
        if not digits and lower not in lx.NUMBER_WORDS:
            i += 1
            continue
        # the number phrase: numbers, scales, "and a half", "of thousands"
        j = i + 1
        while j < len(tokens) and (tokens[j].text.lower() in lx.NUMBER_WORDS
                                   or tokens[j].text.lower() in ("and", "a", "of") and j + 1 < len(tokens)
                                   and tokens[j + 1].text.lower() in lx.NUMBER_WORDS | {"a", "half"}):
            j += 1
        phrase = tokens[i:j]
        words = [t.text.lower() for t in phrase]
        unit_tokens = []
        k = j
        while k < len(tokens) and len(unit_tokens) < 2 and is_term_word(tokens[k]) \
                and text[tokens[k - 1].end:tokens[k].start] == " ":
            unit_tokens.append(tokens[k])
            k += 1
        has_scale = any(w in lx.SCALE_WORDS for w in words)
        has_unit = bool(unit_tokens) and unit_tokens[0].text.lower() in lx.UNIT_WORDS
        if not (digits or has_scale or has_unit):
            i = j
            continue
        start = phrase[0].start
        qualifier = ""
        for words_before, meaning in lx.QUALIFIERS.items():
            n = len(words_before.split())
            if i >= n and " ".join(t.text.lower() for t in tokens[i - n:i]) == words_before:
                qualifier, start = meaning, tokens[i - n].start
                break
        if start > 0 and text[start - 1] in "$€£¥":
            start -= 1
        end = (unit_tokens[-1] if unit_tokens else phrase[-1]).end
        if end < len(text) and text[end] == "%":
            end += 1
        claims.append(Claim("figure", text[start:end], start, _value(phrase),
                             qualifier, " ".join(t.text for t in unit_tokens)))
        i = k
    return claims


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
