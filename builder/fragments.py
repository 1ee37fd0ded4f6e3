"""Long lists as HTML made by the builder, not the page's template: backlink lists and home-page cards.

The glossary of a large site holds every mention of every term, and the home
page a card per article. Rendering them here (through the macros of
_macros.html) lets the dev server keep each article's part between builds,
under the article's version: a save re-renders only the parts of the
articles it changed. Without a memo (`versions` None) nothing is kept, and a
backlinks list is made only when the template reads it, so a streamed
glossary never holds every list.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from builder import urls, views
from builder.backlinks import Backlink


class Fragments:
    def __init__(self, macros, article_titles: dict[str, str], memo=None, versions: dict[str, bytes] | None = None):
        self.macros = macros
        """The module of _macros.html."""
        self.article_titles = article_titles
        """Slug -> title, only when there are several articles to tell apart."""
        self.known: dict[bytes, dict] = memo.fragments if memo is not None else {}
        self.lists: dict[tuple, tuple] = memo.lists if memo is not None else {}
        self.versions = versions
        """Article slug -> a token that changes whenever anything of the article changes."""
        self.made: dict[bytes, dict] = {}
        """Fragments made by this build, by version: the memo takes them once the build succeeds."""
        self.made_lists: dict[tuple, tuple] = {}

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
        key = (prefix, entry_id, multi)
        known = self.lists.get(key)
        # The same runs, the same tuple: link.merge_backlinks keeps those of
        # entries no changed article mentions (the world being the same).
        if known is not None and known[0] is runs:
            html = known[1]
        else:
            # One fragment per article: a save re-renders only that article's items.
            html = self.macros.backlinks_list(Markup("".join(
                self._fragment(self.versions[slug], ("backlinks", prefix, entry_id, multi),
                               lambda: self.items(links, prefix))
                for slug, links in runs)))
            self.made_lists[key] = (runs, html)
        return views.Backlinks(count, lambda: html)

    def card(self, slug: str, prefix: str, view: Callable[[], views.ArticleCard]) -> str:
        """An article's card on the home page, as HTML (`article_card` in _macros.html)."""
        if self.versions is None:
            return self.macros.article_card(view())
        return self._fragment(self.versions[slug], ("card", prefix), lambda: self.macros.article_card(view()))

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
        memo.lists.update(self.made_lists)
        for version in [v for v in memo.fragments if v not in live]:
            del memo.fragments[version]
