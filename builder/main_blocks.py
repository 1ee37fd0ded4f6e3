"""The dev server keeps each page's `main` block between builds: a save that
changes only what the frame shows (site.yaml's title, description, language,
the date facts were checked) renders the frame of every page again, and the
main block only of a page whose own views changed.

    blocks = MainBlocks(memo.mains)                  # what the last good build made
    html = blocks.render(template, page_info, url, context)   # = template.render(page=page_info, **context)
    memo.mains.update(blocks.made)                   # once the build succeeds (produce.py)

A block is kept only when what it shows is known from the template's source:
it reads no name but the page's own variables (not `page`, the frame's), calls
no super(), includes nothing and imports nothing with context, and no template
of its chain assigns a name it reads. Its HTML then depends on those
variables alone, and it is used again while they are equal to last time's
(views are frozen dataclasses of text, numbers and tuples of them, made the
same way on every build: equal values write the same HTML).
"""

from __future__ import annotations

import weakref

import jinja2
from jinja2 import meta, nodes

MAIN = "main"
_names: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Template -> the names its main block reads, or None when it can't be kept."""


class MainBlocks:
    def __init__(self, kept: dict[str, tuple] | None = None) -> None:
        self.kept = kept or {}
        """URL -> (template, the values its block read, its HTML), from the last good build."""
        self.made: dict[str, tuple] = {}

    def render(self, template: jinja2.Template, page: object, url: str, context: dict) -> str:
        """The page through `template`, as template.render(page=page, **context) makes it."""
        names = block_names(template)
        if names is None or not set(names) <= context.keys():
            return template.render(page=page, **context)
        values = tuple(context[name] for name in names)
        env = template.environment
        try:
            known = self.kept.get(url)
            if known is not None and known[0] is template and known[1] == values:
                main = known[2]
            else:
                main = env.concat(template.blocks[MAIN](template.new_context({"page": page, **context})))
            self.made[url] = (template, values, main)
            ctx = template.new_context({"page": page, **context})
            ctx.blocks[MAIN] = [lambda _: iter((main,))]
            return env.concat(template.root_render_func(ctx))
        except Exception:  # noqa: BLE001 - as Template.render: the traceback points into the template
            env.handle_exception()


def block_names(template: jinja2.Template) -> tuple[str, ...] | None:
    try:
        return _names[template]
    except KeyError:
        names = _names[template] = _block_names(template)
        return names


def _block_names(template: jinja2.Template) -> tuple[str, ...] | None:
    env = template.environment
    chain = _chain(template)
    if chain is None:
        return None
    block, tree, parent = chain
    if block.scoped or any(parent.find_all(nodes.Extends)) or not all(map(_harmless, block.find_all(nodes.Node))):
        return None
    try:
        names = meta.find_undeclared_variables(nodes.Template(block.body).set_environment(env))
    except Exception:  # noqa: BLE001 - whatever it is, the page is rendered whole
        return None
    if "page" in names or names & (_assigned(tree) | _assigned(parent)):
        return None
    return tuple(sorted(names))


def _chain(template: jinja2.Template) -> tuple[nodes.Block, nodes.Template, nodes.Template] | None:
    """The template's main block, its tree and its parent's (a template named by a constant), or None."""
    env = template.environment
    if MAIN not in template.blocks or template.name is None:
        return None
    try:
        tree = env.parse(*env.loader.get_source(env, template.name)[:2])
        block = next(b for b in tree.find_all(nodes.Block) if b.name == MAIN)
        extends = list(tree.find_all(nodes.Extends))
        if len(extends) != 1 or not isinstance(extends[0].template, nodes.Const):
            return None
        parent = env.parse(*env.loader.get_source(env, extends[0].template.value)[:2])
    except Exception:  # noqa: BLE001 - whatever it is, the page is rendered whole
        return None
    return block, tree, parent


def _harmless(node: nodes.Node) -> bool:
    """False for what lets a block see more than the names it reads: an include,
    an import with context, super() and self."""
    if isinstance(node, nodes.Include):
        return False
    if isinstance(node, (nodes.Import, nodes.FromImport)):
        return not node.with_context
    return not (isinstance(node, nodes.Name) and node.name in ("self", "super"))


def _assigned(tree: nodes.Template) -> set[str]:
    """Every name the template may set in the context (anywhere, to be safe)."""
    names = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    names |= {node.target for node in tree.find_all(nodes.Import)}
    names |= {name if isinstance(name, str) else name[-1] for node in tree.find_all(nodes.FromImport)
              for name in node.names}
    names |= {node.name for node in tree.find_all(nodes.Macro)}
    return names
