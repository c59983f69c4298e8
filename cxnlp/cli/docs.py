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


@app.command()
def docs(
    topic: Annotated[Optional[str], typer.Argument(help="The page to print: labels, metrics, insights, guidelines...")] = None,
    path: Annotated[bool, typer.Option("--path", help="Print where the page lies instead of its text.")] = False,
) -> None:
    """Print a reference page (docs/*.md, shipped with the package); without a topic, list them."""
    found = pages()
    if topic is None:
        for name, page in found.items():
            title = page.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
            echo(f"{name:<11}{page if path else title}")
        return
    # as the messages and pages cite them too: docs/labels.md, training_data/GUIDELINES.md (or with a backslash)
    key = topic.strip().lower().replace("\\", "/").removesuffix(".md")
    key = key.removeprefix("docs/") if key != "training_data/guidelines" else "guidelines"
    if key not in found:
        raise ConfigError(f"no page {shown_value(topic)}; the pages are: {', '.join(found)}.")
    echo(found[key] if path else found[key].read_text(encoding="utf-8"), nl=path)  # (a full disk names stdout)
