"""The curation page: `suggest`'s list in the browser, served only by `serve`.

At /_curation/ (no page of a built site starts with an underscore), made
afresh on every request from the content as it is on disk, so an editor sees
what is left while writing; livereload's script in it reloads it after each
build like every other page. It is never written into a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from tornado.ioloop import IOLoop
from tornado.web import RedirectHandler, RequestHandler

from builder import urls, views
from builder.suggest import SECTIONS, TARGETS, Report, Suggestion, suggest

PATH = "/" + urls.CURATION

PAGE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Curation: what is left to curate</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fafaf7; color: #1f1f1f; }
main { max-width: 62rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
.lead, .file { color: #555; margin: 0 0 .75rem; }
ol { padding: 0; list-style: none; margin: 0; }
li { background: #fff; border: 1px solid #ddd; border-radius: 4px; margin: .5rem 0; padding: .5rem .75rem; }
.what { font-weight: 600; }
.count, .note, .at { color: #555; font-size: .9rem; }
.at a { margin-right: .35rem; }
pre { background: #f3f3ee; padding: .5rem; margin: .4rem 0 0; overflow-x: auto;
      font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.errors li { border-left: 4px solid #b3261e; }
a { color: #0b57d0; }
@media (prefers-color-scheme: dark) {
  body { background: #161616; color: #e6e6e6; }
  li { background: #1f1f1f; border-color: #333; }
  pre { background: #262626; }
  .lead, .file, .count, .note, .at { color: #aaa; }
  a { color: #8ab4f8; }
}
</style>
</head>
<body>
<main>
<p><a href="{{ home }}">&larr; the site</a></p>
<h1>What is left to curate</h1>
<p class="lead">What <code>python -m builder suggest</code> finds in the articles now: most frequent and earliest
first. Each entry links to the paragraphs; paste its YAML into the file named. Only the preview
server shows this page: it is never part of a build.</p>
{% if errors %}
<h2>The content has errors</h2>
<ol class="errors">
{% for d in errors %}
<li><code>{{ d }}</code></li>
{% endfor %}
</ol>
{% endif %}
{% for section in sections %}
<section id="{{ section.name }}">
<h2>{{ section.title }} ({{ section.entries|length }})</h2>
{% if section.file %}<p class="file">Paste into <code>{{ section.file }}</code>.</p>{% endif %}
{% if section.entries %}
<ol>
{% for item in section.entries %}
<li>
<span class="what">{{ item.text }}</span>{% if item.count > 1 %} <span class="count">&times;{{ item.count }}</span>{% endif %}
 <span class="note">({{ item.note }})</span>
<div class="at"><code>{{ item.where }}</code>
{% for link in item.links %} <a href="{{ link.href }}">{{ link.label }}</a>{% endfor %}
</div>
{% if item.stub %}<pre>{{ item.stub }}</pre>{% endif %}
</li>
{% endfor %}
</ol>
{% else %}
<p class="file">Nothing left here.</p>
{% endif %}
</section>
{% endfor %}
</main>
</body>
</html>
""")


@dataclass(frozen=True, slots=True)
class Item:
    """One suggestion as the page shows it."""

    text: str
    count: int
    note: str
    where: str
    """path:line:column of its first place."""
    links: tuple[views.Link, ...]
    """To each paragraph it stands in, once."""
    stub: str


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    title: str
    file: str
    """Where its stubs go, '' for none."""
    entries: tuple[Item, ...]


def render_page(report: Report) -> str:
    prefix = urls.page_prefix(urls.CURATION)
    sections = [Section(name, title, TARGETS[name], tuple(_item(s, prefix) for s in report.sections[name]))
                for name, title in SECTIONS.items()]
    return PAGE.render(home=urls.href(urls.HOME, prefix), sections=sections,
                       errors=[d.format() for d in report.diagnostics if d.severity == "error"])


def _item(suggestion: Suggestion, prefix: str) -> Item:
    links, seen = [], set()
    for place in suggestion.places:
        if place.slug and (place.slug, place.block_id) not in seen:
            seen.add((place.slug, place.block_id))
            url = urls.block_url(place.slug, place.block_id)
            links.append(views.Link(f"¶ line {place.line}", urls.href(url, prefix)))
    return Item(suggestion.text, suggestion.count, suggestion.note, suggestion.places[0].format(),
                tuple(links), suggestion.stub)


def handlers(root: Path) -> list:
    """Tornado routes for the page, ahead of the site's catch-all route."""
    return [(PATH, CurationHandler, {"root": root}),
            (PATH.rstrip("/"), RedirectHandler, {"url": PATH})]


class CurationHandler(RequestHandler):
    """GET /_curation/: the page, made from the content on disk at request time."""

    def initialize(self, root: Path) -> None:
        self.root = root

    async def get(self) -> None:
        # Reading and analysing the articles takes a few tens of milliseconds:
        # off the IOLoop, so pages and reloads are served meanwhile.
        report = await IOLoop.current().run_in_executor(None, suggest, self.root)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(render_page(report))
