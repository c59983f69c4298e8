"""A small hand-written Spanish polarity lexicon (the project's own list).

The classifier learns from the corpus; the lexicon adds a word, ``lexpos`` or ``lexneg``, for each
polar word it finds (flipped inside a negation scope), so that polar words the corpus never used
still push in the right direction. Entries match accent-free lemmas: whole words, or prefixes of
five letters or more (which catch '-ísimo', plurals and verb forms the lemma table misses).
"""

from __future__ import annotations

import functools

POSITIVE_WORDS = frozenset("""
bien buen bueno buena buenos buenas rico rica sabroso lindo linda bonito bonita guapo padre chido
copado bacan bacano chevere top genial ideal util facil clara claro comodo comoda limpio limpia
barato barata rapido rapida amable atento atenta cordial gracias agradecer agradecido encantar
gustar recomendar recomendable contento contenta feliz satisfecho satisfecha perfecto perfecta
mejor maravilla lujo diez crack seguro fiable puntual honesto resolver solucionar ayudar cumplir
funcionar acertar acierto fresco fresca calido acogedor simpatico simpatica encantado encantada
comodo comoda robusto robusta solido solida util practico practica recomendable merecer suave
silencioso silenciosa potente nitido nitida chulo chula enamorado enamorada contentisimo gratamente
sorprendido sorprendida cumplidor fiel rapidez eficacia amabilidad calidez limpieza puntualidad
""".split())
POSITIVE_PREFIXES = (
    "excelent", "estupend", "perfect", "maravill", "fantast", "increibl", "encant", "recomend",
    "satisfe", "agrad", "amabil", "eficaz", "eficien", "precios", "hermos", "impecab", "espectacul",
    "fenomenal", "magnific", "exquisit", "delicios", "profesional", "intuitiv", "practic", "resistent",
    "durader", "buenisim", "riquisim", "rapidisim", "facilisim", "comodisim", "limpisim", "baratisim",
    "generos", "transparen", "ejemplar", "sobresalient", "emopos", "felicit", "alucin", "brutal",
)
NEGATIVE_WORDS = frozenset("""
mal malo mala malos malas caro cara caros caras lento lenta tarde tardar demora demorar sucio sucia
roto rota romper fallo fallar falla error problema queja quejar reclamo reclamar peor fatal asco
fome chafa trucho cutre crudo soso sosa rancio frio fria incomodo incomoda dificil complicado
confuso inutil grosero grosera borde antipatico antipatica prepotente odiar horror caos colapso
bloquear colgar estafa estafar robo robar enganar engano mentira mentir fraude ruido ruidoso
perder danar dano quemar cancelar cobrar abuso abusivo decepcion decepcionar triste molestar
molesto harto cansado frustrar frustrado enojar enojado enfadar enfadado indignado vergüenza
verguenza desastre basura porqueria regular mediocre defecto defectuoso deficiente nadie nunca
fragil endeble flojo floja despegar descoser desteñir destenir rayar rayado oxidar oxidado apestar
chapuza birria bazofia mierda escaso escasa insuficiente estropear estropeado averia averiado
incompleto incompleta equivocado equivocada falso falsa falsificado trampa pesadilla horrendo pena
penar lastima lastimar
""".split())
NEGATIVE_PREFIXES = (
    "pesim", "horribl", "terribl", "asquer", "lamentabl", "deplorabl", "nefast", "penos", "vergonz",
    "indign", "frustr", "decepcion", "defectu", "insipid", "peligros", "insegur", "incompeten",
    "negligen", "desorganiz", "desesper", "desagrad", "deficien", "mediocr", "ridicul", "absurd",
    "insoportab", "inaceptab", "malisim", "carisim", "lentisim", "horror", "desastr", "estaf",
    "engan", "tardisim", "sucisim", "emoneg", "inservib", "inutil", "abusiv", "timo", "clavad",
    "larguisim", "interminab", "carisim",
)


@functools.lru_cache(maxsize=50_000)
def polarity(word: str) -> int:
    """+1, -1 or 0 for an accent-free lemma."""
    if word in NEGATIVE_WORDS or word.startswith(NEGATIVE_PREFIXES):
        return -1
    if word in POSITIVE_WORDS or word.startswith(POSITIVE_PREFIXES):
        return 1
    return 0


# "esperaba más / mejor / otra cosa": a let-down, whatever the polarity of the next word.
_EXPECTATION = frozenset({"esperar", "pensar", "creer", "imaginar"})
_MORE = frozenset({"mas", "mejor", "otro", "algo", "mucho"})
# "merece la pena" / "vale la pena": 'pena' is not sorrow there.
_WORTH = frozenset({"merecer", "valer"})


def lexicon_tokens(tokens: list[str]) -> list[str]:
    """``lexpos``/``lexneg`` for each polar token; a ``neg_`` token counts with its sign flipped."""
    out = []
    skip = -1
    for i, token in enumerate(tokens):
        if i <= skip:
            continue
        negated = token.startswith("neg_")
        word = token[4:] if negated else token
        if word in _EXPECTATION or word in _WORTH:  # (the next two tokens are looked at only for these)
            following = tokens[i + 1: i + 3]
            if word in _EXPECTATION and following and following[0].removeprefix("neg_") in _MORE:
                out.append("lexpos" if negated else "lexneg")
                skip = i + 1 if len(following) < 2 or polarity(following[1].removeprefix("neg_")) == 0 else i + 2
                continue
            if word in _WORTH and len(following) == 2 and following[1].removeprefix("neg_") in ("pena", "penar"):
                out.append("lexneg" if negated else "lexpos")
                skip = i + 2
                continue
        sign = polarity(word)
        if sign:
            out.append("lexpos" if (sign > 0) != negated else "lexneg")
    return out
