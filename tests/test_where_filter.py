"""``where`` filters given as text (``cxnlp.discover(where=...)``, ``cxnlp discover --where``) are
checked before pandas evaluates them: a filter can select rows, never run code or write files."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from cxnlp.exceptions import DataError
from cxnlp.insights._query import query_mask
from cxnlp.insights._slow_patterns import slow_pattern


@pytest.fixture
def frame():
    return pd.DataFrame({"País": ["México", "España", "México", "Chile"],
                         "Recomendación (0-10)": [9, 3, 10, 7],
                         "cx_touchpoints": ["purchase|app", "app", None, "delivery"],
                         "n": [1, 2, 3, 4]}, index=[10, 11, 12, 13])


def test_an_unknown_name_is_refused_with_the_columns(frame):
    frame = frame.assign(pais=frame["País"])  # two columns fold to "pais": neither is guessed
    with pytest.raises(DataError, match=r"the name 'Pais' is not a column of this table, whose columns are \['País'"):
        query_mask(frame, "Pais == 'México'")


@pytest.mark.parametrize("where, rows", [
    ("`País` == 'México'", [10, 12]),
    ("País == 'México' and n > 1", [12]),
    ("`Recomendación (0-10)` >= 9", [10, 12]),
    ("cx_touchpoints.str.contains('purchase', na=False)", [10]),
    ("cx_touchpoints.str.startswith('app', na=False) | (n == 4)", [11, 13]),
    ("n in [1, 3]", [10, 12]),
    ("not (n == 2) and País != 'Chile'", [10, 12]),
    ("País.isin(['España', 'Chile'])", [11, 13]),
    ("cx_touchpoints.isna()", [12]),
    ("n.between(2, 3)", [11, 12]),
    ("País == 'a`b' or n * 2 == 8", [13]),
    ("index >= 12", [12, 13]),
    # A bare name is found as --by and --date find theirs, case and accents aside: "Pais" was refused.
    ("Pais == 'México'", [10, 12]),
    ("PAÍS.isin(['Chile']) or N == 2", [11, 13]),
])
def test_plain_filters_select_their_rows(frame, where, rows):
    mask = query_mask(frame, where)
    assert mask.index.equals(frame.index) and mask.dtype == bool
    assert frame.index[mask].tolist() == rows


@pytest.mark.parametrize("where, says", [
    ("n > 0 and @pd.io.common.os.system('touch {marker}') == 0", "'@'"),
    ("n.to_csv('{marker}') != 1", ".to_csv()"),
    ("País.str.contains(n.to_csv('{marker}'))", "not a plain value"),
    ("__import__('os').system('touch {marker}') == 0", ".system()"),
    ("(lambda: open('{marker}', 'w'))() == 1", "calling a function"),
    ("n.__class__ == 1", ".__class__"),
    ("n[0] == 1", "Subscript"),
    ("n ** 99999999 > 1", "Pow"),
    ("País.str.contains('a', **{{'x': 1}})", "**="),
    ("otra == 1", "'otra'"),
])
def test_filters_that_could_run_code_are_refused_before_pandas_sees_them(frame, tmp_path, where, says):
    marker = tmp_path / "ran"
    with pytest.raises(DataError, match="not allowed|is not a column of this table") as error:
        query_mask(frame, where.format(marker=marker))
    assert says in str(error.value)
    assert not marker.exists()


@pytest.mark.parametrize("where, says", [
    ("1", "not a condition on the rows"),
    ("True", "not a condition on the rows"),
    ("n", "not a condition on the rows"),
    ("n >", "not a valid query"),
    ("`País == 1", "not closed"),
    ("(" * 5000 + "n" + ")" * 5000, "not a valid query"),
])
def test_what_is_not_a_filter_gets_a_clear_error(frame, where, says):
    with pytest.raises(DataError, match=None) as error:
        query_mask(frame, where)
    assert says in str(error.value) and len(str(error.value)) < 600


def test_a_table_read_from_a_file_filters_on_numbers_and_flags_it_holds_as_text():
    """'nps >= 9' and 'cx_needs_review' failed on every classified CSV (its cells are text); a column compared
    with text stays text ('zona == "01"' must not become 1 == '01')."""
    frame = pd.DataFrame({"zona": ["01", "02", "01"], "recomendaria": ["si", "no", "si"], "nps": ["9", "3", "10"],
                          "cx_needs_review": ["True", "False", "False"], "Recomendación (0-10)": ["9", "5", "7"]})
    assert query_mask(frame, "nps >= 9").tolist() == [True, False, True]
    assert query_mask(frame, "not cx_needs_review and nps > 5").tolist() == [False, False, True]
    assert query_mask(frame, "`Recomendación (0-10)` <= 6").tolist() == [False, True, False]
    assert query_mask(frame, "zona == '01'").tolist() == [True, False, True]
    assert query_mask(frame, "recomendaria == 'si'").tolist() == [True, False, True]
    assert query_mask(frame, "zona.str.startswith('0')").tolist() == [True, True, True]


@pytest.mark.parametrize("where", [
    # The checker once read quotes and backslashes otherwise than pandas: here it saw one string constant,
    # and pandas evaluated the method chain between the triple quotes.
    r"'''a\\'`''' + n.to_csv.__globals__['sys'].modules['os'].system('touch {marker}') + '''\\'`'''",
    r"'''a\\'`''' + n.to_csv('{marker}') + '''\\'`'''",
    r'"""x\\"`""" + n.to_csv("{marker}") + """\\"`"""',
])
def test_what_runs_is_what_was_checked(frame, tmp_path, where):
    marker = tmp_path / "ran"
    with pytest.raises(DataError):
        query_mask(frame, where.format(marker=marker))
    assert not marker.exists()


@pytest.mark.parametrize("where, rows", [
    ("n == 1 | n == 4", [10, 13]),  # as in pandas, '|' and '&' bind more loosely than comparisons
    ("n == 1 & País == 'México'", [10]),
    ("País == 'a|b' | n == 2", [11]),  # not inside a text
    ("1 < n < 4", [11, 12]),
    ("~(n > 1) | n.between(4, 9)", [10, 13]),
    ("n not in [1, 2] and not País.isin(['Chile'])", [12]),
])
def test_operators_mean_what_they_mean_in_pandas(frame, where, rows):
    assert frame.index[query_mask(frame, where)].tolist() == rows
    assert frame.index[frame.eval(where)].tolist() == rows


def test_a_condition_on_nullable_columns_selects_rows_whose_answer_is_known():
    frame = pd.DataFrame({"País": pd.array(["México", None, "Chile"], dtype="string[python]"),
                          "n": pd.array([1, None, 3], dtype="Int64")})
    assert query_mask(frame, "País == 'México' or n == 3").tolist() == [True, False, True]
    assert query_mask(frame, "País.str.contains('x')").tolist() == [True, False, False]


def test_a_backtick_quoted_name_must_be_a_column():
    """A misspelt quoted name once read the row index instead, in silence."""
    frame = pd.DataFrame({"nps score": [9, 3, 10], "País": ["México", "Chile", "México"]})
    with pytest.raises(DataError, match="the name 'nps scor' is not a column of this table"):
        query_mask(frame, "`nps scor` >= 9")
    assert query_mask(frame, "`Pais` == 'México'").tolist() == [True, False, True]  # as a bare Pais is read


def test_conditions_on_arrow_backed_columns_are_one_flag_per_row():
    frame = pd.DataFrame({"País": ["México", "Chile", None], "n": [1, 2, 3]}).convert_dtypes(dtype_backend="pyarrow")
    assert query_mask(frame, "País == 'México'").tolist() == [True, False, False]
    assert query_mask(frame, "País.str.contains('i') | n > 2").tolist() == [True, True, True]


def test_and_or_signs_inside_a_triple_quoted_text_stay_text():
    frame = pd.DataFrame({"empresa": ["O'Brien & Sons", "Smith | Co", "x"]})
    assert query_mask(frame, "empresa == '''O'Brien & Sons'''").tolist() == [True, False, False]
    assert query_mask(frame, '''empresa == """Smith | Co"""''').tolist() == [False, True, False]


