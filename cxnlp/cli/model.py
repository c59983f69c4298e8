"""Model commands: ``info``, ``train``, ``evaluate``, ``compare`` and ``promote``."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..config import MAX_SEED
from ..exceptions import ConfigError, CxnlpError, muted_warnings
from .app import fail, app, say_warning
from .options import INDUSTRY, LabelledSheetOpt, ModelOpt, echo


@app.command()
def info(model: ModelOpt = None) -> None:
    """Print the model's version, labels, training-data hash and scores; check its files' checksums."""
    from .. import __version__
    from ..persist import load_refusal, read_meta, resolve_model_dir

    directory = resolve_model_dir(model)
    meta = read_meta(directory)
    keys = ("name", "cxnlp", "format_version", "created", "sklearn", "spacy", "python", "data_sha256",
            "files", "rows", "training_seconds", "labels", "industries", "recognises_industries", "scores",
            "config")
    refusal = load_refusal(directory, meta)  # the verdict load would give
    shown = {k: meta[k] for k in keys if k in meta}
    echo(_json({**shown, "installed_cxnlp": __version__, "files_ok": refusal is None}))
    if refusal:
        fail(refusal)


def _json(value, *, ensure_ascii: bool = False) -> str:
    """``value`` as indented JSON, every NaN and infinity in it written as null: JSON has neither, and ``json.dumps``
    wrote ``NaN`` (a meta.json's scores may hold one; Python's json reads it back), which strict parsers refuse."""
    def finite(item):
        if isinstance(item, float):
            return item if math.isfinite(item) else None
        if isinstance(item, dict):
            return {key: finite(v) for key, v in item.items()}
        if isinstance(item, (list, tuple)):
            return [finite(v) for v in item]
        return item

    text = json.dumps(finite(value), indent=2, ensure_ascii=ensure_ascii, allow_nan=False)
    # DEL and C1 (which json.dumps leaves raw) as JSON's own escapes: echo's \x7f in a string is not JSON.
    return re.sub("[\x7f-\x9f]", lambda match: f"\\u{ord(match[0]):04x}", text)


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", "-d", help="Labelled file or folder (repeatable).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the model to.")],
    base: Annotated[Optional[str], typer.Option(help="'default' adds the shipped corpus (or a folder of labelled data).")] = None,
    weight: Annotated[float, typer.Option(help="Weight of the --data rows relative to --base rows.")] = 1.0,
    name: Annotated[Optional[str], typer.Option(help="Model name (default: the folder name).")] = None,
    seed: Annotated[int, typer.Option(min=0, max=MAX_SEED, help="Seed of the cross-validation split.")] = 13,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parallel cross-validation fits (the model is the "
                                                                  "same whatever the number).")] = 1,
    force: Annotated[bool, typer.Option(help="Retrain even if OUT was trained on the same data.")] = False,
    sheet: LabelledSheetOpt = None,
) -> None:
    """Train a model from labelled CSV/XLSX/Parquet/JSONL/JSON files and save it to OUT."""
    from .._data_files import check_sheet_applies, found_files
    from ..training import train_to_dir

    # Its notes skipped are said when the data is read: muted in this thread alone (warnings.catch_warnings swaps
    # the process-wide filters, and muted every warning of the process's other threads meanwhile).
    with muted_warnings():
        try:  # a sheet with no workbook to read it from: refused before the rows are read and scanned below
            found = found_files(data) if sheet is not None else []
        except CxnlpError:
            found = []  # (training says what is wrong with the data)
    check_sheet_applies(found, sheet)
    warn_pii([*data, *([base] if base not in (None, "default") else [])], sheet=sheet, base=base)

    model, skipped = train_to_dir(data, out, base=base, weight=weight, name=name, seed=seed, n_jobs=jobs, force=force,
                                  sheet=sheet)
    if skipped:
        echo(f"{out}: already trained on the same data and config (data hash {model.meta['data_sha256'][:12]}), "
                   f"named {model.meta['name']!r}; use --force to retrain.")
        return
    cv = model.meta["scores"]["cv"]
    echo(f"saved {out} ({model.meta['rows']['total']} rows, {model.meta['training_seconds']} s); "
               + ", ".join(f"{axis} CV macro-F1 {s['macro_f1']:.3f}" for axis, s in cv.items()))
    if model.meta.get("display_names"):  # only a replaced model's can be there
        # (its journey stages, industries and row statuses too, which its report shows by name: _kept_names)
        echo("kept the display names of the model it replaced (meta.json display_names) for the labels, "
                   "journey stages, industries and statuses it still shows.")


def warn_pii(sources: list, shown: int = 20, *, sheet: str | None = None, base=None) -> None:
    """One warning line (stderr) per training row whose text holds personal data: a model keeps its words.
    ``sheet`` is read from the workbooks among ``sources`` other than ``base`` (as ``train_to_dir`` reads them)."""
    from ..io import has_sheets
    from ..labelled import read_training_data
    from ..pii import training_rows_with_pii

    rows = []
    for source in sources:
        try:  # (a CSV file beside a workbook read alone with the sheet is refused: _data_files.check_sheet_applies)
            chosen = sheet if source != base and (Path(source).is_dir() or has_sheets(source)) else None
            rows += training_rows_with_pii(read_training_data([source], sheet=chosen))
        except CxnlpError:
            continue  # bad data: training reports it, with its own error
    for source, row, placeholders in rows[:shown]:
        say_warning(f"warning: {source} row {row}: personal data in the text ({', '.join(placeholders)}); "
                    f"redact it before training a model you will share ('cxnlp classify FILE -o COPY --redact' "
                    f"writes a copy with it replaced, which train reads).")
    if len(rows) > shown:
        say_warning(f"warning: and {len(rows) - shown} more rows with personal data.")


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option("--data", "-d", help="Labelled file (text + sentiment, touchpoints, areas).")],
    model: ModelOpt = None,
    output: Annotated[Optional[list[Path]], typer.Option("--output", "-o", help="Write the report to .json, .md or .html (repeatable).")] = None,
    worst: Annotated[int, typer.Option(min=0, help="How many confidently wrong examples to list.")] = 20,
    industry_column: Annotated[Optional[str], typer.Option("--industry-column", rich_help_panel=INDUSTRY, help=(
        "A column naming each row's industry (e.g. 'industry'), each row then read as one from it (a blank cell: "
        "as the model reads it by default; 'none': without an industry). Default: every row read as the model "
        "reads comments by default."))] = None,
    sheet: LabelledSheetOpt = None,
    redact: Annotated[bool, typer.Option("--redact/--no-redact", help=(
        "Personal data (e-mails, phones, IDs, cards, accounts, names, addresses) becomes placeholders such as "
        "[TELÉFONO] in the worst examples printed and written to -o; the comments are classified as written."
    ))] = True,
) -> None:
    """Score a model on labelled data: per-class precision/recall/F1, confusion, calibration, worst errors."""
    from ..batch import evaluate_file
    from ..evaluation import format_report

    report = evaluate_file(data, outputs=output or [], model_dir=model, worst=worst, industry_column=industry_column,
                           sheet=sheet, redact=redact)
    echo(format_report(report, "text"))
    for path in output or []:  # each file written said, as every other command says its outputs
        echo(f"report -> {path}")


@app.command()
def compare(
    models: Annotated[list[Path], typer.Option("--model", "-m", help="Two model directories: A then B ('default': the shipped model).")],
    data: Annotated[Path, typer.Option("--data", "-d", help="Labelled file both models are scored on.")],
    boot: Annotated[int, typer.Option(min=100, max=100_000, help="Bootstrap resamples (100 to 100,000).")] = 1000,
) -> None:
    """Compare model A and model B on the same labelled data (paired bootstrap of macro-F1 per axis)."""
    from ..comparison import compare as run_compare
    from ..labelled import read_to_score
    from ..persist import load

    if len(models) != 2:
        raise ConfigError(f"compare needs exactly two --model options (A and B), got {len(models)}.")
    model_a, model_b = load(models[0]), load(models[1])
    table = run_compare(model_a, model_b, read_to_score(data), n_boot=boot)  # labels read with the models' own
    echo(f"A = {models[0]}\nB = {models[1]}")
    echo(table.round(4).to_string())


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
    from ..labelled import read_to_score
    from ..persist import promote as run_promote, rollback as run_rollback

    if rollback:
        ignored = [option for option, given in (("--model", model is not None), ("--data", data is not None),
                                                ("--metric", metric != "touchpoints.macro_f1"), ("--force", force))
                   if given]
        if ignored:  # (a candidate given with --rollback was left unpromoted without a word)
            raise CxnlpError(f"--rollback restores the previous default model; it takes no {', '.join(ignored)}. "
                             f"Give --rollback alone, or leave it out to promote.")
        echo(_json(run_rollback(project), ensure_ascii=True))
        return
    if model is None:
        raise CxnlpError("promote needs --model (the candidate) unless --rollback is given.")
    # read as compare reads it: the labels with the models' own, once both are loaded (persist.promote)
    report = run_promote(model, project, data=read_to_score(data) if data else None, metric=metric, force=force)
    echo(_json(report, ensure_ascii=True))
    if not report["promoted"]:  # the report on stdout, and why on stderr as for any failure (exit 1 alone said nothing)
        fail(f"{report['reason']}; check the candidate, or give --force to promote it anyway.")
