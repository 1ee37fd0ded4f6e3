"""The scale corpus of issue 10, generated deterministically from a seed.

    write_corpus(root, articles=1000, seed=10, plain=False)

writes `root/content/`: `articles` articles of about 1,250 words, 200
glossary terms and 50 actors whose names and aliases occur in the text
(auto-linked mentions, a few `[[id]]` links). `plain=True` writes the same
articles with neither glossary nor actors: every `[[id|words]]` becomes its
words and the author is plain text. The same seed gives the same bytes.

Words are made of syllables from three disjoint pools (filler, terms, names),
so no name or term occurs by accident.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

TERMS = 200
ACTORS = 50
WORDS_PER_ARTICLE = 1250
KINDS = ("person", "person", "person", "country", "organization", "group")


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str  # person, country, organization, group; "term" for glossary terms


def _words(rng: random.Random, count: int, onsets: str, vowels: str, taken: set[str],
           syllables=(2, 3)) -> list[str]:
    words = []
    while len(words) < count:
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice(syllables)))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


class Corpus:
    def __init__(self, articles: int, seed: int = 10):
        self.count = articles
        self.seed = seed
        rng = random.Random(seed)
        taken: set[str] = set()
        # Disjoint pools: filler ends in a vowel, term words in 'n', names in 'r'.
        self.filler = _words(rng, 3000, "bdfgklmpstvz", "aeiou", taken)
        term_words = [w + "n" for w in _words(rng, 400, "bdgkmptv", "aeio", taken)]
        name_words = [w.capitalize() + "r" for w in _words(rng, 160, "bdfgklmnpstvz", "aeiou", taken)]
        self.actors: list[Entry] = []
        for i in range(ACTORS):
            kind = KINDS[i % len(KINDS)]
            first, last = name_words[2 * i], name_words[2 * i + 1]
            if kind == "person":
                name, aliases = f"{first} {last}", (last,)
            elif kind == "country":
                name, aliases = first, (f"{first}n Republic",)
            elif kind == "organization":
                name, aliases = f"{first} {last} Council", (f"the {last} Council",)
            else:
                name, aliases = f"{first} Front", ()
            self.actors.append(Entry(f"actor-{i}", name, aliases, kind))
        self.terms: list[Entry] = []
        for i in range(TERMS):
            term = f"{term_words[2 * i]} {term_words[2 * i + 1]}"
            aliases = (term + "s",) if i % 4 == 0 else ()
            self.terms.append(Entry(f"term-{i}", term, aliases, "term"))
        self.people = [a for a in self.actors if a.kind == "person"]

    # -- data files --------------------------------------------------------
    def actors_yaml(self) -> str:
        rng = random.Random(self.seed * 7 + 1)
        lines = []
        for i, actor in enumerate(self.actors):
            other = self.actors[(i * 7 + 3) % ACTORS]
            lines += [f"- id: {actor.id}", f"  name: {actor.name}", f"  kind: {actor.kind}"]
            if actor.aliases:
                lines.append(f"  aliases: [{', '.join(actor.aliases)}]")
            lines.append(f"  role: {self._sentence(rng, 4, 7)[:-1]}")
            lines.append(f"  summary: {self._sentence(rng, 10, 18)} Works with [[{other.id}]].")
            lines.append(f"  related: [{other.id}]")
        return "\n".join(lines) + "\n"

    def glossary_yaml(self) -> str:
        rng = random.Random(self.seed * 7 + 2)
        lines = []
        for i, term in enumerate(self.terms):
            lines += [f"- id: {term.id}", f"  term: {term.name}"]
            if term.aliases:
                lines.append(f"  aliases: [{', '.join(term.aliases)}]")
            definition = self._sentence(rng, 12, 24)
            if i % 3 == 0:
                definition += f" See [[{self.actors[i % ACTORS].id}]]."
            lines.append(f"  definition: {definition}")
            lines.append(f"  see_also: [{self.terms[(i * 11 + 5) % TERMS].id}]")
        return "\n".join(lines) + "\n"

    def site_yaml(self, plain: bool) -> str:
        kind = "plain" if plain else "linked"
        return (f"title: Scale corpus ({self.count} articles, {kind})\n"
                "description: A generated newsroom knowledge base for benchmarks.\n")

    # -- articles ------------------------------------------------------------
    def article(self, n: int, plain: bool) -> tuple[str, str]:
        """(file name, text) of article n."""
        rng = random.Random(self.seed * 1_000_003 + n)
        author = self.people[n % len(self.people)]
        title = self._sentence(rng, 5, 9)[:-1]
        published = f"{2015 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        summary = self._paragraph(rng, 18, 30, plain, mentions=1)
        front = [
            "---",
            f"title: {title}",
            f"author: {author.name if plain else author.id}",
            "publisher: The Scale Times",
            f"published: {published}",
            f"summary: {summary}",
            "---",
            "",
        ]
        blocks, words = [], 0
        while words < WORDS_PER_ARTICLE:
            if blocks and len(blocks) % 6 == 0:
                blocks.append("## " + self._sentence(rng, 3, 6)[:-1])
            elif len(blocks) % 9 == 4:
                items = [self._paragraph(rng, 8, 16, plain, mentions=1) for _ in range(3)]
                blocks.append("\n".join("- " + item for item in items))
                words += sum(len(item.split()) for item in items)
            else:
                text = self._paragraph(rng, 60, 100, plain, mentions=rng.randint(1, 3))
                blocks.append(text)
                words += len(text.split())
        return f"a{n:05d}.md", "\n".join(front) + "\n\n".join(blocks) + "\n"

    def _sentence(self, rng: random.Random, low: int, high: int) -> str:
        words = [rng.choice(self.filler) for _ in range(rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def _paragraph(self, rng: random.Random, low: int, high: int, plain: bool, mentions: int) -> str:
        words = [rng.choice(self.filler) for _ in range(rng.randint(low, high))]
        for _ in range(mentions):
            at = rng.randrange(1, len(words))
            roll = rng.random()
            if roll < 0.45:
                entry = rng.choice(self.actors)
                words[at] = rng.choice((entry.name, *entry.aliases))
            elif roll < 0.9:
                entry = rng.choice(self.terms)
                words[at] = rng.choice((entry.name, *entry.aliases))
            else:  # an explicit link
                entry = rng.choice(self.terms + self.actors)
                label = rng.choice(self.filler)
                words[at] = label if plain else f"[[{entry.id}|{label}]]"
            if rng.random() < 0.1:
                words[at] = f"*{words[at]}*"
        text = []
        for i, word in enumerate(words):
            if i == 0 or text[-1].endswith("."):
                word = word[:1].upper() + word[1:] if not word.startswith(("*", "[")) else word
            text.append(word + ("." if i % 14 == 13 else ""))
        return " ".join(text).rstrip(".") + "."


def write_corpus(root: Path, articles: int, seed: int = 10, plain: bool = False) -> Path:
    """Write root/content/ and return root."""
    corpus = Corpus(articles, seed)
    content = root / "content"
    (content / "articles").mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text(corpus.site_yaml(plain), encoding="utf-8")
    if not plain:
        (content / "actors.yaml").write_text(corpus.actors_yaml(), encoding="utf-8")
        (content / "glossary.yaml").write_text(corpus.glossary_yaml(), encoding="utf-8")
    for n in range(articles):
        name, text = corpus.article(n, plain)
        (content / "articles" / name).write_text(text, encoding="utf-8")
    return root
