"""The ``cxnlp`` command: a thin typer layer over the library. Each command parses its arguments,
calls one library function and prints the result. Every failure ends as one ``error: ...`` line
naming the file and what to do, with exit code 1 (2 for usage errors, from click); ``cxnlp --debug
COMMAND`` shows the traceback instead."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_metrics import HeaderRowOpt, SheetOpt
from .exceptions import CxnlpError

app = typer.Typer(help="Classify Spanish customer feedback and summarise NPS/CSAT/CES by theme.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

ModelOpt = Annotated[Optional[Path], typer.Option("--model", "-m", help="Model directory (default: the shipped model).")]
AllowFormulasOpt = Annotated[bool, typer.Option(
    "--allow-formulas", help="Write cells starting with = + - @ as they are; by default CSV/XLSX cells that a "
                             "spreadsheet would run as a formula get a leading '.")]
_STATE = {"debug": False}


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", envvar="CXNLP_DEBUG",
                                        help="Show the full traceback when a command fails.")] = False,
) -> None:
    _STATE["debug"] = debug


# Library messages name Python arguments ("name it with text=..."); on the command line it is the option.
_PYTHON_TO_OPTION = {"name it with text=...": "name it with --text", "choose one with sheet=...": "choose one with --sheet"}


def _fail(err: Exception | str) -> None:
    """Print ``error: ...`` and exit 1; with --debug, raise ``err`` so its traceback shows."""
    if _STATE["debug"] and isinstance(err, Exception):
        raise err
    message = str(err)
    for python, option in _PYTHON_TO_OPTION.items():
        message = message.replace(python, option)
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


def _describe(err: Exception) -> str:
    """One line for an error that is not a ``CxnlpError``: the file if known, and what to do."""
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror or err}; check the path and its permissions (--debug shows the traceback)."
    if isinstance(err, MemoryError):
        return "out of memory; split the file, or use fewer --jobs."
    return f"unexpected {type(err).__name__}: {err}. Rerun with --debug to see where, and please report it."


def _guarded(command):
    """``command`` with every exception turned into one ``error:`` line and exit code 1."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        import click

        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as err:
            if _STATE["debug"]:
                raise
            _fail(err if isinstance(err, CxnlpError) else _describe(err))

    return run


@app.command()
def classify(
    input: Annotated[Path, typer.Argument(help="CSV, XLSX, Parquet or JSONL survey export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file; format from its extension.")],
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Comment column (detected if omitted).")] = None,
    model: ModelOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal).")] = None,
    allow_formulas: AllowFormulasOpt = False,
    engine: Annotated[str, typer.Option(help=(
        "'local' or 'dask'. With 'dask', INPUT may be a folder or a quoted glob of CSV or Parquet files, and OUTPUT is a folder "
        "written as a Parquet dataset (needs: pip install \"cxnlp\\[dask]\")."))] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster.")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Worker processes of the local Dask cluster (default: one per CPU).")] = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
) -> None:
    """Label every comment of INPUT with sentiment, touchpoints and areas; write OUTPUT atomically."""
    from tqdm import tqdm

    from .pipeline import classify_file

    show = sys.stderr.isatty() if progress is None else progress
    try:
        with tqdm(unit=" comentarios", disable=not show, file=sys.stderr) as bar:
            if engine not in ("local", "dask"):
                raise typer.BadParameter(f"{engine!r}; expected 'local' or 'dask'.", param_hint="--engine")
            if engine == "dask":
                try:
                    from .dask import classify_files
                except ImportError as err:  # the extra is not installed: say what to install
                    _fail(err)
                counts = classify_files(str(input), output, text=text, model=model, scheduler=scheduler,
                                        workers=workers, progress=bar.update)
            else:
                counts = classify_file(input, output, text=text, model_dir=model, jobs=jobs, progress=bar.update,
                                       allow_formulas=allow_formulas, sheet=sheet, header_row=header_row)
    except CxnlpError as err:
        _fail(err)
    total = sum(counts.values())
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    typer.echo(f"{total} rows classified -> {output} ({detail})")


