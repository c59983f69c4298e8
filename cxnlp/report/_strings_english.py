"""The English words of the HTML report: ``strings.STRINGS["en"]``.

Kept apart from ``strings.py`` because each language's table is some 300 lines: one file per language keeps
each under the ~400-line limit and lets a translator read one language whole. ``strings.py`` says how the
report fills these strings; the Spanish table (``_strings_spanish.py``) has the same keys.
"""

from __future__ import annotations


ENGLISH = {
    "eyebrow": "Voice of the customer", "title": "Customer experience report",
    "responses": "{n} responses", "comments": "{n} classified comments",
    "pct": "%",
    "no_value": "no value",  # a cell's dash, read aloud (hidden on screen)
    "responses_one": "{n} response", "comments_one": "{n} classified comment",
    "comments_not_classified": "comments not classified (the table has no cx_status column)",
    "unclassified": "Not classified (cx_status): {parts}.",
    "status_empty": "{n} blank", "status_no_comment": "{n} without a comment (“N/A”, “nada”…)",
    "status_not_spanish": "{n} not in Spanish", "status_other": "{n} “{status}”",
    "no_verbatims_unclassified": "No classified comment to quote ({parts}).",
    "generated": "Generated on {date} with cxnlp {version}. Confidence intervals at 95%.",
    "header_stray": "not counting {n} responses from {periods}, left out of the trend (mistyped dates?)",
    "header_stray_one": "not counting {n} response from {periods}, left out of the trend (a mistyped date?)",
    "dates_dayfirst": "dates read day first (05/07/2024: 5 July), as none tells the order",
    "promoters": "promoters", "passives": "passives", "detractors": "detractors",
    "ci": "95% CI", "ci_range": "95% CI: {lo} to {hi}", "excluded": "Excluded", "blank": "{n} blank", "out_of_range": "{n} out of range",
    "non_numeric": "{n} not numeric", "non_numeric_one": "{n} not numeric",
    "excluded_many": "{pct}% of the answers do not count in the metric: check the column and its scale.",
    "excluded_codes": "{pct}% of the answers ({codes}) are “don't know / no answer” codes, not scores: "
                      "rightly left out of the metric. Blank them in the column to count them as blank, rather "
                      "than widen the scale to take them in.",
    "all_blank": "Every answer is blank: check that it is the right column.",
    "lower_half_nps": "All {n} valid answers in “{column}” run from {lo} to 5, the lower half of the NPS scale {scale}, "
                      "so every one is a detractor: is it the right column?",
    "lower_half": "All {n} valid answers in “{column}” run from {lo} to 5, the lower half of the {metric} scale "
                  "{scale}: it looks like a 1–5 scale; check the column and its scale.",
    "nps_desc_net": "Net Promoter Score, {low} to {high}",
    "metric_desc_net": "{low} to {high}", "metric_desc_mean": "mean ({lo}–{hi})",
    "metric_desc_share": "% of answers {cut}–{hi} (of {lo}–{hi})",
    "csat_desc_share": "% satisfied ({cut}–{hi} of {lo}–{hi})", "csat_desc_mean": "mean satisfaction ({lo}–{hi})",
    "ces_desc_mean": "mean ease ({lo}–{hi}; higher is easier)", "ces_desc_share": "% who found it easy ({cut}–{hi} of {lo}–{hi})",
    "no_metrics": "No score columns (NPS, CSAT or CES) were given.",
    "drivers_title": "What moves {metric}",
    "drivers_lead": "Impact of each theme on overall {metric}: {metric} over all responses minus {metric} without "
                    "the responses that mention the theme. Red bars pull the score down: without those responses, "
                    "{metric} would rise; green bars push it up: without them, it would fall.",
    "impact_axis": "Impact on {metric} (points)",
    "sig": "significant (p < 0.05)", "nosig": "not significant",
    "matrix_sig": "effect other than 0 (its 95% CI excludes 0)", "matrix_nosig": "its 95% CI includes 0", "small": "fewer than {n} responses",
    "small_one": "fewer than {n} response",
    "drivers_cols": ["Theme", "{count}", "%"], "metric_col": "{metric} (95% CI)", "impact_col": "Impact",
    "impact_metric_col": "Impact {metric}", "net_col": "Net sent.", "badge_impact": "impact {value} pts",
    "responses_col": "Responses", "period_col": "Period", "chart_data": "Chart data", "drivers_table": "Metrics by theme", "kpis_title": "Headline metrics",
    "drivers_sig_note": "● significant impact (p < 0.05).",
    "drivers_note": "In italics, themes with fewer than {n} responses. In brackets, the 95% confidence interval.",
    "drivers_note_one": "In italics, themes with fewer than {n} response. In brackets, the 95% confidence interval.",
    "drivers_share": "%: of the {n} responses with {what}.",
    "drivers_share_all": "%: of all {n} responses.",
    "drivers_share_one": "%: of the one response with {what}.", "drivers_share_all_one": "%: of the one response.",
    "drivers_no_impact": "No theme has an impact that can be computed (every response is in the same theme, or there "
                         "are no {metric} scores without it), so there is no chart; the table shows each theme with “–”.",
    "drivers_chart_note": "The chart shows {shown} of the {total} themes: at most {limit}, those of largest impact "
                          "(for or against), and none without an impact. The table shows them all.",
    "sentiment_title": "Sentiment by touchpoint",
    "sentiment_lead": "Sentiment of the comments that mention each touchpoint, from best to worst net sentiment "
                      "(% positive − % negative).",
    "own_other": "Other ({n})",
    "own_grouped": "The chart draws the {n} least frequent sentiment labels of your own as one part, “{other}” "
                   "({names}): only the {limit} most frequent have a colour of their own. The table shows each one.",
    "own_grouped_one": "The chart draws the least frequent sentiment label of your own as “{other}” ({names}): "
                       "only the {limit} most frequent have a colour of their own. The table shows each one.",
    "areas_title": "Areas: CX, UX, UI and customer service",
    "areas_lead": "What each comment is about: the brand relationship (CX), ease of use (UX), visual design (UI), "
                  "or dealing with people and support channels.",
    "comments_axis": "Comments", "of_comments": "of comments", "net": "Net sentiment",
    "trend_title": "Trend by {period}", "trend_title_none": "Trend",
    "trend_lead": "Each metric by period, with its 95% confidence interval (shaded band).",
    "trend_lead_net": "Net sentiment of the comments by period (% positive − % negative), as no metric has answers "
                      "to follow.",
    "no_dates": "No date column was found; name it with --date to see the trend.",
    "trend_no_rows": "There are no responses to follow by period.",
    "trend_nothing": "Nothing to follow by period: no metric has a valid answer and no comment has a sentiment "
                     "(column cx_sentiment).",
    "no_readable_dates": "None of the {n} dates in column “{column}” could be read (blank, unreadable or outside "
                         "1900–2100), so there is no trend.{examples} Dates such as 2024-07-15, 15/07/2024, 15-Jul-2024 "
                         "or 15 de julio de 2024 are read, and Excel serial numbers.",
    "no_readable_dates_one": "The one date in column “{column}” could not be read (blank, unreadable or outside "
                             "1900–2100), so there is no trend.{examples} Dates such as 2024-07-15, 15/07/2024, "
                             "15-Jul-2024 or 15 de julio de 2024 are read, and Excel serial numbers.",
    "unreadable_examples": " Not read: {values}.", "quoted": "“{}”",
    "date_excluded": "{n} responses without a readable date (or outside 1900–2100) are left out of the trend.",
    "date_excluded_one": "{n} response without a readable date (or outside 1900–2100) is left out of the trend.",
    "trend_gaps": "{n} periods without responses ({periods}) are left blank in the chart, with no line across them.",
    "trend_gaps_one": "{n} period without responses ({periods}) is left blank in the chart, with no line across it.",
    "trend_unanswered": "{metrics} have no valid answer in any period, so they are not drawn.",
    "trend_unanswered_one": "{metrics} has no valid answer in any period, so it is not drawn.",
    "trend_cut": "{n} periods without responses ({ranges}) are not drawn: the axis is cut there (⋯), as blank they "
                 "would take more room than the periods with responses. Responses in each stretch: {parts}.",
    "trend_stray": "{n} responses from {periods}, periods with under 5% of a typical period's responses (a "
                   "mistyped date?), are left out of the trend.",
    "trend_stray_one": "{n} response from {periods}, a period with under 5% of a typical period's responses (a "
                       "mistyped date?), is left out of the trend.",
    "heat_title": "{metric} by theme and period",
    "heat_note": "▲ and green: above the overall value ({centre}); ▼ and red: below. Under each value, its responses "
                 "(n); in italics, cells with fewer than {n}.",
    "heat_note_dated": "▲ and green: above the value of the responses dated in the chart ({centre}; the overall "
                       "value, with the others, is {overall}); ▼ and red: below. Under each value, its responses (n); "
                       "in italics, cells with fewer than {n}.",
    "heat_periods": "The table shows the last {shown} of the {total} periods; the chart shows them all.",
    "heat_side": {1: "above", -1: "below"},
    "theme": "Theme", "periods": {"week": "week", "month": "month", "quarter": "quarter"},
    "verbatims_title": "What customers say",
    "verbatims_lead": "Three representative comments for each theme that weighs most, for or against. "
                      "The part about the theme is highlighted.",
    "no_verbatims": "No theme has enough responses to quote.",
    "no_verbatims_text": "No quotes: the table has no comment column (nor cx_segments); name it with --text (text=).",
    "no_verbatims_sentiment": "No quotes: they are chosen by their sentiment, and the table has no cx_sentiment "
                              "column.",
    "no_verbatims_sentiment_blank": "No quotes: they are chosen by their sentiment, and the cx_sentiment column is "
                                    "blank in every classified comment.",
    "no_verbatims_sentiment_none": "No quotes: they are chosen by their sentiment, and no classified comment is "
                                   "negative, positive or mixed in the cx_sentiment column.",
    "no_verbatims_blank": "No quotes: no response has a value in {columns}, so there are no themes.",
    "drivers_blank": "It cannot be computed: no response has a value in {columns}, so there are no themes.",
    "score": "Score", "method_title": "Method",
    "method_metrics_net": "<b>{metric}</b>: % promoters (9–10) minus % detractors (0–6) over all 0–10 answers, "
                          "passives included.",
    "method_metrics_scale": "<b>{metric}</b> on the scale shown above.",
    "method_metrics_net_own": "<b>{metric}</b>: mean of {points} per answer, over the answers {lo} to {hi}.",
    "list_and": " and ",
    "method_metrics": "Blank, out-of-range and non-numeric answers are excluded from each metric and counted.",
    "method_ci": "95% confidence intervals that keep their coverage with few answers: {parts}.",
    "method_ci_net": "for {metrics}, adjusted Wald (3/4 of a promoter and 3/4 of a detractor added, n + 3; Rocks, "
                     "2016)",
    "method_ci_net_own": "for {metrics}, adjusted Wald (3/4 of an answer added at each end of the range of its "
                         "scores and 3/2 at its middle, n + 3; Rocks, 2016)",
    "method_ci_share": "for percentages ({metrics}), Wilson", "method_ci_mean": "for means ({metrics}), Student's t",
    "method_impact": "<b>Impact</b> of a theme = metric over all responses − metric without the responses that "
                     "mention it. It is <b>significant</b> when the theme differs from the rest by a two-sample "
                     "pooled-variance z-test (p < 0.05), not corrected for multiple comparisons.",
    "method_themes": "Themes come from the automatic classification of each comment (cxnlp); a comment counts in "
                     "every theme it mentions. Responses without a comment count in the overall metrics.",
    "method_themes_none": "Without themes (by=None), the table has one row: every response, with a comment or "
                          "without.",
    "method_themes_columns": "Themes are the values of {columns} in each response. Responses with a blank cell count "
                             "in the overall metrics.",
    "method_themes_both": "Themes combine the automatic classification of each comment (cxnlp) with the values of "
                          "{columns}; a comment counts in every theme it mentions. Responses without a comment or with "
                          "a blank cell count in the overall metrics.",
    "method_min_n": "Themes with fewer than {n} responses are shown but marked: their values are unreliable.",
    "method_small": "Themes with fewer than {n} responses: {themes}.",
    "method_min_n_one": "Themes with fewer than {n} response are shown but marked: their values are unreliable.",
    "method_small_one": "Themes with fewer than {n} response: {themes}.",
    "keydrivers_title": "Priorities: what drives {metric}, other themes held fixed",
    "keydrivers_lead": "<b>Effect</b> of each theme: how many {metric} points a response changes by when its comment "
                       "mentions the theme, the other themes held fixed (linear regression). The impact above mixes "
                       "themes that come together; the effect separates them. <b>Importance</b>: the theme's part of "
                       "the explained variation in {metric} ({method}).",
    "keydrivers_lead_responses": "<b>Effect</b> of each theme: how many {metric} points a response changes by when "
                                 "it is in the theme, the other themes held fixed (linear regression). The impact "
                                 "above mixes themes that come together; the effect separates them. "
                                 "<b>Importance</b>: the theme's part of the explained variation in {metric} "
                                 "({method}).",
    "keydrivers_unidentified": "They cannot be computed: the themes cannot be told apart from each other and from the "
                               "responses that mention none (e.g. mutually exclusive themes, as one value of a column "
                               "per response), so the effect of each is not identified. Each theme's impact, above, "
                               "does compare them.",
    "keydrivers_none_ranked": "They cannot be computed: no theme has at least {n} responses that mention it and as "
                              "many that do not (a theme that every response mentions has nothing to be compared "
                              "with).",
    "keydrivers_none_ranked_one": "They cannot be computed: no theme has at least {n} response without being in all of "
                                  "them (a theme that every response mentions has nothing to be compared with).",
    "keydrivers_constant": "They cannot be computed: no theme explains any of {metric} (it is the same in every "
                           "response, or the same on average with and without each theme).",
    "keydrivers_few": "They cannot be computed: too few responses with a theme and a valid {metric}.",
    "keydrivers_no_themes": "They cannot be computed: without themes (by=None) every response is in one row, and there "
                            "is nothing to compare it with.",
    "keydrivers_too_many": "They cannot be computed: the model takes at most {most} themes, and more have the minimum "
                           "of responses. Raise the minimum (--min-n), or compare the themes by their impact, above.",
    "keydrivers_blank": "They cannot be computed: no response has a value in {columns}.",
    "keydrivers_twins": "They cannot be computed: the same responses mention “{a}” and “{b}”, so their effects cannot "
                        "be told apart. Merge them, or compare them by their impact, above.",
    "importance_shapley": "Shapley values", "importance_relative_weights": "relative weights",
    "matrix_x": "% of comments that mention the theme", "matrix_y": "Effect on {metric} (points)",
    "quadrants": {"fix_first": "Fix first", "watch": "Watch", "maintain": "Maintain",
                  "low_priority": "Low priority"},
    "keydrivers_cols": ["#", "Theme", "n", "%", "Effect on {metric} (95% CI)", "Importance (95% CI)",
                        "Simple impact", "Quadrant"],
    "keydrivers_table": "Effect, importance and impact of each theme on {metric}",
    "matrix_shown": "The matrix shows the {shown} most important of the model's {total} themes; the table shows "
                    "them all.",
    "keydrivers_sig_note": "● effect other than 0: its 95% confidence interval (bootstrap, {boot} resamples) excludes "
                           "0.",
    "keydrivers_differs_note": "≠ the simple impact and the effect disagree: the theme tends to come with others that "
                               "explain the difference.",
    "keydrivers_note": "In italics, themes with fewer than {n} responses: shown, but left out of the model. Model R²: "
                       "{r2}.",
    "keydrivers_note_one": "In italics, themes with fewer than {n} response: shown, but left out of the model. "
                           "Model R²: {r2}.",
    "keydrivers_share": "n and %: of the {n} responses in the model, those with a valid {metric} answer.",
    "keydrivers_share_comments": "n and %: of the {n} responses in the model, those with a classified comment and a "
                                 "valid {metric} answer.",
    "matrix_x_responses": "% of responses that mention the theme",
    "keydrivers_in_all": "Also in italics, themes in every response: there is nothing to compare them with, so they "
                         "are left out of the model.",
    "keydrivers_few_without": "Also in italics, themes that all responses but fewer than {n} mention: too few are "
                              "left to compare them with, so they are left out of the model.",
    "keydrivers_withheld": "No interval (–): defined in fewer than {share}% of the resamples (too few respondents, or too "
                           "few answers that differ).",
    "changes_title": "What changed: {before} → {after}", "changes_table": "Each theme in {before} and in {after}",
    "changes_heading": "What changed",
    "changes_with_theme": "a comment classified in a theme", "changes_with_value": "a value in {columns}",
    "changes_with_both": "a comment classified in a theme and a value in {columns}",
    "changes_passed_blank": "{periods}: {n} responses, with column {column} blank in all of them.",
    "changes_passed_blank_one": "{periods}: {n} response, with column {column} blank.",
    "changes_passed_bare": "{periods}: {n} responses, none with {what}.",
    "changes_passed_bare_one": "{periods}: {n} response, without {what}.",
    "changes_passed_few": "{periods}: {n} responses, only {themed} with {what}, under 5% of a typical period's.",
    "changes_passed_stray": "{periods}: {n} responses, under 5% of a typical period's (a mistyped date?).",
    "changes_passed_stray_one": "{periods}: {n} response, under 5% of a typical period's (a mistyped date?).",
    "changes_future": "{period} ({n} responses) starts after today: are its dates mistyped? It is compared all the "
                      "same.",
    "changes_future_one": "{period} ({n} response) starts after today: is its date mistyped? It is compared all the "
                          "same.",
    "changes_compared": "Comparing {before} and {after}, the last two periods that can be compared.",
    "changes_nothing": "There are no two periods to compare.",
    "changes_month_labels": "Every date in {column} is the first of its month (months, such as “2024-05”?): a week "
                            "does not split a month, so weeks are not compared: compare months "
                            "(period=\"month\", --period month).",
    "changes_lead": "Change of each theme between the two periods. ↑ and ↓ mark changes that are significant after "
                    "correcting for multiple comparisons (Benjamini-Hochberg over the table's {tests} tests, "
                    "q < {alpha}); in grey, changes that may be chance.",
    "changes_lead_one": "Change of each theme between the two periods. ↑ and ↓ mark changes that are significant after "
                        "correcting for multiple comparisons (Benjamini-Hochberg over the table's one test, "
                        "q < {alpha}); in grey, changes that may be chance.",
    "changes_untested": "No change can be tested: every theme has fewer than {n} {unit} in one of the two periods. "
                        "The table shows the figures untested.",
    "changes_more": "And {n} more notable changes, marked ↑ or ↓ in the table.",
    "changes_more_one": "And {n} more notable change, marked ↑ or ↓ in the table.",
    "changes_notable": "Notable changes", "changes_none": "No significant, non-tiny change between the two periods.",
    "changes_tiny": "Changes under {sizes} count as tiny; they are not highlighted even when significant.",
    "changes_tiny_share": "{value} percentage points", "changes_tiny_points": "{value} points of {names}",
    "changes_tiny_points_one": "{value} point of {names}",
    "changes_tiny_net_sentiment": "net sentiment", "changes_tiny_names_or": " or ", "or": " or ",
    "share_measure": "% of comments", "share_measure_responses": "% of responses", "points": "pts",
    "untested_unit": "comments", "untested_unit_responses": "responses",
    "untested_unit_one": "comment", "untested_unit_responses_one": "response",
    "changes_small": "In italics, figures with fewer than {n} observations in a period: not tested.",
    "changes_small_one": "In italics, figures with fewer than {n} observation in a period: not tested.",
    "method_drivers": "<b>Effect</b> of a theme: the coefficient of its 0/1 indicator in a linear regression of each "
                      "response's value ({value}) on every theme with at least "
                      "{n} responses. <b>Importance</b>: R² split between the themes ({method}). Intervals: 2.5th and "
                      "97.5th percentiles of {boot} bootstrap resamples of the responses (an effect's widened to hold "
                      "the classical least-squares one where that is wider).",
    "method_drivers_one": "<b>Effect</b> of a theme: the coefficient of its 0/1 indicator in a linear regression of "
                          "each response's value ({value}) on every theme with at least {n} response. "
                          "<b>Importance</b>: R² split between the themes ({method}). Intervals: 2.5th and 97.5th "
                          "percentiles of {boot} bootstrap resamples of the responses (an effect's widened to hold "
                          "the classical least-squares one where that is wider).",
    "method_drivers_net": "{metric}: +100 promoter, 0 passive, −100 detractor",
    "method_drivers_net_own": "{metric}: {points}", "net_points_any": "{high}, {mid} or {low} by the answer",
    "method_drivers_share": "{metric}: 100 when the answer counts in its percentage, 0 otherwise",
    "method_drivers_mean": "{metric}: the answer on its scale",
    "method_changes": "<b>What changed</b>: {tests}; with the Benjamini-Hochberg correction over every test of the "
                      "table.",
    "method_changes_share": "for the {share}, the two-proportion z-test",
    "method_changes_means": "for {measures}, a z-test with the larger of two standard errors, that of both periods' "
                            "variance pooled and Welch's",
    "method_changes_net": "net sentiment",
    "method_review": "{pct}% of comments were classified with low confidence and are worth reviewing.",
    "method_partial": "Partial responses: {n} of {total} rows did not finish the survey ({column} {mark}); they are "
                      "kept and counted as complete ones. To leave them out, remove those rows from the file.",
    "method_partial_one": "Partial responses: {n} of {total} rows did not finish the survey ({column} {mark}); it is "
                          "kept and counted as a complete one. To leave it out, remove that row from the file.",
    "signals_title": "Signals: {signals}",
    "signals_title_one": "Signal: {signals}",
    "signals_lead": "Signals the model finds in each comment: {signals}.",
    "signals_lead_one": "Signal the model finds in each comment: {signals}.",
    "signals_lead_all": "Four signals the model finds in each comment: the effort the customer describes, the "
                        "emotions they express, whether they say they are leaving (churn risk), and whether they "
                        "threaten to take the case to a consumer authority, a lawyer, the press or social media "
                        "(escalation).",
    "signal_titles": {"effort": "effort", "emotions": "emotions", "churn_risk": "churn", "escalation": "escalation"},
    "signal_leads": {"effort": "the effort the customer describes", "emotions": "the emotions they express",
                     "churn_risk": "whether they say they are leaving (churn risk)",
                     "escalation": "whether they threaten to take the case to a consumer authority, a lawyer, the "
                                   "press or social media (escalation)"},
    "signal_methods": {"effort": "effort", "emotions": "emotions", "churn_risk": "churn risk",
                       "escalation": "escalation"},
    "signals_effort_title": "{signals} by theme", "signals_comments": "Comments",
    "signals_effort_high": "High effort", "signals_effort_low": "Low effort",
    "signals_ces_high": "{metric}, high effort", "signals_ces_other": "{metric}, the rest",
    "signals_churn_risk": "Churn risk", "signals_escalation": "Escalation",
    "signals_unreadable": "Cells that could not be read, left out of the counts: {cells}.",
    "signals_note_effort": "Effort: % of the theme's comments.",
    "signals_note_flags": "Churn risk and escalation: number of comments (and their %).",
    "signals_note_churn_risk": "Churn risk: number of comments (and their %).",
    "signals_note_escalation": "Escalation: number of comments (and their %).",
    "signals_note_ces": "{metric}: in parentheses, the answers behind each value.",
    "signals_note_small": "In italics, themes with fewer than {n} responses.",
    "signals_note_small_one": "In italics, themes with fewer than {n} response.",
    "signals_corr": "Spearman correlation between effort (high = 1, no signal = 0, low = −1) and the {metric} answer: "
                    "<b>{rho}</b> (95% CI: {lo} to {hi}; n = {n}). When negative, customers who describe more effort "
                    "give lower {metric} answers.",
    "signals_corr_no_ci": "Spearman correlation between effort (high = 1, no signal = 0, low = −1) and the {metric} "
                          "answer: <b>{rho}</b> ({why}; n = {n}). When negative, customers who describe more effort "
                          "give lower {metric} answers.",
    "signals_no_ci_few": "no 95% CI with 3 comments or fewer",
    "signals_no_ci_perfect": "no 95% CI for a correlation of −1 or 1, where Fisher's z is infinite",
    "signals_corr_none": "The correlation between effort and {metric} cannot be computed: one of them does not vary "
                         "(n = {n}).",
    "signals_corr_few": "The correlation between effort and {metric} cannot be computed: {n} labelled comments have "
                        "both an effort value and a valid {metric} answer.",
    "signals_corr_few_one": "The correlation between effort and {metric} cannot be computed: only {n} labelled comment "
                            "has both an effort value and a valid {metric} answer.",
    "signals_emotions_title": "Emotions by theme",
    "signals_emotions_note": "% of each theme's comments that express each emotion (a comment may express several or "
                             "none). The stronger the colour, the more frequent.",
    "signals_emotions_small": "In italics, themes with fewer than {n} responses, not reliable: {themes}.",
    "signals_emotions_small_one": "In italics, themes with fewer than {n} response, not reliable: {themes}.",
    "signals_read_title": "To read today",
    "signals_read_lead": "{escalation} and {churn}. Escalations first; {order}.",
    "signals_read_redacted": "Personal data is replaced by its kind, named in Spanish as the comments are: [TELÉFONO] "
                             "(phone), [DOCUMENTO] (ID), [TARJETA] (card), [CUENTA] (account), [NOMBRE] (name), "
                             "[DIRECCIÓN] (address), [EMAIL].",
    "signals_read_newest": "newest first within each", "signals_read_file_order": "within each, in the file's order "
                                                                                  "(no dates)",
    "signals_escalate": "{n} comments threaten to escalate", "signals_escalate_one": "{n} comment threatens to escalate",
    "signals_leave": "{n} say they are leaving", "signals_leave_one": "{n} says they are leaving",
    "signals_read_more": "And {n} more ({escalation} escalation, {churn} churn risk): filter the classified file on "
                         "cx_escalation = yes or cx_churn_risk = yes.",
    "signals_read_none": "No comment threatens to escalate or says it is leaving.",
    "signals_read_lead_alone": "{count}; {order}.", "signals_read_newest_alone": "newest first",
    "signals_read_file_order_alone": "in the file's order (no dates)",
    "signals_read_none_escalation": "No comment threatens to escalate.",
    "signals_read_none_churn_risk": "No comment says it is leaving.",
    "signals_read_more_escalation": "And {n} more: filter the classified file on cx_escalation = yes.",
    "signals_read_more_churn_risk": "And {n} more: filter the classified file on cx_churn_risk = yes.",
    "signals_no_text": "(no text)",
    "method_signals": "<b>Signals</b>: {signals}, found by the model in each comment. Percentages are of the theme's "
                      "comments with the signal classified.",
    "method_signals_one": "<b>Signal</b>: {signals}, found by the model in each comment. Percentages are of the "
                          "theme's comments with the signal classified.",
    "method_signals_corr": "Effort–{metric} correlation: Spearman's rho (mean ranks for ties), interval by Fisher's z "
                           "with the Bonett–Wright variance.",
    "months": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
