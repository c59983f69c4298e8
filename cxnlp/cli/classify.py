"""``cxnlp classify`` and ``cxnlp review``: survey files in, labelled files out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..exceptions import ConfigError, DataError
from ..schema import DEFAULT_INDUSTRY
from .app import app
from .options import (
    AllowFormulasOpt,
    HeaderRowOpt,
    IndustryColumnOpt,
    IndustryOpt,
    JobsOpt,
    ModelOpt,
    SheetOpt,
    TextOpt,
    check_allow_formulas,
    counted,
    echo,
)

ENGINES = ("local", "dask")
#: Options of the local engine that cannot apply to --engine dask (CSV or Parquet files in, Parquet out).
NOT_FOR_DASK = {
    "--sheet": "applies to XLSX files, and --engine dask reads CSV or Parquet files; save the sheet as CSV first",
    "--allow-formulas": "applies to CSV and XLSX output, and --engine dask writes Parquet, whose cells it never "
                        "changes",
    "--jobs": "sets the processes of --engine local; with --engine dask, use --workers",
}


@app.command()
def classify(
    input: Annotated[Path, typer.Argument(help="CSV, XLSX, Parquet, JSONL or JSON survey export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file; format from its extension.")],
    text: TextOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = 1,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal).")] = None,
    allow_formulas: AllowFormulasOpt = False,
    engine: Annotated[str, typer.Option(help=(
        "'local' or 'dask'. With 'dask', INPUT may be a folder or a quoted glob of CSV or Parquet files, and OUTPUT is a folder "
        "written as a Parquet dataset (needs: pip install \"cxnlp\\[dask]\")."))] = "local",
    scheduler: Annotated[Optional[str], typer.Option(
        help="Dask scheduler address, such as tcp://host:8786 (default: a local cluster).")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Worker processes of the local Dask cluster (default: one per CPU).")] = None,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    redact: Annotated[bool, typer.Option("--redact", help=(
        "Replace personal data in the comment column (e-mails, phones, IDs, cards, accounts, names, addresses) "
        "with placeholders such as [TELÉFONO] before classifying; OUTPUT holds the redacted text."))] = False,
    industry: IndustryOpt = DEFAULT_INDUSTRY,
    industry_column: IndustryColumnOpt = None,
) -> None:
    """Label every comment of INPUT with sentiment, touchpoints and areas; write OUTPUT atomically."""
    from tqdm import tqdm

    if engine not in ENGINES:  # first: '--engine Dask --workers 4' was told to use --jobs with --engine local
        raise ConfigError(f"--engine {engine!r} is not known; expected 'local' or 'dask'.")
    if engine != "dask" and (workers is not None or scheduler is not None):
        raise DataError(f"{'--workers' if workers is not None else '--scheduler'} applies to --engine dask; "
                        f"with --engine local, use --jobs.")
    if engine == "local":  # (--engine dask refuses it outright: NOT_FOR_DASK)
        check_allow_formulas(allow_formulas, output)
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(unit=" rows", disable=not show, file=sys.stderr) as bar:
        if engine == "dask":
            given = {"--sheet": sheet is not None, "--allow-formulas": allow_formulas, "--jobs": jobs != 1}
            if refused := [option for option, on in given.items() if on]:
                raise DataError(f"{refused[0]} {NOT_FOR_DASK[refused[0]]}.")
            if workers is not None and scheduler is not None:
                raise DataError("--workers sizes the local cluster cxnlp starts; with --scheduler, the running "
                                "cluster has its own workers. Give one of the two.")
            from ..dask import classify_files  # ImportError names the extra to install

            counts = classify_files(str(input), output, text=text, model=model, scheduler=scheduler,
                                    workers=workers, header_row=header_row, progress=bar.update, industry=industry,
                                    redact=redact, industry_column=industry_column)
        else:
            from ..batch import classify_file

            counts = classify_file(input, output, text=text, model_dir=model, jobs=jobs, progress=bar.update,
                                   allow_formulas=allow_formulas, sheet=sheet, header_row=header_row, redact=redact,
                                   industry=industry, industry_column=industry_column)
    total = sum(counts.values())
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
    echo(f"{counted(total, 'row')} classified -> {output} ({detail})")


@app.command()
def review(
    input: Annotated[Path, typer.Argument(help="Classified or raw survey file.")],
    output: Annotated[Path, typer.Option("--output", "-o",
                                         help="Table (CSV, XLSX...) in the training format, to correct and train on.")],
    n: Annotated[int, typer.Option("-n", min=1, help="How many comments to pick.")] = 200,
    text: TextOpt = None,
    model: ModelOpt = None,
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    jobs: JobsOpt = 1,
    industry: IndustryOpt = DEFAULT_INDUSTRY,
    industry_column: IndustryColumnOpt = None,
    redact: Annotated[bool, typer.Option("--redact", help=(
        "Replace personal data in the queue's comments (e-mails, phones, IDs, cards, accounts, names, addresses) "
        "with placeholders such as [TELÉFONO]; they are picked and suggested on the text as written."))] = False,
) -> None:
    """Pick the comments most worth labelling next, with the model's suggestions pre-filled: correct each row you
    check and mark it in OUTPUT's 'reviewed' column (sí, x or 1); only the marked rows train, the others are left out."""
    from ..batch import review_file

    check_allow_formulas(allow_formulas, output)
    queue = review_file(input, output, n=n, text=text, model_dir=model, sheet=sheet, header_row=header_row,
                        allow_formulas=allow_formulas, jobs=jobs, industry=industry, industry_column=industry_column,
                        redact=redact)
    # The suggestions are labels already: only the rows a person marked train, never the model's own guess unchecked
    # (said here, where the file is handed over, not only in the README).
    echo(f"{len(queue)} {'comment' if len(queue) == 1 else 'comments'} to label -> {output}"
         + ("; the model's suggestions are filled in: correct each row you check and mark it in the 'reviewed' "
            "column (sí, x or 1); only the marked rows train" if len(queue) else ""))
