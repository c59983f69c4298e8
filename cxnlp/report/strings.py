"""Words of the HTML report in Spanish and English, and English names of label ids.

The strings are written by us and may hold markup (``<b>``); the report fills their ``{fields}``
with escaped values. Each language's table lives in its own module (``_strings_spanish.py``,
``_strings_english.py``). A new language needs a dictionary with the same keys in ``STRINGS`` and its
rules in ``page.Page``: the decimal and thousands marks (``num``), label names (``label``, from
``schema.DISPLAY_NAMES`` in Spanish, ``EN_NAMES`` in English) and period labels (``period``).
"""

from __future__ import annotations

from ._strings_english import ENGLISH
from ._strings_spanish import SPANISH


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

#: English names of a flag's values as themes, each the translation of ``schema.FLAG_NAMES`` (the same keys).
EN_FLAG_NAMES = {"churn_risk": ("Churn risk", "No churn risk"), "escalation": ("Escalation", "No escalation")}
#: English names of the statuses as themes, each the translation of ``schema.STATUS_NAMES`` (the same keys).
EN_STATUS_NAMES = {"ok": "Classified", "truncated": "Classified (truncated)", "empty": "Blank",
                   "no_comment": "Without a comment", "not_spanish": "Not in Spanish"}


STRINGS = {"es": SPANISH, "en": ENGLISH}
