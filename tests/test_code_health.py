"""The builder stays easy to take over: small modules, short and simple functions.

The targets of issue 13, kept true: a module that grows past them is split
by stage, a function by step, before it lands.
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

BUILDER = Path(__file__).resolve().parent.parent / "builder"
MAX_MODULE_LINES = 400
MAX_MEDIAN_MODULE_LINES = 120
MAX_FUNCTION_LINES = 50
WORST_GRADE = "C"
"""radon's grades: A (cyclomatic complexity 1-5), B (6-10), C (11-20), D (21-30) and worse."""

MODULES = {path.relative_to(BUILDER.parent).as_posix(): path.read_text(encoding="utf-8")
           for path in sorted(BUILDER.rglob("*.py"))}


def test_no_module_is_long_and_most_are_short():
    lines = {name: len(text.splitlines()) for name, text in MODULES.items()}
    assert {name: n for name, n in lines.items() if n > MAX_MODULE_LINES} == {}
    assert statistics.median(lines.values()) <= MAX_MEDIAN_MODULE_LINES


def test_no_function_is_long():
    long = {}
    for name, text in MODULES.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{name}:{node.lineno} {node.name}"] = length
    assert long == {}


def test_no_function_is_complex():
    complex_ = {f"{name}:{block.lineno} {block.name}": f"{cc_rank(block.complexity)} ({block.complexity})"
                for name, text in MODULES.items() for block in cc_visit(text)
                if cc_rank(block.complexity) > WORST_GRADE}
    assert complex_ == {}
