"""Adjectives negated by a prefix, read as their stem under negation: 'incómodo' as 'no cómodo'.

Character n-grams see the praise inside 'descortés', 'incómodo', 'insatisfecho' or 'impuntuales'
('cortés', 'cómodo', 'satisf', 'puntual') and the word itself is rare, so a model without this step
read "El personal fue muy descortés" as positive. The tokenizer (``SpanishTokenizer(antonyms=True)``)
replaces such a word by its stem and marks it negated, exactly as it marks a word after "no": the
model then reads it with everything it learnt from "no fue atento", "nada cómodo", "poco puntuales".
A negation before it cancels it ("nada incómodo" reads as 'cómodo').

Only stems listed here are split, each an adjective of praise whose prefixed form is its opposite.
Words that merely start like one are not: 'increíble', 'impecable', 'imposible', 'inmejorable',
'insuperable', 'informal' (casual in Spain) keep their own meaning. A stem that is another word once
accents go is left out too: 'descortés' is not split, because 'cortes' is also the power cuts of
"no hubo cortes".
"""

from __future__ import annotations

# Accent-free base forms (masculine singular, or the only form).
STEMS = frozenset("""
aceptable adecuado agradable apropiado aseado atento atendido capaz coherente comodo competente completo
conforme considerado contento correcto cuidado cumplido digno eficaz eficiente estable exacto experto
feliz flexible funcional justo leal legible logico ordenado organizado paciente perfecto practico presentable
prolijo prudente puntual respetuoso responsable satisfecho sensible soportable suficiente tranquilo
util honesto
""".split())
PREFIXES = ("in", "im", "i", "ir", "des", "dis")


def forms(stem: str) -> tuple[str, ...]:
    """The gender and number forms of an accent-free adjective ('comodo' -> comodo, comoda, comodos, comodas)."""
    if stem.endswith("o"):
        return stem, stem[:-1] + "a", stem + "s", stem[:-1] + "as"
    if stem.endswith("e"):
        return stem, stem + "s"
    if stem.endswith("z"):
        return stem, stem[:-1] + "ces"
    return stem, stem + "es"


#: prefixed form -> the form of its stem it negates ('incomodas' -> 'comodas'); accent-free, lower case.
ANTONYMS: dict[str, str] = {prefix + form: form for stem in STEMS for form in forms(stem) for prefix in PREFIXES}
