"""Articles' front matter -> Article: its fields, a slug usable in a URL, a seed path that is safe.

    ---                                   Article(slug="kim-putin", title="Kim meets Putin",
    title: Kim meets Putin          ->            seed="seeds/newsweek.txt", ...)
    seed: seeds/newsweek.txt
    ---

Part of validation (validate.py), which hands over its Validator for
reporting and for the Markdown of each body.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from builder import model, schema
from builder.diagnostics import Diagnostic, shorten
from builder.fields import ID_PATTERN, suggest_id
from builder.load import RawArticle, RawContent
from builder.yaml_loader import YamlMapping

if TYPE_CHECKING:
    from builder.validate import Validator


def read_articles(v: Validator, raw: RawContent) -> tuple[model.Article, ...]:
    articles = []
    slugs: dict[str, model.Origin] = {}
    for item in raw.articles:
        article = _read_article(v, item, raw.diagnostics, slugs)
        if article is not None:
            articles.append(article)
    return tuple(articles)


def _read_article(v: Validator, item: RawArticle, load_problems: list[Diagnostic],
                  slugs: dict[str, model.Origin]) -> model.Article | None:
    data = item.front.data
    if data is None and not any(d.path == item.path for d in load_problems):
        v.error(model.Origin(item.path, 2, 1), "the front matter is empty: it needs at least 'title: ...'")
    if not isinstance(data, YamlMapping):
        if data is not None:
            v.error(model.Origin(item.path, 2, 1), "the front matter must be a mapping of fields")
        return None
    values, ok = v.read_record(item.front.source, data, schema.ARTICLE, "the front matter")
    body = model.Markdown(item.body.text, model.Origin(item.path, item.body.line_offset + 1, 1), item.body.text)
    v.markdowns.append(body)
    if not ok:
        return None
    slug = _slug(v, item, values)
    if slug is None or not _claim_slug(v, slugs, slug, item, values):
        return None
    return model.Article(
        slug=slug, title=values["title"], body=body, origin=model.Origin(item.path, 1, 1),
        author=values.get("author", ""), publisher=values.get("publisher", ""),
        published=values.get("published"), url=values.get("url", ""),
        summary=values.get("summary"), seed=_seed_path(v, item, values.get("seed", "")),
        genre=values.get("genre", "news"),
    )


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


def _claim_slug(v: Validator, slugs: dict[str, model.Origin], slug: str, item: RawArticle,
                values: dict) -> bool:
    origin = (v.origin(item.front.source, item.front.data.value_nodes["slug"]) if "slug" in values
              else model.Origin(item.path, 1, 1))
    if slug in slugs:
        v.error(origin, f"duplicate slug '{slug}': {slugs[slug].path} already uses it")
        return False
    slugs[slug] = origin
    return True


def _seed_path(v: Validator, item: RawArticle, seed: str) -> str:
    """The seed's path relative to the root, or '' after saying why it can't be used."""
    if not seed:
        return ""
    origin = v.origin(item.front.source, item.front.data.value_nodes["seed"])
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
        v.error(origin, f"'seed' names '{shown}', which does not exist "
                "(the path is relative to the folder that holds content/)")
        return ""
    if folder:
        v.error(origin, f"'seed' names '{shown}', which is a folder: name the seed file in it")
        return ""
    return target.relative_to(root).as_posix()