@app.command()
def info(model: ModelOpt = None) -> None:
    """Print the model's version, labels, training-data hash and scores."""
    from .persist import read_meta, resolve_model_dir

    try:
        meta = read_meta(resolve_model_dir(model))
    except CxnlpError as err:
        _fail(err)
    keys = ("name", "cxnlp", "format_version", "created", "sklearn", "spacy", "python", "data_sha256",
            "files", "rows", "training_seconds", "labels", "scores", "config")
    typer.echo(json.dumps({k: meta[k] for k in keys if k in meta}, indent=2, ensure_ascii=False))


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", "-d", help="Labelled file or folder (repeatable).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the model to.")],
    base: Annotated[Optional[str], typer.Option(help="'default' adds the shipped corpus (or a folder of labelled data).")] = None,
    weight: Annotated[float, typer.Option(help="Weight of the --data rows relative to --base rows.")] = 1.0,
    name: Annotated[Optional[str], typer.Option(help="Model name (default: the folder name).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the cross-validation split.")] = 13,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1)] = 1,
    force: Annotated[bool, typer.Option(help="Retrain even if OUT was trained on the same data.")] = False,
) -> None:
    """Train a model from labelled CSV/XLSX/Parquet/JSONL files and save it to OUT."""
    from .training import train_to_dir

    try:
        model, skipped = train_to_dir(data, out, base=base, weight=weight, name=name or out.name, seed=seed,
                                      n_jobs=jobs, force=force)
    except (CxnlpError, ValueError) as err:
        _fail(err)
    if skipped:
        typer.echo(f"{out}: already trained on the same data and config (data hash {model.meta['data_sha256'][:12]}); "
                   f"use --force to retrain.")
        return
    cv = model.meta["scores"]["cv"]
    typer.echo(f"saved {out} ({model.meta['rows']['total']} rows, {model.meta['training_seconds']} s); "
               + ", ".join(f"{axis} CV macro-F1 {s['macro_f1']:.3f}" for axis, s in cv.items()))


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", "-d", help="Labelled file (text + sentiment/touchpoints/areas).")],
    model: ModelOpt = None,
    output: Annotated[Optional[list[Path]], typer.Option("--output", "-o", help="Write the report to .json, .md or .html (repeatable).")] = None,
    worst: Annotated[int, typer.Option(help="How many confidently wrong examples to list.")] = 20,
) -> None:
    """Score a model on labelled data: per-class precision/recall/F1, confusion, calibration, worst errors."""
    from .data import read_training_data
    from .evaluation import evaluate as run_evaluation, format_report
    from .io import atomic_path, check_outputs
    from .persist import load

    formats = {".json": "json", ".md": "markdown", ".html": "html"}
    for path in output or []:
        if path.suffix.lower() not in formats:
            _fail(f"{path}: unsupported report type '{path.suffix}'; expected .json, .md or .html.")
    check_outputs(output or [], inputs=[data])
    report = run_evaluation(load(model), read_training_data(data), worst=worst)
    for path in output or []:
        with atomic_path(path, protect=[data]) as tmp:
            tmp.write_text(format_report(report, formats[path.suffix.lower()]), encoding="utf-8")
    typer.echo(format_report(report, "text"))


@app.command()
def compare(
    models: Annotated[list[Path], typer.Option("--model", "-m", help="Two model directories: A then B.")],
    data: Annotated[Path, typer.Option("--data", "-d", help="Labelled file both models are scored on.")],
    boot: Annotated[int, typer.Option(help="Bootstrap resamples.")] = 1000,
) -> None:
    """Compare model A and model B on the same labelled data (paired bootstrap of macro-F1 per axis)."""
    from .comparison import compare as run_compare
    from .data import read_training_data
    from .persist import load

    if len(models) != 2:
        raise typer.BadParameter(f"compare needs exactly two --model options (A and B), got {len(models)}.",
                                 param_hint="--model")
    try:
        table = run_compare(load(models[0]), load(models[1]), read_training_data(data), n_boot=boot)
    except CxnlpError as err:
        _fail(err)
    typer.echo(f"A = {models[0]}\nB = {models[1]}")
    typer.echo(table.round(4).to_string())


