"""The request and response schemas of ``cxnlp serve`` (pydantic models): what /openapi.json describes."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .schema import DEFAULT_INDUSTRY


def _scalar(value, kind: str):
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("scalar_type", "expected {kind}, got a JSON {got}",
                                  {"kind": kind, "got": "object" if isinstance(value, dict) else "array"})
    return value


def _identifier(value):
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise PydanticCustomError("id_type", "expected a string or an integer id")
    # An id goes back in the answer: a lone surrogate ("\\ud800", valid JSON) is U+FFFD, as in a text.
    return _whole_characters(value)


def _whole_characters(value):
    """``value`` with each lone surrogate ("\\ud800", valid JSON) made U+FFFD, as in a text: pydantic's ``str``
    refused it with "unable to parse raw data as a unicode string", which names no cause a client can see."""
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) and not value.isascii() else value


_SURROGATE = re.compile("[\ud800-\udfff]")
#: How deep lists and objects may nest in a row of /v1/summarize (a row is level 1, a list of labels level 2): the
#: JSON parser takes about 1,000 levels, and the walks that read the rows recurse (a 500 from level 500 on).
MAX_ROW_NESTING = 100


def _nesting(rows: list) -> int:
    """How many levels of lists and objects the deepest of ``rows`` holds (each row is level 1), counted level by
    level without recursion; only lists and objects are looked into (a walk of every value took 0.27 s of 100,000
    rows of scalars)."""
    deepest, level = 0, rows
    while level:
        deepest += 1
        level = [value for item in level for value in (item.values() if isinstance(item, dict) else item)
                 if isinstance(value, (dict, list))]
    return deepest


# Numbers, booleans and null are answers too (a status, as in Python); only objects and arrays are refused.
Text = Annotated[Any, AfterValidator(lambda v: _scalar(v, "a string (or null)")),
                 WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "null"}], "description": "A comment. Numbers, booleans and "
                                 "null are accepted and get a status (no_comment, empty), as in Python."})]
Id = Annotated[Any, AfterValidator(_identifier), WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]})]
# max_length before the validator: after it, pydantic checks a generic length ("at most 100 items after validation")
Name = Annotated[str, Field(max_length=100), BeforeValidator(_whole_characters)]


class _Request(BaseModel):
    """A request body: no unknown fields, and a lone surrogate in a field's name read as U+FFFD (as in a value), so
    that the name is reported as an unknown field."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _whole_names(cls, data):
        return {_whole_characters(name): value for name, value in data.items()} if isinstance(data, dict) else data


