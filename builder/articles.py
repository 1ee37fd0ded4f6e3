"""Articles' front matter -> Article: its fields, a slug usable in a URL, a seed path that is safe.

    ---                                   Article(slug="kim-putin", title="Kim meets Putin",
    title: Kim meets Putin          ->            seed="seeds/newsweek.txt", ...)
    seed: seeds/newsweek.txt
    ---

Part of validation (validate.py): each article's front matter is read on its
own, with a Validator of its own (the dev server keeps the reading of an
article whose text did not change), then joined into the build's, where its
slug is claimed and its seed looked up. What depends on more than the
article's text (other articles' slugs, the files on disk, what loading
found) is checked on every build, outside the reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from builder import model, schema
from builder.diagnostics import shorten
from builder.fields import ID_PATTERN, suggest_id
from builder.load import RawArticle, RawContent
from builder.yaml_loader import YamlMapping

if TYPE_CHECKING:
    from builder.validate import Validator
    from builder.validation_cache import ValidationCache


@dataclass(frozen=True, slots=True)
class _Front:
    """What the front matter alone says: the article (its seed not yet looked up)."""

    article: model.Article
    claim: model.Origin
    """Where the slug is given: a second article with that slug is reported there."""
    seed: tuple[str, model.Origin] | None
    """The `seed` field as written, and where."""


def read_articles(v: Validator, raw: RawContent, cache: ValidationCache) -> tuple[model.Article, ...]:
    articles = []
    slugs: dict[str, model.Origin] = {}
    for item in raw.articles:
        if item.front.data is None and not any(d.path == item.path for d in raw.diagnostics):
            v.error(model.Origin(item.path, 2, 1), "the front matter is empty: it needs at least 'title: ...'")
        reading = cache.reading(item.path, item, lambda sub, item=item: _read_front(sub, item))
        v.absorb(reading.validator)
        front = reading.result
        if front is not None and _claim_slug(v, slugs, front.article.slug, front.claim):
            seed = _seed_path(v, *front.seed) if front.seed else ""
            articles.append(replace(front.article, seed=seed) if seed else front.article)
    return tuple(articles)


def _read_front(v: Validator, item: RawArticle) -> _Front | None:
    data = item.front.data
    if not isinstance(data, YamlMapping):
        if data is not None:
            v.error(model.Origin(item.path, 2, 1), "the front matter must be a mapping of fields")
        return None
    values, ok = v.read_record(item.front.source, data, schema.ARTICLE, "the front matter")
    body = model.Markdown(item.body.text, model.Origin(item.path, item.body.line_offset + 1, 1), item.body.text)
    v.markdowns.append(body)
    v.bodies.add(body)
    if not ok:
        return None
    slug = _slug(v, item, values)
    if slug is None:
        return None
    claim = (v.origin(item.front.source, data.value_nodes["slug"]) if "slug" in values
             else model.Origin(item.path, 1, 1))
    seed = values.get("seed", "")
    article = model.Article(
        slug=slug, title=values["title"], body=body, origin=model.Origin(item.path, 1, 1),
        author=values.get("author", ""), publisher=values.get("publisher", ""),
        published=values.get("published"), url=values.get("url", ""),
        summary=values.get("summary"), genre=values.get("genre", "news"),
    )
    return _Front(article, claim, (seed, v.origin(item.front.source, data.value_nodes["seed"])) if seed else None)


def _slug(v: Validator, item: RawArticle, values: dict) -> str | None:
    """The `slug` field, else the file name, which must then be usable in a URL."""
    if "slug" in values:
        return values["slug"]
    stem = Path(item.path).stem
    if not ID_PATTERN.match(stem):
        v.error(model.Origin(item.path, 1, 1), f"the file name '{stem}' cannot be a URL slug: rename the "
                f"file or add 'slug: {suggest_id(stem)}' to the front matter")
        return None
    return stem


def _claim_slug(v: Validator, slugs: dict[str, model.Origin], slug: str, origin: model.Origin) -> bool:
    if slug in slugs:
        v.error(origin, f"duplicate slug '{slug}': {slugs[slug].path} already uses it")
        return False
    slugs[slug] = origin
    return True


def _seed_path(v: Validator, seed: str, origin: model.Origin) -> str:
    """The seed's path relative to the root, or '' after saying why it can't be used.

    Asked on every build: the file may have appeared or gone (or a link in the
    path moved) while the article stayed the same."""
    shown = shorten(seed)
    root = v.root.resolve()
    try:
        target = (root / seed).resolve()
        exists, folder = target.exists(), target.is_dir()
    except (OSError, ValueError) as error:  # a name too long, a NUL byte
        reason = getattr(error, "strerror", None) or str(error)
        v.error(origin, f"'seed' names '{shown}', a path this system cannot use ({reason.lower()})")
        return ""
    if not target.is_relative_to(root):
        v.error(origin, f"'seed' must stay inside the project folder: '{shown}' leads outside it")
        return ""
    if not exists:
        v.awaited_seeds.append(target.relative_to(root).as_posix())
        v.error(origin, f"'seed' names '{shown}', which does not exist "
                "(the path is relative to the folder that holds content/)")
        return ""
    if folder:
        v.error(origin, f"'seed' names '{shown}', which is a folder: name the seed file in it")
        return ""
    return target.relative_to(root).as_posix()
