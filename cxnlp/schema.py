"""The label schema: axes, default labels with Spanish display names, stages and output columns.

This module is the only place in the code that names the default labels. Models learn their
label sets from the training data, so a user's new touchpoint or area needs no code change:
it gets its id as display name unless one is added to ``DISPLAY_NAMES``.
"""

from __future__ import annotations

from types import MappingProxyType

#: The three label axes. ``sentiment`` is single-label; the others are multi-label per comment.
AXES: tuple[str, ...] = ("sentiment", "touchpoints", "areas")
MULTILABEL_AXES: tuple[str, ...] = ("touchpoints", "areas")

#: Separator inside multi-label cells (``delivery|support``).
LABEL_SEP = "|"
#: What R, SQL exports, spreadsheets and pandas write in an empty cell (``NA``, ``NULL``, ``nan``, ``<NA>``,
#: ``N/A``, ``NaN``, ``NaT``), in any case: a label cell holding one is blank, in training and in summaries.
#: ``none`` is no such word: it is an effort id.
MISSING_WORDS = frozenset({"na", "n/a", "nan", "null", "<na>", "nat"})

SEGMENT_SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative", "mixed")

TOUCHPOINTS: tuple[str, ...] = (
    "marketing", "website", "app", "store", "purchase", "price", "product",
    "delivery", "billing", "support", "returns", "account", "general",
)
AREAS: tuple[str, ...] = ("cx", "ux", "ui", "customer_service")

#: Industries (docs/labels.md, section 12): ``industry=AUTO_INDUSTRY`` reads each comment as the
#: industry the model recognises in it; ``DEFAULT_INDUSTRY``, what every entry point reads when the caller
#: names none, is ``AUTO_INDUSTRY`` for a model that recognises industries and no industry otherwise;
#: ``NO_INDUSTRY`` is how a command line or a cell says "read without one" (None in Python). An industry
#: column may use none of the three as a name.
AUTO_INDUSTRY = "auto"
DEFAULT_INDUSTRY = "default"
NO_INDUSTRY = "none"
RESERVED_INDUSTRIES: tuple[str, ...] = (AUTO_INDUSTRY, DEFAULT_INDUSTRY, NO_INDUSTRY)

#: Signals: four more outputs per comment, learnt like the axes above (docs/labels.md, section 11).
#: ``effort`` is single-label; ``emotions`` multi-label and possibly empty; the flags are yes/no.
SIGNAL_AXES: tuple[str, ...] = ("effort", "emotions", "churn_risk", "escalation")
EFFORTS: tuple[str, ...] = ("high", "low", "none")
EMOTIONS: tuple[str, ...] = ("anger", "frustration", "disappointment", "worry", "confusion", "gratitude", "delight")
FLAGS: tuple[str, ...] = ("yes", "no")
FLAG_AXES: tuple[str, ...] = ("churn_risk", "escalation")
#: Multi-label axes whose cell may be empty (no emotion is a valid answer).
MAY_BE_EMPTY: tuple[str, ...] = ("emotions",)

DEFAULT_LABELS = MappingProxyType({"sentiment": SENTIMENTS, "touchpoints": TOUCHPOINTS, "areas": AREAS,
                                   "effort": EFFORTS, "emotions": EMOTIONS, "churn_risk": FLAGS,
                                   "escalation": FLAGS})

DISPLAY_NAMES = MappingProxyType({
    "positive": "Positivo", "neutral": "Neutro", "negative": "Negativo", "mixed": "Mixto",
    "cx": "Experiencia de cliente", "ux": "Experiencia de usuario", "ui": "Interfaz de usuario",
    "customer_service": "Atención al cliente",
    "marketing": "Publicidad y comunicación", "website": "Sitio web", "app": "Aplicación móvil",
    "store": "Tienda o sucursal", "purchase": "Compra y contratación", "price": "Precio",
    "product": "Producto o servicio", "delivery": "Envío e instalación",
    "billing": "Facturación y cobros", "support": "Canales de atención",
    "returns": "Devoluciones y garantías", "account": "Cuenta y acceso",
    "general": "Experiencia general",
    "high": "Esfuerzo alto", "low": "Esfuerzo bajo", "none": "Sin señal de esfuerzo",
    "anger": "Enfado", "frustration": "Frustración", "disappointment": "Decepción", "worry": "Preocupación",
    "confusion": "Confusión", "gratitude": "Gratitud", "delight": "Entusiasmo",
    "churn_risk": "Riesgo de abandono", "escalation": "Amenaza de escalar",
    "before": "Antes de la compra", "during": "Durante la compra", "after": "Después de la compra",
})
#: Spanish names of a flag's values as themes (``by="cx_churn_risk"``), in the order of ``FLAGS``: "yes" is the
#: flag, "no" its absence. Shown as "yes" and "no", they were English words in a Spanish report.
FLAG_NAMES = MappingProxyType({"churn_risk": ("Riesgo de abandono", "Sin riesgo de abandono"),
                               "escalation": ("Amenaza de escalar", "Sin amenaza de escalar")})

