"""``cxnlp drivers`` and ``cxnlp changes`` (``cxnlp.insights``), and the tables that ``cxnlp
summarize --drivers`` and ``--compare``/``--changes`` print after the summary."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..columns import shown_column
from ..exceptions import shown_value
from ._score_warnings import excluded_warning
from .app import OneByCommand, app, say_warning
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
    LabelsFileOpt,
    MinNOpt,
    NpsOpt,
    SheetOpt,
    TextOpt,
    check_allow_formulas,
    counted,
    echo,
    metric_options,
    number,
    table_text,
)

OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the table (CSV, XLSX...).")]


def label_names(labels_file: Path | None) -> dict[str, str]:
    """Spanish display names of labels: the schema's, overridden by ``--labels-file``."""
    from ..report.page import names_for

    return names_for("es", labels_file)


def _names(table, names: dict[str, str]) -> list[str]:
    """Each row's theme by its display names (``--labels-file``), else the table's ``label``."""
    from ..report.page import named

    return named(table, names)["label"].tolist()


@contextmanager
def undated_printed():
    """``changes``' warnings of rows without a readable date and of two periods with nothing to compare muted: the
    commands print those lines themselves (``echo_changes``, and the trend's in ``echo_notes``), on stdout as
    ``summarize`` prints its own."""
    from ..exceptions import muted_warnings
    from ..insights.changes import NOTHING_TO_COMPARE

    # In this thread alone: warnings.catch_warnings swaps the process-wide filters (two commands run in threads at
    # once left the warnings muted for the rest of the process, or muted another thread's).
    with (muted_warnings(r"changes: \d+ rows? without a readable date", UserWarning),
          muted_warnings(NOTHING_TO_COMPARE, UserWarning)):
        yield


