"""Long lists as HTML made by the builder, not the page's template: backlink lists and home-page cards.

The glossary of a large site holds every mention of every term, and the home
page a card per article. Rendering them here (through the macros of
_macros.html) lets the dev server keep each article's part between builds:
a save re-renders only the parts of the articles it changed. Without a
memo (`versions` None) nothing is kept, and a backlinks list is made only
when the template reads it, so a streamed glossary never holds every list.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from builder import urls, views
from builder.backlinks import Backlink


class Fragments:
    def __init__(self, macros, article_titles: dict[str, str], kept: dict | None = None,
                 versions: dict[str, bytes] | None = None):
        self.macros = macros
        """The module of _macros.html."""
        self.article_titles = article_titles
        """Slug -> title, only when there are several articles to tell apart."""
        self.known = kept if kept is not None else {}
        """Fragments kept from the last build (the dev server's): HTML by everything it depends on."""
        self.kept: dict = {}
        """The fragments this build used (what the next build keeps)."""
        self.versions = versions
        """Article slug -> a token that changes whenever anything of the article
        changes: fragments are keyed on these. None: nothing is kept."""

    def items(self, links: tuple[Backlink, ...] | list[Backlink], prefix: str) -> str:
        """The HTML of backlinks' items (`backlink_items` in _macros.html)."""
        return self.macros.backlink_items([views.Backlink(
            href=urls.href(urls.block_url(b.slug, b.block_id), prefix),
            article=self.article_titles.get(b.slug, ""), number=b.number,
            before=b.snippet.before, words=b.snippet.words, after=b.snippet.after,
        ) for b in links])

    def backlinks(self, entry_id: str, runs: tuple[tuple[str, tuple[Backlink, ...]], ...],
                  prefix: str) -> views.Backlinks:
        """An entry's mentions, (article slug, its backlinks) per article: their
        count and the list's HTML (`backlinks_list`)."""
        count = sum(len(links) for _, links in runs)
        if self.versions is None:
            return views.Backlinks(count, lambda: self.macros.backlinks_list(
                Markup(self.items([b for _, links in runs for b in links], prefix))))
        multi = bool(self.article_titles)
        whole = ("list", prefix, entry_id, multi, tuple(self.versions[slug] for slug, _ in runs))
        if whole not in self.known:
            # One fragment per article: a save re-renders only that article's items.
            parts = []
            for slug, links in runs:
                key = ("backlinks", prefix, entry_id, multi, self.versions[slug])
                part = self.known.get(key)
                if part is None:
                    part = self.items(links, prefix)
                self.kept[key] = part
                parts.append(part)
            self.known[whole] = self.macros.backlinks_list(Markup("".join(parts)))
        html = self.kept[whole] = self.known[whole]
        return views.Backlinks(count, lambda: html)

    def card(self, slug: str, prefix: str, view: Callable[[], views.ArticleCard]) -> str:
        """An article's card on the home page, as HTML (`article_card` in _macros.html)."""
        if self.versions is None:
            return self.macros.article_card(view())
        key = ("card", prefix, slug, self.versions[slug])
        html = self.known.get(key)
        if html is None:
            html = self.macros.article_card(view())
        self.kept[key] = html
        return html
