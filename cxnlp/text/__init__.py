"""Text in, features out: the steps every comment goes through before the estimator.

``normalize`` (Unicode, accents, repeated letters, emoji) -> ``status`` (empty, not text, not
Spanish, ...) -> ``segment`` (opinion units) -> ``tokenize`` (spaCy's rule-based tokenizer, lemmas,
negation) -> ``features`` (word and character n-grams plus the ``lexicon`` polarity words and the
``cues`` touchpoint/area words).
"""
