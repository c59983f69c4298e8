"""Insights from classified feedback: what drives the scores, what changed, what is new.

Each module is one question asked of a frame that ``cxnlp classify`` wrote (``cx_`` columns).
"""
