"""The command line under hostile or unlucky conditions: a clear diagnostic,
exit 1, never exit 3 or a traceback, and nothing lost or written elsewhere."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "sites" / "small"
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def run_builder(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    return project


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def assert_clean_failure(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("build failed: ")


# -- the output folder --------------------------------------------------------------

def test_an_out_whose_parent_is_a_file_is_a_diagnostic(root, tmp_path):
    (tmp_path / "notes.txt").write_text("a file")
    result = run_builder("build", "--root", str(root), "--out", str(tmp_path / "notes.txt" / "site"))
    assert_clean_failure(result)
    assert f"--out: error: cannot write the site to {tmp_path}/notes.txt/site: " \
           f"{tmp_path}/notes.txt is a file, not a folder" in result.stderr


@contextlib.contextmanager
def read_only(folder: Path):
    """A folder nobody may write in, root included (chattr +i), or skip."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
        pytest.skip("cannot make a folder read-only for root here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_out_whose_parent_is_read_only_is_a_diagnostic(root, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    with read_only(locked):
        result = run_builder("build", "--root", str(root), "--out", str(locked / "site"))
    assert_clean_failure(result)
    assert f"--out: error: cannot write the site to {locked}/site: the folder {locked} is " \
           "read-only for this user" in result.stderr
    assert list(locked.iterdir()) == []


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


def test_a_gh_pages_checkout_with_another_site_is_refused_and_loses_nothing(root, tmp_path):
    pages = tmp_path / "gh-pages"
    pages.mkdir()
    git(pages, "init", "-q", "-b", "gh-pages")
    for name, text in {"CNAME": "explainer.example.org\n", "README.md": "# Pages\n", ".nojekyll": "",
                       "index.html": "<p>the published site</p>\n"}.items():
        (pages / name).write_text(text)
    git(pages, "add", "-A")
    git(pages, "commit", "-q", "-m", "publish")
    before = files_under(pages)

    result = run_builder("build", "--root", str(root), "--out", str(pages))

    assert_clean_failure(result)
    assert "has no .explainer-build.json, so this tool did not build it" in result.stderr
    assert files_under(pages) == before
    assert git(pages, "status", "--porcelain") == ""

    # Emptied of the old site (as the message says), it builds and keeps the rest.
    git(pages, "rm", "-q", "index.html")
    result = run_builder("build", "--root", str(root), "--out", str(pages))
    assert result.returncode == 0, result.stderr
    assert (pages / "CNAME").read_text() == "explainer.example.org\n"
    assert (pages / "README.md").read_text() == "# Pages\n"
    assert (pages / "articles" / "summit" / "index.html").is_file()
    assert git(pages, "log", "--format=%s") == "publish\n"


def test_concurrent_builds_into_one_folder_all_succeed_one_after_another(root, tmp_path):
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    builds = [subprocess.Popen([sys.executable, "-m", "builder", "build", "--root", str(root), "--out",
                                str(out), "--base-url", f"https://example.org/{n}/"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for n in range(3)]
    results = [(build.wait(timeout=120), build.stderr.read()) for build in builds]
    for build in builds:
        build.stdout.close()
        build.stderr.close()
    assert [code for code, _ in results] == [0, 0, 0], results
    written = files_under(out)
    listed = json.loads(written.pop(".explainer-build.json"))["files"]
    assert sorted(listed) == sorted(written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


# -- control characters -------------------------------------------------------------

def test_control_characters_never_reach_the_html(root):
    facts = root / "content" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "title: Shells shipped", 'title: "Shells \\e[31m\\a\\0\\x7f\\x85 shipped"', 1), encoding="utf-8")
    article = root / "content" / "articles" / "second-look.md"
    article.write_bytes(article.read_bytes().replace(b"Putin and", b"\x1b[2J\x07\x0c Putin and", 1))
    result = run_builder("build", "--root", str(root), "--base-url", "https://example.org/")
    assert result.returncode == 0, result.stderr
    assert "content/facts.yaml:" in result.stderr and "warning: control character U+001B" in result.stderr
    assert "content/articles/second-look.md:" in result.stderr
    published = {rel: data for rel, data in files_under(root / "site").items()
                 if rel.endswith((".html", ".xml", ".txt", ".json", ".css", ".js"))}
    leaks = {rel for rel, data in published.items() if CONTROL.search(data)}
    assert not leaks
    assert any("\ufffd".encode() in data for data in published.values())


def test_a_root_the_system_cannot_use_is_a_usage_error(tmp_path):
    result = run_builder("check", "--root", str(tmp_path / ("x" * 300)))
    assert result.returncode == 2
    assert "error: --root " in result.stderr and "file name too long" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


# -- silent losses ------------------------------------------------------------------

def test_text_that_looks_like_an_internal_placeholder_is_kept_as_written(root):
    # A private-use placeholder once stood for the way back to the site root
    # while rendering entry Markdown, and the same text in content became "../".
    glossary = root / "content" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    marker = "see \ue000root\ue000/ here"
    glossary.write_text(text.replace("definition: ", f"definition: {marker} ", 1), encoding="utf-8")
    result = run_builder("build", "--root", str(root), "--base-url", "https://example.org/")
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert marker in page
