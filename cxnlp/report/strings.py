"""Words of the HTML report in Spanish and English, and English names of label ids.

The strings are written by us and may hold markup (``<b>``); the report fills their ``{fields}``
with escaped values. A new language needs a dictionary with the same keys in ``STRINGS`` and its
rules in ``page.Page``: the decimal and thousands marks (``num``), label names (``label``, from
``schema.DISPLAY_NAMES`` in Spanish, ``EN_NAMES`` in English) and period labels (``period``).
"""

from __future__ import annotations


#: English display names of the schema's labels, each the translation of its Spanish name in
#: ``schema.DISPLAY_NAMES`` (the same keys).
EN_NAMES = {
    "positive": "Positive", "neutral": "Neutral", "negative": "Negative", "mixed": "Mixed",
    "cx": "Customer experience", "ux": "User experience", "ui": "User interface",
    "customer_service": "Customer service",
    "marketing": "Advertising and communication", "website": "Website", "app": "Mobile app",
    "store": "Store or branch", "purchase": "Purchase and sign-up", "price": "Price",
    "product": "Product or service", "delivery": "Delivery and installation",
    "billing": "Billing and payments", "support": "Support channels",
    "returns": "Returns and warranties", "account": "Account and access",
    "general": "Overall experience",
    "high": "High effort", "low": "Low effort", "none": "No effort signal",
    "anger": "Anger", "frustration": "Frustration", "disappointment": "Disappointment", "worry": "Worry",
    "confusion": "Confusion", "gratitude": "Gratitude", "delight": "Delight",
    "churn_risk": "Churn risk", "escalation": "Escalation",
    "before": "Before purchase", "during": "During purchase", "after": "After purchase",
}