#: Default journey stage of each touchpoint (docs/labels.md); ``general`` has none. Override per call.
DEFAULT_STAGES = MappingProxyType({
    "marketing": "before",
    "website": "during", "app": "during", "store": "during", "purchase": "during", "price": "during",
    "product": "after", "delivery": "after", "billing": "after", "support": "after",
    "returns": "after", "account": "after",
})
STAGES: tuple[str, ...] = ("before", "during", "after")

#: Row statuses (docs/labels.md).
STATUSES: tuple[str, ...] = ("ok", "empty", "no_comment", "not_spanish", "truncated")
#: Spanish names of the statuses as themes (``by="cx_status"``), as the report's line of comments not classified
#: words them: shown as "ok" and "not_spanish", they were ids in a Spanish report.
STATUS_NAMES = MappingProxyType({"ok": "Clasificado", "truncated": "Clasificado (recortado)", "empty": "En blanco",
                                 "no_comment": "Sin comentario", "not_spanish": "No en español"})

#: Output columns added by ``classify_frame`` (docs/labels.md), in order.
OUTPUT_PREFIX = "cx_"
OUTPUT_COLUMNS: tuple[str, ...] = (
    "cx_status", "cx_sentiment", "cx_sentiment_score", "cx_touchpoints", "cx_areas",
    "cx_stage", "cx_confidence", "cx_needs_review", "cx_segments",
    "cx_effort", "cx_emotions", "cx_churn_risk", "cx_escalation", "cx_industry",
)

#: Columns of the insights tables after their ``by`` columns: ``insights.drivers`` and ``insights.changes`` (docs/
#: insights.md). A ``by`` column of yours named like one of them, or like a summary's column, is shown as
#: ``by_<name>`` (``metrics.themes.resolve_by``): kept as it is, it collided with the table's own; ``by_by_<name>``
#: where the input has a column ``by_<name>`` too.
DRIVERS_COLUMNS: tuple[str, ...] = (
    "theme", "label", "n", "share", "value", "effect", "effect_low", "effect_high", "effect_significant",
    "importance", "importance_low", "importance_high", "rank", "impact", "impact_p", "impact_significant",
    "disagrees", "quadrant", "below_min_n",
)
CHANGES_COLUMNS: tuple[str, ...] = (
    "theme", "label", "measure", "before", "after", "change", "n_before", "n_after", "test", "statistic", "p",
    "p_adjusted", "significant", "tiny", "notable", "direction", "below_min_n",
)

#: Column names that are taken for the comment text when the user names none (checked in order).
TEXT_COLUMN_CANDIDATES: tuple[str, ...] = (
    "comentario", "comentarios", "comment", "comments", "feedback", "texto", "text", "verbatim",
    "respuesta", "respuestas", "observaciones", "observacion", "opinion", "opiniones", "review",
    "resena", "mensaje", "message", "motivo", "sugerencias", "comentario_libre",
)


#: The built-in labels of each ``cx_`` column, the only ones whose display names it shows (``display_name``).
COLUMN_LABELS = MappingProxyType({"cx_sentiment": SENTIMENTS, "cx_touchpoints": TOUCHPOINTS, "cx_areas": AREAS,
                                  "cx_stage": STAGES, "cx_effort": EFFORTS, "cx_emotions": EMOTIONS})


def display_name(label: str, column: str | None = None) -> str:
    """Spanish display name of ``label``; unknown (user) labels show their id. With ``column``, the ``cx_`` column
    the label is read from, only the column's own built-in labels have a name: a custom touchpoint or area 'none',
    'high' or 'low' was shown as an effort ("Sin señal de esfuerzo"), the names being one table for every axis; a
    flag's "yes" and "no" are named by their flag (``FLAG_NAMES``), a status of ``cx_status`` by ``STATUS_NAMES``, and
    the emotions of a ``cx_emotions`` theme each by its name ("anger|worry": "Enfado|Preocupación")."""
    flag = FLAG_NAMES.get(str(column or "").removeprefix(OUTPUT_PREFIX))
    if flag and label in FLAGS:
        return flag[FLAGS.index(label)]
    if column == "cx_status":
        return STATUS_NAMES.get(label, label)
    if column == "cx_emotions" and LABEL_SEP in label:  # a cell's emotions, one theme: "anger|worry" was shown so
        return LABEL_SEP.join(display_name(part, column) for part in label.split(LABEL_SEP))
    if column is not None and label not in COLUMN_LABELS.get(column, ()):
        return label
    return DISPLAY_NAMES.get(label, label)


def stages_for(touchpoints, stage_map=DEFAULT_STAGES) -> list[str]:
    """Stages of ``touchpoints`` in journey order, without repeats; ``general`` maps to none."""
    found = {stage_map[t] for t in touchpoints if t in stage_map}
    known = [s for s in STAGES if s in found]
    return known + sorted(found - set(STAGES))
