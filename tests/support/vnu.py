"""The Nu HTML Checker (vnu.jar) run once over many files.

The jar comes from the npm package ``vnu-jar``, installed into ``.tools/`` by
``scripts/install-test-tools.sh`` (``make test`` runs it). Starting a JVM
takes seconds, so every file is checked in ONE ``java`` invocation.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

INSTALL_HINT = "run `make test` (or `bash scripts/install-test-tools.sh`) to install Java and vnu.jar"


class VnuUnavailable(RuntimeError):
    """Java or vnu.jar is not installed."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_reason() -> str | None:
    """Why the checker cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return f"java is not installed; {INSTALL_HINT}"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(ROOT)} is missing; {INSTALL_HINT}"
    return None


def require_vnu() -> None:
    """In a test: fail when the checker is missing under CI, skip with a reason elsewhere."""
    import pytest

    reason = missing_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"HTML checker unavailable in CI: {reason}", pytrace=False)
    pytest.skip(f"HTML checker unavailable: {reason}")


def _display(url: str, files: list[Path], base: Path | None) -> str:
    """vnu reports file:/abs/path URLs; show them as paths (relative to base when given)."""
    if url.startswith("file:"):
        path = Path(unquote(urlparse(url).path))
    else:
        path = Path(url) if url else Path("?")
    if base is not None:
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(path)


def validate_html(files: list[Path], *, base: Path | None = None, timeout: float = 600) -> list[str]:
    """Check every file with vnu.jar (errors only) and return "file:line:col: message" strings.

    An empty list means every file is valid. ``base`` makes the reported paths
    relative to it. Raises VnuUnavailable when Java or the jar is missing
    (tests call ``require_vnu()`` first to fail or skip cleanly).
    """
    files = [Path(f) for f in files]
    if not files:
        return []
    reason = missing_reason()
    if reason is not None:
        raise VnuUnavailable(reason)
    problems: list[str] = []
    existing = []
    for f in files:
        # vnu silently reports nothing for a path that does not exist
        if f.is_file():
            existing.append(f)
        else:
            problems.append(f"{f}: no such file")
    if not existing:
        return problems

    cmd = ["java", "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
           *[str(f.resolve()) for f in existing]]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)
    # vnu writes its JSON report to stderr (stdout stays empty); accept either.
    raw = proc.stderr.strip() or proc.stdout.strip()
    start = raw.find("{")
    try:
        report = json.loads(raw[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict):
        raise RuntimeError(f"vnu.jar exited {proc.returncode} without a JSON report:\n{raw[-4000:]}")

    for msg in report.get("messages", []):
        kind = msg.get("type", "")
        if kind == "info":
            continue
        where = _display(msg.get("url", ""), existing, base)
        line = msg.get("firstLine", msg.get("lastLine"))
        col = msg.get("firstColumn", msg.get("lastColumn"))
        text = msg.get("message", "").strip()
        if kind != "error":  # e.g. "non-document-error": the file could not be read
            text = f"{kind}: {text}"
        if line is not None:
            problems.append(f"{where}:{line}:{col if col is not None else 1}: {text}")
        else:
            problems.append(f"{where}: {text}")
    if proc.returncode not in (0, 1) and not problems:
        problems.append(f"vnu.jar exited {proc.returncode}: {raw[-2000:]}")
    return problems