def _no_text_or_boolean(value):
    if isinstance(value, (str, bool)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    # A whole float as the int it is: pydantic refused one past 2**63 (1e20) as "Unable to parse input string as an
    # integer", which the library takes, as it takes 100000000000000000000 written out.
    return int(value) if isinstance(value, float) and value.is_integer() else value


# A bound of a scale: a whole number, 5.0 too, as cxnlp.summarize takes it; not "5" or true (lax pydantic read true
# as 1), which the library refuses.
Bound = Annotated[int, BeforeValidator(_no_text_or_boolean)]


class ClassifyRequest(_Request):
    """One comment (``text``, optional ``id``) or a batch (``texts``, optional ``ids`` of the same length)."""

    text: Text = None
    id: Id | None = None
    # fail_fast: the first wrong item of a list is named, not every one (a million wrong items took a minute to list)
    texts: list[Text] | None = Field(None, fail_fast=True)
    ids: list[Id] | None = Field(None, fail_fast=True)
    industry: Name | None = Field(DEFAULT_INDUSTRY, description=(
        "The industry every text comes from, as the model names it (GET /v1/model lists them under "
        "'industries'): each word is read as that industry uses it. 'auto': the industry the model "
        "recognises in each text; null (or 'none'): without an industry. Left out (or ''): 'auto' for a model that "
        "recognises industries (GET /v1/model: 'recognises_industries'), else none. Unknown names are a 422."))
    industries: list[Name | None] | None = Field(None, fail_fast=True, description=(
        "With 'texts', the industry of each text (null: that text is read without one; 'default' or '': as if "
        "left out; names read case and surrounding spaces aside), for a batch that mixes industries; instead of 'industry'. Unknown names are a 422."))


class SegmentOut(BaseModel):
    start: int = Field(description="Offset of the unit in `text`: text[start:end] is the unit.")
    end: int
    text: str
    sentiment: str
    touchpoint: str
    area: str
    confidence: float
    effort: str | None = Field(None, description="high, low or none; null when the model has no effort signal.")
    emotions: list[str] = Field(default_factory=list, description="Emotions of the unit (may be empty).")


class ClassificationOut(BaseModel):
    """The fields of ``cxnlp.Classification``, plus the ``id`` sent with the text (null when none was)."""

    id: str | int | None
    text: str | None = Field(description="The text as given; segment offsets index it.")
    status: str = Field(description="ok, truncated, empty, no_comment or not_spanish; only ok and truncated "
                                    "carry labels.")
    sentiment: str | None
    score: float | None = Field(description="How positive the comment is, in [-1, 1].")
    probabilities: dict[str, float] = Field(description="Calibrated probability of each sentiment.")
    touchpoints: list[str]
    areas: list[str]
    stages: list[str]
    segments: list[SegmentOut]
    confidence: float | None
    needs_review: bool
    label_probabilities: dict[str, dict[str, float]] = Field(description="axis -> label -> probability.")
    effort: str | None = Field(None, description="Customer effort the comment describes: high, low or none.")
    emotions: list[str] | None = Field(None, description="anger, frustration, disappointment, worry, confusion, "
                                                         "gratitude, delight (may be empty); null, as the other "
                                                         "signals, for a text that is not feedback.")
    churn_risk: bool | None = Field(None, description="An explicit intent to leave, cancel or switch.")
    escalation: bool | None = Field(None, description="A threat to go to a consumer authority, a lawyer, the "
                                                      "press or social media.")
    industry: str | None = Field(None, description="The industry the text was read as: the one named, or the one "
                                                   "the model recognised in it; null when read without one.")


class ClassifyResponse(BaseModel):
    model: str | None = Field(description="Name of the model that answered.")
    results: list[ClassificationOut] = Field(description="One result per text, in order.")


class SummarizeRequest(_Request):
    """Classified rows and the options of ``cxnlp.summarize``."""

    rows: list[dict[str, Any]] = Field(fail_fast=True, description=(
        "One object per response: the cx_ columns of `cxnlp classify` output (or the results of /v1/classify: "
        "status, sentiment, touchpoints...), plus score and theme columns."))
    by: str | Annotated[list[str], Field(fail_fast=True)] | None = Field("touchpoints", description=(
        "touchpoints, areas, stage, sentiment, any column, or a combination such as 'touchpoints×sentiment'; "
        "null: overall."))
    nps: str | None = Field(None, description="NPS column (0-10).")
    csat: str | None = Field(None, description="CSAT column.")
    ces: str | None = Field(None, description="CES column.")
    period: str | None = Field(None, description="week, month or quarter (semana, mes, trimestre): a trend; auto: by "
                               "quarter where the date column holds quarters (T3 2024), else by month.")
    date: str | None = Field(None, description="Date column the periods are read from (detected when null).")
    # strict: "yes", 1 and "5" were read as true and 5; cxnlp.summarize refuses a boolean min_n, a text alpha...
    dayfirst: bool | None = Field(None, strict=True, description="Read d/m dates day first (true) or month first "
                                  "(false); null: decided by the dates, day first when none tells (03/04/2024 is "
                                  "3 April).")
    min_n: int = Field(30, ge=1, strict=True)
    csat_method: str = Field("top2", description="top2 (% of the top two answers) or mean.")
    csat_scale: tuple[Bound, Bound] = (1, 5)
    # allow_inf_nan=False: NaN (which Python's JSON parser reads) failed the bounds, said "should be less than 1"
    csat_cutoff: float | None = Field(None, strict=True, allow_inf_nan=False)
    ces_method: str = Field("mean", description="mean, or agree (% above the midpoint).")
    ces_scale: tuple[Bound, Bound] = (1, 7)
    ces_cutoff: float | None = Field(None, strict=True, allow_inf_nan=False)
    alpha: float = Field(0.05, gt=0, lt=1, strict=True, allow_inf_nan=False)

    @field_validator("rows")
    @classmethod
    def _shallow(cls, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if _nesting(rows) > MAX_ROW_NESTING:
            raise PydanticCustomError("nesting", "nested too deeply: a row holds lists or objects more than {limit} "
                                                 "levels deep", {"limit": MAX_ROW_NESTING})
        return rows

    @field_validator("csat_scale", "ces_scale")
    @classmethod
    def _low_high(cls, scale: tuple[int, int]) -> tuple[int, int]:
        if scale[0] >= scale[1]:
            raise PydanticCustomError("scale", "expected [low, high] with low < high")
        return scale

    @field_validator("csat_cutoff", "ces_cutoff")
    @classmethod
    def _within_scale(cls, cutoff: float | None, info: ValidationInfo) -> float | None:
        scale = info.data.get(info.field_name.replace("cutoff", "scale"))
        if cutoff is not None and scale is not None and not scale[0] < cutoff <= scale[1]:
            raise PydanticCustomError("cutoff", "expected low < cutoff <= high of the scale {scale}", {"scale": scale})
        return cutoff


class SummarizeResponse(BaseModel):
    summary: list[dict[str, Any]] = Field(description="One object per theme (and period), largest first: the "
                                          "columns of cxnlp.summarize.")
    attrs: dict[str, Any] = Field(description="Settings and overall exclusions (the DataFrame's attrs).")


class ErrorOut(BaseModel):
    error: str = Field(description="unauthorized, too_large, unsupported_media_type, invalid_request, not_ready, "
                                   "busy, timeout...")
    field: str | None = Field(description="The field, header or part of the request at fault.")
    message: str
    errors: list[dict[str, str]] | None = Field(None, description="Every error (422 only; the first 100 of the "
                                                  "schema); in a list, its first wrong item.")
