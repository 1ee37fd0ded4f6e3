"""A folder of broken sites, one fault each, with the exact diagnostics each must print.

Every case also checks what a user must be able to rely on: exit status 1,
no Python traceback, and the previous output folder left exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.write import write_site

CASES = Path(__file__).parent / "broken_sites"
PROJECT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_builder(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_broken_site_reports_every_problem_and_keeps_the_old_output(case, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(CASES / case, project)
    (tmp_path / "secret.txt").write_text("outside the project\n")
    previous = project / "site"
    write_site(previous, {".nojekyll": "", "index.html": "<p>the previous build</p>\n"})
    before = snapshot(previous)

    result = run_builder("build", "--root", str(project), cwd=tmp_path)

    expected = (CASES / case / "expected.txt").read_text().splitlines()
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert lines[:-1] == expected
    errors = sum(": error: " in line for line in expected)
    assert lines[-1] == f"build failed: {errors} error(s)"
    assert snapshot(previous) == before
    assert not any(p.name.startswith(".site.") for p in project.iterdir()), "staging folder left behind"


@pytest.mark.parametrize("case", ["unknown-id-in-field", "yaml-object-tag"])
def test_check_reports_the_same_problems_and_writes_nothing(case, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(CASES / case, project)
    result = run_builder("check", "--root", str(project), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == (CASES / case / "expected.txt").read_text().splitlines()
    assert not (project / "site").exists()


def test_an_object_tag_runs_nothing(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(CASES / "yaml-object-tag", project)
    marker = tmp_path / "pwned"
    facts = project / "content" / "facts.yaml"
    facts.write_text(f'- id: f\n  title: !!python/object/apply:os.system ["touch {marker}"]\n')
    run_builder("build", "--root", str(project), cwd=tmp_path)
    assert not marker.exists()


@pytest.mark.parametrize("out", [".", "..", "content", "content/site", "templates/x"])
def test_refuses_an_output_folder_that_would_destroy_the_project(out, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "tests" / "broken_sites" / "unknown-status", project)
    (project / "content" / "facts.yaml").write_text("")
    (project / "templates").mkdir()
    before = snapshot(tmp_path)
    result = run_builder("build", "--root", str(project), "--out", str(project / out), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("--out: error: ")
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


def test_refuses_to_replace_a_folder_it_did_not_build(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "tests" / "broken_sites" / "unknown-status", project)
    (project / "content" / "facts.yaml").write_text("")
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("years of work")
    result = run_builder("build", "--root", str(project), "--out", str(documents), cwd=tmp_path)
    assert result.returncode == 1
    assert "so this tool did not build it" in result.stderr
    assert (documents / "thesis.txt").read_text() == "years of work"
