"""``cxnlp summarize`` and ``cxnlp report``: NPS/CSAT/CES and sentiment by theme."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..columns import shown_column
from ..exceptions import ConfigError, DataError, shown_value
from ..schema import DEFAULT_INDUSTRY
from ._score_warnings import excluded_warning
from .app import OneByCommand, app, cli_wording, say_warning
from .options import (
    AllowFormulasOpt,
    ByOpt,
    CesMethodOpt,
    CesOpt,
    CesScaleOpt,
    CompareOpt,
    CsatMethodOpt,
    CsatOpt,
    CsatScaleOpt,
    DateOpt,
    DayFirstOpt,
    HeaderRowOpt,
    IndustryColumnOpt,
    IndustryOpt,
    JobsOpt,
    LabelsFileOpt,
    LangOpt,
    MinNOpt,
    ModelOpt,
    NpsOpt,
    RedactQuotesOpt,
    ReportLangOpt,
    ReportRedactOpt,
    SheetOpt,
    TitleOpt,
    TextOpt,
    check_allow_formulas,
    counted,
    echo,
    metric_options,
    number,
    table_text,
    summary_report_options,
)


def echo_summary(summary, names: dict[str, str] | None = None) -> None:
    """Print the summary's main columns and what each metric excluded (themes by their ``--labels-file``
    names, as the drivers and changes tables print them)."""
    import pandas as pd

    from ..metrics.signals import signal_view
    from ..report.page import Page
    from .insights import _names

    if summary.empty:
        echo(empty_reason(summary.attrs))
    metrics = [m for m in ("nps", "csat", "ces") if m in summary]
    view = pd.DataFrame({"theme": _names(summary, names or {}), "n": summary["n"],
                         "share%": summary["share"].round(1)})
    if "period" in summary:
        view.insert(1, "period", summary["period"])
    # blank, not NaN, without a sentiment (a file without cx_sentiment), and no "-0.0", as the metrics' columns
    view["net_sent"] = [number(v, 1) for v in summary["net_sentiment"]]
    for m in metrics:
        d = 2 if summary.attrs["metrics"][m].get("method") == "mean" else 1  # a mean's impact is a fraction of a point
        view[m] = [number(v, d) for v in summary[m]]
        view[f"{m}_95%"] = [f"[{number(lo, d)}, {number(hi, d)}]" if pd.notna(lo) else ""
                            for lo, hi in zip(summary[f"{m}_low"], summary[f"{m}_high"])]
        # a theme below min_n gets no significance mark, as in the report and the drivers table
        view[f"{m}_impact"] = [number(v, d, signed=True) + ("*" if pd.notna(v) and s and not low else "")
                               for v, s, low in zip(summary[f"{m}_impact"], summary[f"{m}_impact_significant"],
                                                    summary["below_min_n"])]
    view["min_n"] = ["" if ok else "low n" for ok in ~summary["below_min_n"]]
    # the emotions by the --labels-file's names too, as the report's emotions table shows them ("Frustración 14%")
    page = Page(None, "es", 1, [], names or {})
    view = view.assign(**signal_view(summary, names={key: page.label(key) for key in names or {}}))
    if not summary.empty:
        echo(table_text(view))
    echo_notes(summary.attrs)
    attrs = summary.attrs
    if not summary.empty:  # with no table, a share% of no response explained a column that was nowhere
        echo(share_base(attrs))
    echo(f"* significant impact (p < {attrs['alpha']}); 'low n': fewer than {counted(attrs['min_n'], 'row')}, "
               f"never marked.")


def share_base(attrs: dict) -> str:
    """What share% is of, as the report's note under its themes table says: the responses that carry a theme of
    every --by dimension (a classified comment for an axis, a value for a column of yours, blank in some rows)."""
    from ..columns import AXIS_NAMES
    from ..metrics.themes import is_label_column

    columns = [name for name in attrs["by"] if name not in AXIS_NAMES and not is_label_column(name)]
    named = [shown_value(column) for column in columns]  # a value in each: 'region' and 'channel', not either
    listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else "".join(named)
    what = ("" if not attrs["by"] else " with a comment classified in a theme" if not columns
            else f" with a value in {listed}" if len(columns) == len(attrs["by"])
            else f" with a comment classified in a theme and a value in {listed}")
    if attrs["period"] is not None:
        return f"share%: of each period's responses{what}."
    return f"share%: of the {counted(attrs['themed_rows'], 'response')}{what}."


def empty_reason(attrs: dict) -> str:
    """Why a summary has no row, from what ``batch.with_notes`` found: a column of --by blank in every row, no
    labelled comment, or labelled comments none of which carries a theme of every --by dimension."""
    if blank := attrs.get("blank_by"):
        return (f"No row carries a theme: {' and '.join(repr(c) for c in blank)} of --by "
                f"{'is' if len(blank) == 1 else 'are'} blank in every row; give --by a column that is filled in.")
    if attrs.get("labelled", 0):
        return (f"No row carries a theme: none of the {counted(attrs['labelled'], 'labelled comment')} has a value "
                f"of every --by dimension ({' × '.join(attrs['by'])}); give --by themes that they carry.")
    return ("No row carries a theme: no comment is labelled (every one empty, not Spanish or a non-answer), or no date "
            "could be read for --period.")


def echo_notes(attrs: dict) -> None:
    """What a summary's ``attrs`` say about its inputs, as ``summarize`` and ``report`` print it: one line per
    metric with its valid and excluded answers, a warning where many are not numeric, then the signals'
    unreadable cells, the effort-CES correlation, the rows left out of the trend and the partial responses."""
    from .insights import against_order_notice, dayfirst_notice

    for m, info in attrs["metrics"].items():
        echo(f"{m.upper()} ({shown_column(info['column'])}): {counted(info['valid'], 'valid answer')}; excluded "
                   f"{info['blank']} blank, {info['out_of_range']} out of range, {info['non_numeric']} not numeric.")
        if warning := excluded_warning(m, info):
            say_warning(warning)
    echo_unreadable_signals(attrs.get("signals", {}))
    if corr := attrs.get("signals", {}).get("effort_ces"):
        echo(effort_ces_line(corr))
    if attrs.get("dayfirst_guessed"):
        echo(dayfirst_notice(attrs["date_column"]))
    if attrs.get("date_excluded"):
        from ..metrics.summary import undated_note

        note = undated_note(attrs["date_excluded"], attrs["date_column"])
        examples = attrs.get("date_unread_examples")  # how the unread are written, where not blank
        echo(f"{note.removesuffix('.')} (e.g. {examples})." if examples else note)
    if k := attrs.get("dates_against_order"):
        echo(against_order_notice(k, attrs["date_column"], attrs["dayfirst"]))
    if found := attrs.get("partial_responses"):
        from .._partial_responses import partial_note

        echo(partial_note(found))


#: What each signal's cells must be, for the line that counts those that are not.
_SIGNAL_VALUES = {"effort": "an effort label", "emotions": "emotions (text joined by '|', or a list)",
                  "churn_risk": "yes or no (sí/no, true/false, verdadero/falso, 1/0)",
                  "escalation": "yes or no (sí/no, true/false, verdadero/falso, 1/0)"}


def echo_unreadable_signals(found: dict) -> None:
    """One line per signal with labelled cells that hold no value of it ("quizás" as churn risk): they are left
    out of its counts, as a metric's non-numeric answers are, and said so rather than read as "no"."""
    for signal, what in _SIGNAL_VALUES.items():
        if k := found.get(signal, {}).get("unreadable"):
            echo(f"{signal} ({shown_column(found[signal]['column'])}): {k} {'cell is' if k == 1 else 'cells are'} "
                       f"not {what}; left out of its counts.")


