"""The Spanish words of the HTML report: ``strings.STRINGS["es"]``.

Kept apart from ``strings.py`` because each language's table is some 300 lines: one file per language keeps
each under the ~400-line limit and lets a translator read one language whole. ``strings.py`` says how the
report fills these strings; the English table (``_strings_english.py``) has the same keys.
"""

from __future__ import annotations


SPANISH = {
    "eyebrow": "Voz del cliente", "title": "Informe de experiencia de cliente",
    "responses": "{n} respuestas", "comments": "{n} comentarios clasificados",
    "pct": "\u00a0%",  # "73\u00a0%": Spanish writes a (non-breaking) space before the sign, as in "IC 95\u00a0%"
    "no_value": "sin valor",  # a cell's dash, read aloud (hidden on screen)
    "responses_one": "{n} respuesta", "comments_one": "{n} comentario clasificado",
    "comments_not_classified": "comentarios sin clasificar (la tabla no tiene columna cx_status)",
    # Comments left out of every theme, by their cx_status (docs/labels.md): the reader is told why, not only how many.
    "unclassified": "Sin clasificar (cx_status): {parts}.",
    "status_empty": "{n} en blanco", "status_no_comment": "{n} sin comentario («N/A», «nada»…)",
    "status_not_spanish": "{n} no en español", "status_other": "{n} «{status}»",
    "no_verbatims_unclassified": "No hay comentarios clasificados que citar ({parts}).",
    "generated": "Generado el {date} con cxnlp {version}. Intervalos de confianza al 95\u00a0%.",
    "header_stray": "sin {n} respuestas de {periods}, fuera de la evolución (¿fechas mal escritas?)",
    "header_stray_one": "sin {n} respuesta de {periods}, fuera de la evolución (¿una fecha mal escrita?)",
    "dates_dayfirst": "fechas leídas con el día primero (05/07/2024: 5 de julio), pues ninguna indica el orden",
    "promoters": "promotores", "passives": "pasivos", "detractors": "detractores",
    "ci": "IC 95\u00a0%", "ci_range": "IC 95\u00a0%: {lo} a {hi}", "excluded": "Excluidas", "blank": "{n} en blanco", "out_of_range": "{n} fuera de escala",
    "non_numeric": "{n} no numéricas", "non_numeric_one": "{n} no numérica",
    "excluded_many": "{pct}\u00a0% de las respuestas quedan fuera del indicador: revise la columna y su escala.",
    "excluded_codes": "{pct}\u00a0% de las respuestas ({codes}) son códigos de «no sabe / no contesta», no "
                      "puntuaciones: quedan fuera del indicador, como deben. Para contarlas como en blanco, déjelas "
                      "en blanco en la columna, en lugar de ampliar la escala.",
    "all_blank": "Todas las respuestas están en blanco: revise que sea la columna correcta.",
    "lower_half_nps": "Las {n} respuestas válidas de «{column}» van de {lo} a 5, la mitad inferior de la escala "
                      "{scale} del NPS, así que todas son detractores: ¿es la columna correcta?",
    "lower_half": "Las {n} respuestas válidas de «{column}» van de {lo} a 5, la mitad inferior de la escala {scale} "
                  "del {metric}: parece una escala de 1 a 5; revise la columna y su escala.",
    "nps_desc_net": "Net Promoter Score, de {low} a {high}",
    "metric_desc_net": "de {low} a {high}", "metric_desc_mean": "media ({lo}–{hi})",
    "metric_desc_share": "% de respuestas {cut}–{hi} (de {lo}–{hi})",
    "csat_desc_share": "% de satisfechos ({cut}–{hi} de {lo}–{hi})", "csat_desc_mean": "satisfacción media ({lo}–{hi})",
    "ces_desc_mean": "facilidad media ({lo}–{hi}; más alto, más fácil)", "ces_desc_share": "% que lo encontró fácil ({cut}–{hi} de {lo}–{hi})",
    "no_metrics": "No se indicaron columnas de puntuación (NPS, CSAT o CES).",
    "drivers_title": "Qué mueve el {metric}",
    "drivers_lead": "Impacto de cada tema en el {metric} global: el {metric} de todas las respuestas menos el {metric} "
                    "sin las que mencionan el tema. Las barras rojas restan puntos: sin esas respuestas, el {metric} "
                    "subiría; las verdes suman: sin ellas, bajaría.",
    "impact_axis": "Impacto en el {metric} (puntos)",
    "sig": "significativo (p < 0,05)", "nosig": "no significativo",
    "matrix_sig": "efecto distinto de 0 (su IC 95\u00a0% no incluye el 0)", "matrix_nosig": "su IC 95\u00a0% incluye el 0", "small": "menos de {n} respuestas",
    "small_one": "menos de {n} respuesta",
    "drivers_cols": ["Tema", "{count}", "%"], "metric_col": "{metric} (IC 95\u00a0%)", "impact_col": "Impacto",
    "impact_metric_col": "Impacto {metric}", "net_col": "Sent. neto", "badge_impact": "impacto {value} pts",
    "responses_col": "Respuestas", "period_col": "Periodo", "chart_data": "Datos del gráfico", "drivers_table": "Indicadores por tema", "kpis_title": "Indicadores principales",
    "drivers_sig_note": "● impacto significativo (p < 0,05).",
    "drivers_note": "En cursiva, temas con menos de {n} respuestas. Entre corchetes, el intervalo de confianza al "
                    "95\u00a0%.",
    "drivers_note_one": "En cursiva, temas con menos de {n} respuesta. Entre corchetes, el intervalo de confianza al "
                        "95\u00a0%.",
    "drivers_share": "%: de las {n} respuestas con {what}.",
    "drivers_share_all": "%: del total de {n} respuestas.",
    "drivers_share_one": "%: de la única respuesta con {what}.", "drivers_share_all_one": "%: de la única respuesta.",
    "drivers_no_impact": "Ningún tema tiene un impacto calculable (todas las respuestas están en el mismo tema, o no "
                         "hay puntuaciones de {metric} sin él), así que no hay gráfico; la tabla muestra cada tema con «–».",
    "drivers_chart_note": "El gráfico muestra {shown} de los {total} temas: como mucho {limit}, los de mayor impacto "
                          "(a favor o en contra), y ninguno sin impacto calculable. La tabla los muestra todos.",
    "sentiment_title": "Sentimiento por punto de contacto",
    "sentiment_lead": "Reparto del sentimiento de los comentarios que mencionan cada punto de contacto, "
                      "ordenados de mejor a peor sentimiento neto (% positivos − % negativos).",
    "own_other": "Otras ({n})",
    "own_grouped": "El gráfico reúne en «{other}» las {n} etiquetas de sentimiento propias menos frecuentes "
                   "({names}): solo las {limit} más frecuentes tienen un color propio. La tabla las muestra una a "
                   "una.",
    "own_grouped_one": "El gráfico dibuja como «{other}» la etiqueta de sentimiento propia menos frecuente "
                       "({names}): solo las {limit} más frecuentes tienen un color propio. La tabla las muestra una "
                       "a una.",
    "areas_title": "Áreas: CX, UX, UI y atención al cliente",
    "areas_lead": "De qué trata cada comentario: la relación con la marca (CX), la facilidad de uso (UX), "
                  "el diseño visual (UI) o el trato con personas y canales de atención.",
    "comments_axis": "Comentarios", "of_comments": "de los comentarios", "net": "Sentimiento neto",
    "trend_title": "Evolución por {period}", "trend_title_none": "Evolución",
    "trend_lead": "Valor de cada indicador por periodo, con su intervalo de confianza al 95\u00a0% (banda sombreada).",
    "trend_lead_net": "Sentimiento neto de los comentarios por periodo (% positivos − % negativos), a falta de un "
                      "indicador con respuestas.",
    "no_dates": "No se encontró una columna de fecha; indíquela con --date para ver la evolución.",
    "trend_no_rows": "No hay respuestas que seguir por periodo.",
    "trend_nothing": "Nada que seguir por periodo: ningún indicador tiene respuestas válidas y ningún comentario "
                     "tiene sentimiento (columna cx_sentiment).",
    "no_readable_dates": "Las {n} fechas de la columna «{column}» no se pudieron leer (vacías, ilegibles o fuera de "
                         "1900–2100), así que no hay evolución.{examples} Se leen fechas como 2024-07-15, 15/07/2024, "
                         "15-jul-2024 o 15 de julio de 2024, y números de serie de Excel.",
    "no_readable_dates_one": "La única fecha de la columna «{column}» no se pudo leer (vacía, ilegible o fuera de "
                             "1900–2100), así que no hay evolución.{examples} Se leen fechas como 2024-07-15, "
                             "15/07/2024, 15-jul-2024 o 15 de julio de 2024, y números de serie de Excel.",
    "unreadable_examples": " Sin leer: {values}.", "quoted": "«{}»",
    "date_excluded": "{n} respuestas sin fecha legible (o fuera de 1900–2100) quedan fuera de la evolución.",
    "date_excluded_one": "{n} respuesta sin fecha legible (o fuera de 1900–2100) queda fuera de la evolución.",
    "trend_gaps": "{n} periodos sin respuestas ({periods}): quedan en blanco en el gráfico, sin línea que los cruce.",
    "trend_gaps_one": "{n} periodo sin respuestas ({periods}): queda en blanco en el gráfico, sin línea que lo cruce.",
    "trend_unanswered": "{metrics} no tienen respuestas válidas en ningún periodo: no se dibujan.",
    "trend_unanswered_one": "{metrics} no tiene respuestas válidas en ningún periodo: no se dibuja.",
    "trend_cut": "{n} periodos sin respuestas ({ranges}) no se dibujan: el eje se corta ahí (⋯), porque en blanco "
                 "ocuparían más que los periodos con respuestas. Respuestas de cada tramo: {parts}.",
    "trend_stray": "{n} respuestas de {periods}, periodos con menos del 5\u00a0% de las respuestas de un periodo típico "
                   "(¿una fecha mal escrita?), quedan fuera de la evolución.",
    "trend_stray_one": "{n} respuesta de {periods}, un periodo con menos del 5\u00a0% de las respuestas de un periodo "
                       "típico (¿una fecha mal escrita?), queda fuera de la evolución.",
    "heat_title": "{metric} por tema y periodo",
    "heat_note": "▲ y verde: por encima del valor global ({centre}); ▼ y rojo: por debajo. Bajo cada valor, sus "
                 "respuestas (n); en cursiva, celdas con menos de {n}.",
    "heat_note_dated": "▲ y verde: por encima del valor de las respuestas fechadas del gráfico ({centre}; el global, "
                       "con las demás, es {overall}); ▼ y rojo: por debajo. Bajo cada valor, sus respuestas (n); en "
                       "cursiva, celdas con menos de {n}.",
    "heat_periods": "La tabla muestra los últimos {shown} de los {total} periodos; el gráfico, todos.",
    "heat_side": {1: "por encima", -1: "por debajo"},
    "theme": "Tema", "periods": {"week": "semana", "month": "mes", "quarter": "trimestre"},
    "verbatims_title": "Qué dicen los clientes",
    "verbatims_lead": "Tres comentarios representativos de cada tema que más pesa, a favor o en contra. "
                      "Se resalta el fragmento que trata el tema.",
    "no_verbatims": "No hay temas con suficientes respuestas para mostrar citas.",
    "no_verbatims_text": "No hay citas: la tabla no tiene columna de comentarios (ni cx_segments); indíquela con --text "
                         "(text=).",
    "no_verbatims_sentiment": "No hay citas: se eligen por su sentimiento, y la tabla no tiene columna "
                              "cx_sentiment.",
    "no_verbatims_sentiment_blank": "No hay citas: se eligen por su sentimiento, y la columna cx_sentiment está en "
                                    "blanco en todos los comentarios clasificados.",
    "no_verbatims_sentiment_none": "No hay citas: se eligen por su sentimiento, y ningún comentario clasificado es "
                                   "negative, positive ni mixed en la columna cx_sentiment.",
    "no_verbatims_blank": "No hay citas: ninguna respuesta tiene un valor en {columns}, así que no hay temas.",
    "drivers_blank": "No se puede calcular: ninguna respuesta tiene un valor en {columns}, así que no hay temas.",
    "score": "Puntuación", "method_title": "Nota metodológica",
    "method_metrics_net": "<b>{metric}</b>: % de promotores (9–10) menos % de detractores (0–6) sobre todas las "
                          "respuestas de 0 a 10, pasivos incluidos.",
    "method_metrics_scale": "<b>{metric}</b> según la escala indicada arriba.",
    "method_metrics_net_own": "<b>{metric}</b>: media de {points} por respuesta, sobre las respuestas de {lo} a {hi}.",
    "list_and": " y ",
    "method_metrics": "Las respuestas en blanco, fuera de escala o no numéricas se excluyen de cada indicador y se "
                      "cuentan.",
    "method_ci": "Intervalos de confianza al 95\u00a0% que mantienen su cobertura con pocas respuestas: {parts}.",
    "method_ci_net": "para el {metrics}, Wald ajustado (se suman 3/4 de promotor y 3/4 de detractor, n + 3; Rocks, "
                     "2016)",
    "method_ci_net_own": "para {metrics}, Wald ajustado (se suman 3/4 de respuesta en cada extremo del rango de "
                         "sus valores y 3/2 en el centro, n + 3; Rocks, 2016)",
    "method_ci_share": "para porcentajes ({metrics}), Wilson", "method_ci_mean": "para medias ({metrics}), t de Student",
    "method_impact": "<b>Impacto</b> de un tema = indicador de todas las respuestas − indicador sin las respuestas "
                     "que mencionan el tema. Es <b>significativo</b> si el tema difiere del resto según una prueba z "
                     "de dos muestras con varianza combinada (p < 0,05), sin corrección por comparaciones múltiples.",
    "method_themes": "Los temas salen de la clasificación automática de cada comentario (cxnlp); un comentario "
                     "cuenta en cada tema que menciona. Las respuestas sin comentario cuentan en los indicadores globales.",
    "method_themes_none": "Sin temas (by=None), la tabla tiene una sola fila: todas las respuestas, con comentario "
                          "o sin él.",
    "method_themes_columns": "Los temas son los valores de {columns} en cada respuesta. Las respuestas con la celda en "
                             "blanco cuentan en los indicadores globales.",
    "method_themes_both": "Los temas combinan la clasificación automática de cada comentario (cxnlp) con los valores "
                          "de {columns}; un comentario cuenta en cada tema que menciona. Las respuestas sin comentario "
                          "o con la celda en blanco cuentan en los indicadores globales.",
    "method_min_n": "Los temas con menos de {n} respuestas se muestran, pero marcados: su valor es poco fiable.",
    "method_small": "Temas con menos de {n} respuestas: {themes}.",
    "method_min_n_one": "Los temas con menos de {n} respuesta se muestran, pero marcados: su valor es poco fiable.",
    "method_small_one": "Temas con menos de {n} respuesta: {themes}.",
    "keydrivers_title": "Prioridades: qué mueve el {metric} a igualdad de los demás temas",
    "keydrivers_lead": "<b>Efecto</b> de cada tema: cuántos puntos de {metric} cambia una respuesta cuyo comentario lo "
                       "menciona, con los demás temas fijos (regresión lineal). El impacto de arriba mezcla los temas "
                       "que aparecen juntos; el efecto los separa. <b>Importancia</b>: parte de la variación explicada "
                       "del {metric} que corresponde al tema ({method}).",
    "keydrivers_lead_responses": "<b>Efecto</b> de cada tema: cuántos puntos de {metric} cambia una respuesta que "
                                 "está en el tema, con los demás temas fijos (regresión lineal). El impacto de arriba "
                                 "mezcla los temas que aparecen juntos; el efecto los separa. <b>Importancia</b>: "
                                 "parte de la variación explicada del {metric} que corresponde al tema ({method}).",
    "keydrivers_unidentified": "No se pueden calcular: los temas no se distinguen entre sí ni de las respuestas que no "
                               "mencionan ninguno (p. ej., temas excluyentes, como un único valor de una columna por "
                               "respuesta), así que el efecto de cada uno no está identificado. El impacto de cada "
                               "tema, más arriba, sí los compara.",
    "keydrivers_none_ranked": "No se pueden calcular: ningún tema tiene al menos {n} respuestas que lo mencionan y "
                              "otras tantas que no (un tema que todas las respuestas mencionan no tiene con qué "
                              "compararse).",
    "keydrivers_none_ranked_one": "No se pueden calcular: ningún tema tiene al menos {n} respuesta sin estar en todos "
                                  "(un tema que todas las respuestas mencionan no tiene con qué compararse).",
    "keydrivers_constant": "No se pueden calcular: ningún tema explica nada del {metric} (es el mismo en todas las "
                           "respuestas, o el mismo de media con y sin cada tema).",
    "keydrivers_few": "No se pueden calcular: muy pocas respuestas con un tema y un {metric} válido.",
    "keydrivers_no_themes": "No se pueden calcular: sin temas (by=None) todas las respuestas están en una fila, y no "
                            "hay nada con qué compararla.",
    "keydrivers_too_many": "No se pueden calcular: el modelo admite como mucho {most} temas, y más tienen el mínimo de "
                           "respuestas. Sube el mínimo (--min-n), o compara los temas por su impacto, más arriba.",
    "keydrivers_blank": "No se pueden calcular: ninguna respuesta tiene un valor en {columns}.",
    "keydrivers_twins": "No se pueden calcular: «{a}» y «{b}» los mencionan las mismas respuestas, así que sus efectos "
                        "no se distinguen. Fusiónalos, o compáralos por su impacto, más arriba.",
    "importance_shapley": "valores de Shapley", "importance_relative_weights": "pesos relativos",
    "matrix_x": "% de comentarios que mencionan el tema", "matrix_y": "Efecto en el {metric} (puntos)",
    "quadrants": {"fix_first": "Arreglar primero", "watch": "Vigilar", "maintain": "Mantener",
                  "low_priority": "Baja prioridad"},
    "keydrivers_cols": ["#", "Tema", "n", "%", "Efecto en el {metric} (IC 95\u00a0%)", "Importancia (IC 95\u00a0%)",
                        "Impacto simple", "Cuadrante"],
    "keydrivers_table": "Efecto, importancia e impacto de cada tema en el {metric}",
    "matrix_shown": "La matriz muestra los {shown} temas más importantes de los {total} del modelo; la tabla los "
                    "muestra todos.",
    "keydrivers_sig_note": "● efecto distinto de 0: su intervalo de confianza al 95\u00a0% (bootstrap, {boot} "
                           "remuestreos) no incluye el 0.",
    "keydrivers_differs_note": "≠ el impacto simple y el efecto no coinciden: el tema suele ir junto a otros que "
                               "explican la diferencia.",
    "keydrivers_note": "En cursiva, temas con menos de {n} respuestas: se muestran, pero quedan fuera del modelo. "
                       "R² del modelo: {r2}.",
    "keydrivers_note_one": "En cursiva, temas con menos de {n} respuesta: se muestran, pero quedan fuera del "
                           "modelo. R² del modelo: {r2}.",
    "keydrivers_share": "n y %: de las {n} respuestas del modelo, las que tienen un valor válido de {metric}.",
    "keydrivers_share_comments": "n y %: de las {n} respuestas del modelo, las que tienen un comentario clasificado y "
                                 "un valor válido de {metric}.",
    "matrix_x_responses": "% de respuestas que mencionan el tema",
    "keydrivers_in_all": "También en cursiva, los temas que están en todas las respuestas: no hay con qué "
                         "compararlos, así que quedan fuera del modelo.",
    "keydrivers_few_without": "También en cursiva, los temas que mencionan todas las respuestas salvo menos de {n}: "
                              "quedan muy pocas con qué compararlos, así que quedan fuera del modelo.",
    "keydrivers_withheld": "Sin intervalo (–): definido en menos del {share}\u00a0% de los remuestreos (muy pocos encuestados, "
                           "o muy pocas respuestas distintas).",
    "changes_title": "Qué cambió: {before} → {after}", "changes_table": "Cada tema en {before} y en {after}",
    "changes_heading": "Qué cambió",
    "changes_with_theme": "un comentario clasificado en algún tema", "changes_with_value": "un valor en {columns}",
    "changes_with_both": "un comentario clasificado en algún tema y un valor en {columns}",
    "changes_passed_blank": "{periods}: {n} respuestas, con la columna {column} en blanco en todas.",
    "changes_passed_blank_one": "{periods}: {n} respuesta, con la columna {column} en blanco.",
    "changes_passed_bare": "{periods}: {n} respuestas, ninguna con {what}.",
    "changes_passed_bare_one": "{periods}: {n} respuesta, sin {what}.",
    "changes_passed_few": "{periods}: {n} respuestas, solo {themed} con {what}, menos del 5\u00a0% de lo habitual en un "
                          "periodo.",
    "changes_passed_stray": "{periods}: {n} respuestas, menos del 5\u00a0% de las de un periodo típico (¿una fecha mal "
                            "escrita?).",
    "changes_passed_stray_one": "{periods}: {n} respuesta, menos del 5\u00a0% de las de un periodo típico (¿una fecha mal "
                                "escrita?).",
    "changes_future": "{period} ({n} respuestas) empieza después de hoy: ¿fechas mal escritas? Se compara igualmente.",
    "changes_future_one": "{period} ({n} respuesta) empieza después de hoy: ¿una fecha mal escrita? Se compara "
                          "igualmente.",
    "changes_compared": "Se comparan {before} y {after}, los dos últimos periodos que se pueden comparar.",
    "changes_nothing": "No hay dos periodos que comparar.",
    "changes_month_labels": "Todas las fechas de {column} son el día 1 de su mes (¿meses, como «2024-05»?): una "
                            "semana no divide un mes, así que no se comparan semanas: compare meses "
                            "(period=\"month\", --period month).",
    "changes_lead": "Cambio de cada tema entre los dos periodos. ↑ y ↓ marcan los cambios significativos tras corregir "
                    "por comparaciones múltiples (Benjamini-Hochberg sobre las {tests} pruebas de la tabla, q < {alpha}); "
                    "en gris, los que pueden deberse al azar.",
    "changes_lead_one": "Cambio de cada tema entre los dos periodos. ↑ y ↓ marcan los cambios significativos tras "
                        "corregir por comparaciones múltiples (Benjamini-Hochberg sobre la única prueba de la tabla, "
                        "q < {alpha}); en gris, los que pueden deberse al azar.",
    "changes_untested": "No se puede probar ningún cambio: cada tema tiene menos de {n} {unit} en alguno de los "
                        "dos periodos. La tabla muestra las cifras sin prueba.",
    "changes_more": "Y {n} cambios destacados más, marcados con ↑ o ↓ en la tabla.",
    "changes_more_one": "Y {n} cambio destacado más, marcado con ↑ o ↓ en la tabla.",
    "changes_notable": "Cambios destacados", "changes_none": "Ningún cambio significativo y no pequeño entre los dos "
                                                             "periodos.",
    "changes_tiny": "Se consideran pequeños los cambios de menos de {sizes}; no se destacan aunque sean "
                    "significativos.",
    "changes_tiny_share": "{value} puntos de porcentaje", "changes_tiny_points": "{value} puntos de {names}",
    "changes_tiny_points_one": "{value} punto de {names}",
    "changes_tiny_net_sentiment": "sentimiento neto", "changes_tiny_names_or": " o de ", "or": " o ",
    "share_measure": "% de comentarios", "share_measure_responses": "% de respuestas", "points": "pts",
    "untested_unit": "comentarios", "untested_unit_responses": "respuestas",
    "untested_unit_one": "comentario", "untested_unit_responses_one": "respuesta",
    "changes_small": "En cursiva, cifras con menos de {n} observaciones en algún periodo: no se prueban.",
    "changes_small_one": "En cursiva, cifras con menos de {n} observación en algún periodo: no se prueban.",
    "method_drivers": "<b>Efecto</b> de un tema: coeficiente de su indicador (0/1) en una regresión lineal del valor "
                      "de cada respuesta ({value}) sobre todos los temas con al "
                      "menos {n} respuestas. <b>Importancia</b>: reparto del R² entre los temas ({method}). "
                      "Intervalos: percentiles 2,5 y 97,5 de {boot} remuestreos bootstrap de las respuestas (el del "
                      "efecto, ampliado al clásico de mínimos cuadrados donde este es más ancho).",
    "method_drivers_one": "<b>Efecto</b> de un tema: coeficiente de su indicador (0/1) en una regresión lineal del "
                          "valor de cada respuesta ({value}) sobre todos los temas con al menos {n} respuesta. "
                          "<b>Importancia</b>: reparto del R² entre los temas ({method}). Intervalos: percentiles 2,5 "
                          "y 97,5 de {boot} remuestreos bootstrap de las respuestas (el del efecto, ampliado al "
                          "clásico de mínimos cuadrados donde este es más ancho).",
    "method_drivers_net": "{metric}: +100 promotor, 0 pasivo, −100 detractor",
    "method_drivers_net_own": "{metric}: {points}", "net_points_any": "{high}, {mid} o {low} según la respuesta",
    "method_drivers_share": "{metric}: 100 si la respuesta cuenta en su porcentaje, 0 si no",
    "method_drivers_mean": "{metric}: la respuesta en su escala",
    "method_changes": "<b>Qué cambió</b>: {tests}; con la corrección de Benjamini-Hochberg sobre todas las pruebas "
                      "de la tabla.",
    "method_changes_share": "para el {share}, prueba z de dos proporciones",
    "method_changes_means": "para {measures}, prueba z con el mayor de dos errores típicos, el de la varianza de los "
                            "dos periodos juntos y el de Welch",
    "method_changes_net": "el sentimiento neto",
    "method_review": "El {pct}\u00a0% de los comentarios se clasificó con confianza baja y conviene revisarlo.",
    "method_partial": "Respuestas parciales: {n} de {total} filas no terminaron la encuesta (lo marca la columna "
                      "{column}); se cuentan como respuestas completas. Para dejarlas fuera, quite esas filas del "
                      "archivo.",
    "method_partial_one": "Respuestas parciales: {n} de {total} filas no terminó la encuesta (lo marca la columna "
                          "{column}); se cuenta como respuesta completa. Para dejarla fuera, quite esa fila del "
                          "archivo.",
    "signals_title": "Señales: {signals}",
    "signals_title_one": "Señal: {signals}",
    "signals_lead": "Señales que el modelo detecta en cada comentario: {signals}.",
    "signals_lead_one": "Señal que el modelo detecta en cada comentario: {signals}.",
    "signals_lead_all": "Cuatro señales que el modelo detecta en cada comentario: el esfuerzo que describe el "
                        "cliente, las emociones que expresa, si anuncia que se va (riesgo de abandono) y si amenaza "
                        "con llevar el caso a una autoridad de consumo, un abogado, la prensa o las redes (amenaza de "
                        "escalar).",
    "signal_titles": {"effort": "esfuerzo", "emotions": "emociones", "churn_risk": "abandono",
                      "escalation": "escalado"},
    "signal_leads": {"effort": "el esfuerzo que describe el cliente", "emotions": "las emociones que expresa",
                     "churn_risk": "si anuncia que se va (riesgo de abandono)",
                     "escalation": "si amenaza con llevar el caso a una autoridad de consumo, un abogado, la prensa o "
                                   "las redes (amenaza de escalar)"},
    "signal_methods": {"effort": "esfuerzo", "emotions": "emociones", "churn_risk": "riesgo de abandono",
                       "escalation": "amenaza de escalar"},
    "signals_effort_title": "{signals} por tema", "signals_comments": "Comentarios",
    "signals_effort_high": "Esfuerzo alto", "signals_effort_low": "Esfuerzo bajo",
    "signals_ces_high": "{metric} con esfuerzo alto", "signals_ces_other": "{metric} del resto",
    "signals_churn_risk": "Riesgo de abandono", "signals_escalation": "Amenaza de escalar",
    "signals_unreadable": "Celdas que no se pudieron leer, fuera de los recuentos: {cells}.",
    "signals_note_effort": "Esfuerzo: % de los comentarios del tema.",
    "signals_note_flags": "Riesgo de abandono y amenaza de escalar: número de comentarios (y su %).",
    "signals_note_churn_risk": "Riesgo de abandono: número de comentarios (y su %).",
    "signals_note_escalation": "Amenaza de escalar: número de comentarios (y su %).",
    "signals_note_ces": "{metric}: entre paréntesis, las respuestas con las que se calcula cada valor.",
    "signals_note_small": "En cursiva, temas con menos de {n} respuestas.",
    "signals_note_small_one": "En cursiva, temas con menos de {n} respuesta.",
    "signals_corr": "Correlación de Spearman entre el esfuerzo (alto = 1, sin señal = 0, bajo = −1) y la respuesta de "
                    "{metric}: <b>{rho}</b> (IC 95\u00a0%: {lo} a {hi}; n = {n}). Si es negativa, quien describe más "
                    "esfuerzo puntúa más bajo el {metric}.",
    "signals_corr_no_ci": "Correlación de Spearman entre el esfuerzo (alto = 1, sin señal = 0, bajo = −1) y la "
                          "respuesta de {metric}: <b>{rho}</b> ({why}; n = {n}). Si es negativa, quien describe más "
                          "esfuerzo puntúa más bajo el {metric}.",
    "signals_no_ci_few": "sin IC 95\u00a0% con 3 comentarios o menos",
    "signals_no_ci_perfect": "sin IC 95\u00a0% para una correlación de −1 o 1, donde la z de Fisher es infinita",
    "signals_corr_none": "La correlación entre esfuerzo y {metric} no se puede calcular: uno de los dos no varía "
                         "(n = {n}).",
    "signals_corr_few": "La correlación entre esfuerzo y {metric} no se puede calcular: {n} comentarios clasificados "
                        "tienen a la vez un valor de esfuerzo y una respuesta válida de {metric}.",
    "signals_corr_few_one": "La correlación entre esfuerzo y {metric} no se puede calcular: solo {n} comentario "
                            "clasificado tiene a la vez un valor de esfuerzo y una respuesta válida de {metric}.",
    "signals_emotions_title": "Emociones por tema",
    "signals_emotions_note": "% de los comentarios de cada tema que expresan cada emoción (un comentario puede "
                             "expresar varias o ninguna). Cuanto más intenso el color, más frecuente.",
    "signals_emotions_small": "En cursiva, temas con menos de {n} respuestas, poco fiables: {themes}.",
    "signals_emotions_small_one": "En cursiva, temas con menos de {n} respuesta, poco fiables: {themes}.",
    "signals_read_title": "Para leer hoy",
    "signals_read_lead": "{escalation} y {churn}. Primero los de escalado; {order}.",
    "signals_read_redacted": "Los datos personales se sustituyen por su tipo.",
    "signals_read_newest": "en cada grupo, los más recientes",
    "signals_read_file_order": "en cada grupo, en el orden del archivo (no hay fechas)",
    "signals_escalate": "{n} comentarios amenazan con escalar", "signals_escalate_one": "{n} comentario amenaza con escalar",
    "signals_leave": "{n} anuncian que se van", "signals_leave_one": "{n} anuncia que se va",
    "signals_read_more": "Y {n} más ({escalation} con amenaza de escalar, {churn} con riesgo de abandono): "
                         "fíltrelos en el fichero clasificado por cx_escalation = yes o cx_churn_risk = yes.",
    "signals_read_none": "Ningún comentario amenaza con escalar ni anuncia que se va.",
    "signals_read_lead_alone": "{count}; {order}.", "signals_read_newest_alone": "los más recientes primero",
    "signals_read_file_order_alone": "en el orden del archivo (no hay fechas)",
    "signals_read_none_escalation": "Ningún comentario amenaza con escalar.",
    "signals_read_none_churn_risk": "Ningún comentario anuncia que se va.",
    "signals_read_more_escalation": "Y {n} más: fíltrelos en el fichero clasificado por cx_escalation = yes.",
    "signals_read_more_churn_risk": "Y {n} más: fíltrelos en el fichero clasificado por cx_churn_risk = yes.",
    "signals_no_text": "(sin texto)",
    "method_signals": "<b>Señales</b>: {signals}, detectados por el modelo en cada comentario. Los % se calculan "
                      "sobre los comentarios del tema con la señal clasificada.",
    "method_signals_one": "<b>Señal</b>: {signals}, que el modelo detecta en cada comentario. Los % se calculan "
                          "sobre los comentarios del tema con la señal clasificada.",
    "method_signals_corr": "Correlación esfuerzo–{metric}: rho de Spearman (rangos medios en los empates), intervalo "
                           "por la z de Fisher con la varianza de Bonett y Wright.",
    "months": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
}
