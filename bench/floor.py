"""The floor of bench/scale.py: markdown-it-py + jinja2 and nothing else.

    python bench/floor.py CONTENT_DIR OUT_DIR

Renders every `CONTENT_DIR/articles/*.md` (front matter read with PyYAML)
into a minimal template, one process, and writes a home page that lists
them: what any Python static-site generator must at least spend.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

PAGE = jinja2.Environment(autoescape=True).from_string("""\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }} · {{ site }}</title>
<link rel="stylesheet" href="{{ prefix }}static/style.css"></head>
<body><header><a href="{{ prefix }}">{{ site }}</a></header>
<main><h1>{{ title }}</h1>
{% if author %}<p class="byline">By {{ author }}</p>{% endif %}
{{ body|safe }}
</main></body></html>
""")
HOME = jinja2.Environment(autoescape=True).from_string("""\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ site }}</title></head>
<body><main><h1>{{ site }}</h1><ul>
{% for a in articles %}<li><a href="articles/{{ a.slug }}/">{{ a.title }}</a></li>
{% endfor %}</ul></main></body></html>
""")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def main(content: Path, out: Path) -> int:
    md = MarkdownIt("commonmark")
    site = yaml.load((content / "site.yaml").read_text(encoding="utf-8"), Loader)["title"]
    listed = []
    for path in sorted((content / "articles").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.load(front, Loader)
        html = PAGE.render(title=meta["title"], author=meta.get("author"), site=site,
                           prefix="../../", body=md.render(body))
        target = out / "articles" / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        listed.append({"slug": path.stem, "title": meta["title"]})
    (out / "index.html").write_text(HOME.render(site=site, articles=listed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