def echo_drivers(table, names: dict[str, str] | None = None, *, apart: bool = False) -> None:
    """Print the key drivers: rank, effect and importance with their intervals, the simple impact; ``apart``: a blank
    line first, below summarize's table (the first line of drivers' own stdout was blank)."""
    import pandas as pd

    a = table.attrs
    ranked = ~table["below_min_n"]
    # Left out with min_n respondents or more: every respondent mentions it (a theme of 300 of 300 was "low n"), or
    # all but fewer than min_n do (one of 298 of 300 was ranked first on the 2 without it).
    everyone = table["below_min_n"] & (table["n"] >= a["respondents"])
    nearly = table["below_min_n"] & (table["n"] >= a["min_n"]) & ~everyone
    left_out = f"'low n': fewer than {a['min_n']}, not in the model" + (
        "; 'in all': mentioned by every respondent, so nothing to compare it with, not in the model" if everyone.any()
        else "") + (f"; 'few without': fewer than {a['min_n']} respondents do not mention it, too few to compare it "
                    f"with, not in the model" if nearly.any() else "")
    # A mean's effects and impacts are fractions of a point: two decimals, as summarize's table and the report show
    # them (a CES effect of -0.04 printed as "0.0*", significant, beside summarize's "-0.04*").
    d = 2 if a["settings"].get("method") == "mean" else 1
    view = pd.DataFrame({
        "rank": table["rank"].astype("string").fillna(""), "theme": _names(table, names or {}), "n": table["n"],
        "share%": table["share"].round(1),
        "effect": [number(e, d, signed=True) + ("*" if pd.notna(s) and s else "") if r else "" for e, s, r in
                   zip(table["effect"], table["effect_significant"], ranked)],
        "effect_95%": [f"[{number(lo, d, signed=True)}, {number(hi, d, signed=True)}]" if r and pd.notna(lo) else ""
                       for lo, hi, r in zip(table["effect_low"], table["effect_high"], ranked)],
        "importance%": [f"{v:.0f} [{min(lo, v):.0f}, {max(hi, v):.0f}]" if r and pd.notna(lo) and pd.notna(v)
                        else (f"{v:.0f}" if r and pd.notna(v) else "")
                        for v, lo, hi, r in zip(_importance_shown(table, ranked), table["importance_low"],
                                                table["importance_high"], ranked)],
        "impact": [number(v, d, signed=True) + ("*" if pd.notna(v) and s and r else "") for v, s, r in
                   zip(table["impact"], table["impact_significant"], ranked)],
        "differs": ["≠" if pd.notna(d) and d else "" for d in table["disagrees"]],  # NA: unknown, not marked
        "quadrant": table["quadrant"].fillna("").str.replace("_", " "),
        "min_n": ["in all" if every else "few without" if near else "low n" if small else ""
                  for small, every, near in zip(table["below_min_n"], everyone, nearly)]})
    echo(("\n" if apart else "") + f"Key drivers of {a['label']} ({shown_column(a['column'])}): effect with the other themes held fixed "
               f"({a['label']} points), importance as % of the model's R² ({a['method'].replace('_', ' ')}).")
    echo(table_text(view))
    if not a["themes_in_model"]:
        # The model holds no theme (its R² of 0.000 is that of no model): said as the report says it.
        people = "respondent who mentions" if a["min_n"] == 1 else "respondents who mention"  # not "1 ... mention"
        echo(f"No effect, importance or R²: no theme has at least {a['min_n']} {people} it and as "
             f"many who do not, so no theme is in the model; {left_out}.")
        return
    if pd.isna(a["r2"]):
        # Every respondent gave the same score: nothing to explain, so no R², importance or interval (not "nan").
        echo(f"No R², importance or interval: every one of the {a['respondents']} respondents gave the same "
                   f"{a['label']}, so the themes explain nothing of it; {left_out}.")
        return
    intervals = (f"95% bootstrap intervals ({counted(a['n_boot'], 'resample')}). * effect interval excludes 0 (impact: "
                 f"p < 0.05); ≠ impact and effect disagree" if a["n_boot"] else
                 "no bootstrap intervals (--boot 0): whether an effect is significant, and whether it disagrees with "
                 "the impact, is unknown. * impact p < 0.05")
    r2 = f"{a['r2']:.3f}" + (f" [{a['r2_low']:.3f}, {a['r2_high']:.3f}]" if pd.notna(a["r2_low"]) else "")
    echo(f"Model R² {r2}, {a['respondents']} respondents; {intervals}; {left_out}.")
    if a.get("interval_note"):  # a blank interval says why (or the baseline the intervals rest on)
        echo(a['interval_note'][0].upper() + a['interval_note'][1:] + '.')


def _importance_shown(table, ranked):
    """The ranked themes' importances as the report shows them: whole percentages that add up to 100 as the
    importances do (largest remainders), each interval then widened to hold the value shown. Rounded one by one, the
    sample survey's CSAT importances added up to 99, and an importance of 1.4 read "1 [2, 44]" where the report said
    "1 [1; 44]"."""
    import pandas as pd

    from ..report._rounding import largest_remainder

    importance = table["importance"].where(ranked)
    return pd.Series(largest_remainder(importance), index=table.index).where(importance.notna())


def check_period_option(option: str, value, dayfirst: bool | None) -> None:
    """``changes.check_period`` for the value of ``option`` (--compare, --changes, --period), its ``ConfigError``
    naming the option the user typed, not the library's ``period`` (which --compare and --changes share). A name
    (--changes, --period) is checked as summarize's --period is: the library's words offer a pair too, which only
    --compare takes."""
    from ..exceptions import ConfigError
    from ..insights.changes import check_period
    from ..metrics.periods import check_period_name

    try:
        check_period_name(value) if isinstance(value, str) else check_period(value, dayfirst)
    except ConfigError as error:
        said = str(error)
        raise ConfigError(f"{option} {said[len('period '):]}" if said.startswith("period ") else
                          f"{option}: {said}") from None


