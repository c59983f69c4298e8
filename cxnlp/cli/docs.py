"""``cxnlp docs``: the reference pages (docs/*.md). They travel inside the wheel, so that the messages citing them
("`cxnlp docs labels`, section 9") can be followed where only the package is installed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..exceptions import ConfigError, shown_value
from .app import app
from .options import echo


def pages() -> dict[str, Path]:
    """Each reference page by its topic, the file name without ``.md``: labels, metrics, insights..., and the
    labelling guide the pages cite (training_data/GUIDELINES.md, in the wheel beside the corpus) as ``guidelines``."""
    from ..persist import shipped_dir

    found = {path.stem: path for path in sorted(shipped_dir("docs").glob("*.md"))}
    return found | {"guidelines": shipped_dir("corpus") / "GUIDELINES.md"}


def _page_text(topic: str, page: Path) -> str:
    """The text of ``page``, refused in one line where it is no file or a link to another file than a page of its
    name and folder: a link placed in the docs folder (``secret.md -> ~/.ssh/id_rsa``) was followed and printed. A
    page linked to its own copy (``labels.md -> .../docs/labels.md``: ``uv --link-mode symlink``, Bazel) is read."""
    try:
        target = page.resolve(strict=True)
        kept = target.name == page.name and target.parent.name in (page.parent.name, page.parent.resolve().name)
    except (OSError, RuntimeError):  # (a broken link or a loop of links)
        kept = False
    if not kept or not target.is_file():
        raise ConfigError(f"page {shown_value(topic)} ({page}) is a link to another file or no file of the shipped "
                          f"pages; only the pages shipped with cxnlp are printed.")
    return target.read_text(encoding="utf-8")


@app.command()
def docs(
    topic: Annotated[Optional[str], typer.Argument(help="The page to print: labels, metrics, insights, guidelines...")] = None,
    path: Annotated[bool, typer.Option("--path", help="Print where the page lies instead of its text.")] = False,
) -> None:
    """Print a reference page (docs/*.md, shipped with the package); without a topic, list them."""
    found = pages()
    if topic is None:
        titles = {name: _page_text(name, page).splitlines()[0].lstrip("# ") for name, page in found.items()}
        for name, page in found.items():  # (each page checked before any line is printed)
            echo(f"{name:<11}{page if path else titles[name]}")
        return
    # as the messages and pages cite them too: docs/labels.md, training_data/GUIDELINES.md (or with a backslash)
    key = topic.strip().lower().replace("\\", "/").removesuffix(".md")
    key = key.removeprefix("docs/") if key != "training_data/guidelines" else "guidelines"
    if key not in found:
        raise ConfigError(f"no page {shown_value(topic)}; the pages are: {', '.join(found)}.")
    echo(found[key] if path else _page_text(topic, found[key]), nl=path)  # (a full disk names stdout)
