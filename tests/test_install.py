"""The builder as a new user gets it: a wheel installed into a fresh venv.

The wheel is built from a copy of the sources (so the checkout stays clean)
and installed, not editable, into a new venv; its dependencies come from the
package index through pip's cache. Then, away from the checkout: `new` makes
a project from the Kim–Putin seed, with no templates/ of its own; the
project's README commands build and serve it; and the site passes the same
checks as the project's own (every link and fragment, under a sub-path and
at the root, no foreign request, the Nu HTML Checker).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.crawl import crawl
from tests.support.pages_server import serve_pages
from tests.support.vnu import require_vnu, validate_html
from tests.test_serve import free_port, get

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "seeds" / "000_421fdaf1a19a275d.txt"
ARTICLE = "articles/what-to-make-of-the-kim-putin-meeting/"
PUBLIC = "https://example.github.io/repo/"
PIP_TIMEOUT = 900


def run(command: list, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(PROJECT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("builder", "templates"):
        shutil.copytree(PROJECT / name, source / name, ignore=ignore)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", source],
        cwd=work, timeout=PIP_TIMEOUT)
    [wheel] = (work / "dist").glob("explainer-*.whl")
    run([sys.executable, "-m", "venv", work / "venv"], cwd=work)
    bin_dir = work / "venv" / "bin"
    run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel], cwd=work, timeout=PIP_TIMEOUT)
    return bin_dir


@pytest.fixture(scope="module")
def new_project(installed, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("newsite") / "kim-putin"
    run([installed / "explainer", "new", root, "--seed", SEED], cwd=root.parent)
    return root


def test_the_installed_builder_is_the_wheel_not_the_checkout(installed, tmp_path):
    found = run([installed / "python", "-c",
                 "import builder, builder.theme as t; print(builder.__file__); print(t.default_templates())"],
                cwd=tmp_path).stdout.split()
    venv = installed.parent.resolve()
    assert Path(found[0]).resolve().is_relative_to(venv)
    templates = Path(found[1])
    assert templates.resolve().is_relative_to(venv) and templates.name == "templates"
    assert (templates / "base.html").is_file() and (templates / "static").is_dir()
    shipped = sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*") if p.is_file())
    source = sorted(p.relative_to(PROJECT / "templates").as_posix()
                    for p in (PROJECT / "templates").rglob("*") if p.is_file())
    assert shipped == source


def test_explainer_and_python_m_builder_are_the_same_tool(installed, tmp_path):
    one = run([installed / "explainer", "--help"], cwd=tmp_path).stdout
    two = run([installed / "python", "-m", "builder", "--help"], cwd=tmp_path).stdout
    assert one == two and "new" in one and "suggest" in one


def test_new_then_build_gives_a_site_that_passes_the_site_checks(installed, new_project):
    assert not (new_project / "templates").exists()
    run([installed / "python", "-m", "builder", "build", "--base-url", PUBLIC], cwd=new_project)
    site = new_project / "site"
    assert (site / ARTICLE / "index.html").is_file() and (site / "static/style.css").is_file()
    for prefix in ("/repo/", "/"):
        with serve_pages(site, prefix) as base:
            report = crawl(base, public_base=PUBLIC) if prefix == "/repo/" else crawl(base)
        assert report.broken == [], prefix
        assert report.external_resources == []
        built = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
        assert {p + "index.html" for p in report.relative_pages()} == built
    require_vnu()
    assert validate_html(sorted(site.rglob("*.html")), base=site) == []


def test_the_readme_commands_work_inside_the_project(installed, new_project, tmp_path):
    readme = (new_project / "README.md").read_text(encoding="utf-8")
    assert "python -m builder serve" in readme and "python -m builder build" in readme
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = f"{installed}{os.pathsep}{env.get('PATH', '')}"   # as in an activated venv
    built = subprocess.run(["python", "-m", "builder", "build"], cwd=new_project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "built" in built.stderr and (new_project / "site/index.html").is_file()

    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(["python", "-m", "builder", "serve", "--port", str(port)],
                                  cwd=new_project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while b"Serving http://" not in log.read_bytes():
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        status, home = get(port, "/")
        assert status == 200 and "What To Make of the Kim-Putin Meeting?" in home
        status, curation = get(port, "/_curation/")
        assert status == 200 and "Vladimir Putin" in curation
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_project_file_overrides_the_installed_default(installed, new_project, tmp_path):
    root = tmp_path / "custom"
    shutil.copytree(new_project, root, ignore=shutil.ignore_patterns("site"))
    (root / "templates/static").mkdir(parents=True)
    (root / "templates/static/explainer.js").write_text("// ours\n", encoding="utf-8")
    run([installed / "explainer", "build", "--root", root], cwd=tmp_path)
    assert (root / "site/static/explainer.js").read_text(encoding="utf-8") == "// ours\n"
    assert (root / "site/static/style.css").stat().st_size > 1000   # still the default


def test_suggest_runs_on_the_new_project(installed, new_project):
    out = run([installed / "explainer", "suggest"], cwd=new_project).stdout
    assert "name: Vladimir Putin" in out and "quote: nearly 5 million artillery shells" in out
