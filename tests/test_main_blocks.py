"""The dev server keeps a page's main block while what it reads is the same (main_blocks.py)."""

from __future__ import annotations

import jinja2
import pytest

from builder.main_blocks import MainBlocks, block_names

BASE = """<title>{{ page.title }}</title>{% set shown = 1 %}
<main>{% block main %}{% endblock %}</main><footer>{{ page.title }}</footer>"""


def environment(**templates: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"base.html": BASE, **templates}),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def page(**templates: str) -> jinja2.Template:
    return environment(**templates).get_template("page.html")


KEPT = '{% extends "base.html" %}{% block main %}{% for x in items %}<b>{{ x }}</b>{% endfor %}{% endblock %}'


def test_a_block_that_reads_only_its_variables_is_kept_while_they_are_the_same():
    template = page(**{"page.html": KEPT})
    assert block_names(template) == ("items",)
    first = MainBlocks()
    html = first.render(template, {"title": "Site"}, "a/", {"items": ("x", "<y>")})
    assert html == template.render(page={"title": "Site"}, items=("x", "<y>"))
    # The site's title changed, the items did not: the frame is new, the block the same string.
    again = MainBlocks(first.made)
    html = again.render(template, {"title": "New"}, "a/", {"items": ("x", "<y>")})
    assert html == template.render(page={"title": "New"}, items=("x", "<y>"))
    assert again.made["a/"][2] is first.made["a/"][2]
    # Items that differ make the block again.
    third = MainBlocks(again.made)
    assert third.render(template, {"title": "New"}, "a/", {"items": ("z",)}) == \
        template.render(page={"title": "New"}, items=("z",))


@pytest.mark.parametrize("main", [
    "{{ page.title }}",                      # the frame's variable
    "{{ super() }}",                         # the parent's block
    '{% include "part.html" %}',             # sees every variable
    '{% import "part.html" as p with context %}',
    "{{ shown }}",                           # a name the base sets
])
def test_a_block_that_may_read_more_is_rendered_whole(main):
    template = page(**{"page.html": '{% extends "base.html" %}{% block main %}' + main + "{% endblock %}",
                       "part.html": "{{ page.title }}"})
    assert block_names(template) is None
    blocks = MainBlocks()
    assert blocks.render(template, {"title": "Site"}, "a/", {}) == template.render(page={"title": "Site"})
    assert blocks.made == {}


def last_frame(call) -> tuple[str, int]:
    with pytest.raises(ZeroDivisionError) as error:
        call()
    tb = error.value.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_filename, tb.tb_lineno


def test_an_error_in_the_block_points_where_the_template_points():
    template = page(**{"page.html": '{% extends "base.html" %}{% block main %}\n\n{{ 1 // n }}{% endblock %}'})
    assert block_names(template) == ("n",)
    # template_diagnostic reads the template's name and line from the last frame.
    assert last_frame(lambda: MainBlocks().render(template, {"title": "Site"}, "a/", {"n": 0})) == \
        last_frame(lambda: template.render(page={"title": "Site"}, n=0)) == ("<template>", 3)