_ES = {
    "eyebrow": "Voz del cliente", "title": "Informe de experiencia de cliente",
    "responses": "{n} respuestas", "comments": "{n} comentarios clasificados",
    "pct": "\u00a0%",  # "73\u00a0%": Spanish writes a (non-breaking) space before the sign, as in "IC 95\u00a0%"
    "responses_one": "{n} respuesta", "comments_one": "{n} comentario clasificado",
    # Comments left out of every theme, by their cx_status (docs/labels.md): the reader is told why, not only how many.
    "unclassified": "Sin clasificar (cx_status): {parts}.",
    "status_empty": "{n} en blanco", "status_no_comment": "{n} sin comentario («N/A», «nada»…)",
    "status_not_spanish": "{n} no en español", "status_other": "{n} «{status}»",
    "no_verbatims_unclassified": "No hay comentarios clasificados que citar ({parts}).",
    "generated": "Generado el {date} con cxnlp {version}. Intervalos de confianza al 95\u00a0%.",
    "dates_dayfirst": "fechas leídas con el día primero (05/07/2024: 5 de julio), pues ninguna indica el orden",
    "promoters": "promotores", "passives": "pasivos", "detractors": "detractores",
    "ci": "IC 95\u00a0%", "ci_range": "IC 95\u00a0%: {lo} a {hi}", "excluded": "Excluidas", "blank": "{n} en blanco", "out_of_range": "{n} fuera de escala",
    "non_numeric": "{n} no numéricas", "non_numeric_one": "{n} no numérica",
    "excluded_many": "{pct}\u00a0% de las respuestas quedan fuera del indicador: revise la columna y su escala.",
    "excluded_codes": "{pct}\u00a0% de las respuestas ({codes}) son códigos de «no sabe / no contesta», no "
                      "puntuaciones: quedan fuera del indicador, como deben. Para contarlas como en blanco, déjelas "
                      "en blanco en la columna, en lugar de ampliar la escala.",
    "all_blank": "Todas las respuestas están en blanco: revise que sea la columna correcta.",
    "nps_desc_net": "Net Promoter Score, de −100 a 100",
    "metric_desc_net": "de −100 a 100", "metric_desc_mean": "media ({lo}–{hi})",
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
    "method_ci_net_own": "para {metrics}, Wald ajustado (se suman 3/4 de respuesta de +100 y 3/4 de una de −100, "
                         "n + 3; Rocks, 2016)",
    "method_ci_share": "para porcentajes ({metrics}), Wilson", "method_ci_mean": "para medias ({metrics}), t de Student",
    "method_impact": "<b>Impacto</b> de un tema = indicador de todas las respuestas − indicador sin las respuestas "
                     "que mencionan el tema. Es <b>significativo</b> si el tema difiere del resto según una prueba z "
                     "de dos muestras con varianza combinada (p < 0,05), sin corrección por comparaciones múltiples.",
    "method_themes": "Los temas salen de la clasificación automática de cada comentario (cxnlp); un comentario "
                     "cuenta en cada tema que menciona. Las respuestas sin comentario cuentan en los indicadores globales.",
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
    "keydrivers_none_ranked": "No se pueden calcular: ningún tema tiene al menos {n} respuestas sin estar en todos (un "
                              "tema que todas las respuestas mencionan no tiene con qué compararse).",
    "keydrivers_none_ranked_one": "No se pueden calcular: ningún tema tiene al menos {n} respuesta sin estar en todos "
                                  "(un tema que todas las respuestas mencionan no tiene con qué compararse).",
    "keydrivers_constant": "No se pueden calcular: ningún tema explica nada del {metric} (es el mismo en todas las "
                           "respuestas, o el mismo de media con y sin cada tema).",
    "keydrivers_few": "No se pueden calcular: muy pocas respuestas con un tema y un {metric} válido.",
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
    "method_drivers_net_own": "{metric}: {points}", "net_points_any": "+100, 0 o −100 según la respuesta",
    "method_drivers_share": "{metric}: 100 si la respuesta cuenta en su porcentaje, 0 si no",
    "method_drivers_mean": "{metric}: la respuesta en su escala",
    "method_changes": "<b>Qué cambió</b>: para el {share}, prueba z de dos proporciones; para el sentimiento neto y "
                      "cada indicador, prueba z con el mayor de dos errores típicos, el de la varianza de los dos "
                      "periodos juntos y el de Welch; con la corrección de Benjamini-Hochberg sobre todas las pruebas "
                      "de la tabla.",
    "method_review": "El {pct}\u00a0% de los comentarios se clasificó con confianza baja y conviene revisarlo.",
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

_EN = {
    "eyebrow": "Voice of the customer", "title": "Customer experience report",
    "responses": "{n} responses", "comments": "{n} classified comments",
    "pct": "%",
    "responses_one": "{n} response", "comments_one": "{n} classified comment",
    "unclassified": "Not classified (cx_status): {parts}.",
    "status_empty": "{n} blank", "status_no_comment": "{n} without a comment (“N/A”, “nada”…)",
    "status_not_spanish": "{n} not in Spanish", "status_other": "{n} “{status}”",
    "no_verbatims_unclassified": "No classified comment to quote ({parts}).",
    "generated": "Generated on {date} with cxnlp {version}. Confidence intervals at 95%.",
    "dates_dayfirst": "dates read day first (05/07/2024: 5 July), as none tells the order",
    "promoters": "promoters", "passives": "passives", "detractors": "detractors",
    "ci": "95% CI", "ci_range": "95% CI: {lo} to {hi}", "excluded": "Excluded", "blank": "{n} blank", "out_of_range": "{n} out of range",
    "non_numeric": "{n} not numeric", "non_numeric_one": "{n} not numeric",
    "excluded_many": "{pct}% of the answers do not count in the metric: check the column and its scale.",
    "excluded_codes": "{pct}% of the answers ({codes}) are “don't know / no answer” codes, not scores: "
                      "rightly left out of the metric. Blank them in the column to count them as blank, rather "
                      "than widen the scale to take them in.",
    "all_blank": "Every answer is blank: check that it is the right column.",
    "nps_desc_net": "Net Promoter Score, −100 to 100",
    "metric_desc_net": "−100 to 100", "metric_desc_mean": "mean ({lo}–{hi})",
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
                         "are no {metric} scores without it), so there is no chart; the table shows each theme with \"–\".",
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
    "method_ci_net_own": "for {metrics}, adjusted Wald (3/4 of a +100 answer and 3/4 of a −100 one added, n + 3; "
                         "Rocks, 2016)",
    "method_ci_share": "for percentages ({metrics}), Wilson", "method_ci_mean": "for means ({metrics}), Student's t",
    "method_impact": "<b>Impact</b> of a theme = metric over all responses − metric without the responses that "
                     "mention it. It is <b>significant</b> when the theme differs from the rest by a two-sample "
                     "pooled-variance z-test (p < 0.05), not corrected for multiple comparisons.",
    "method_themes": "Themes come from the automatic classification of each comment (cxnlp); a comment counts in "
                     "every theme it mentions. Responses without a comment count in the overall metrics.",
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
    "keydrivers_none_ranked": "They cannot be computed: no theme has at least {n} responses without being in all of them "
                              "(a theme that every response mentions has nothing to be compared with).",
    "keydrivers_none_ranked_one": "They cannot be computed: no theme has at least {n} response without being in all of "
                                  "them (a theme that every response mentions has nothing to be compared with).",
    "keydrivers_constant": "They cannot be computed: no theme explains any of {metric} (it is the same in every "
                           "response, or the same on average with and without each theme).",
    "keydrivers_few": "They cannot be computed: too few responses with a theme and a valid {metric}.",
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
    "method_drivers_net_own": "{metric}: {points}", "net_points_any": "+100, 0 or −100 by the answer",
    "method_drivers_share": "{metric}: 100 when the answer counts in its percentage, 0 otherwise",
    "method_drivers_mean": "{metric}: the answer on its scale",
    "method_changes": "<b>What changed</b>: for the {share}, the two-proportion z-test; for net sentiment and each "
                      "metric, a z-test with the larger of two standard errors, that of both periods' variance pooled "
                      "and Welch's; with the Benjamini-Hochberg correction over every test of the table.",
    "method_review": "{pct}% of comments were classified with low confidence and are worth reviewing.",
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

STRINGS = {"es": _ES, "en": _EN}