def dayfirst_notice(column: str) -> str:
    """What a command says when the dates of ``column`` were read day first for want of one that tells the order."""
    return (f"Dates in {shown_value(column)} were read day first (05/07/2024 as 5 July): no date in it tells the "
            f"order. If they are month first (US exports such as SurveyMonkey's), rerun with --monthfirst.")


def against_order_notice(n: int, column: str, dayfirst: bool) -> str:
    """What a command says when the dates of ``n`` rows of ``column`` read only in the order that --dayfirst
    (``dayfirst``) or --monthfirst rules out, and so were left unread."""
    option, first, other, example = (("--dayfirst", "month", "day", "01/13/2024") if dayfirst
                                     else ("--monthfirst", "day", "month", "13/01/2024"))
    return (f"The dates of {counted(n, 'row')} in {shown_value(column)} read only {first} first (a day over 12, as in "
            f"{example}), and {option} reads {other} first: leave {option} out to decide the order from the column's "
            f"dates.")


def echo_changes(table, names: dict[str, str] | None = None, *, dates_said: bool = False,
                 apart: bool = False) -> None:
    """Print what changed: notable changes first, every test with its BH-adjusted p-value; how ambiguous dates were
    read, and the rows whose dates --dayfirst or --monthfirst left unread, unless ``dates_said`` (the summary
    printed before said it); ``apart``: a blank line before its heading, below summarize's table."""
    import pandas as pd

    from ..insights.changes import LEFT_OUT_OF
    from ..metrics.summary import undated_note

    a = table.attrs
    if a.get("dayfirst_guessed") and not dates_said:
        echo(dayfirst_notice(a["date_column"]))
    undated = undated_note(a["date_excluded"], a["date_column"], LEFT_OUT_OF) if a.get("date_excluded") else None
    if undated and (examples := a.get("date_unread_examples")):  # how the unread are written, as summarize says
        undated = f"{undated.removesuffix('.')} (e.g. {examples})."
    if undated and (k := a.get("dates_against_order")) and not dates_said:  # the count alone said not why
        undated += "\n" + against_order_notice(k, a["date_column"], a["dayfirst"])
    if table.empty:  # pandas would print "Empty DataFrame / Columns: [...]"
        echo(("\n" if apart else "") + f"What changed: {a['before']} -> {a['after']} ({shown_column(a['date_column'])}): nothing to "
                   f"compare; no comment of these periods carries a theme of {' × '.join(a['by']) or 'the table'} "
                   f"(none is labelled, or the theme column is blank in them).")
        if undated:
            echo(undated)
        return
    arrow = {"up": "↑", "down": "↓", "": ""}
    # With the decimals summarize's table gives each measure: a mean's two, one for a share, a net score or a % (an
    # NPS of -26.42 here beside -26.4 in the trend printed above it, for the same theme and quarter).
    kinds = {m: spec.get("kind") for m, spec in a.get("metrics", {}).items()}
    digits = [2 if kinds.get(m) == "mean" else 1 for m in table["measure"]]
    view = pd.DataFrame({
        "theme": _names(table, names or {}), "measure": table["measure"],
        "before": [number(v, d) for v, d in zip(table["before"], digits)],
        "after": [number(v, d) for v, d in zip(table["after"], digits)],
        "change": [number(c, d, signed=True) for c, d in zip(table["change"], digits)],
        "": [arrow[d] for d in table["direction"]], "q": [_q_value(q) for q in table["p_adjusted"]],  # blank, not NaN, where no test was run (review E 6)
        "note": ["low n" if small else ("tiny" if tiny and sig else "") for small, tiny, sig in
                 zip(table["below_min_n"], table["tiny"], table["significant"])]})
    echo(("\n" if apart else "") + f"What changed: {a['before']} -> {a['after']} ({shown_column(a['date_column'])}); notable changes first.")
    echo(table_text(view))
    echo(_changes_legend(a, table["measure"]))
    if undated:
        echo(undated)