@app.command()
def promote(
    model: Annotated[Optional[Path], typer.Option("--model", "-m", help="Candidate model directory.")] = None,
    project: Annotated[Path, typer.Option(help="Project folder; its default model is PROJECT/models/default.")] = Path("."),
    data: Annotated[Optional[Path], typer.Option("--data", "-d", help="Labelled data to check the candidate is not worse.")] = None,
    metric: Annotated[str, typer.Option(help="Metric that must not get worse.")] = "touchpoints.macro_f1",
    force: Annotated[bool, typer.Option(help="Promote even if worse.")] = False,
    rollback: Annotated[bool, typer.Option(help="Restore the previous default instead.")] = False,
) -> None:
    """Make a model the project's default when it is not worse than the current one; keep the old one for rollback."""
    from .persist import promote as run_promote, rollback as run_rollback
    from .data import read_training_data

    try:
        if rollback:
            typer.echo(json.dumps(run_rollback(project), indent=2))
            return
        if model is None:
            raise CxnlpError("promote needs --model (the candidate) unless --rollback is given.")
        report = run_promote(model, project, data=read_training_data(data) if data else None, metric=metric, force=force)
    except CxnlpError as err:
        _fail(err)
    typer.echo(json.dumps(report, indent=2))
    if not report["promoted"]:
        raise typer.Exit(code=1)


@app.command()
def review(
    input: Annotated[Path, typer.Argument(help="Classified or raw survey file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV in the training format, to correct and train on.")],
    n: Annotated[int, typer.Option("-n", min=1, help="How many comments to pick.")] = 200,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Comment column (detected if omitted).")] = None,
    model: ModelOpt = None,
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
) -> None:
    """Pick the comments most worth labelling next, with the model's suggestions pre-filled."""
    from .io import check_output, detect_text_column, file_format, read_table, write_table
    from .persist import load
    from .review import review_queue

    file_format(output)
    check_output(output, inputs=[input])
    frame = read_table(input, allow_empty=False, sheet=sheet, header_row=header_row)
    column = detect_text_column(frame.columns, text)
    queue = review_queue(load(model), frame[column].tolist(), n=n)
    write_table(queue, output, protect=[input], allow_formulas=allow_formulas)
    typer.echo(f"{len(queue)} comments to label -> {output}")


@app.command()
def serve(
    model: ModelOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes the service beyond this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes, each with its own copy of the model.")] = 1,
    api_key: Annotated[Optional[str], typer.Option(envvar="CXNLP_API_KEY", help="Key every request must send (X-API-Key or Authorization: Bearer).")] = None,
    max_batch: Annotated[int, typer.Option(min=1, help="Most texts in one /v1/classify request.")] = 1000,
    max_body_bytes: Annotated[int, typer.Option(min=1, help="Largest request body in bytes.")] = 16 * 1024 * 1024,
    log_texts: Annotated[bool, typer.Option(help="Write the texts received to the log (off: they are personal data).")] = False,
) -> None:
    """Serve the model as an HTTP JSON API (needs: pip install "cxnlp[serve]"); OpenAPI docs at /docs."""
    try:
        from .serve import run

        run(model, host=host, port=port, workers=workers, api_key=api_key, max_batch=max_batch,
            max_body_bytes=max_body_bytes, log_texts=log_texts)
    except (CxnlpError, ImportError) as err:
        _fail(err)


from .cli_metrics import report_command, summarize_command  # noqa: E402  (commands of the metrics layer)

app.command("summarize")(summarize_command)
app.command("report")(report_command)

for _command in app.registered_commands:
    _command.callback = _guarded(_command.callback)


def main() -> None:
    app()