def effort_ces_line(corr: dict) -> str:
    """The effort-CES correlation as one line, or why it cannot be computed (rho is NaN), as the report says it."""
    head = f"Effort vs CES ({shown_column(corr['column'])}): "
    if corr["n"] < 2:
        return head + (f"cannot be computed: {corr['n']} labelled comment{'' if corr['n'] == 1 else 's'} "
                       f"{'has' if corr['n'] == 1 else 'have'} both an effort value and a valid answer.")
    if not math.isfinite(corr["rho"]):
        return head + f"cannot be computed: effort or the answer does not vary (n = {corr['n']})."
    interval = (f" [{corr['low']:+.2f}, {corr['high']:+.2f}]" if math.isfinite(corr["low"])
                else " (no interval with 3 comments or fewer)" if corr["n"] <= 3
                else " (no interval for a rho of -1 or 1: Fisher's z is infinite there)")
    return head + f"Spearman rho {corr['rho']:+.2f}{interval}, n = {corr['n']} (high effort 1, none 0, low -1)."


@app.command(cls=OneByCommand)
def summarize(
    input: Annotated[Path, typer.Argument(help="Classified file (the output of 'cxnlp classify').")],
    nps: NpsOpt = None,
    csat: CsatOpt = None,
    ces: CesOpt = None,
    by: ByOpt = "touchpoints",
    period: Annotated[Optional[str], typer.Option("--period", help="Trend by week, month or quarter (semana, "
                                                                       "mes, trimestre); auto: by quarter where the "
                                                                       "date column holds quarters (T3 2024), else by "
                                                                       "month.")] = None,
    date: DateOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the summary (CSV, XLSX...).")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write the HTML report here.")] = None,
    lang: ReportLangOpt = None,
    min_n: MinNOpt = 30,
    text: TextOpt = None,
    csat_method: CsatMethodOpt = None,
    ces_method: CesMethodOpt = None,
    csat_scale: CsatScaleOpt = None,
    ces_scale: CesScaleOpt = None,
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    drivers: Annotated[bool, typer.Option("--drivers", help="Also print the key drivers of the first score "
                                                            "(effect with the other themes held fixed).")] = False,
    compare: CompareOpt = None,
    changes: Annotated[Optional[str], typer.Option("--changes", help="Also print what changed between the last "
                                                                     "two weeks, months or quarters.")] = None,
    labels_file: LabelsFileOpt = None,
    redact: RedactQuotesOpt = None,
    dayfirst: DayFirstOpt = None,
    title: TitleOpt = None,
) -> None:
    """NPS/CSAT/CES and sentiment by theme, with each theme's impact, from a classified file."""
    from ..batch import changes_file, drivers_file, summarize_file
    from ..metrics import metric_columns
    from .insights import check_period_option, echo_changes, echo_drivers, label_names, undated_printed

    if compare and changes:  # two comparisons asked for: one was dropped in silence
        raise ConfigError("give --compare (two periods) or --changes (the last two weeks, months or quarters), not both.")
    if compare or changes:
        check_period_option("--compare" if compare else "--changes", compare or changes, dayfirst)
    check_allow_formulas(allow_formulas, output)
    lang, redact = summary_report_options(html=html, lang=lang, redact=redact, dayfirst=dayfirst, date=date,
                                          dated=bool(period or compare or changes), title=title)
    scores = dict(nps=nps, csat=csat, ces=ces, **metric_options(csat_method, ces_method, csat_scale, ces_scale, csat=csat, ces=ces))
    settings = dict(by=by, period=period, date=date, min_n=min_n, dayfirst=dayfirst, **scores)
    names = label_names(labels_file)
    # The drivers and changes tables first: a --compare or --changes that cannot be met, or --drivers without a
    # score, fails before any file is written. Drivers that cannot be fit (themes that cannot be told apart, too few
    # answers) are a property of the data, as in `cxnlp report`, whose section says why: the summary (and report)
    # are written and printed, and a warning line says why there is no drivers table. Any other reason (a score or
    # --by column not found) is summarize's own error, said by summarize_file before it writes anything.
    driver_table = driver_problem = None
    if drivers:
        try:
            driver_table = drivers_file(input, sheet=sheet, header_row=header_row, text=text, by=by, min_n=min_n,
                                        **scores)
        except DataError as error:
            if not metric_columns(**scores):
                raise
            driver_problem = error
    with undated_printed():  # (the report's "what changed" too)
        change_table = (changes_file(input, compare or changes, sheet=sheet, header_row=header_row, text=text, by=by,
                                     date=date, dayfirst=dayfirst, min_n=min_n, **scores)
                        if compare or changes else None)
        summary = summarize_file(input, output=output, html=html, sheet=sheet, header_row=header_row,
                                 allow_formulas=allow_formulas, text=text, lang=lang,
                                 report={"label_names": labels_file, "compare": compare or changes, "redact": redact,
                                         "title": title},
                                 **{**settings, "dayfirst": dayfirst if period or html else None})  # (changes' alone)
    echo_summary(summary, names)
    if driver_table is not None:
        echo_drivers(driver_table, names, apart=True)
    if change_table is not None:
        echo_changes(change_table, names, apart=True, dates_said=bool(summary.attrs.get("dayfirst_guessed")
                                                          or summary.attrs.get("dates_against_order")))
    if output is not None:
        echo(f"summary -> {output}")
    if html is not None:
        echo(f"report -> {html}")
    if driver_problem is not None:
        say_warning(f"warning: no key drivers table: {cli_wording(str(driver_problem))}")  # (as drivers says it)