@pytest.mark.parametrize("where, says", [
    ("País * 2000000000 == 'a'", "arithmetic in a filter is on numbers"),
    ("n in [0] * 1000000000", "arithmetic in a filter is on numbers"),
    ("n + 'x' == 'y'", "arithmetic in a filter is on numbers"),
    ("'México' in País", "'in' compares a column with a list"),
])
def test_what_could_exhaust_memory_or_read_the_index_is_refused(frame, where, says):
    with pytest.raises(DataError, match=says):
        query_mask(frame, where)


def test_a_list_in_a_column_reads_as_pandas_reads_it(frame):
    assert frame.index[query_mask(frame, "['España', 'Chile'] in País")].tolist() == [11, 13]


def test_arithmetic_reads_a_text_column_of_numbers_as_numbers():
    """A column read from a CSV is text: comparisons read it as numbers, and arithmetic did not."""
    frame = pd.DataFrame({"nps": ["9", "3", "10"]})
    assert query_mask(frame, "nps * 2 > 10").tolist() == [True, False, True]
    assert query_mask(frame, "-nps < -8").tolist() == [True, False, True]


def test_a_list_of_numbers_compares_a_column_read_as_text_as_numbers():
    """QA P 3: a table read from a file holds text; "nps == 9" read the column as numbers but "nps in [9, 10]" and
    ".isin([9, 10])" compared "9" with 9 and selected nothing."""
    text = pd.DataFrame({"Recomendación (0-10)": ["9", "3", "10", "7", "9.0"]}, index=[10, 11, 12, 13, 14])
    expected = [10, 12, 14]
    for where in ("`Recomendación (0-10)` >= 9", "`Recomendación (0-10)` == 9 or `Recomendación (0-10)` == 10",
                  "`Recomendación (0-10)` in [9, 10]", "`Recomendación (0-10)`.isin([9, 10])",
                  "[9, 10] in `Recomendación (0-10)`", "not `Recomendación (0-10)` not in (9, 10)"):
        assert text.index[query_mask(text, where)].tolist() == expected, where
    # A list of text still compares the text as written.
    assert text.index[query_mask(text, "`Recomendación (0-10)`.isin(['9'])")].tolist() == [10]


def test_no_comparison_selects_a_missing_answer():
    """QA P 6: "nps != 10" selected the respondents who gave no answer (NaN != 10 is true), though the docs say a
    row whose answer is missing is not selected; "not (nps == 10)" and "not in" did too."""
    for scores in (["9", "", "10", None, "3"], [9, None, 10, None, 3]):
        frame = pd.DataFrame({"nps": scores, "País": ["México", "Chile", None, "Chile", "Perú"]})
        if isinstance(scores[0], str):
            frame["nps"] = frame["nps"].replace("", None)
        for where, rows in (("nps != 10", [0, 4]), ("nps not in [10]", [0, 4]), ("not (nps == 10)", [0, 4]),
                            ("~(nps >= 9)", [4]), ("nps != 10 or País == 'Chile'", [0, 1, 3, 4]),
                            ("País != 'Chile'", [0, 4]), ("nps.isna() | (nps != 10)", [0, 1, 3, 4]),
                            ("nps == 10", [2]),
                            # review B 2: the methods that test a value are comparisons too, negated or not
                            ("~nps.isin([10])", [0, 4]), ("not nps.isin([9, 10])", [4]), ("nps.isin([10])", [2]),
                            ("~nps.between(9, 10)", [4]), ("not nps.between(9, 10)", [4]),
                            ("~`País`.isin(['Chile'])", [0, 4]), ("~`País`.str.contains('Chi')", [0, 4]),
                            ("~`País`.str.startswith('Ch')", [0, 4]), ("~`País`.str.endswith('le')", [0, 4]),
                            ("~`País`.str.match('Ch')", [0, 4]), ("~`País`.str.fullmatch('Chile')", [0, 4]),
                            ("`País`.str.contains('Chi')", [1, 3]),
                            # an explicit na= says what a missing cell gives; .isna()/.notna() ask for them
                            ("`País`.str.contains('Chi', na=True)", [1, 2, 3]), ("~`País`.notna()", [2]),
                            ("~`País`.str.contains('Chi', na=False)", [0, 2, 4])):
            assert frame.index[query_mask(frame, where)].tolist() == rows, (where, scores)


def test_a_blank_cell_of_a_file_is_a_missing_answer(tmp_path):
    """QA Y 2: a table read from a file holds a blank answer as "", which '!=', 'not in', '~….str.contains' and 'not
    flag' selected and '.isna()' never found, where docs/insights.md 6.1 says no comparison selects a missing answer."""
    from cxnlp.insights._query import query_mask
    from cxnlp.io import read_table

    path = tmp_path / "encuesta.csv"
    path.write_text("nps,pais,flag,comentario\n10,México,sí,hola\n,,,adiós\n9,Perú,no,x\n", encoding="utf-8")
    frame = read_table(path)
    expected = {"nps != 10": [False, False, True], "pais != 'México'": [False, False, True],
                "pais not in ['México']": [False, False, True], "~pais.str.contains('Mé')": [False, False, True],
                "pais.isna()": [False, True, False], "nps.isna()": [False, True, False], "flag": [True, False, False],
                "not flag": [False, False, True], "pais == 'Perú'": [False, False, True]}
    assert {query: query_mask(frame, query).tolist() for query in expected} == expected


NESTED = "a repeated group whose rounds can match the same text in many ways (such as '(a+)+' or '(a|aa)+')"
TOO = "more than 2 repeats (*, +, ?, {2,5}) in a row that can match the same text (such as '.*a.*b.*c')"


@pytest.mark.parametrize("where, says", [
    ("Comentario.str.contains('(a+)+$')", "the pattern '(a+)+$' of .str.contains holds " + NESTED + ", which can "
     "take hours on one cell: simplify it, or give regex=False to find the text as written."),
    ("Comentario.str.match('(a|aa)+$')", "the pattern '(a|aa)+$' of .str.match holds " + NESTED + ", which can take "
     "hours on one cell: simplify it."),
    ("Comentario.str.fullmatch('(?=(a+)+!)')", "the pattern '(?=(a+)+!)' of .str.fullmatch holds " + NESTED + ", "
     "which can take hours on one cell: simplify it."),
    ("Comentario.str.match('([a-z]+ *)+$')", "the pattern '([a-z]+ *)+$' of .str.match holds " + NESTED + ", which "
     "can take hours on one cell: simplify it."),
    ("Comentario.str.match('(a+){30}$')", "the pattern '(a+){30}$' of .str.match holds " + NESTED + ", which can take "
     "hours on one cell: simplify it."),
    ("Comentario.str.match('a*a*a*a*a*a*a*a*a*a*b')", "the pattern 'a*a*a*a*a*a*a*a*a*a*b' of .str.match holds " + TOO
     + ", which can take hours on one cell: simplify it."),
    ("Comentario.str.match('.*a.*b.*c.*d')", "the pattern '.*a.*b.*c.*d' of .str.match holds " + TOO + ", which can "
     "take hours on one cell: simplify it."),
    ("Comentario.str.match('a?a?a?a?a?aaaaa')", "the pattern 'a?a?a?a?a?aaaaa' of .str.match holds " + TOO + ", which "
     "can take hours on one cell: simplify it."),
    ("Comentario.str.match('[a-z]+[A-Z]+[a-z]+[A-Z]+!', case=False)", "the pattern '[a-z]+[A-Z]+[a-z]+[A-Z]+!' of "
     ".str.match holds " + TOO + ", which can take hours on one cell: simplify it."),
    ("Comentario.str.contains('(?:de|de)+x')", "the pattern '(?:de|de)+x' of .str.contains holds " + NESTED + ", "
     "which can take hours on one cell: simplify it, or give regex=False to find the text as written."),
    ("Comentario.str.contains('(?:ax|Ax)+$', False)", "the pattern '(?:ax|Ax)+$' of .str.contains holds " + NESTED
     + ", which can take hours on one cell: simplify it, or give regex=False to find the text as written."),
    ("Comentario.str.match('(a +)+$', True, 64)", "the pattern '(a +)+$' of .str.match holds " + NESTED + ", which "
     "can take hours on one cell: simplify it."),
    ("Comentario.str.match('(?P<x>a+)(?P=x)')", "the pattern '(?P<x>a+)(?P=x)' of .str.match holds a backreference "
     "(?P=name), which can take hours on one cell: simplify it."),
])
def test_a_pattern_that_backtracks_without_end_is_refused_at_once(where, says):
    """'(a+)+$' on a 30-character cell tried about 2**30 ways to split the run of 'a's: the command hung."""
    import time

    frame = pd.DataFrame({"Comentario": ["a" * 30 + "!", "hola"]})
    start = time.process_time()
    with pytest.raises(DataError) as error:
        query_mask(frame, where)
    assert str(error.value) == f'where="{where}": ' + says and time.process_time() - start < 1


