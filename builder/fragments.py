"""The big pages' pieces as HTML made by the builder, not the page's template:
backlink lists, glossary terms and home-page cards.

The glossary of a large site holds every mention of every term, and the home
page a card per article. Rendering them here (through the macros of
_macros.html) lets the dev server keep them between builds: each article's
part of a list under the article's version, a whole list or term while what
it shows is the same. A save re-renders only what it changed. Without a memo
(`versions` None) nothing is kept, and a term or backlinks list is made only
when the template writes it, so a streamed glossary never holds them all.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from builder import urls, views
from builder.backlinks import Backlink


class Fragments:
    def __init__(self, macros, article_titles: dict[str, str], memo=None, versions: dict[str, bytes] | None = None,
                 reuse: bool = False):
        self.macros = macros
        """The module of _macros.html."""
        self.article_titles = article_titles
        """Slug -> title, only when there are several articles to tell apart."""
        self.known: dict[bytes, dict] = memo.fragments if memo is not None else {}
        self.blocks: dict[tuple, tuple] = memo.blocks if memo is not None else {}
        self.versions = versions
        """Article slug -> a token that changes whenever anything of the article changes."""
        self.reuse = reuse
        """Whether the blocks the memo keeps may be used: the entries, key points and newest
        article's date are those they were made with (produce.py: the entries world)."""
        self.made: dict[bytes, dict] = {}
        """Fragments made by this build, by version: the memo takes them once the build succeeds."""
        self.made_blocks: dict[tuple, tuple] = {}

    def items(self, links: tuple[Backlink, ...] | list[Backlink], prefix: str) -> str:
        """The HTML of backlinks' items (`backlink_items` in _macros.html)."""
        return self.macros.backlink_items([views.Backlink(
            href=urls.href(urls.block_url(b.slug, b.block_id), prefix),
            article=self.article_titles.get(b.slug, ""), number=b.number,
            before=b.snippet.before, words=b.snippet.words, after=b.snippet.after,
        ) for b in links])

    def backlinks(self, entry_id: str, runs: tuple[tuple[str, tuple[Backlink, ...]], ...], count: int,
                  prefix: str) -> views.Backlinks:
        """An entry's `count` mentions, (article slug, its backlinks) per article,
        and the list's HTML (`backlinks_list`)."""
        if self.versions is None:
            return views.Backlinks(count, lambda: self.macros.backlinks_list(
                Markup(self.items([b for _, links in runs for b in links], prefix))))
        multi = bool(self.article_titles)
        # One fragment per article: a save re-renders only that article's items.
        html = self._block(("list", prefix, entry_id, multi), (runs,), lambda: self.macros.backlinks_list(
            Markup("".join(self._fragment(self.versions[slug], ("backlinks", prefix, entry_id, multi),
                                          lambda: self.items(links, prefix)) for slug, links in runs))))
        return views.Backlinks(count, lambda: html)

    def glossary_term(self, term_id: str, prefix: str, runs: tuple, named: tuple[str, ...],
                      view: Callable[[], views.GlossaryTerm]) -> views.LazyHtml | str:
        """A term's HTML (`glossary_term` in _macros.html): besides the world, it shows its
        backlinks (`runs`) and the titles of the articles whose byline or summary name it."""
        make = lambda: self.macros.glossary_term(view())  # noqa: E731
        if self.versions is None:
            return views.LazyHtml(make)
        shown = tuple(self.versions[slug] for slug in named)
        return self._block(("term", prefix, term_id, bool(self.article_titles)), (runs, shown), make)

    def card(self, slug: str, prefix: str, view: Callable[[], views.ArticleCard]) -> str:
        """An article's card on the home page, as HTML (`article_card` in _macros.html)."""
        if self.versions is None:
            return self.macros.article_card(view())
        return self._fragment(self.versions[slug], ("card", prefix), lambda: self.macros.article_card(view()))

    def _block(self, key: tuple, depends: tuple, make: Callable[[], str]) -> str:
        """HTML that shows, besides the world, the runs of backlinks `depends[0]` (the
        same tuple while they are the same: link.merge_backlinks) and `depends[1:]`."""
        known = self.blocks.get(key) if self.reuse else None
        if known is not None and known[0][0] is depends[0] and known[0][1:] == depends[1:]:
            return known[1]
        html = make()
        self.made_blocks[key] = (depends, html)
        return html

    def _fragment(self, version: bytes, key: tuple, make: Callable[[], str]) -> str:
        html = self.known.get(version, {}).get(key)
        if html is None:
            mine = self.made.setdefault(version, {})
            html = mine.get(key)
            if html is None:
                html = mine[key] = make()
        return html

    def keep(self, memo, live: set[bytes]) -> None:
        """Give the memo what this build made, and drop the fragments of versions no longer live."""
        for version, made in self.made.items():
            memo.fragments.setdefault(version, {}).update(made)
        memo.blocks.update(self.made_blocks)
        for version in [v for v in memo.fragments if v not in live]:
            del memo.fragments[version]
