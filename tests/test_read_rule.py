"""One rule for every file the builder reads.

A file is read only if it is a regular file, inside the project folder once
symlinks are resolved, and at most 16 MB (static assets 100 MB); it is opened
so that a FIFO or a device can't block or flood the build. Anything else is a
diagnostic with its path. Editor and system junk is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.build import build_site, check_site
from builder.read import MAX_TEXT_BYTES, ReadError, is_editor_junk, read_bytes

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "sites" / "small"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    shutil.copytree(REPO / "templates", project / "templates")
    return project


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.md"
    path.write_text("---\ntitle: Secret\n---\nTOP-SECRET words outside the project\n")
    return path


def errors(result) -> list[str]:
    return [d.format() for d in result.diagnostics if d.severity == "error"]


def built(root: Path):
    return build_site(root, out=root / "site", base_url="https://example.org/")


def run_builder(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "builder", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def outside(target: Path, root: Path) -> str:
    return (f"it leads to {os.path.realpath(target)}, outside the project folder "
            f"{os.path.realpath(root)}: the builder reads nothing outside it")


# -- symlinks out of the project, for each kind of input --------------------------

@pytest.mark.parametrize("kind, link", [
    ("article", "content/articles/leak.md"),
    ("yaml", "content/facts.yaml"),
    ("seed", "seeds/summit.txt"),
    ("template", "templates/base.html"),
    ("static asset", "templates/static/env.txt"),
])
def test_a_symlink_out_of_the_project_is_refused_for_every_kind_of_input(root, secret, kind, link):
    path = root / link
    path.unlink(missing_ok=True)
    path.symlink_to(secret)
    result = built(root)
    assert not result.ok
    expected = f"{link}: error: {outside(secret, root)}"
    if kind == "template":
        expected = f"{link}: error: template error: {outside(secret, root)}"
    if kind == "seed":  # reported where the article names it
        line = next(n for n, text in enumerate((root / "content/articles/summit.md").read_text(
            encoding="utf-8").splitlines(), 1) if text.startswith("seed:"))
        expected = (f"content/articles/summit.md:{line}:7: error: 'seed' must stay inside the "
                    "project folder: 'seeds/summit.txt' leads outside it")
    assert expected in errors(result)
    assert not (root / "site").exists()
    assert all(b"TOP-SECRET" not in data for data in result.files.values())


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_system_files_are_never_published_as_static_assets(root, target):
    (root / "templates" / "static" / "env.txt").symlink_to(target)
    result = built(root)
    assert errors(result) == [f"templates/static/env.txt: error: {outside(Path(target), root)}"]
    assert not (root / "site").exists()


def test_a_symlinked_folder_out_of_the_project_is_one_error_and_is_not_copied(root):
    (root / "templates" / "static" / "etc").symlink_to("/etc", target_is_directory=True)
    result = built(root)
    assert errors(result) == [f"templates/static/etc: error: {outside(Path('/etc'), root)}"]
    assert not any(p.name.startswith(".site.") for p in root.iterdir()), "nothing staged"


def test_a_content_folder_that_leads_out_of_the_project_is_one_error(tmp_path, root):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / "content", elsewhere)
    (root / "content").symlink_to(elsewhere, target_is_directory=True)
    assert errors(check_site(root)) == [f"content: error: {outside(elsewhere, root)}"]


def test_symlinks_that_stay_inside_the_project_are_followed(root):
    shared = root / "shared"
    shared.mkdir()
    shutil.move(root / "content" / "articles" / "second-look.md", shared / "second-look.md")
    (root / "content" / "articles" / "second-look.md").symlink_to(shared / "second-look.md")
    (shared / "fonts").mkdir()
    (shared / "fonts" / "a.woff2").write_bytes(b"wOF2")
    (root / "templates" / "static" / "fonts").symlink_to(shared / "fonts", target_is_directory=True)
    (root / "templates" / "static" / "loop").symlink_to(root / "templates" / "static")
    result = built(root)
    assert result.ok, errors(result)
    assert (root / "site" / "articles" / "second-look" / "index.html").is_file()
    assert (root / "site" / "static" / "fonts" / "a.woff2").read_bytes() == b"wOF2"


# -- special files ------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "check"])
def test_a_fifo_as_an_article_is_an_error_not_a_hang(root, command):
    os.mkfifo(root / "content" / "articles" / "pipe.md")
    result = run_builder(command, "--root", str(root), timeout=60)
    assert result.returncode == 1
    assert "content/articles/pipe.md: error: it is a named pipe (FIFO), not a file" in result.stderr


def test_a_seed_that_is_a_fifo_is_one_error_and_no_hang(root):
    seed = root / "seeds" / "summit.txt"
    seed.unlink()
    os.mkfifo(seed)
    result = run_builder("check", "--root", str(root), timeout=60)
    assert result.returncode == 1
    assert "seeds/summit.txt: error: it is a named pipe (FIFO), not a file\n" in result.stderr
    assert result.stderr.endswith("build failed: 1 error(s)\n"), "no paragraph is checked against it"


def test_a_fifo_data_file_and_a_folder_named_like_an_article_are_errors(root):
    (root / "content" / "facts.yaml").unlink()
    os.mkfifo(root / "content" / "facts.yaml")
    (root / "content" / "articles" / "folder.md").mkdir()
    assert errors(check_site(root)) == [
        "content/articles/folder.md: error: it is a folder, not a file",
        "content/facts.yaml: error: it is a named pipe (FIFO), not a file",
    ]


def test_a_device_is_refused_without_reading_it(tmp_path):
    # /dev/zero would be read forever; a project holding it is refused at once
    # (outside the folder, and not a regular file).
    with pytest.raises(ReadError, match="outside the project folder"):
        read_bytes(Path("/dev/zero"), tmp_path)
    with pytest.raises(ReadError, match="it is a device, not a file"):
        read_bytes(Path("/dev/zero"), Path("/dev"))


def test_a_file_over_the_size_cap_is_an_error_with_its_path(root):
    big = root / "content" / "articles" / "huge.md"
    with open(big, "wb") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1024 * 1024)  # sparse: no disk used
    assert errors(check_site(root)) == [
        "content/articles/huge.md: error: the file is 17 MB; a file may have at most 16 MB"]


def test_a_dangling_symlink_says_where_it_points(root):
    (root / "content" / "articles" / "gone.md").symlink_to("nowhere.md")
    assert errors(check_site(root)) == [
        "content/articles/gone.md: error: it is a symbolic link to nowhere.md, which does not exist"]


# -- editor and system junk -------------------------------------------------------

JUNK = [".#summit.md", "#summit.md#", "summit.md~", ".summit.md.swp", ".summit.md.swo", "4913",
        ".DS_Store", "._summit.md", "Thumbs.db", "summit.md___jb_tmp___"]


@pytest.mark.parametrize("name", JUNK)
def test_editor_and_system_files_are_junk(name):
    assert is_editor_junk(name)


@pytest.mark.parametrize("name", ["summit.md", "style.css", ".htaccess", "a~b.md", "photo.swf"])
def test_real_files_are_not_junk(name):
    assert not is_editor_junk(name)


def test_editor_files_beside_articles_and_assets_do_not_break_the_build(root):
    articles = root / "content" / "articles"
    # Emacs's lock while summit.md is being edited: a dangling symlink ending in .md.
    (articles / ".#summit.md").symlink_to("user@host.1234:1700000000")
    (articles / ".summit.md.swp").write_bytes(b"\0vim swap")
    (articles / "summit.md~").write_text("an old copy")
    (articles / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    static = root / "templates" / "static"
    (static / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (static / "style.css~").write_text("old")
    (static / ".#style.css").symlink_to("user@host.1234:1700000000")
    result = built(root)
    assert result.ok, errors(result)
    published = {p.name for p in (root / "site").rglob("*")}
    assert "style.css" in published and "explainer.js" in published
    assert not any(is_editor_junk(name) for name in published)