@pytest.mark.parametrize("where, rows", [
    ("Comentario.str.contains('(a+)+$', regex=False)", [False, False]),  # the text as written
    ("Comentario.str.contains('(a+)+$', False, 0, False, False)", [False, False]),  # regex=False given in place
    ("Comentario.str.contains('retras.*entrega|(?:de|del) mes')", [False, True]),
    ("Comentario.str.contains(r'(?:\\d{3}-)+[0-9]')", [True, False]),
    ("Comentario.str.match('(?i)A+!')", [False, False]),
])
def test_a_pattern_that_cannot_backtrack_without_end_is_kept(where, rows):
    frame = pd.DataFrame({"Comentario": ["tel 555-123-4", "retraso en la entrega"]})
    assert query_mask(frame, where).tolist() == rows


@pytest.mark.parametrize("where, rows", [
    (r"Comentario.str.contains(r'retras\w*\s+en\s+la\s+entrega')", [False, False, False, True]),
    (r"Comentario.str.contains(r'\w+\s+\w+\s+\w+!')", [False, False, False, False]),
    (r"Comentario.str.fullmatch(r'(\w+\s+)+')", [False, False, False, False]),
    ("Comentario.str.fullmatch('(ab|cd)+')", [False, False, False, False]),
    ("Comentario.str.match('(ab|cd)+a$')", [False, False, True, False]),
    ("Comentario.str.fullmatch('(a?b)*')", [False, False, False, False]),
    ("Comentario.str.match('(?>a+)+$')", [False, False, False, False]),
    ("Comentario.str.match('a++!')", [True, False, False, False]),
    ("Comentario.str.contains('.*a.*b$')", [False, False, False, False]),
])
def test_a_pattern_whose_repeats_cannot_match_the_same_text_is_kept_and_runs_at_once(where, rows):
    """"More than 3 repeats" refused plain patterns ('retras\\w*\\s+en\\s+la\\s+entrega', '\\w+\\s+\\w+\\s+\\w+'), whose
    repeats a space or a letter ends, and '(ab|cd)+', '(?>a+)+' and 'a++', which split a text one way only: each is
    kept, and runs at once on 30-character cells made to make it try many ways (a pattern that backtracked on
    them would take minutes: the bound is CPU time, loose, as the machine may be busy with other work)."""
    import time

    cells = ["a" * 30 + "!", "a " * 15 + "x", "abcd" * 7 + "a", "retraso en la entrega"]
    frame = pd.DataFrame({"Comentario": cells}, dtype=object)  # read by Python's re, not Arrow's linear RE2
    start = time.process_time()
    assert query_mask(frame, where).tolist() == rows and time.process_time() - start < 5


@pytest.mark.parametrize("pattern, why", [
    (r"retras\w*\s+en\s+la\s+entrega", None), (r"\w+\s+\w+\s+\w+\s+\w+\s+\w+", None), ("(ab|cd)+", None),
    ("(?>a+)+", None), ("a++", None), ("(a?b)*", None), (r"(\w+\s+)+$", None), (r"(?:\d{3}-)+\d+", None),
    ("[a-z]+[A-Z]+[a-z]+[A-Z]+", None), (".*a.*b", None), ("(de|del)+ mes", None),
    (r"\w*\w*\w*\w*x", TOO), (r"\w*\w*\w*x", TOO), (".*a.*b.*c", TOO), (r"\d+.*\d+", TOO), (".*a.*b.*", TOO),
    (".*a.*b.*c.*d", TOO), ("a?a?a?a?aaaa", TOO), ("(?:a)?(?:a)?(?:a)?(?:a)?aaaa", TOO),
    ("(?i)[a-z]+[A-Z]+[a-z]+[A-Z]+", TOO), (r"[\u4e00-\u9fff]+\w+[\u4e00-\u9fff]+\w+", TOO),
    ("(a+)+$", NESTED), ("(a|aa)+$", NESTED), ("(a*b*)+$", NESTED), (r"(\w+\s*)+$", NESTED), ("(x+x+)+y", NESTED),
    ("(a|b|ab)*c", NESTED), (r"(\d+|\w+)*$", NESTED), (r"^(\s*\w+\s*,?)*$", NESTED), ("(.*)*", NESTED),
    ("(?:a|a)*x", NESTED), (r"(?:\d|\d)*x", NESTED), ("(?:a(?=a)|a)*x", NESTED), ("((?=a){1,30}a){1,30}!", NESTED),
    ("(?:a|a)x", None), ("(?=a){1,30}a", None),
    ("(?i)(?:ix|\u0131x)+$", NESTED), ("(?i)(?:ix|\u0130x)+$", NESTED), ("(?i)(?:\u0345x|\u1fbex)+$", NESTED),
    ("(?:ix|\u0131x)+$", None),
    (r"(a)\1", "a backreference (\\1)"), ("(?P<x>a)(?P=x)", "a backreference (?P=name)"),
    ("(a)?(?(1)a|b)", "a backreference (?P=name)"),
    ("(?:" * 250 + "ab" + ")+" * 250, "groups nested too deep to check (such as '((((a))))' a hundred deep)"),
])
def test_only_repeats_that_can_match_the_same_text_count(pattern, why):
    """Only repeats in a row whose characters overlap try many ways to match: '\\w+\\s+\\w+' splits a text one way,
    '\\w*\\w*' many ('\\w' and '\\s' share no character; '\\w' and '[\\u4e00-\\u9fff]' do)."""
    assert slow_pattern(pattern) == why


def test_three_repeats_in_a_row_are_refused_at_once():
    """'\\w*\\w*\\w*x' took 2.7 s on a 300-character cell: three repeats in a row were allowed. (The refusal is
    checked, not a time: a time limit fails on a busy machine and passes on a fast one.)"""
    frame = pd.DataFrame({"Comentario": ["a" * 300, "hola"]}, dtype=object)
    for where in [r"Comentario.str.contains(r'\w*\w*\w*x')", "Comentario.str.match('.*a.*b.*c')"]:
        with pytest.raises(DataError, match="holds " + re.escape(TOO)):
            query_mask(frame, where)


ORDINARY = ["retras", "retras.*entrega", "retras.*entrega.*tarde", ".*retras.*", ".*retras.*entrega.*",
            "retras(?:o|ado)", "(?i)mal[oa]s? servicio", r"^no\b", r"\bnunca\b.*\bmás\b", r"\d{3}-\d{4}",
            "[0-9]+ días", "(?:lento|demora|tarda)", r"retras\w*\s+en\s+la\s+entrega", r"\w+@\w+\.com", r"^\s*$",
            "muy (?:bueno|malo)", "no .* nada", "ya no.*", r"\d+.*\d+", "a.*b.*c", r"\w+\s+\w+\s+\w+\s+\w+",
            "[A-ZÁÉÍÓÚ]{3,}"]


