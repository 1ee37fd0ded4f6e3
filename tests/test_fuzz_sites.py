"""Property-based fuzzing: valid generated sites, damaged in every field with
values of every YAML type and edge, through the real command line.

The property: `build` (or `check`) ends with a clean diagnostic or a good
build. Never exit 3, never a traceback, never a diagnostic that is not one
line of `path[:line:column]: severity: message`, never a file outside --out,
and a failed build leaves the previous output exactly as it was.

CI runs a bounded, derandomized profile; `scripts/fuzz_sites.py` runs the
same property for longer with fresh random examples.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from builder.__main__ import main
from builder.write import MANIFEST
from builder.write import write_site as publish
from tests.support.sitegen import FileSystemRefused, mutations, scratch_parent, valid_sites, write_site
from tests.test_write import tree

settings.register_profile(
    "ci", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None,
    derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), deadline=None,
    database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("FUZZ_PROFILE", "ci")

DIAGNOSTIC = re.compile(r"^[^\n]+?(:\d+:\d+)?: (error|warning): [^\n]+$")
CLOSING = re.compile(r"^(built \d+ pages into .+|check passed: no errors, \d+ warning\(s\)|"
                     r"build failed: \d+ error\(s\))$")


def run(*args: str) -> tuple[int, str]:
    stderr, stdout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        code = main(list(args))
    return code, stderr.getvalue() + stdout.getvalue()


@settings(settings.get_profile(PROFILE))
@given(data=st.data(), command=st.sampled_from(["build", "build", "check"]))
def test_damaged_sites_build_or_report_cleanly(data, command):
    site = data.draw(valid_sites(), label="site")
    done = data.draw(mutations(site), label="mutations")
    note(f"mutations: {done}")
    scratch = Path(tempfile.mkdtemp(prefix="fuzz-site-", dir=scratch_parent()))
    try:
        root = scratch / "project"
        try:
            write_site(site, root)
        except FileSystemRefused:
            return
        out = scratch / "out" / "site"
        previous = {".nojekyll": "", "index.html": "previous build"}
        publish(out, previous)
        before_out = tree(out)
        before_root = tree(root)

        args = [command, "--root", str(root)]
        if command == "build":
            args += ["--out", str(out), "--base-url", "https://example.org/fuzz/"]
        code, output = run(*args)
        note(output[-3000:])

        event(f"{command} exit {code}")
        assert code in (0, 1), f"exit {code}"
        assert "Traceback" not in output and "internal error" not in output
        lines = output.splitlines()
        assert lines and CLOSING.match(lines[-1]), lines[-1:]
        for line in lines[:-1]:
            assert DIAGNOSTIC.match(line), line
            assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line), line
        if code == 1:
            assert ": error: " in output
        # Nothing written outside --out; the sources untouched.
        assert tree(root) == before_root
        assert sorted(p.name for p in scratch.iterdir()) == ["out", "project"]
        assert sorted(p.name for p in (scratch / "out").iterdir()) == ["site"]
        if command == "check" or code == 1:
            assert tree(out) == before_out
        else:
            written = tree(out)
            listed = json.loads(written[MANIFEST])["files"]
            assert sorted(listed) == sorted(k for k in written if k != MANIFEST)
            # The old internal placeholder never leaks; text that holds it is kept as written.
            placeholder = "\ue000root\ue000".encode()
            if placeholder not in b"".join(before_root.values()):
                assert placeholder not in b"".join(written.values())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
