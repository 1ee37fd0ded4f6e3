"""Bad input never crashes: mutated copies of a fixture site either build or
report diagnostics; no exception escapes, whatever the damage.

Deterministic (seeded), bounded, and quick; `FUZZ_RUNS=2000` runs more.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from builder.build import build_site

SMALL = Path(__file__).parent / "fixtures" / "sites" / "small"
RUNS = int(os.environ.get("FUZZ_RUNS", "200"))
DAMAGE = [b"[[", b"]]", b"\n", b": ", b"- ", b'"', b"!!", b"|", b"---\n", b"\t", b"&a", b"*a",
          b"\xff", b"2024-02-30", b"{", b"[[x|", b"`", b"<script>", b"\xef\xbb\xbf", b"\r\n"]


def mutate(root: Path, rng: random.Random) -> None:
    files = sorted(p for p in (root / "content").rglob("*") if p.is_file())
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(files)
        data = bytearray(path.read_bytes())
        position = rng.randrange(len(data) + 1)
        if rng.random() < 0.4:
            del data[position:position + rng.randint(1, 20)]
        else:
            data[position:position] = rng.choice(DAMAGE)
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("seed", range(RUNS))
def test_damaged_content_builds_or_reports_never_crashes(seed, tmp_path):
    root = tmp_path / "site-root"
    shutil.copytree(SMALL, root)
    mutate(root, random.Random(seed))
    # Without the search index: it reads only what the build wrote (tested in
    # test_search.py) and would add most of a second to each good build.
    result = build_site(root, out=root / "site", base_url="https://example.org/", index=False)
    if not result.ok:
        errors = [d for d in result.diagnostics if d.severity == "error"]
        assert errors, "a failed build says why"
        for problem in errors:
            assert problem.path and problem.message
            assert (problem.line is None) == (problem.column is None)
        assert not (root / "site").exists()