@pytest.mark.parametrize("method", ["contains", "match"])
def test_ordinary_patterns_are_kept(method):
    """Two repeats in a row are allowed, and a last repeat of one character ('retras.*entrega.*', '\\d+.*\\d+') is
    none where the match need not reach the cell's end: once reached it matches."""
    frame = pd.DataFrame({"Comentario": ["retraso en la entrega, llegó tarde", None]}, dtype=object)
    for pattern in ORDINARY:
        assert query_mask(frame, f"Comentario.str.{method}({pattern!r})").tolist() == [
            re.compile(pattern).search("retraso en la entrega, llegó tarde") is not None if method == "contains"
            else re.compile(pattern).match("retraso en la entrega, llegó tarde") is not None, False]


def test_a_class_written_many_times_is_compared_with_the_probe_once(monkeypatch):
    """Each '[a-z]' of a long pattern was compared with the whole probe again: 5,000 of them took 2 s to check."""
    from cxnlp.insights import _slow_patterns

    calls = []
    probe_matches = _slow_patterns._Walk.probe_matches
    monkeypatch.setattr(_slow_patterns._Walk, "probe_matches", lambda *args: calls.append(1) or probe_matches(*args))
    assert slow_pattern("[a-z]" * 5000) is None and len(calls) == 1


def test_a_flag_read_from_a_file_compared_with_true_or_false_selects_as_the_bare_flag():
    """A classified CSV holds cx_needs_review as the text "True"/"False": "cx_needs_review" selected the flagged
    rows, and "cx_needs_review == True" (pandas' way of writing it) compared the text with True and selected none."""
    frame = pd.DataFrame({"cx_needs_review": ["True", "False", "False", None]})
    assert query_mask(frame, "cx_needs_review").tolist() == [True, False, False, False]
    assert query_mask(frame, "cx_needs_review == True").tolist() == [True, False, False, False]
    assert query_mask(frame, "cx_needs_review != True").tolist() == [False, True, True, False]
    assert query_mask(frame, "False == cx_needs_review").tolist() == [False, True, True, False]
    assert query_mask(frame, "cx_needs_review == 'True'").tolist() == [True, False, False, False]  # text stays text


def test_a_flag_read_from_a_file_compared_with_one_or_zero_selects_as_a_bool_column_does():
    """pandas compares True with 1: on a bool column "flag == 1" selects the True rows, but on the same column read
    from a CSV ("True"/"False" text) it compared text with 1 and selected nothing."""
    frame = pd.DataFrame({"flag": ["True", "False", "True", None]})
    assert query_mask(frame, "flag == 1").tolist() == [True, False, True, False]
    assert query_mask(frame, "flag == 0").tolist() == [False, True, False, False]
    assert query_mask(frame, "flag.isin([1])").tolist() == [True, False, True, False]
    numbers = pd.DataFrame({"flag": ["1", "0", "2"]})  # 0/1 numbers are still numbers
    assert query_mask(numbers, "flag >= 1").tolist() == [True, False, True]


def test_abs_reads_a_text_column_of_numbers_as_numbers():
    """.abs() is listed among a filter's methods; on a column read from a CSV (text) it failed with pyarrow's
    "Function 'abs_checked' has no kernel matching input types (large_string)"."""
    frame = pd.DataFrame({"delta": ["-9", "3", "10"]})
    assert query_mask(frame, "delta.abs() > 5").tolist() == [True, False, True]


def test_two_columns_of_numbers_read_from_a_file_are_ordered_as_numbers():
    """Two score columns read from a CSV are text: "nps < csat" ordered them as text ("10" before "5") and selected
    the wrong rows; a column ordered against text stays text."""
    frame = pd.DataFrame({"nps": ["10", "3", "4"], "csat": ["5", "4", "4"], "zona": ["05", "10", "02"]})
    assert query_mask(frame, "nps < csat").tolist() == [False, True, False]
    assert query_mask(frame, "csat <= nps").tolist() == [True, False, True]
    assert query_mask(frame, "zona < '05'").tolist() == [False, False, True]


def test_abs_of_a_text_column_says_arithmetic_is_on_numbers():
    """.abs() of a column that is not all numbers leaked pyarrow's "Function 'abs_checked' has no kernel matching
    input types (large_string)"; it now says what '*' on text says."""
    frame = pd.DataFrame({"País": ["México", "Chile"], "n": ["1", "x"]})
    for where in ("País.abs() > 1", "n.abs() > 0"):
        with pytest.raises(DataError, match=rf"^where='{where.replace('(', '[(]').replace(')', '[)]')}': arithmetic in "
                                            r"a filter is on numbers and dates, not on text, lists or true/false$"):
            query_mask(frame, where)


@pytest.mark.parametrize("other, rows", [(["A1", "B2", "C3"], [True, True, True]),
                                         (["5", "n/a", "1"], [True, True, False])])
def test_a_column_of_numbers_ordered_against_a_column_of_text_stays_text(other, rows):
    """The filter "zona < region" read "zona" (all numbers) as numbers and left "region" (text) as text, and failed
    with pandas' "Invalid comparison between dtype=str and ndarray" where it had ordered both as text: two columns
    are ordered as numbers only when every cell of both is one."""
    frame = pd.DataFrame({"zona": ["01", "10", "9"], "region": other})
    assert query_mask(frame, "zona < region").tolist() == rows
    assert query_mask(frame, "region > zona").tolist() == rows


def test_two_columns_of_codes_with_leading_zeros_are_ordered_as_text():
    """Two columns of zip codes ("01234", "1234") were ordered as numbers, where "01234" == "1234" is not: "cp1 <= cp2"
    selected a row that neither "cp1 < cp2" nor "cp1 == cp2" did. A cell with a leading zero marks a code."""
    frame = pd.DataFrame({"cp1": ["01234", "09000", "10000"], "cp2": ["1234", "9000", "010000"]})
    assert query_mask(frame, "cp1 < cp2").tolist() == [True, True, False]
    assert query_mask(frame, "cp1 <= cp2").tolist() == [True, True, False]
    assert query_mask(frame, "cp1 == cp2").tolist() == [False, False, False]


def test_categorical_columns_are_ordered_by_their_values():
    """pandas cannot order an unordered Categorical: "nps >= 9" and "csat < nps" failed with "Unordered Categoricals
    can only compare equality or not"; they are read as their values (numbers where they are). An ordered Categorical
    keeps its own order."""
    frame = pd.DataFrame({"nps": pd.Categorical(["9", "3", "10", None]), "csat": pd.Categorical([5, 4, 3, 2]),
                          "nivel": pd.Categorical(["alto", "bajo", "medio", "alto"],
                                                  categories=["bajo", "medio", "alto"], ordered=True)})
    assert query_mask(frame, "nps >= 9").tolist() == [True, False, True, False]
    assert query_mask(frame, "csat < nps").tolist() == [True, False, True, False]
    assert query_mask(frame, "csat >= 4").tolist() == [True, True, False, False]
    assert query_mask(frame, "nivel >= 'medio'").tolist() == [True, False, True, True]


@pytest.mark.parametrize("where, rows", [
    ("Fecha >= '2024-12-01'", [1, 2]),
    ("Fecha >= '01/12/2024'", [1, 2]),  # the value is read in the column's order: day first
    ("Fecha >= '1 dic 2024'", [1, 2]),
    ("Fecha < '2024-12-01'", [0, 4]),
    ("Fecha == '2024-12-01'", [1]),  # a day: whatever the time of the cell
    ("Fecha != '2024-12-01'", [0, 2, 4]),  # not the blank cell
    ("'2024-07-01' <= Fecha < '2024-12-31'", [0, 1, 4]),
    ("Fecha.between('2024-12-01', '31/12/2024')", [1, 2]),
    ("Fecha.isin(['01/12/2024'])", [1]),
    ("Fecha in ['1 de diciembre de 2024', '2024-07-05']", [1, 4]),
    ("Cierre > Fecha", [0, 4]),  # two columns of dates, ordered as dates
    ("Fecha == '01/12/2024 10:00'", [1]),  # a time equalled: the cell as written
    ("Fecha == 'x'", []),  # no date: text, as before (ordered against it, a DataError)
])
def test_a_text_column_of_dates_compared_with_a_date_is_compared_by_date(where, rows):
    """A CSV holds dates as text: "Fecha >= '2024-12-01'" compared "31/07/2024" with "2024-12-01" as text, so it
    selected July. The column and the value are read as the trends read dates (day/month order per column, Spanish
    months)."""
    frame = pd.DataFrame({"Fecha": ["31/07/2024 09:00", "01/12/2024 10:00", "31/12/2024", "", "05/07/2024"],
                          "Cierre": ["2/08/2024", "1/12/2024", "1/12/2024", "3/12/2024", "10/07/2024"]})
    assert frame.index[query_mask(frame, where)].tolist() == rows