@app.command(cls=OneByCommand)
def report(
    input: Annotated[Path, typer.Argument(help="Survey export: CSV, XLSX, Parquet, JSONL or JSON.")],
    html: Annotated[Path, typer.Option("--html", help="HTML report to write.")],
    text: TextOpt = None,
    nps: NpsOpt = None,
    csat: CsatOpt = None,
    ces: CesOpt = None,
    by: ByOpt = "touchpoints",
    period: Annotated[str, typer.Option("--period", help="Trend by week, month or quarter; auto: by quarter where "
                                                         "the date column holds quarters (T3 2024), else by month.")] = "auto",
    date: DateOpt = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the classified rows.")] = None,
    model: ModelOpt = None,
    lang: LangOpt = "es",
    min_n: MinNOpt = 30,
    csat_method: CsatMethodOpt = None,
    ces_method: CesMethodOpt = None,
    csat_scale: CsatScaleOpt = None,
    ces_scale: CesScaleOpt = None,
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    header_row: HeaderRowOpt = None,
    compare: CompareOpt = None,
    labels_file: LabelsFileOpt = None,
    redact: ReportRedactOpt = True,
    industry: IndustryOpt = DEFAULT_INDUSTRY,
    industry_column: IndustryColumnOpt = None,
    jobs: JobsOpt = 1,
    dayfirst: DayFirstOpt = None,
    title: TitleOpt = None,
) -> None:
    """Classify every comment of a survey export and write the HTML report, in one step."""
    from ..batch import report_file
    from .insights import check_period_option, undated_printed

    check_allow_formulas(allow_formulas, output)
    if compare:
        check_period_option("--compare", compare, dayfirst)

    with undated_printed():  # the report's "what changed": the trend's line below says how many rows have no date
        classified, summary = report_file(
            input, html, output=output, model_dir=model, text=text, sheet=sheet, jobs=jobs, header_row=header_row,
            industry=industry, industry_column=industry_column, allow_formulas=allow_formulas, lang=lang,
            report={"label_names": labels_file, "compare": compare, "redact": redact, "title": title}, by=by, nps=nps, csat=csat,
            ces=ces, period=period, date=date, min_n=min_n, dayfirst=dayfirst,
            **metric_options(csat_method, ces_method, csat_scale, ces_scale, csat=csat, ces=ces))
    echo_notes(summary.attrs)
    if output is not None:
        echo(f"{counted(len(classified), 'row')} classified -> {output}")
    # The comments' statuses, as classify prints them: comments left out (not Spanish, empty) are seen, not only
    # missing from every theme.
    counts = classified["cx_status"].value_counts(sort=False) if "cx_status" in classified else {}
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(dict(counts).items(), key=lambda kv: (-kv[1], str(kv[0]))))
    echo(f"report -> {html} ({counted(len(classified), 'response')}" + (f"; {detail})" if detail else ")"))
