"""The ``cxnlp`` command: a thin typer layer over the library. Each command parses its arguments,
calls one library function, prints the result, and turns ``CxnlpError`` into exit code 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .exceptions import CxnlpError

app = typer.Typer(help="Classify Spanish customer feedback and summarise NPS/CSAT/CES by theme.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

ModelOpt = Annotated[Optional[Path], typer.Option("--model", "-m", help="Model directory (default: the shipped model).")]


def _fail(err: Exception) -> None:
    typer.secho(f"error: {err}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@app.command()
def classify(
    input: Annotated[Path, typer.Argument(help="CSV, XLSX, Parquet or JSONL survey export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file; format from its extension.")],
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Comment column (detected if omitted).")] = None,
    model: ModelOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal).")] = None,
) -> None:
    """Label every comment of INPUT with sentiment, touchpoints and areas; write OUTPUT atomically."""
    from tqdm import tqdm

    from .pipeline import classify_file

    show = sys.stderr.isatty() if progress is None else progress
    try:
        with tqdm(unit=" comentarios", disable=not show, file=sys.stderr) as bar:
            counts = classify_file(input, output, text=text, model_dir=model, jobs=jobs, progress=bar.update)
    except CxnlpError as err:
        _fail(err)
    total = sum(counts.values())
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    typer.echo(f"{total} rows classified -> {output} ({detail})")


@app.command()
def info(model: ModelOpt = None) -> None:
    """Print the model's version, labels, training-data hash and scores."""
    from .persist import DEFAULT_MODEL_DIR, read_meta

    try:
        meta = read_meta(model or DEFAULT_MODEL_DIR)
    except CxnlpError as err:
        _fail(err)
    keys = ("name", "cxnlp", "format_version", "created", "sklearn", "spacy", "python", "data_sha256",
            "model_sha256", "rows", "training_seconds", "labels", "scores", "config")
    typer.echo(json.dumps({k: meta[k] for k in keys if k in meta}, indent=2, ensure_ascii=False))


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", "-d", help="Labelled file or folder (repeatable).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the model to.")],
    base: Annotated[Optional[str], typer.Option(help="'default' adds the shipped corpus.")] = None,
    name: Annotated[Optional[str], typer.Option(help="Model name (default: the folder name).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the cross-validation split.")] = 13,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1)] = 1,
    force: Annotated[bool, typer.Option(help="Retrain even if OUT was trained on the same data.")] = False,
) -> None:
    """Train a model from labelled CSV/XLSX/Parquet/JSONL files and save it to OUT."""
    from .training import train_to_dir

    try:
        model, skipped = train_to_dir(data, out, base=base, name=name or out.name, seed=seed, n_jobs=jobs, force=force)
    except (CxnlpError, ValueError) as err:
        _fail(err)
    if skipped:
        typer.echo(f"{out}: already trained on the same data and config (data hash {model.meta['data_sha256'][:12]}); "
                   f"use --force to retrain.")
        return
    cv = model.meta["scores"]["cv"]
    typer.echo(f"saved {out} ({model.meta['rows']['total']} rows, {model.meta['training_seconds']} s); "
               + ", ".join(f"{axis} CV macro-F1 {s['macro_f1']:.3f}" for axis, s in cv.items()))


def main() -> None:
    app()