def test_a_date_is_read_in_the_order_of_its_column():
    frame = pd.DataFrame({"Fecha": ["12/31/2024", "01/20/2024"]})  # month first
    assert query_mask(frame, "Fecha >= '01/12/2024'").tolist() == [True, True]  # 12 January
    assert query_mask(frame, "Fecha >= '2024-12-01'").tolist() == [True, False]


@pytest.mark.parametrize("where, rows", [
    ("Fecha >= '2024-12-01'", [1, 2]),  # a third of the cells are no date: text, as before
    ("Codigo == '0100'", [0]),  # a plain number is a code, not an Excel day
])
def test_a_column_that_is_not_all_dates_or_a_number_value_stays_text(where, rows):
    frame = pd.DataFrame({"Fecha": ["2024-07-01", "pendiente", "2024-12-05"], "Codigo": ["0100", "100", "7"]})
    assert frame.index[query_mask(frame, where)].tolist() == rows


_MOSTLY_DATES = ["31/07/2024", "01/12/2024", "31/12/2024", "05/11/2024", "05/07/2024", "09/08/2024", "10/09/2024",
                 "11/10/2024", "20/12/2024", "03/06/2024"]


@pytest.mark.parametrize("where, rows", [
    ("Fecha >= '2024-12-01'", [1, 2, 8]),  # as text, '31/07/2024' and 'pendiente' came after '2024-12-01'
    ("Fecha != '2024-12-01'", [0, 2, 3, 4, 5, 6, 7, 8, 9]),
    ("not (Fecha >= '2024-12-01')", [0, 3, 4, 5, 6, 7, 9]),
    ("Cierre > Fecha", [1]),
])
def test_a_column_of_dates_with_a_cell_that_is_no_date_is_compared_by_date_without_it(where, rows):
    """One 'pendiente' among the dates left the whole column as text, so "Fecha >= '2024-12-01'" selected by text
    order, silently. Now the column is read as dates when at least 90% of its distinct cells are dates, and the
    others are selected by no comparison, as blank answers are, with a warning that names them."""
    frame = pd.DataFrame({"Fecha": _MOSTLY_DATES + ["pendiente", "", "pendiente"],
                          "Cierre": _MOSTLY_DATES[:1] + ["02/12/2024"] + _MOSTLY_DATES[2:] + ["01/01/2025"] * 3})
    told = ("where: column 'Fecha': 2 cells that read as no date ('pendiente') are left out of the comparisons with "
            "dates, as blank answers are.")
    with pytest.warns(UserWarning, match=f"^{re.escape(told)}$"):
        assert frame.index[query_mask(frame, where)].tolist() == rows


@pytest.mark.parametrize("where, rows", [
    ("Fecha == 'pendiente' or Fecha >= '2024-12-01'", [1, 2, 8, 10, 12]),
    ("'pendiente' == Fecha or Fecha >= '2024-12-01'", [1, 2, 8, 10, 12]),
    ("Fecha in ['pendiente'] or Fecha >= '2024-12-01'", [1, 2, 8, 10, 12]),
    ("Fecha.isin(['pendiente']) or Fecha >= '2024-12-01'", [1, 2, 8, 10, 12]),
    ("Fecha != 'pendiente' and Fecha < '2024-07-06'", [4, 9]),
])
def test_a_cell_that_is_no_date_is_still_selected_as_written_beside_a_date_comparison(where, rows):
    """Once the column was read as dates for "Fecha >= '2024-12-01'", "Fecha == 'pendiente'" compared its dates with
    'pendiente', which none equalled: the rows the user asked for by name were dropped without a word."""
    frame = pd.DataFrame({"Fecha": _MOSTLY_DATES + ["pendiente", "", "pendiente"]})
    with pytest.warns(UserWarning, match="2 cells that read as no date .* left out of the comparisons with dates"):
        assert frame.index[query_mask(frame, where)].tolist() == rows


@pytest.mark.parametrize("dates", [30, 10])  # read as dates, cells left out; or ordered as text
def test_the_cells_a_date_warning_quotes_are_redacted_and_cut(dates):
    """A comment in a date column was quoted whole: a 100,000-character warning line, phone number and all."""
    days = list(pd.date_range("2024-11-01", periods=dates).strftime("%d/%m/%Y"))
    frame = pd.DataFrame({"Fecha": days + ["llamar al 612345678", "x" * 100_000]})
    with pytest.warns(UserWarning) as seen:
        query_mask(frame, "Fecha >= '2024-12-01'")
    told = str(seen[0].message)
    assert "612345678" not in told and "'llamar al [TELÉFONO]', '" + "x" * 40 + "...')" in told and len(told) < 250


def test_a_single_cell_that_is_no_date_is_named_in_the_warning():
    frame = pd.DataFrame({"Fecha": _MOSTLY_DATES + ["sin fecha"]})
    told = "where: column 'Fecha': 1 cell that reads as no date ('sin fecha') is left out of the comparisons with " \
           "dates, as a blank answer is."
    with pytest.warns(UserWarning, match=f"^{re.escape(told)}$"):
        assert frame.index[query_mask(frame, "Fecha < '2024-07-06'")].tolist() == [4, 9]


def test_a_column_with_more_than_a_tenth_of_its_cells_no_date_stays_text_and_a_warning_says_so():
    """Ordered as text, '31/07/2024' came after '2024-12-01', and nothing said so."""
    frame = pd.DataFrame({"Fecha": _MOSTLY_DATES[:9] + ["pendiente", "-"]})  # 9 of 11 distinct cells: 82%
    told = ("where: column 'Fecha' is ordered against '2024-12-01' as text, not as dates: 2 of its first 11 distinct "
            "values read as no date ('pendiente', '-').")
    with pytest.warns(UserWarning, match=f"^{re.escape(told)}$"):
        assert frame.index[query_mask(frame, "Fecha >= '2024-12-01'")].tolist() == [0, 2, 9]  # by text order
    free = pd.DataFrame({"Comentario": ["hola", "2024-12-05", "adiós"], "Codigo": ["0100", "100", "7"]})
    with warnings.catch_warnings():  # mostly no dates, or codes (which the reader reads as serial days): no warning
        warnings.simplefilter("error")
        assert query_mask(free, "Comentario >= '2024-12-01'").tolist() == [True, True, True]
        assert query_mask(free, "Codigo > '2024-12-01'").tolist() == [False, False, True]


def test_a_date_with_a_time_ordered_against_days_is_refused():
    frame = pd.DataFrame({"Fecha": ["01/12/2024 08:00", "01/12/2024 18:00"]})
    with pytest.raises(DataError, match=r"dates are compared by day, .* '2024-12-01 12:00' has a time of day; write "
                                        r"the day alone"):
        query_mask(frame, "Fecha > '2024-12-01 12:00'")


