"""A small hand-written cue lexicon for touchpoints, areas and signals (the project's own list).

Real feedback names a touchpoint in words the corpus uses rarely ("la reposición del plástico",
"me reembolsaron", "la reservación"). Each cue adds a marker word, ``cue_<label>``, to a text's
features, so that a rare synonym shares the weight the classifier learnt for the common ones.
The markers are features, not rules: the classifier decides how much each one counts, per label.

Entries match the accent-free lemmas the tokenizer already computed (negation marks ignored): whole
lemmas, prefixes of five letters or more, and two-lemma phrases. The lemma table mangles some nouns
("factura" -> "facturar", "página" -> "paginar", "meses" -> "mesar"). A model reads the version it was
trained with (``cues_version`` in its features' state; models saved before versions existed read 1):

- version 1: each entry matched as written, so 17 of the 53 phrase entries never matched ("estado de
  cuenta" is read "estar de contar", "llegó tarde" "llegar tardar", "mi cuenta" "mi contar", "dar de baja"
  "dar de bajo");
- version 2 (``CUES_VERSION``): each phrase also as the lemma table reads it. (Reading the words that way too,
  "tienda" as "tender", "precio" as "preciar", was measured and not kept: hotel touchpoint F1 fell outside
  its 95% interval on the development sets.)
"""

from __future__ import annotations

import functools

from .tokenize import reading

#: label -> (whole lemmas, prefixes)
_WORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "delivery": ("""llegar llego entrega entregar envio envios enviar repartidor repartidora repartir reparto
        paquete paqueteria mensajeria mensajero courier transportista recibir recibido recogida
        domicilio tracking rastreo reposicion plastico embalaje empaque empaquetado instalacion
        instalador demora atraso retraso""",
        ("entreg", "reparti", "paqueter", "mensajer", "transport", "embala", "empaque", "reposic", "rastre")),
    "returns": ("""devolver devolucion devoluciones reembolso reembolsar reintegro reintegrar garantia garantias
        contracargo siniestro reclamacion cambiazo""",
        ("devoluc", "reembols", "reintegr", "garanti", "siniestr")),
    "purchase": ("""reservar reserva reservacion reservaciones contratar contratacion contrato checkout carrito
        inscripcion inscribir matricula matricular booking preventa adquirir""",
        ("reserv", "contrat", "inscrip", "matricul")),
    "marketing": ("""publicidad publicitar anuncio anunciar promocion promocionar promo promos oferta ofertar
        descripcion foto fotos imagen prometer promesa enganoso spam cupon campana msi folleto
        catalogo influencer""",
        ("publicid", "publicit", "promoc", "anunci", "describ", "descripc", "enganos")),
    "price": ("""precio caro cara barato barata costo costar coste tarifa comision cuota anualidad economico
        economica carisimo baratisimo dinero pagar""",
        ("precio", "carisim", "baratis", "comision", "anualid", "economic")),
    "billing": ("""factura facturar facturacion cobro cobrar recibo domiciliacion domiciliar adeudo
        saldo estado_de_cuenta""",
        ("factur", "domicili", "cobrad")),
    "account": ("""contrasena contraseña clave password usuario sesion login registrar registro nip pin token
        bloquear bloqueo acceso acceder baja verificacion perfil millas puntos huella""",
        ("contras", "registr", "verific", "bloque")),
    "app": ("""app apps aplicacion aplicaciones actualizacion android ios""",
        ("aplicac",)),
    "website": ("""web pagina paginar sitio portal navegador online""",
        ()),
    "support": ("""chat llamar llamada telefono telefonica call asesor asesora agente operador operadora
        soporte correo email mail ticket folio dm whatsapp contestar responder respuesta
        mensaje""",
        ("asesor", "telefon", "operador")),
    "store": ("""sucursal tienda local oficina recepcion recepcionista lobby piscina alberca ubicacion ubicado
        mostrador cajero cajera fila cola estacionamiento parqueo jardin terraza instalaciones
        establecimiento ambiente decoracion salon mesero mesera camarero camarera""",
        ("sucurs", "recepci", "ubicac", "estacion", "establec", "decorac", "camarer")),
    "customer_service": ("""atender atencion amable amabilidad grosero grosera trato personal empleado empleada
        asesor asesora agente ejecutivo ejecutiva gerente mesero mesera camarero camarera
        recepcionista educado maleducado servicial atento atenta antipatico""",
        ("atenc", "amabl", "amabil", "groser", "emplead", "ejecutiv", "recepcion", "antipat", "servicial")),
    "ux": ("""facil dificil complicado intuitivo usar uso manejar configurar instalar navegar paso pasos
        error bug fallar fallo congelar trabar colgar cerrar cargar lento""",
        ("intuit", "complic", "configur", "naveg")),
    "ui": ("""diseno diseño color colores letra fuente icono boton interfaz menu pantalla oscuro""",
        ("disen", "diseñ", "interfa")),
    # signals: authorities and lawyers (escalation), leaving (churn risk), fear (worry)
    "escalation": ("""profeco condusef sernac ocu facua indecopi sundde prodecon conamed aepd ift
        superintendencia abogar abogado abogada tribunal juzgado juez tutela policia prensa periodico
        noticiero viral""",
        ("superintend", "denunci", "abogad")),
    "churn_risk": ("""portabilidad competencia""",
        ("portabil",)),
    "worry": ("""preocupar preocupacion preocupado preocupada miedo angustiar angustia temer temor susto
        asustar nervioso nerviosa""",
        ("preocup", "angusti", "asust")),
}
#: label -> two-lemma phrases (accent-free, negation marks removed)
_PHRASES: dict[str, tuple[str, ...]] = {
    "app": ("banca movil", "banco movil"),
    "website": ("banca linea", "en linea", "pagina web", "paginar web", "sitio web"),
    "billing": ("estado cuenta", "doble cobro", "sin interesar", "sin intereses"),
    "marketing": ("sin interesar", "sin intereses", "mesar sin"),
    "support": ("servicio cliente", "call center", "centro llamada", "mensaje directo", "atencion cliente"),
    "customer_service": ("servicio cliente", "atencion cliente"),
    "account": ("iniciar sesion", "dar baja", "datos personales", "mi cuenta"),
    "delivery": ("costo envio", "gasto envio", "llegar tarde", "llegar roto", "llegar abierto"),
    "price": ("costo envio", "gasto envio", "calidad precio"),
    "escalation": ("defensa consumidor", "librar reclamacion", "libro reclamacion", "hoja reclamacion",
                   "oficina consumo", "derecho consumidor"),
    "churn_risk": ("otro operador", "otro banco", "otro compania", "otro compañia", "otro empresa",
                   "otro aseguradora", "otro proveedor", "cambiar compania", "cambiar compañia", "cambiar banco",
                   "cambiar operador", "cambiar empresa", "ultimar vez", "ultimo vez"),
}

