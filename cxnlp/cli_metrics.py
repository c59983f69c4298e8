"""``cxnlp summarize`` and ``cxnlp report``: thin typer commands over ``summarize`` and
``write_report``. Each parses its arguments, calls the library, prints a short result and turns
``CxnlpError`` into exit code 1. Registered in ``cli.py``::

    app.command("summarize")(summarize_command)
    app.command("report")(report_command)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .exceptions import CxnlpError, DataError

NpsOpt = Annotated[Optional[str], typer.Option("--nps", help="NPS column (0-10 answers).")]
CsatOpt = Annotated[Optional[str], typer.Option("--csat", help="CSAT column (1-5 by default).")]
CesOpt = Annotated[Optional[str], typer.Option("--ces", help="CES column (1-7 by default).")]
ByOpt = Annotated[str, typer.Option("--by", "-b", help="Themes: touchpoints, areas, stage, sentiment, any column "
                                    "(region, channel), or a combination such as 'touchpoints,sentiment'.")]
PeriodOpt = Annotated[Optional[str], typer.Option("--period", help="Trend by week, month or quarter.")]
DateOpt = Annotated[Optional[str], typer.Option("--date", help="Date column for --period (detected if omitted).")]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of the HTML report: es or en.")]
MinNOpt = Annotated[int, typer.Option("--min-n", min=1, help="Themes with fewer comments are flagged.")]
TextOpt = Annotated[Optional[str], typer.Option("--text", "-t", help="Comment column (detected if omitted).")]
SheetOpt = Annotated[Optional[str], typer.Option("--sheet", help="XLSX sheet, by name or number from 1 (default: "
                                                                  "the first sheet with a comment column).")]
HeaderRowOpt = Annotated[Optional[int], typer.Option("--header-row", min=1, help="Line (CSV) or row (XLSX) of the "
                                                     "header, from 1 (default: detected, skipping title lines).")]
CsatMethodOpt = Annotated[str, typer.Option("--csat-method", help="top2 (% of 4-5) or mean.")]
CesMethodOpt = Annotated[str, typer.Option("--ces-method", help="mean, or agree (% of 5-7).")]
CsatScaleOpt = Annotated[str, typer.Option("--csat-scale", help="CSAT scale as LOW-HIGH, e.g. 1-10.")]
CesScaleOpt = Annotated[str, typer.Option("--ces-scale", help="CES scale as LOW-HIGH, e.g. 1-5.")]
AllowFormulasOpt = Annotated[bool, typer.Option(
    "--allow-formulas", help="Write cells starting with = + - @ as they are; by default CSV/XLSX cells that a "
                             "spreadsheet would run as a formula get a leading '.")]


def _fail(err: Exception) -> None:
    from .cli import _fail as fail  # one place prints errors (and honours --debug)

    fail(err)


def _scale(text: str, what: str) -> tuple[int, int]:
    try:
        low, high = (int(part) for part in text.replace(" ", "").split("-"))
    except ValueError:
        raise DataError(f"{what} {text!r} is not a scale; expected LOW-HIGH such as 1-5.") from None
    return low, high


def _metric_options(csat_method: str, ces_method: str, csat_scale: str, ces_scale: str) -> dict:
    """Metric keywords of ``summarize``; cut-offs follow the scales (top-2-box, above the midpoint)."""
    csat_lo, csat_hi = _scale(csat_scale, "--csat-scale")
    ces_lo, ces_hi = _scale(ces_scale, "--ces-scale")
    return {"csat_method": csat_method, "csat_scale": (csat_lo, csat_hi),
            "ces_method": ces_method, "ces_scale": (ces_lo, ces_hi)}


def _echo_summary(summary) -> None:
    """Print the summary's main columns and what each metric excluded."""
    import pandas as pd

    metrics = [m for m in ("nps", "csat", "ces") if m in summary]
    view = pd.DataFrame({"theme": summary["label"], "n": summary["n"], "share%": summary["share"].round(1)})
    if "period" in summary:
        view.insert(1, "period", summary["period"])
    view["net_sent"] = summary["net_sentiment"].round(1)
    for m in metrics:
        view[m] = summary[m].round(1)
        view[f"{m}_95%"] = [f"[{lo:.1f}, {hi:.1f}]" for lo, hi in zip(summary[f"{m}_low"], summary[f"{m}_high"])]
        view[f"{m}_impact"] = [f"{v:+.1f}{'*' if s else ''}" if v == v else "" for v, s in
                               zip(summary[f"{m}_impact"], summary[f"{m}_impact_significant"])]
    view["min_n"] = ["" if ok else "low n" for ok in ~summary["below_min_n"]]
    with pd.option_context("display.max_rows", 60, "display.width", 200, "display.max_columns", 30):
        typer.echo(view.to_string(index=False))
    attrs = summary.attrs
    for m in metrics:
        info = attrs["metrics"][m]
        typer.echo(f"{m.upper()} ({info['column']}): {info['valid']} valid answers; excluded {info['blank']} blank, "
                   f"{info['out_of_range']} out of range, {info['non_numeric']} not numeric.")
    if attrs.get("date_excluded"):
        typer.echo(f"{attrs['date_excluded']} rows without a readable date in '{attrs['date_column']}' "
                   f"are left out of the trend.")
    typer.echo(f"* significant impact (p < {attrs['alpha']}); 'low n': fewer than {attrs['min_n']} rows.")