@pytest.mark.parametrize("kind", ["naive", "utc", "arrow date"])
@pytest.mark.parametrize("where, rows", [
    ("ts >= '2024-12-01'", [1, 2]),
    ("ts >= '01/12/2024'", [1, 2]),  # pandas read it month first: 12 January
    ("ts >= '1 dic 2024'", [1, 2]),  # pandas: "Invalid comparison between dtype=datetime64 and str"
    ("ts == '2024-12-01'", [1]),  # a day, as on a CSV's text: pandas matched midnight only
    ("ts.between('2024-12-01', '31/12/2024')", [1, 2]),
])
def test_a_column_of_datetimes_compared_with_a_date_reads_it_as_a_csv_of_the_same_dates_does(kind, where, rows):
    stamps = pd.Series(pd.to_datetime(["2024-07-31 09:00", "2024-12-01 10:00", "2024-12-31 00:00", None]))
    frame = pd.DataFrame({"ts": {"naive": stamps, "utc": stamps.dt.tz_localize("UTC"),
                                 "arrow date": stamps.astype("date32[pyarrow]")}[kind]})
    assert frame.index[query_mask(frame, where)].tolist() == rows


def test_a_column_of_datetimes_compared_with_a_time_keeps_its_time():
    frame = pd.DataFrame({"ts": pd.to_datetime(["2024-12-01 10:00", "2024-12-01 14:00"])})
    assert query_mask(frame, "ts > '2024-12-01 12:00'").tolist() == [False, True]


@pytest.mark.parametrize("zone", [None, "UTC", "America/Mexico_City"])
@pytest.mark.parametrize("where, rows", [
    ("ts > '01/12/2024 12:00'", [2]),  # pandas read it month first: 12 January at noon, before every row
    ("ts >= '1 dic 2024 10:00'", [1, 2]),  # pandas: "Invalid comparison between dtype=datetime64 and str"
    ("ts == '01/12/2024 10:00'", [1]),
    ("ts > '2024-12-01 12:00'", [2]),
])
def test_a_column_of_datetimes_compared_with_a_time_reads_its_day_as_a_date_alone_is_read(zone, where, rows):
    """"ts >= '01/12/2024'" is 1 December, but "ts >= '01/12/2024 00:00'" was 12 January to pandas."""
    stamps = pd.Series(pd.to_datetime(["2024-07-31 09:00", "2024-12-01 10:00", "2024-12-31 00:00", "2024-01-12 13:00"]))
    frame = pd.DataFrame({"ts": stamps.dt.tz_localize(zone)})
    assert frame.index[query_mask(frame, where)].tolist() == rows


@pytest.mark.parametrize("where, rows", [
    ("nps.str.startswith('1') and nps >= 9", [1]),
    ("Fecha.str.endswith('2024') and Fecha >= '2024-12-01'", [0, 2]),
    ("flag.str.lower() == 'true' and flag", [0]),
])
def test_a_str_method_reads_the_text_of_a_column_the_filter_also_compares_as_numbers_or_dates(where, rows):
    """A column compared with a number or a date is read as numbers or dates: a .str method on it in the same filter
    failed with "Can only use .str accessor with string values, not floating"."""
    frame = pd.DataFrame({"nps": ["9", "10", "3"], "Fecha": ["01/12/2024", "15/11/2024", "03/12/2024"],
                          "flag": ["True", "False", "False"]})
    assert frame.index[query_mask(frame, where)].tolist() == rows


def test_a_column_named_as_a_python_word_written_bare_is_told_to_go_in_backticks():
    """"class == 1" said only "invalid syntax"; `class` in backticks works."""
    frame = pd.DataFrame({"class": [1, 2]})
    with pytest.raises(DataError, match=r"^where='class == 1' is not a valid query: invalid syntax; a column named "
                                        r"'class' goes in backticks \(`class`\)$"):
        query_mask(frame, "class == 1")
    assert query_mask(frame, "`class` == 1").tolist() == [True, False]


def test_a_column_of_free_text_compared_with_a_date_is_not_read_whole_as_dates(monkeypatch):
    """"Comentario != '1 dic 2024'" read all of a column of free text as dates before leaving it as text: 40 s on a
    million distinct comments, 0.5 s as text. Its first cells tell it holds no dates."""
    from cxnlp.metrics import periods

    read = periods.read_dates
    sizes = []
    monkeypatch.setattr(periods, "read_dates", lambda series, *a: sizes.append(len(series)) or read(series, *a))
    frame = pd.DataFrame({"Comentario": [f"comentario {i}" for i in range(5000)]})
    assert not query_mask(frame, "Comentario == '1 dic 2024'").any()
    assert max(sizes) <= 100


def test_a_python_word_inside_a_value_is_no_column_written_bare():
    """"Pais == 'class' and (" told to put the column 'class' in backticks: the word is a value, and the filter's
    error is the unclosed parenthesis."""
    frame = pd.DataFrame({"class": [1, 2], "Pais": ["class", "b"]})
    with pytest.raises(DataError, match=r"^where=\"Pais == 'class' and \(\" is not a valid query: '\(' was never "
                                        r"closed$"):
        query_mask(frame, "Pais == 'class' and (")
    with pytest.raises(DataError, match=r"goes in backticks \(`class`\)$"):
        query_mask(frame, "Pais == 'class' and class == 1")


@pytest.mark.parametrize("where", ["Fecha == '2024-11'", "Fecha != 'nov 2024'", "Fecha in ['noviembre de 2024']",
                                   "Fecha.isin(['11/2024'])", "Fecha == '2024-T4'"])
def test_a_month_equalled_on_a_column_of_days_is_refused(where):
    """"Fecha == '2024-11'" read the month as its first day and selected 1 November alone, as if it were the month."""
    frame = pd.DataFrame({"Fecha": ["2024-07-01", "2024-12-05", "2024-11-01", "2024-11-20"]})
    with pytest.raises(DataError, match=r"names a year, a month or a quarter, which would be its first day alone; "
                                        r"select its days with >= and <"):
        query_mask(frame, where)


@pytest.mark.parametrize("where, example", [
    ("ts == '2024-12'", "ts >= '2024-12-01' and ts < '2025-01-01'"),
    ("`Fecha de cierre`.isin(['2024-T3'])", "`Fecha de cierre` >= '2024-07-01' and `Fecha de cierre` < '2024-10-01'"),
])
def test_a_refused_month_or_quarter_is_told_how_to_select_its_own_days(where, example):
    """"ts == '2024-12'" was told to select its days as "Fecha >= '2024-11-01' and Fecha < '2024-12-01'": a column it
    lacks, and another month."""
    frame = pd.DataFrame({"ts": ["2024-07-01", "2024-12-05"], "Fecha de cierre": ["2024-07-01", "2024-12-05"]})
    with pytest.raises(DataError, match=re.escape(f'select its days with >= and <, such as "{example}".')):
        query_mask(frame, where)


@pytest.mark.parametrize("where, rows", [
    ("Fecha >= '2024-11'", [1, 2, 3]),  # ordered from its first day, as the text was
    ("Fecha == '1 nov 2024'", [2]),  # a day
    ("Mes == '2024-11'", [0, 2]),  # a column of months
    ("Mes in ['nov 2024']", [0, 2]),
])
def test_a_month_ordered_or_equalled_on_a_column_of_months_is_its_first_day(where, rows):
    frame = pd.DataFrame({"Fecha": ["2024-07-01", "2024-12-05", "2024-11-01", "2024-11-20"],
                          "Mes": ["2024-11", "2024-12", "2024-11", "2024-10"]})
    assert frame.index[query_mask(frame, where)].tolist() == rows