_PREFIX_INDEX = [(p, label) for label, (_, prefixes) in _WORDS.items() for p in prefixes]
_WORD_INDEX: dict[str, list[str]] = {}
for _label, (_words, _) in _WORDS.items():
    for _w in _words.split():
        _WORD_INDEX.setdefault(_w, []).append(_label)
#: The cue lexicon a newly trained model uses.
CUES_VERSION = 2
VERSIONS = (1, 2)
_SKIP = frozenset({"de", "del", "la", "el", "los", "las", "al", "a"})


@functools.cache
def _phrases(version: int) -> tuple[dict[str, list[str]], frozenset[str]]:
    """(phrase -> labels, first words of phrases) of a cue version (the words are the same in every version)."""
    if version not in VERSIONS:
        raise ValueError(f"cue lexicon version {version!r}: this cxnlp has versions {VERSIONS}")
    phrases: dict[str, list[str]] = {}
    for label, entries in _PHRASES.items():
        for entry in entries:
            variants = {entry, " ".join(reading(w) for w in entry.split())} if version >= 2 else {entry}
            for variant in sorted(variants):
                if label not in phrases.setdefault(variant, []):
                    phrases[variant].append(label)
    return phrases, frozenset(p.split()[0] for p in phrases)


@functools.lru_cache(maxsize=50_000)  # a survey's distinct lemmas; text full of never-seen words stays flat
def word_cues(word: str) -> tuple[str, ...]:
    """The labels an accent-free lemma cues (the same words in every version)."""
    labels = list(_WORD_INDEX.get(word, ()))
    for prefix, label in _PREFIX_INDEX:
        if word.startswith(prefix) and label not in labels:
            labels.append(label)
    return tuple(labels)


#: Per cue version, what each token met cues on its own: its labels, and its word when a phrase starts with it
#: (else None); emptied when it reaches ``_TOKENS_SIZE``, so memory stays flat.
_TOKENS: dict[int, dict[str, tuple[tuple[str, ...], str | None]]] = {}
_TOKENS_SIZE = 100_000
_NOTHING: tuple[tuple[str, ...], None] = ((), None)


def _token_cues(token: str, version: int) -> tuple[tuple[str, ...], str | None]:
    """``_TOKENS``' entry for ``token``, remembered."""
    word = token[4:] if token.startswith("neg_") else token
    entry = (word_cues(word), word if word in _phrases(version)[1] else None)
    entry = _NOTHING if entry == _NOTHING else entry
    known = _TOKENS.setdefault(version, {})
    if len(known) >= _TOKENS_SIZE:
        known.clear()
    known[token] = entry
    return entry


def cue_tokens(tokens: list[str], version: int = CUES_VERSION) -> list[str]:
    """``cue_<label>`` for each label cued in ``tokens`` (once per label), from words and phrases."""
    phrases, _ = _phrases(version)
    get = _TOKENS.setdefault(version, {}).get
    entries = [e if (e := get(t)) is not None else _token_cues(t, version) for t in tokens]
    found: dict[str, None] = {}
    for i in [i for i, entry in enumerate(entries) if entry is not _NOTHING]:
        labels, first = entries[i]
        for label in labels:
            found[label] = None
        if first is not None:
            # The next content word: "estado de cuenta" and "costo del envío" match "estado cuenta".
            for j in range(i + 1, min(i + 4, len(tokens))):
                word = tokens[j][4:] if tokens[j].startswith("neg_") else tokens[j]
                if word not in _SKIP or j == i + 3:
                    for label in phrases.get(f"{first} {word}", ()):
                        found[label] = None
                    break
    return [f"cue_{label}" for label in found]
