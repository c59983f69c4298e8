"""The answers that say there is nothing to say ("N/A", "sin comentarios", "nada que agregar"): rows of status
``no_comment`` (docs/labels.md), compared with a text as ``status._answer_key`` writes it (lower case, no accents,
words between single spaces)."""

NO_COMMENT = frozenset({
    "na", "n a", "n/a", "n.a", "nd", "n d", "no aplica", "ninguno", "ninguna", "ningun", "nada",
    "no", "nop", "sin comentarios", "sin comentario", "no comment", "none", "null", "nan",
    "no tengo comentarios", "no tengo", "nada que decir", "nada que agregar", "nada que anadir",
    "ningun comentario", "sin observaciones", "no hay", "x", "xx", "xxx", "ok no", "nada mas",
    "s c", "s/c", "sc", "-", "--", "---", ".", "..", "...",
    "nada mas que agregar", "nada mas que decir", "nada mas que comentar", "nada mas que anadir",
    "no tengo nada mas que agregar", "no tengo nada mas que decir", "nada para agregar",
    "nada que comentar", "nada que reportar", "nada que mencionar", "no tengo nada que decir",
    "no tengo nada que comentar", "no tengo nada que agregar", "no tengo ningun comentario", "sin sugerencias",
    "ninguna sugerencia", "no tengo sugerencias", "ninguna observacion", "no comments", "nothing", "nothing to add",
    "n/d", "n/c", "ns/nc", "ns nc", "nsnc", "ns", "nc", "no se", "no sabe no contesta", "s/d",
    "nel", "no hay comentarios", "no hay comentario", "n/a no aplica", "na no aplica", "no aplica n/a",
    "no aplica na",  # 'nel': Mexican 'no'
})