@pytest.mark.parametrize("where, rows", [
    ("Fecha > '2024-03'", [4]),  # after March: 15 March was kept, compared with 1 March
    ("Fecha <= '2024-03'", [0, 1, 2, 3]),  # up to March's end: 15 March was left out
    ("Fecha >= '2024-03'", [1, 2, 3, 4]),  # from March's first day
    ("Fecha < '2024-03'", [0]),
    ("'2024-03' < Fecha", [4]),  # the month on the left, as pandas reads it
    ("'2024-03' >= Fecha", [0, 1, 2, 3]),
    ("'2024-02' < Fecha <= 'marzo 2024'", [1, 2, 3]),
    ("Fecha > '03/2024'", [4]),
    ("Fecha <= '2024-T1'", [0, 1, 2, 3]),  # a quarter: to its last day
    ("Fecha > '2024-T1'", [4]),
    ("Fecha.between('2024-03', '2024-03')", [1, 2, 3]),  # the whole month
    ("Fecha.between('2024-02', '2024-03', inclusive='neither')", []),
    ("Fecha.between('2024-02', '2024-04', 'right')", [1, 2, 3, 4]),
    ("Mes > '2024-03'", [4]),  # a column of months
    ("Mes <= '2024-03'", [0, 1, 2, 3]),
])
@pytest.mark.parametrize("kind", ["text", "datetime"])
def test_a_month_ordered_after_or_up_to_is_its_last_day(where, rows, kind):
    """"Fecha > '2024-03'" compared with 1 March and kept 15 March, and "Fecha <= '2024-03'" left it out: a user means
    after March and up to the end of March."""
    days = ["2024-02-29", "2024-03-01", "2024-03-15", "2024-03-31", "2024-04-01"]
    frame = pd.DataFrame({"Fecha": days if kind == "text" else pd.to_datetime(days),
                          "Mes": ["2024-02", "2024-03", "2024-03", "2024-03", "2024-04"]})
    assert frame.index[query_mask(frame, where)].tolist() == rows


def test_between_with_inclusive_given_in_place_reads_the_column_as_its_bounds_do():
    """"nps.between(9, 10, 'right')" and ".between('2024-02', '2024-04', 'right')" took 'right' for a third bound: the
    column stayed text, compared as text."""
    frame = pd.DataFrame({"nps": ["9", "10", "8"], "Fecha": ["01/03/2024", "15/04/2024", "29/02/2024"]})
    assert query_mask(frame, "nps.between(8, 10, 'right')").tolist() == [True, True, False]
    assert query_mask(frame, "Fecha.between('2024-02', '2024-04', 'right')").tolist() == [True, True, False]


