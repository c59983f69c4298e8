"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..exceptions import ConfigError, CxnlpError, DataError, choices, visible


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``typer.echo`` of ``message`` made ``visible``: every line the commands print may hold a file's text. A
    stream that cannot be written (a log on a full disk) is named: the error named no file at all."""
    try:
        typer.echo(visible(str(message)), err=err, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as failed:
        if failed.filename:
            raise
        raise OSError(failed.errno, failed.strerror, "standard error" if err else "standard output") from failed


def counted(n: int, word: str) -> str:
    """'1 row', '2 rows': ``n`` and ``word``, in the plural (an s) unless ``n`` is 1."""
    return f"{n} {word if n == 1 else word + 's'}"


#: The pandas options the terminal tables print under: every row, and widths counted in the cells a terminal draws (an
#: emoji or a CJK character takes two; counted as one character, it pushed the rest of its row a cell to the right),
#: the last of them set only for a table with such a character (``table_text``).
TABLE_OPTIONS = ("display.max_rows", None, "display.width", 200, "display.max_columns", 30,
                 "display.unicode.east_asian_width", True)


#: Columns that name a row, repeated at the head of each block of a table cut to the terminal's width.
_ROW_NAMES = ("rank", "theme", "period", "measure")


def table_text(view, width: int | None = None) -> str:
    """``view`` as the terminal tables print it (``TABLE_OPTIONS``), in blocks of columns that fit ``width`` cells
    (default: the terminal's, where the output is one), each block led by the columns that name a row (``theme``...).
    A row wider than the terminal was folded by it mid-cell, the emotions under the next theme; piped, where it
    fits, or where the columns that name a row leave no room for another, the table is whole, one line per row."""
    import shutil
    import sys

    import pandas as pd

    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    # pandas' east-asian widths cost six times the plain formatting (a 20,000-theme summary piped: 1.3 s, not 0.2 s)
    # and change nothing where no character is wide: they are set only for a table that has one.
    with pd.option_context(*TABLE_OPTIONS[:-2]):
        whole = view.to_string(index=False)
    wide = _has_wide(whole)
    options, cells = (TABLE_OPTIONS, _cells) if wide else (TABLE_OPTIONS[:-2], len)
    with pd.option_context(*options):
        if wide:
            whole = view.to_string(index=False)
        if not width or max(map(cells, whole.splitlines()), default=0) <= width:
            return whole
        keys = [column for column in view.columns if column in _ROW_NAMES] or list(view.columns[:1])
        sizes = {column: max(map(cells, view[[column]].to_string(index=False).splitlines())) + 1
                 for column in view.columns}
        rest = [c for c in view.columns if c not in keys]
        if not rest or sum(sizes[c] for c in keys) + min(sizes[c] for c in rest) > width + 1:
            return whole  # the row's names leave no room: every block folded too, the names printed once per column
        blocks: list[list] = [[]]
        for column in rest:
            used = sum(sizes[c] for c in [*keys, *blocks[-1]])
            if blocks[-1] and used + sizes[column] > width + 1:
                blocks.append([])
            blocks[-1].append(column)
        return "\n\n".join(view[[*keys, *block]].to_string(index=False) for block in blocks)


def _has_wide(text: str) -> bool:
    """Whether ``text`` holds a character a terminal draws two cells wide (an emoji, a CJK character)."""
    import unicodedata

    return not text.isascii() and any(unicodedata.east_asian_width(ch) in "WF" for ch in set(text))


def _cells(line: str) -> int:
    """Terminal cells of ``line``, as pandas counts them under ``TABLE_OPTIONS`` (wide characters two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def number(value, digits: int, *, signed: bool = False) -> str:
    """``value`` with ``digits`` decimals as the terminal tables print it, ``signed`` with + before a positive one:
    blank where there is none (pandas printed NaN beside a blank interval), and with no sign where it rounds to zero
    ("-0.00" read as a theme that costs points, where the report of the same run says 0,00)."""
    import pandas as pd

    if pd.isna(value):
        return ""
    text = f"{value:{'+' if signed else ''}.{digits}f}"
    return f"{0:.{digits}f}" if float(text) == 0 else text


ModelOpt = Annotated[Optional[Path], typer.Option("--model", "-m", help="Model directory (default: $CXNLP_MODEL, else the shipped model, also named 'default').")]
TextOpt = Annotated[Optional[str], typer.Option("--text", "-t", help="Comment column (detected if omitted).")]
AllowFormulasOpt = Annotated[bool, typer.Option(
    "--allow-formulas", help="Write cells starting with = + - @ as they are; by default CSV/XLSX cells that a "
                             "spreadsheet would run as a formula get a leading '.")]
SheetOpt = Annotated[Optional[str], typer.Option("--sheet", help="XLSX sheet, by name or number from 1, a name "
                                                                  "first (default: the first visible sheet with the "
                                                                  "--text column, else with a comment column).")]
LabelledSheetOpt = Annotated[Optional[str], typer.Option("--sheet", help="XLSX sheet of the --data workbooks, by name "
                                                                         "or number from 1, a name first (default: the "
                                                                         "first visible sheet with a 'text' column).")]
HeaderRowOpt = Annotated[Optional[int], typer.Option("--header-row", min=1, help="Line (CSV) or row (XLSX) of the "
                                                     "header, from 1 (default: detected, skipping title lines).")]
#: The help panel of the industry options: a table of their own, where '--industry-column' is not cut at 80 columns
#: beside the wide columns of the others ('--no-progress', '<int range> [x>=1]').
INDUSTRY = "Industry"
IndustryOpt = Annotated[Optional[str], typer.Option("--industry", show_default=False, rich_help_panel=INDUSTRY, help=(
    "The industry the comments come from, as the model names it ('cxnlp info' lists them, e.g. "
    "telecom): each word is read as that industry uses it; 'auto': the industry the model "
    "recognises in each comment; 'none': without an industry. Default: 'auto' for a model that "
    "recognises industries ('cxnlp info' says so; the shipped one does), else 'none'."))]
IndustryColumnOpt = Annotated[Optional[str], typer.Option("--industry-column", rich_help_panel=INDUSTRY, help=(
    "A column naming each row's industry (a blank cell: that row is read as without this option; 'none': "
    "without an industry); instead of --industry."))]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")]
ReportRedactOpt = Annotated[bool, typer.Option("--redact/--no-redact", help="Personal data (e-mails, phones, IDs, "
                                               "cards, accounts, names, addresses) becomes placeholders such as "
                                               "[TELÉFONO] in the report's quotes and in the comment column and "
                                               "cx_segments of --output; the comments are classified as written.")]
# None when not given, so that summarize can refuse it without --html (summary_report_options).
RedactQuotesOpt = Annotated[Optional[bool], typer.Option(
    "--redact/--no-redact", show_default=False, help="Personal data in the --html report's quotes (e-mails, phones, "
                                                     "IDs, cards, accounts, names, addresses) becomes placeholders "
                                                     "such as [TELÉFONO]; --redact is the default.")]

# metrics
NpsOpt = Annotated[Optional[str], typer.Option("--nps", help="NPS column (0-10 answers).")]
CsatOpt = Annotated[Optional[str], typer.Option("--csat", help="CSAT column (1-5 by default).")]
CesOpt = Annotated[Optional[str], typer.Option("--ces", help="CES column (1-7 by default).")]
ByOpt = Annotated[str, typer.Option("--by", "-b", help="Themes: touchpoints, areas, stage, sentiment, any column "
                                    "(region, channel), or a combination such as areas,sentiment. 'Area' or "
                                    "another spelling of an axis is a column of exactly that name if there is one.")]
# "for --period" read as ignored with --compare, whose periods it reads too
DateOpt = Annotated[Optional[str], typer.Option("--date", help="Date column the periods are read from (detected if "
                                                               "omitted).")]
DayFirstOpt = Annotated[Optional[bool], typer.Option(
    "--dayfirst/--monthfirst", help="Read 05/01/2024 as 5 January (--dayfirst) or May 1 (--monthfirst); "
                                    "decided from the column's dates when omitted.")]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of the HTML report: es or en.")]
# None when not given, so that summarize can refuse it without --html (summary_report_options).
ReportLangOpt = Annotated[Optional[str], typer.Option(
    "--lang", show_default=False, help="Language of the --html report: es (the default) or en.")]
MinNOpt = Annotated[int, typer.Option("--min-n", min=1, help="Themes with fewer responses (rows that carry the theme) are flagged.")]
# The four below default to None so that one given without its score column is an error (metric_options).
CsatMethodOpt = Annotated[Optional[str], typer.Option("--csat-method", help="top2 (% in the top two points of the scale, 4-5 on 1-5; the default) or mean.")]
CesMethodOpt = Annotated[Optional[str], typer.Option("--ces-method", help="mean (the default), or agree (% above the "
                                                                         "midpoint of the scale, 5-7 on 1-7).")]
CsatScaleOpt = Annotated[Optional[str], typer.Option("--csat-scale", help="CSAT scale as LOW-HIGH, e.g. 1-10 "
                                                                          "(default 1-5).")]
CesScaleOpt = Annotated[Optional[str], typer.Option("--ces-scale", help="CES scale as LOW-HIGH, e.g. 1-5 "
                                                                        "(default 1-7).")]

# insights (cxnlp/cli/insights.py)
CompareOpt = Annotated[Optional[tuple[str, str]], typer.Option(
    "--compare", help="What changed between two periods: labels (2024-Q1 2024-Q2, 2024-01 2024-03, 2024-W05 "
                      "2024-W06) or date ranges, ends included (2024-01..2024-02 2024-03..2024-04, or in days: "
                      "'2024-01-01 .. 2024-02-15' '2024-02-16 .. 2024-03-31').")]
LabelsFileOpt = Annotated[Optional[Path], typer.Option(
    "--labels-file", help="Display names of the themes' labels, in the tables printed and the files written: "
                          "names.json ({\"label\": \"Name\"}) or names.csv (label,name).")]
TitleOpt = Annotated[Optional[str], typer.Option(
    "--title", show_default=False, help="Title of the HTML report (its page title and heading), such as the survey's "
                                        "name; a default in the report's language if omitted.")]


def parse_scale(text: str, what: str) -> tuple[int, int]:
    """``"1-5"`` -> ``(1, 5)``; anything else is a ``DataError`` naming the option."""
    try:
        low, high = (int(part) for part in text.replace(" ", "").split("-"))
    except ValueError:
        raise DataError(f"{what} {text!r} is not a scale; expected LOW-HIGH such as 1-5.") from None
    if low >= high:  # said here, as typed: the library's check shows the tuple (5, 1)
        # A reversed question (7-1: 1 the easiest) typed as its scale: writing it 1-7, as asked, would read every
        # answer upside down, the hardest as the easiest; the answers themselves are to be reversed.
        raise DataError(f"{what} {text!r}: the low end comes first and must be below the high one, as in "
                        f"{high}-{low}; a higher answer is read as a better one, so where {high} is the best answer "
                        f"reverse the answers first ({high + low} minus each)." if low != high else
                        f"{what} {text!r}: a scale needs two different ends, such as 1-5.")
    return low, high


def metric_options(csat_method: str | None, ces_method: str | None, csat_scale: str | None, ces_scale: str | None,
                   *, csat: str | None, ces: str | None) -> dict:
    """Metric keywords of ``summarize``; cut-offs follow the scales (top-2-box, above the midpoint). An option
    of a score whose column was not given is a ``ConfigError``: '--csat-method mean' without '--csat' would
    otherwise be ignored, and the user left believing a mean CSAT was computed."""
    for name, value, column, needs in (("--csat-method", csat_method, csat, "--csat"),
                                       ("--csat-scale", csat_scale, csat, "--csat"),
                                       ("--ces-method", ces_method, ces, "--ces"),
                                       ("--ces-scale", ces_scale, ces, "--ces")):
        if value is not None and column is None:
            raise ConfigError(f"{name} {value} needs {needs} (the column of those answers); give {needs} COLUMN, "
                              f"or leave {name} out.")
    from ..metrics import CES_METHODS, CSAT_METHODS  # here: the command line starts without the metrics

    # Said here with the option typed: the library's "CES method 'Agree' is not known" named no option.
    for name, value, known in (("--csat-method", csat_method, CSAT_METHODS), ("--ces-method", ces_method, CES_METHODS)):
        if value is not None and value not in known:
            raise ConfigError(f"{name} {value!r} is not known; expected one of {choices(known)}.")
    def given(value, default):
        return default if value is None else value

    return {"csat_method": given(csat_method, "top2"), "csat_scale": parse_scale(given(csat_scale, "1-5"), "--csat-scale"),
            "ces_method": given(ces_method, "mean"), "ces_scale": parse_scale(given(ces_scale, "1-7"), "--ces-scale")}


def summary_report_options(*, html, lang: str | None, redact: bool | None, dayfirst: bool | None, date: str | None,
                           dated: bool, title: str | None = None) -> tuple[str, bool]:
    """summarize's (lang, redact), their defaults filled in. --lang and --redact/--no-redact shape only the --html
    report, and --date and --dayfirst/--monthfirst only the dates read for a trend, a comparison (``dated``) or the
    report: given without them each was ignored in silence, the user left believing it applied, so it is a
    ``ConfigError`` as '--csat-method' without '--csat' is (metric_options). None is "not given"."""
    unused = []
    if html is None and lang is not None:
        from ..report import checked_options  # here: the command line starts without the report

        checked_options(lang, None)  # 'fr' is said to be unsupported, not to need --html and then be refused
        unused.append((f"--lang {lang}", "--lang", "--html (the report written in that language)", "--html FILE"))
    if html is None and redact is not None:
        flag = "--redact" if redact else "--no-redact"
        unused.append((flag, flag, "--html (the report whose quotes it applies to)", "--html FILE"))
    if html is None and title is not None:
        unused.append(("--title", "--title", "--html (the report it names)", "--html FILE"))
    if html is None and not dated and date is not None:
        unused.append((f"--date {date}", "--date", "--period, --changes, --compare or --html (what reads the dates)",
                       "one of them"))
    if html is None and not dated and dayfirst is not None:
        flag = "--dayfirst" if dayfirst else "--monthfirst"
        unused.append((flag, flag, "--period, --changes, --compare or --html (what reads the dates)", "one of them"))
    if unused:  # the first one said: the user fixes it and meets the next
        typed, name, needs, give = unused[0]
        raise ConfigError(f"{typed} needs {needs}; give {give}, or leave {name} out.")
    return ("es" if lang is None else lang), (True if redact is None else redact)


#: formats as a message names them
_FORMAT_NAMES = {"parquet": "Parquet", "jsonl": "JSONL", "json": "JSON"}


def check_allow_formulas(allow_formulas: bool, output, option: str = "--output") -> None:
    """--allow-formulas shapes only the cells of the CSV or XLSX file ``option`` writes: without one it was ignored in
    silence, the user left believing a file kept its formulas; a ``ConfigError`` as '--csat-method' without '--csat'
    is. So is a Parquet or JSONL ``output``, whose cells cxnlp never changes, as ``classify --engine dask`` refuses it."""
    if not allow_formulas:
        return
    if output is None:
        raise ConfigError(f"--allow-formulas needs {option} (the CSV or XLSX file whose cells it writes as they are); "
                          f"give {option} FILE, or leave --allow-formulas out.")
    from ..io import SPREADSHEET_FORMATS, output_format

    try:
        kind = output_format(output)
    except CxnlpError:  # a folder, an extension not written: the command's own check says so
        return
    if kind not in SPREADSHEET_FORMATS:
        raise ConfigError(f"--allow-formulas applies to CSV and XLSX output, and {output} is "
                          f"{_FORMAT_NAMES.get(kind, kind)}, "
                          f"whose cells cxnlp never changes; leave --allow-formulas out.")
