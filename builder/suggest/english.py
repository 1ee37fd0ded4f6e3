"""Rules for reading English news text, for `suggest`.

Plain functions over plain text: sentences, words, runs of capitalised
words, the lowercase words that end a name, the cues that say what a name
is; figures, superlatives and dates are in figures.py. The word lists they
use are in lexicon.py; the rules are documented in docs/SPEC.md ("suggest").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.suggest import lexicon as lx

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