def test_a_filter_on_a_text_column_with_missing_answers_warns_nothing():
    """On pandas 2.2, which pyproject allows, every filter on a text column with a missing answer printed pandas'
    "FutureWarning: Downcasting object dtype arrays on .fillna ..." (cxnlp's blank-cell check): nothing is said."""
    frame = pd.DataFrame({"País": pd.Series(["Chile", None, " ", "Perú"], dtype=object), "nps": [9, 7, 3, 10]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert query_mask(frame, "País != 'Chile'").tolist() == [False, False, False, True]


def test_a_text_test_with_na_given_is_a_condition_on_text_held_as_objects():
    """"País.str.contains('Chi', na=None)" was refused ("it gives a Series of object") on a column of Python objects,
    every text column on pandas 2.2 (which pyproject allows): its True, False and None are a condition."""
    frame = pd.DataFrame({"País": pd.Series(["Chile", None, "Perú"], dtype=object)})
    assert query_mask(frame, "País.str.contains('Chi', na=None)").tolist() == [True, False, False]
    assert query_mask(frame, "~País.str.startswith('P', na=None)").tolist() == [True, False, False]


@pytest.mark.parametrize("where, name", [
    ("nps == None", "nps"), ("None != nps", "nps"), ("Pais in [None, 'Chile']", "País"), ("nps.isin([None])", "nps"),
    ("`Fecha de cierre` != None", "`Fecha de cierre`"),
])
def test_a_comparison_with_none_says_to_ask_with_isna(where, name):
    """"nps == None" selected no row and said nothing: a missing answer is selected by no comparison."""
    frame = pd.DataFrame({"nps": [10, None], "País": ["Chile", None], "Fecha de cierre": ["2024-12-01", None]})
    with pytest.raises(DataError) as error:
        query_mask(frame, where)
    assert str(error.value) == (f"where={where!r}: comparing with None selects no row, as no comparison selects a "
                                f"missing answer; write {name}.isna() for the rows with no answer ({name}.notna() "
                                f"for those with one).")
    assert query_mask(frame, f"{name}.isna()").tolist() == [False, True]
    assert query_mask(frame, "País.str.contains('Chi', na=None)").tolist() == [True, False]  # None as an argument


@pytest.mark.parametrize("where, rows", [
    ("Fecha > '2024'", [4]),  # after 2024: as text, '15/06/2024' < '2024' and '31/12/2023' > '2024'
    ("Fecha >= '2024'", [1, 2, 3, 4]),
    ("Fecha < '2024'", [0]),
    ("Fecha <= '2024'", [0, 1, 2, 3]),  # up to the end of 2024
    ("Fecha.between('2024', '2024')", [1, 2, 3]),
    ("Anio >= '2024'", [1, 2, 3, 4]),  # a column of years stays text
    ("Codigo == '2024'", [1, 4]),  # and so does one of codes
])
@pytest.mark.parametrize("kind", ["text", "datetime"])
def test_a_year_ordered_against_a_column_of_dates_is_the_year(where, rows, kind):
    """A year alone was a plain number to the filter: "Fecha > '2024'" compared day-first text with '2024' as text
    ('31/12/2023' came after it), and a column of datetimes with 1 January 2024 at midnight."""
    days = ["31/12/2023", "01/01/2024", "15/06/2024", "31/12/2024", "01/01/2025"]
    frame = pd.DataFrame({"Fecha": days if kind == "text" else pd.to_datetime(days, dayfirst=True),
                          "Anio": ["2023", "2024", "2024", "2024", "2025"],
                          "Codigo": ["1999", "2024", "2030", "0100", "2024"]})
    assert frame.index[query_mask(frame, where)].tolist() == rows


def test_a_year_equalled_on_a_column_of_days_is_refused():
    frame = pd.DataFrame({"Fecha": ["31/12/2023", "15/06/2024"]})
    with pytest.raises(DataError, match=re.escape("'2024' names a year, a month or a quarter, which would be its first "
                                                  "day alone; select its days with >= and <, such as \"Fecha >= "
                                                  "'2024-01-01' and Fecha < '2025-01-01'\".")):
        query_mask(frame, "Fecha == '2024'")


DAYS = ["2024-02-29 10:00", "2024-03-01 08:00", "2024-03-15 12:00"]
SAYS_NO_DATE = ("the column 'Fecha' holds dates, and {} is no date; write a date as text, such as \"Fecha >= "
                "'2024-12-01'\" (a month: '2024-12'; a year: '2024').")


@pytest.mark.parametrize("cells", [
    pd.to_datetime(DAYS), pd.to_datetime(DAYS).tz_localize("America/Mexico_City"),
    pd.array(pd.to_datetime(DAYS).date, dtype="date32[pyarrow]"), ["29/02/2024", "01/03/2024", "15/03/2024"],
], ids=["datetime", "zoned", "arrow-date", "text"])
@pytest.mark.parametrize("where", ["Fecha > 'ayer'", "'ayer' <= Fecha", "Fecha.between('ayer', '2024-12-01')"])
def test_dates_ordered_against_a_value_that_is_no_date_say_what_to_write(cells, where):
    """"Fecha > 'ayer'" compared a text column of dates as text and selected nothing, and failed on a column of
    datetimes with pandas' "Invalid comparison between dtype=datetime64[ns] and str"."""
    frame = pd.DataFrame({"Fecha": cells, "País": ["México", "Chile", "Perú"]})
    with pytest.raises(DataError) as error:
        query_mask(frame, where)
    assert str(error.value) == f"where={where!r}: " + SAYS_NO_DATE.format("'ayer'")
    assert query_mask(frame, "País > 'N'").tolist() == [False, False, True]  # text ordered against text


@pytest.mark.parametrize("where", ["Fecha == 'ayer'", "Fecha in ['ayer']", "Fecha.isin(['ayer'])", "Fecha != 'ayer'"])
def test_datetimes_equalled_with_a_value_that_is_no_date_say_what_to_write(where):
    """A column of datetimes holds no 'ayer': "Fecha == 'ayer'" selected nothing and said nothing. A text column may
    hold it ('pendiente'), and is compared as written."""
    frame = pd.DataFrame({"Fecha": pd.to_datetime(DAYS)})
    with pytest.raises(DataError) as error:
        query_mask(frame, where)
    assert str(error.value) == f"where={where!r}: " + SAYS_NO_DATE.format("'ayer'")
    text = pd.DataFrame({"Fecha": ["29/02/2024", "01/03/2024", "ayer"]})
    assert query_mask(text, "Fecha == 'ayer'").tolist() == [False, False, True]


@pytest.mark.parametrize("where, value", [
    ("nps == 9", 9), ("nps >= 9", 9), ("9.5 < nps", 9.5), ("nps in [9, 10]", 9), ("nps not in [10]", 10),
    ("nps.isin([9, 10])", 9), ("nps.between(9, 10)", 9), ("`mi nota` == 9", 9), ("nps.between(9, 10, 'both')", 9),
])
def test_text_that_is_no_number_compared_with_a_number_says_what_to_write(where, value):
    """A column with one "N/A" stays text: "nps == 9" selected nothing, and "nps >= 9" failed with pandas' "Invalid
    comparison between dtype=str and int"."""
    frame = pd.DataFrame({"nps": ["9", "10", "N/A", "", None], "mi nota": ["9", "10", "N/A", "", None],
                          "flag": ["True", "False", "True", None, None]})
    name = "`mi nota`" if "mi nota" in where else "nps"
    with pytest.raises(DataError) as error:
        query_mask(frame, where)
    assert str(error.value) == (f"where={where!r}: the column {name.strip('`')!r} is compared with a number, and holds "
                                f"text that is no number ('N/A'); write the value in quotes to compare the text as "
                                f"written (\"{name} == '{value}'\").")
    assert query_mask(frame, "nps == '9'").tolist() == [True, False, False, False, False]
    assert query_mask(frame, "flag == 1").tolist() == [True, False, True, False, False]  # flags stay flags


@pytest.mark.parametrize("where", ["Fecha == 20240301", "Fecha > 20240301", "20240301 <= Fecha",
                                   "Fecha.between(20240301, 20240401, 'both')"])
def test_datetimes_compared_with_a_number_say_what_to_write(where):
    """"Fecha == 20240301" selected nothing, and "Fecha > 20240301" failed with pandas' "Invalid comparison"."""
    frame = pd.DataFrame({"Fecha": pd.to_datetime(DAYS)})
    with pytest.raises(DataError) as error:
        query_mask(frame, where)
    assert str(error.value) == (f"where={where!r}: the column 'Fecha' holds dates, and 20240301 is a number; write a "
                                f"date as text, such as \"Fecha >= '2024-12-01'\" (a month: '2024-12'; a year: "
                                f"'2024').")


@pytest.mark.parametrize("where, rows", [
    ("nps == 9", [True, False, False, False]), ("nps in [9, 10]", [True, False, True, False]),
    ("nps.isin([10])", [False, False, True, False]), ("nps != 9", [False, True, True, False]),
])
def test_numbers_held_as_numbers_beside_text_are_equalled_as_before(where, rows):
    """A sheet's or JSON's column holds its numbers as numbers beside an "N/A" (object dtype): "nps == 9" selected the
    9s, as pandas equals them; refusing it said to write "nps == '9'", which selects nothing there. Ordering it is
    still the one-line error (pandas failed with "'>=' not supported")."""
    frame = pd.DataFrame({"nps": pd.Series([9, "N/A", 10, None], dtype=object)})
    assert query_mask(frame, where).tolist() == rows
    with pytest.raises(DataError, match=r"holds text that is no number \('N/A'\)"):
        query_mask(frame, "nps >= 9")
    text = pd.DataFrame({"nps": pd.Series([9, "N/A", "10", None], dtype=object)})  # a 10 written as text: refused
    with pytest.raises(DataError, match="no number"):
        query_mask(text, "nps == 10")


@pytest.mark.parametrize("where", ["Fecha == 20240301", "Fecha > 20240301", "Fecha in [20240301]"])
def test_a_csv_column_of_dates_compared_with_a_number_says_to_write_a_date(where):
    """A CSV holds its dates as text: "Fecha == 20240301" was told its dates are "text that is no number" and to write
    "Fecha == '20240301'", which selects nothing, where a Parquet's datetimes were told to write a date as text."""
    frame = pd.DataFrame({"Fecha": ["2024-03-01", "15/03/2024", "2024-04-01", None]})
    with pytest.raises(DataError) as error:
        query_mask(frame, where)
    assert str(error.value) == (f"where={where!r}: the column 'Fecha' holds dates, and 20240301 is a number; write a "
                                f"date as text, such as \"Fecha >= '2024-12-01'\" (a month: '2024-12'; a year: "
                                f"'2024').")
    with pytest.raises(DataError, match=r"no number \('A12', 'B7'\)"):  # codes equalled with a number: refused
        query_mask(pd.DataFrame({"id": pd.Series(["A12", "B7"], dtype=object)}), "id == 12")


def test_a_column_whose_first_cells_are_all_dates_ordered_as_text_says_so_without_an_empty_list():
    """The cells that are no date further down than the first 100 distinct: the warning said "0 of its first 100
    distinct values read as no date ()", which says nothing of why the column is ordered as text."""
    days = [f"2024-{1 + k // 28:02d}-{1 + k % 28:02d}" for k in range(120)]
    frame = pd.DataFrame({"Fecha": days + [f"comentario {k}" for k in range(40)]})
    told = ("where: column 'Fecha' is ordered against '2024-03-01' as text, not as dates: its first 100 distinct values "
            "read as dates, and more than a tenth of all, or a code, do not.")
    with pytest.warns(UserWarning, match=f"^{re.escape(told)}$"):
        query_mask(frame, "Fecha >= '2024-03-01'")


def test_an_unknown_name_lists_long_and_many_columns_cut():
    """The columns of a 'not a column' error were listed whole: a Google Forms question of 250 characters, or
    every one of 3,000 columns, in one message."""
    question = "¿Qué tan probable es que recomiende nuestra empresa a un amigo o colega? " * 3 + "[opción]"
    wide = pd.DataFrame({question: [9, 3], **{f"Ítem {i:04d}": [1, 2] for i in range(3000)}})
    with pytest.raises(DataError) as error:
        query_mask(wide, "`Recomendacion` > 6")
    message = str(error.value)
    assert question not in message and "... amigo o colega? [opción]'" in message
    assert message.endswith("(3001 in all).") and len(message) < 2000


def test_a_name_typed_with_plain_quotes_and_dashes_finds_a_header_with_typographic_ones():
    """--nps found "Recomendación (0 – 10)" and "O’Higgins" typed with a plain dash and apostrophe, and the same
    names in --where were 'not a column of this table': a filter finds its columns as the options do."""
    frame = pd.DataFrame({"Recomendación (0 – 10)": [9, 3, 10], "O’Higgins": ["a", "b", "a"]})
    assert list(query_mask(frame, "`Recomendación (0 - 10)` > 5")) == [True, False, True]
    assert list(query_mask(frame, "`O'Higgins` == 'a'")) == [True, False, True]
    twice = frame.assign(**{"Recomendación (0 - 10)": [1, 1, 1]})  # two such headers: neither is picked
    with pytest.raises(DataError, match="is not a column"):
        query_mask(twice, "`recomendacion (0 — 10)` > 5")


def test_an_unknown_long_name_is_quoted_cut_on_one_line():
    """The name that is no column was quoted whole (a 250-character survey question), as the columns were listed."""
    question = "¿Qué tan probable es que recomiende nuestra empresa a un amigo o colega? " * 4
    with pytest.raises(DataError) as error:
        query_mask(pd.DataFrame({"nps": [9, 3]}), f"`{question}` > 6")
    assert f"the name {question[:80]!r}... ({len(question)} characters) is not a column" in str(error.value)