def _q_value(q: float) -> str:
    """A BH-adjusted p-value as the table prints it, four decimals: "<0.0001" where it rounds to zero (a q of 1e-16
    read "0.0000", a certainty no test gives), blank where no test was run."""
    return "<0.0001" if q < 0.00005 else number(q, 4)


def _changes_legend(a: dict, measures) -> str:
    """The line under the what-changed table of ``measures``: what the marks mean, or, when no cell had enough
    observations to be tested, that none was (as the report says it), not "significant after Benjamini-Hochberg over
    0 tests"."""
    if not a["tests"]:
        return (f"No change can be tested: every theme has fewer than {a['min_n']} observations in one of the two "
                f"periods ('low n'); the table shows the figures untested.")
    tests = "1 test" if a["tests"] == 1 else f"{a['tests']} tests"
    return (f"↑/↓: significant after Benjamini-Hochberg over {tests} (q < {a['alpha']}); "
            f"{_tiny_sizes(a, measures)}'low n': fewer than {a['min_n']} observations in a period, not tested.")


def _tiny_sizes(a: dict, measures) -> str:
    """The sizes under which a change is 'tiny', of the ``measures`` the table shows, as the report's note names
    them: "3 of NPS or net sentiment, 0.1 of a mean" was said of a table of a CSAT share alone."""
    kinds = {"share": "share", "net_sentiment": "net"}
    names: dict[tuple, list[str]] = {}
    # in the table's order of measures (share, net sentiment, the metrics as given), not its rows': notable rows come
    # first, and a table whose NPS alone changed read "3 points of nps or net_sentiment"
    shown, metrics = set(measures), a.get("metrics", {})
    for measure in dict.fromkeys(["share", "net_sentiment", *metrics, *measures]):
        if measure not in shown:
            continue
        kind = kinds.get(measure) or metrics.get(measure, {}).get("kind")
        if kind in a["tiny"]:  # a metric's own size where its scale is not the usual one (changes.tiny_change)
            names.setdefault((kind, metrics.get(measure, {}).get("tiny", a["tiny"][kind])), []).append(measure)
    order = sorted(names, key=lambda key: ("share", "net", "mean").index(key[0]))  # stable: first shown first
    shown = {key: f"{key[1]:.10g}" for key in order}  # ":g" read 999,999.99 (a mean on 1-100,000,000) "1e+06"
    sizes = [f"{size:g} points of a share" if kind == "share"
             else f"{shown[kind, size]} point{'s' * (shown[kind, size] != '1')} of {' or '.join(names[kind, size])}"
             for kind, size in order]
    return f"'tiny': under {', '.join(sizes)}; " if sizes else ""

@app.command(cls=OneByCommand)
def drivers(
    input: Annotated[Path, typer.Argument(help="Classified file (the output of 'cxnlp classify').")],
    nps: NpsOpt = None,
    csat: CsatOpt = None,
    ces: CesOpt = None,
    by: ByOpt = "touchpoints",
    min_n: MinNOpt = 30,
    boot: Annotated[int, typer.Option("--boot", min=0, help="Bootstrap resamples of the intervals: 0 (none) or 20 "
                                                            "to 100,000.")] = 500,
    seed: Annotated[Optional[int], typer.Option("--seed", min=0, help="Seed of the resamples (default 0).")] = None,
    output: OutputOpt = None,
    labels_file: LabelsFileOpt = None,
    csat_method: CsatMethodOpt = None,
    ces_method: CesMethodOpt = None,
    csat_scale: CsatScaleOpt = None,
    ces_scale: CesScaleOpt = None,
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    text: TextOpt = None,
    header_row: HeaderRowOpt = None,
) -> None:
    """Key drivers of a score: each theme's effect with the other themes held fixed (the first of --nps, --csat, --ces)."""
    from ..batch import drivers_file
    from ..exceptions import ConfigError

    check_allow_formulas(allow_formulas, output)
    if seed is not None and boot == 0:  # no resamples to seed: the --seed given was ignored without a word
        raise ConfigError(f"--seed {seed} needs --boot above 0 (the resamples it seeds); give --boot N, or leave "
                          f"--seed out.")
    seed = 0 if seed is None else seed
    names = label_names(labels_file)
    table = drivers_file(input, output=output, sheet=sheet, header_row=header_row, text=text,
                         allow_formulas=allow_formulas, label_names=labels_file, by=by, min_n=min_n, n_boot=boot,
                         seed=seed, nps=nps, csat=csat, ces=ces,
                         **metric_options(csat_method, ces_method, csat_scale, ces_scale, csat=csat, ces=ces))
    echo_drivers(table, names)
    # The answers left out of the model, as summarize warns of them: a third of them 'N/A' or 11 went unsaid, the
    # table's respondents the only hint.
    if warning := excluded_warning(table.attrs["metric"], table.attrs["answers"]):
        say_warning(warning)
    if output is not None:
        echo(f"drivers -> {output}")