def summarize_command(
    input: Annotated[Path, typer.Argument(help="Classified file (the output of 'cxnlp classify').")],
    nps: NpsOpt = None,
    csat: CsatOpt = None,
    ces: CesOpt = None,
    by: ByOpt = "touchpoints",
    period: PeriodOpt = None,
    date: DateOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the summary (CSV, XLSX...).")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write the HTML report here.")] = None,
    lang: LangOpt = "es",
    min_n: MinNOpt = 30,
    text: TextOpt = None,
    csat_method: CsatMethodOpt = "top2",
    ces_method: CesMethodOpt = "mean",
    csat_scale: CsatScaleOpt = "1-5",
    ces_scale: CesScaleOpt = "1-7",
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
) -> None:
    """NPS/CSAT/CES and sentiment by theme, with each theme's impact, from a classified file."""
    from .io import check_outputs, file_format, read_table, write_table
    from .metrics import summarize
    from .report import write_report

    try:
        options = _metric_options(csat_method, ces_method, csat_scale, ces_scale)
        if output is not None:
            file_format(output)
        check_outputs([output, html], inputs=[input])
        frame = read_table(input, allow_empty=False, sheet=sheet, header_row=header_row)
        summary = summarize(frame, by=by, nps=nps, csat=csat, ces=ces, period=period, date=date, min_n=min_n,
                            **options)
        _echo_summary(summary)
        if output is not None:
            write_table(summary, output, protect=[input], allow_formulas=allow_formulas)
            typer.echo(f"summary -> {output}")
        if html is not None:
            write_report(frame, html, by=by, nps=nps, csat=csat, ces=ces, period=period or "month", date=date,
                         text=text, lang=lang, min_n=min_n, **options)
            typer.echo(f"report -> {html}")
    except CxnlpError as err:
        _fail(err)


def report_command(
    input: Annotated[Path, typer.Argument(help="Survey export: CSV, XLSX, Parquet or JSONL.")],
    html: Annotated[Path, typer.Option("--html", help="HTML report to write.")],
    text: TextOpt = None,
    nps: NpsOpt = None,
    csat: CsatOpt = None,
    ces: CesOpt = None,
    by: ByOpt = "touchpoints",
    period: Annotated[str, typer.Option("--period", help="Trend by week, month or quarter.")] = "month",
    date: DateOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the classified rows.")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", "-m", help="Model directory (default: the shipped model).")] = None,
    lang: LangOpt = "es",
    min_n: MinNOpt = 30,
    csat_method: CsatMethodOpt = "top2",
    ces_method: CesMethodOpt = "mean",
    csat_scale: CsatScaleOpt = "1-5",
    ces_scale: CesScaleOpt = "1-7",
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
) -> None:
    """Classify every comment of a survey export and write the HTML report, in one step."""
    from .io import check_outputs, csv_output_options, file_format, read_table, write_table
    from .persist import load
    from .report import write_report

    try:
        options = _metric_options(csat_method, ces_method, csat_scale, ces_scale)
        if output is not None:
            file_format(output)
        check_outputs([output, html], inputs=[input])
        frame = read_table(input, allow_empty=False, sheet=sheet, header_row=header_row)
        classified = load(model).classify_frame(frame, text=text)
        if output is not None:
            # A CSV follows the input's locale: a ';' export from Spanish Excel stays ';' (and decimal commas).
            write_table(classified, output, **csv_output_options(input, output, header_row=header_row),
                        protect=[input], allow_formulas=allow_formulas)
            typer.echo(f"{len(classified)} rows classified -> {output}")
        write_report(classified, html, by=by, nps=nps, csat=csat, ces=ces, period=period, date=date, text=text,
                     lang=lang, min_n=min_n, **options)
    except CxnlpError as err:
        _fail(err)
    typer.echo(f"report -> {html} ({len(classified)} responses)")
