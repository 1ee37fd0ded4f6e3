"""Writing the output: atomic, only what is ours, never outside the output folder.

The output folder belongs to the builder only through the manifest it wrote;
a kill at any step of the write leaves a complete folder (the old site or the
new one), and the next build cleans up after it.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import threading
from pathlib import Path

import pytest

import builder.atomic as atomic
import builder.write as write
from builder.write import MANIFEST, OutputError, write_site

OLD = {".nojekyll": "", "index.html": "old home", "articles/a/index.html": "old a",
       "articles/gone/index.html": "no longer built", "static/style.css": "old css"}
NEW = {".nojekyll": "", "index.html": "new home", "articles/a/index.html": "new a",
       "articles/b/index.html": "new b", "static/style.css": "new css"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file and symlink under `folder` (not followed), by relative path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


def site(files: dict[str, str]) -> dict[str, bytes]:
    return {rel: text.encode() for rel, text in files.items()}


def without_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: data for rel, data in files.items() if rel != MANIFEST}


def test_a_path_that_climbs_out_is_refused_and_the_old_output_stays(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"index.html": "old"})
    for bad in ("../escape.html", "/tmp/escape.html", "a/../../escape.html"):
        with pytest.raises(OutputError, match="outside the output folder"):
            write_site(out, {"index.html": "new", bad: "x"})
    assert (out / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging folder or escaped file left"


def test_the_manifest_lists_every_file_written(tmp_path):
    out = tmp_path / "site"
    write_site(out, NEW)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest == {"generator": "explainer", "version": 1, "files": sorted(NEW)}
    assert without_manifest(tree(out)) == site(NEW)


def test_a_new_build_deletes_what_the_last_one_wrote_and_no_longer_writes(tmp_path):
    out = tmp_path / "site"
    write_site(out, OLD)
    write_site(out, NEW)
    assert without_manifest(tree(out)) == site(NEW)
    assert not (out / "articles" / "gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no lock, staging or old folder left"


def test_files_we_never_wrote_are_kept_at_any_depth(tmp_path):
    out = tmp_path / "site"
    write_site(out, OLD)
    (out / "CNAME").write_text("explainer.example.org\n")
    (out / "static" / "custom.css").write_text("mine")
    (out / "articles" / "gone" / "notes.txt").write_text("mine too")
    (out / "docs").mkdir()
    (out / "docs" / "report.pdf").write_bytes(b"%PDF")
    (out / "link").symlink_to("/nowhere")
    write_site(out, NEW)
    assert without_manifest(tree(out)) == {
        **site(NEW), "CNAME": b"explainer.example.org\n", "static/custom.css": b"mine",
        "articles/gone/notes.txt": b"mine too", "docs/report.pdf": b"%PDF", "link": b"-> /nowhere"}
    assert not (out / "articles" / "gone" / "index.html").exists()


def test_a_file_we_never_wrote_where_the_new_build_writes_is_refused(tmp_path):
    out = tmp_path / "site"
    write_site(out, OLD)
    (out / "articles" / "b").mkdir()
    (out / "articles" / "b" / "index.html").write_text("someone's page")
    before = tree(out)
    with pytest.raises(OutputError, match=r"articles/b/index.html was not written by this tool.*move it away"):
        write_site(out, NEW)
    assert tree(out) == before


def test_a_file_in_the_way_is_refused_before_the_search_index_is_made(tmp_path):
    out = tmp_path / "site"
    write_site(out, OLD)
    (out / "articles" / "b").mkdir()
    (out / "articles" / "b" / "index.html").write_text("someone's page")
    indexed = []
    with pytest.raises(OutputError, match=r"articles/b/index.html was not written by this tool"):
        write_site(out, NEW, before_swap=indexed.append)
    assert indexed == []
    assert (out / "articles" / "b" / "index.html").read_text() == "someone's page"


def test_a_folder_without_manifest_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work")
    (out / ".nojekyll").write_text("")  # any site may hold one: no proof the folder is ours
    with pytest.raises(OutputError, match=r"has no \.explainer-build\.json.*It holds thesis\.txt\."):
        write_site(out, NEW)
    assert tree(out) == {".nojekyll": b"", "thesis.txt": b"years of work"}


@pytest.mark.parametrize("manifest", ['{"files": ["../../etc/passwd"], "version": 1}',
                                      '{"files": "index.html", "version": 1}', "not json",
                                      '{"files": [], "version": 99}'])
def test_a_damaged_manifest_is_refused(tmp_path, manifest):
    out = tmp_path / "site"
    out.mkdir()
    (out / MANIFEST).write_text(manifest)
    (out / "index.html").write_text("keep")
    with pytest.raises(OutputError, match="delete the folder and build again"):
        write_site(out, NEW)
    assert (out / "index.html").read_text() == "keep"


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True, env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                                          "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}).stdout


def gh_pages_checkout(folder: Path, *, old_site: bool) -> None:
    folder.mkdir()
    git(folder, "init", "-q", "-b", "gh-pages")
    (folder / "CNAME").write_text("explainer.example.org\n")
    (folder / "README.md").write_text("# The published site\n")
    (folder / ".nojekyll").write_text("")
    if old_site:
        (folder / "index.html").write_text("a site built before manifests")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "pages")


def test_a_gh_pages_checkout_keeps_its_git_cname_and_readme(tmp_path):
    out = tmp_path / "gh-pages"
    gh_pages_checkout(out, old_site=False)
    write_site(out, OLD)
    write_site(out, NEW)
    assert (out / "CNAME").read_text() == "explainer.example.org\n"
    assert (out / "README.md").read_text() == "# The published site\n"
    assert git(out, "log", "--format=%s") == "pages\n"
    status = git(out, "status", "--porcelain")
    assert "?? articles/" in status and "?? index.html" in status and "CNAME" not in status
    assert without_manifest({k: v for k, v in tree(out).items() if not k.startswith(".git/")}) == {
        **site(NEW), "CNAME": b"explainer.example.org\n", "README.md": b"# The published site\n"}


def test_a_gh_pages_checkout_holding_another_site_is_refused_untouched(tmp_path):
    # The bug: its .nojekyll passed for proof of ownership, and .git, CNAME and
    # README.md were deleted.
    out = tmp_path / "gh-pages"
    gh_pages_checkout(out, old_site=True)
    before = tree(out)
    with pytest.raises(OutputError) as refused:
        write_site(out, NEW)
    message = str(refused.value)
    assert "It holds index.html." in message and "empty the folder" in message
    assert "CNAME and README.md: they are left as they are" in message
    assert tree(out) == before
    assert git(out, "status", "--porcelain") == ""


def test_an_output_folder_that_is_a_symlink_is_published_through_it(tmp_path):
    real = tmp_path / "www"
    write_site(real, OLD)
    link = tmp_path / "site"
    link.symlink_to(real)
    write_site(link, NEW)
    assert link.is_symlink()
    assert without_manifest(tree(real)) == site(NEW)


def test_a_parent_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"file is a file, not a folder"):
        write_site(tmp_path / "file" / "site", NEW)
    assert write.check_output_folder(tmp_path, tmp_path / "file" / "deeper" / "site").endswith(
        "file is a file, not a folder")


# -- kills at every step --------------------------------------------------------

STEPS = ["locked", "cleaned", "staging", "staged", "carried", "swapped", "done"]


def killed_at(step: str, out: Path, files: dict[str, str], *, exchange: bool) -> int:
    """Write `files` in a child process that kills itself (SIGKILL) when it reaches `step`."""
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            def die(name: str) -> None:
                if name == step:
                    os.kill(os.getpid(), signal.SIGKILL)
            write._step = die
            if not exchange:
                atomic._renameat2 = None
            write_site(out, files)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


KILLS = [pytest.param(step, True, id=f"{step}-exchange") for step in STEPS] + [
    # Without an exchange the old folder is moved away, then the new one in.
    pytest.param(step, False, id=f"{step}-two-renames") for step in STEPS + ["moved-away"]]


@pytest.mark.parametrize("step, exchange", KILLS)
def test_a_kill_at_any_step_leaves_a_complete_site_and_the_next_build_cleans_up(tmp_path, step, exchange):
    out = tmp_path / "site"
    write_site(out, OLD)
    (out / "CNAME").write_text("kept\n")
    kept = {"CNAME": b"kept\n"}

    assert killed_at(step, out, NEW, exchange=exchange) == -signal.SIGKILL

    if step == "moved-away":
        assert not out.exists()  # the one window of the fallback, which the next build repairs
    else:
        now = without_manifest(tree(out))
        assert now in ({**site(OLD), **kept}, {**site(NEW), **kept}), f"half a site after a kill at {step}"
    # The next write removes the leftovers (and repairs the fallback's window).
    write_site(out, NEW)
    assert without_manifest(tree(out)) == {**site(NEW), **kept}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_kill_between_the_fallback_renames_is_repaired_before_anything_else(tmp_path):
    out = tmp_path / "site"
    write_site(out, OLD)
    killed_at("moved-away", out, NEW, exchange=False)
    atomic.remove_leftovers(out)
    assert without_manifest(tree(out)) == site(OLD)


# -- concurrent builds ----------------------------------------------------------

def test_concurrent_builds_into_one_folder_are_serialised(tmp_path):
    out = tmp_path / "site"
    write_site(out, OLD)
    versions = [{**NEW, "index.html": f"build {n}", f"only-{n}.html": str(n)} for n in range(4)]
    seen_missing = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            if not (out / "index.html").is_file():
                seen_missing.append(True)

    watcher = threading.Thread(target=reader)
    watcher.start()
    children = []
    try:
        for files in versions * 3:
            pid = os.fork()
            if pid == 0:
                try:
                    write_site(out, files)
                    code = 0
                except BaseException:
                    code = 1
                os._exit(code)
            children.append(pid)
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    finally:
        stop.set()
        watcher.join()
    assert codes == [0] * len(children)
    assert not seen_missing, "a reader found no site while builds swapped"
    final = without_manifest(tree(out))
    assert final in [site(files) for files in versions]
    assert json.loads((out / MANIFEST).read_text())["files"] == sorted(final)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_build_waits_for_the_lock_then_says_who_holds_it(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site(out, OLD)
    monkeypatch.setattr(write, "LOCK_WAIT_S", 0.3)
    with open(tmp_path / ".site.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("pid 4242\n")
        held.flush()
        with pytest.raises(OutputError, match=r"another build \(pid 4242\) has been writing"):
            write_site(out, NEW)
    assert without_manifest(tree(out)) == site(OLD)