@app.command(cls=OneByCommand)
def changes(
    input: Annotated[Path, typer.Argument(help="Classified file (the output of 'cxnlp classify').")],
    compare: CompareOpt = None,
    period: Annotated[Optional[str], typer.Option("--period", help="Without --compare: the last two weeks, months "
                                                                   "or quarters of the data (default quarter; auto: "
                                                                   "quarters where the date column holds quarters, "
                                                                   "else months).")] = None,
    nps: NpsOpt = None,
    csat: CsatOpt = None,
    ces: CesOpt = None,
    by: ByOpt = "touchpoints",
    date: DateOpt = None,
    min_n: Annotated[int, typer.Option("--min-n", min=1, help="Observations each side of a test needs (at least 2): "
                                       "fewer are shown as 'low n', not tested. A share counts the period's themed "
                                       "comments, so a small theme's share is tested.")] = 30,
    output: OutputOpt = None,
    labels_file: LabelsFileOpt = None,
    csat_method: CsatMethodOpt = None,
    ces_method: CesMethodOpt = None,
    csat_scale: CsatScaleOpt = None,
    ces_scale: CesScaleOpt = None,
    allow_formulas: AllowFormulasOpt = False,
    sheet: SheetOpt = None,
    text: TextOpt = None,
    header_row: HeaderRowOpt = None,
    dayfirst: DayFirstOpt = None,
) -> None:
    """What changed between two periods, per theme: share, net sentiment and each metric, tested (BH-corrected)."""
    from ..batch import changes_file
    from ..exceptions import ConfigError

    if compare and period is not None:  # --period was ignored without a word: the pair was compared
        raise ConfigError("give --compare (two periods) or --period (the last two weeks, months or quarters), "
                          "not both.")
    check_allow_formulas(allow_formulas, output)
    period = period if period is not None else "quarter"
    check_period_option("--compare" if compare else "--period", compare or period, dayfirst)
    names = label_names(labels_file)
    with undated_printed():
        table = changes_file(input, compare or period, output=output, sheet=sheet, header_row=header_row, text=text,
                             allow_formulas=allow_formulas, label_names=labels_file, by=by, date=date,
                             dayfirst=dayfirst, min_n=min_n, nps=nps, csat=csat, ces=ces,
                             **metric_options(csat_method, ces_method, csat_scale, ces_scale, csat=csat, ces=ces))
    echo_changes(table, names)
    for m, info in table.attrs["metrics"].items():  # a column with no valid answer read as a table of "low n"
        if warning := excluded_warning(m, info):
            say_warning(warning)
    if found := table.attrs.get("partial_responses"):  # (summarize --changes says it with the summary's notes)
        from .._partial_responses import partial_note

        echo(partial_note(found))
    if output is not None:
        echo(f"changes -> {output}")
