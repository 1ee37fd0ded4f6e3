"""site.yaml and the address the site is published under, for validation (validate.py).

    title: Kim meets Putin             SiteConfig(title="Kim meets Putin", language="en",
    base_url: https://me.github.io/x   ->          base_url="https://me.github.io/x/", ...)

The --base-url option, when given, wins over site.yaml's base_url.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from builder import model, schema
from builder.diagnostics import Diagnostic, shorten
from builder.load import RawFile
from builder.yaml_loader import YamlMapping

if TYPE_CHECKING:
    from builder.validate import Validator

LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
NO_BASE_URL = Diagnostic(
    "content/site.yaml", None, None,
    "no base_url: sitemap.xml, canonical links and og:url are left out; "
    "set base_url in site.yaml or pass --base-url", "warning")
"""A build publishes; without its address some pages and links are left out."""


def read_site(v: Validator, file: RawFile | None) -> model.SiteConfig | None:
    if file is None:
        return None
    if file.data is None and any(d.path == file.source.path for d in v.load_problems):
        return None  # the YAML error already says what is wrong
    if not isinstance(file.data, YamlMapping):
        v.error(model.Origin(file.source.path), "site.yaml must be a mapping with at least 'title: ...'")
        return None
    values, ok = v.read_record(file.source, file.data, schema.SITE, "site.yaml")
    language = values.get("language", "en")
    if not LANGUAGE_PATTERN.match(language):
        v.error(v.origin(file.source, file.data.value_nodes["language"]),
                f"'language' must be a BCP 47 tag such as 'en' or 'en-GB', not '{shorten(language)}'")
    base_url = values.get("base_url")
    if base_url is not None:
        normal = normalize_base_url(base_url)
        if normal is None:
            v.error(v.origin(file.source, file.data.value_nodes["base_url"]),
                    f"'base_url' must be an http(s) address such as "
                    f"'https://me.github.io/repo/', not '{shorten(base_url)}'")
        base_url = normal
    if not ok:
        return None
    return model.SiteConfig(values["title"], values.get("description", ""), language, base_url,
                            values.get("checked"), values.get("key_points", ()))


def settle_base_url(v: Validator, site: model.SiteConfig | None, option: str | None) -> str | None:
    """The --base-url option if given, else site.yaml's base_url."""
    if option is None:
        return site.base_url if site else None
    normal = normalize_base_url(option)
    if normal is None:
        v.diagnostics.append(Diagnostic("--base-url", None, None, f"'{option}' is not an http(s) "
                                        "address such as https://me.github.io/repo/"))
    return normal if option else (site.base_url if site else None)


def normalize_base_url(url: str) -> str | None:
    """The address with exactly one trailing slash, or None if it is not http(s)."""
    match = re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", url.strip())
    if not match:
        return None
    return url.strip().rstrip("/") + "/"
