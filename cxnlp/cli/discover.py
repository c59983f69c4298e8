"""``cxnlp discover``: emerging themes among the comments the taxonomy covers badly (``cxnlp.discover``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app
from .shell_words import shell_quote
from .options import (
    AllowFormulasOpt,
    DateOpt,
    DayFirstOpt,
    HeaderRowOpt,
    ModelOpt,
    SheetOpt,
    TextOpt,
    check_allow_formulas,
    echo,
)

PoolOpt = Annotated[Optional[str], typer.Option(
    "--pool", help="Comments searched: uncovered (general or low confidence; the default), general, "
                   "low-confidence or all (the --where filter alone when --pool is not given).")]
DiscoverRedactOpt = Annotated[bool, typer.Option("--redact/--no-redact", help=(
    "Personal data (e-mails, phones, IDs, cards, accounts, names, addresses) becomes placeholders such as "
    "[TELÉFONO] in the examples printed and written to -o and in the texts of --export, and its words are "
    "left out of the groups' names; the groups are found on the comments as written."))]


@app.command()
def discover(
    input: Annotated[Path, typer.Argument(help="Survey file, classified ('cxnlp classify' output) or not "
                                               "(then it is classified with --model).")],
    text: TextOpt = None,
    pool: PoolOpt = None,
    where: Annotated[Optional[str], typer.Option(
        "--where", help="pandas query that narrows the pool, e.g. '`País` == \"México\"'.")] = None,
    date: DateOpt = None,
    period: Annotated[str, typer.Option("--period", help="Growth period: week, month or quarter; auto: by quarter "
                                                         "where the date column holds quarters, else by month.")] = "auto",
    min_size: Annotated[int, typer.Option("--min-size", min=2, help="Smallest group kept.")] = 8,
    export: Annotated[Optional[Path], typer.Option(
        "--export", help="Write the groups' comments as training data (touchpoint nuevo_tema_N to rename).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="Write the groups as JSON (a .json file).")] = None,
    model: ModelOpt = None,
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    dayfirst: DayFirstOpt = None,
    redact: DiscoverRedactOpt = True,
) -> None:
    """Groups of comments that share a subject the touchpoints do not name yet: name, size, sentiment, growth."""
    from ..insights.discover import discover_file

    check_allow_formulas(allow_formulas, export, "--export")  # -o writes JSON, whose cells it never changes
    found = discover_file(input, output=output, export=export, sheet=sheet, header_row=header_row,
                          allow_formulas=allow_formulas, model=model, text=text, pool=pool, where=where, date=date,
                          period=period, dayfirst=dayfirst, min_size=min_size, redact=redact)
    echo(found.table())
    if found.settings.get("dayfirst_guessed"):  # the growth's periods rest on the order, as summarize's trend does
        from .insights import dayfirst_notice

        echo(dayfirst_notice(found.settings["date"]))
    for path, what in ((export, "training data"), (output, "groups")):
        if path is not None:
            echo(f"{what} -> {path}")
    if export is not None and found.groups.empty:  # (a file of headers, said as if it held the groups' comments)
        echo(f"note: no group was kept, so {export} holds no comment; a smaller --min-size, or a wider --pool "
             f"or --where, may find some.", err=True)  # (notes on stderr: stdout is the table, to pipe)
    if export is not None and not found.groups.empty:
        echo(f"Rename nuevo_tema_N in {export}, keep the rows that fit, then: "
                   f"cxnlp train --data {_quoted(export)} --base default --out models/con-tema-nuevo")
        from ..config import TrainConfig

        need = TrainConfig().min_examples  # comments a touchpoint needs to be learnt
        exported = found.to_training()["touchpoints"].str.split("|").str[0].value_counts()  # the placeholder
        if short := sorted(exported[exported < need].index):
            echo(f"note: {', '.join(short)}: fewer than {need} distinct comments each, and training needs {need} "
                 f"per touchpoint; give such a group the name of another, add comments, or leave it out.", err=True)


def _quoted(path) -> str:
    """``path`` as the shell it would be pasted into reads it (``shell_quote``)."""
    return shell_quote(str(path))
