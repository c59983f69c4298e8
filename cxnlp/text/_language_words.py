"""The words and spellings language identification weighs (``status.is_spanish``): Spanish-only words, foreign words
of English, Portuguese, Italian, French, Catalan and Galician, words Spanish shares with them, loanwords, all in one
``_LEXICON``, and the endings, accents and spellings that tell a word not listed. Kept apart from ``status``, which
weighs them, because they are data a reader edits on their own (``tests/test_langid.py`` checks the lists do not overlap).
"""

from __future__ import annotations

import re
import unicodedata

# Language identification weighs evidence word by word (lower case, accents stripped, letters repeated
# three times or more collapsed: 'buenisimooo'). A word is one of:
# - Spanish-only: a Spanish word that English, Portuguese, Italian and French do not have ('muy', 'pero',
#   'tiene', 'gracias'), and regional slang and chat spellings ('chido', 'bacan', 'xq', 'tmb');
_SPANISH_ONLY = frozenset("""
    el los las y pero muy sino hay fue fueron fuimos estoy estaba estaban estuvo estuve estuvieron estan esto
    estos eso ese esa esos esas aquel aquella tiene tienen tengo tenia tenian tenemos tuve tuvo tuvimos tener
    hubo habia habian han hemos habeis hace hacen hacer hice hizo hicieron hecho haga hagan puede pueden puedo
    pude pudo pudieron podria podrian quiero quiere quieren quise quisieron queria dijo dijeron digo dicen voy
    soy eres siempre tambien tampoco nadie ningun ninguno ninguna mucho mucha muchos muchas muchisimo muchisima
    bueno buena buenos buenas buen buenisimo buenisima buenazo mejor peor malo mala malos malas malisimo
    malisima pesimo pesima pesimos pesimas gracias cuando donde quien quienes cual cuales usted ustedes yo ella
    ellos ellas nosotros vosotros sus tus hasta despues luego pues entonces asi aun aunque ademas ya aca ahi
    ahora hoy ayer veces unos algun alguna algunos algunas cualquier servicio atencion producto productos tienda
    tiendas cuenta cuentas factura facturas precio precios dinero tarjeta cajero cajera cajeros respuesta gusta
    gustan encanta encanto encantada recomiendo recomendable nuevo nueva nuevos otro otra otros otras mismo
    misma fuera cero hola chau perfecto perfecta tardaron ignoraron contesto sirve sirbe volvere quedo queda
    conmigo contigo atte neta chido chida padrisimo orale ahorita chafa gacho wey guey pinche chamba pibe copado
    laburo laburan posta boludo boludez garron afano zarpado tenes sos queres podes bacan cachai fome weon wea
    harto cuatico chevere bacano parce chimba berraca jurgo guay mola chaval majo timo currazo chapuza vaina
    pana chin chulo chamo ladilla burda xq porq xfa porfa grax tmb ke nunk dnd bn mui filete ayuda ayudan
    contesta contestan incorrecto incorrecta rapidito rapidita volver volvemos vuelvo volveria vuelvan cotizar
    hablo habla hablan hablar ingles interfaz cuanto cuanta cuantos cuantas devuelven devolver vuelo vuelos
    pasaje pasajes quisiera pide piden pidio pidieron cierra cierran abren huele tenga tengan venga vengan digan
    dicho puesto joven vacio caliente limpio limpia sucio sucia feo fea poquito necesito deberian deberia
    gustaria mejorar mejoren arreglar arreglen correo correos mensaje caja cajas tiempo alguien persona personas
    empleado empleados empleada trabajador equipo jefe venta ventas descuento descuentos paquete desayuno
    alberca playa sirven tardan linea jaja jajaja jeje muchacho muchacha muchachos muchachas amable amables
    ladron ladrones ladrona grosero grosera groseros groseras basura queja quejas cobran senor senora senorita
    defectuoso defectuosa defectuosos defectuosas
    manana respuestas doble trabajo hijo hija hijos hijas chicos chicas sucursales nmms nms
    cargan cargar enciende encienden prenden conectan
    mesero mesera meseros cuarto soporte almuerzo orden falla atendio
    cambien devuelvan pongan atiendan revisen solucionen
""".split())
#   and, read before accents are stripped, 'qué', 'cómo' and 'súper', which no other of these languages writes with
#   that accent (without it, 'que' and 'como' are Portuguese or French too: 'Qué lata la espera' was read as Polish);
_SPANISH_ACCENTED = frozenset({"qué", "cómo", "súper"})
# - foreign: a word of English, Portuguese, Italian or French that Spanish does not have;
_ENGLISH = """
    the and was were is are it its this that these those my i you your we our they their them she her him his to
    of for with from at on in by about not very but have had been be will would can could should did do does
    dont didnt doesnt cant wont isnt wasnt im ive what when where why how who which there here so just really
    only also too all any some more most than then if or an up out get got good great bad nice slow fast late
    never always again thank thanks please love loved like best worst ever order ordered staff friendly helpful
    rude customer price prices quality experience recommend recommended waited wait waiting minutes hours day
    days arrived received delivered package money refund still after before because nobody people everything
    nothing awesome amazing excellent perfect happy well much lot work works working store food room item items
    service wrong size expensive cheap clean dirty star stars stay stayed breakfast went came took made new
    first back way want need told said called call line lines long time times one two three four five overall
    keep keeps crashing crashed shipping shipped cold hot guy guess pretty better worse bit easy hard charged
    twice explain issue problem solved support phone box damaged broken open add options payment looks picture
    register card declined even though funds value fine forever location branch crowded view seller agent kind
    help front desk trip ruined airline flight delayed showed booked beautiful overpriced shop restaurant awful
    lovely wonderful fantastic disappointed disappointing poor useless worth quick absolutely closed blocked
    reason team dinner guide smoothly delicious sorry honestly impeccable subtitles
    overcharged games refunds
"""
_PORTUGUESE = """
    nao muito muita muitos muitas bom boa bons boas obrigado obrigada voce voces vc atendimento otimo otima
    produto produtos chegou gostei adorei foi estou estava ainda isso esse essa isto pela pelas nem mais demorou
    loja qualidade dinheiro fiquei tudo sem ate um uma uns umas do das nas ao aos eu meu minha meus minhas ele
    ela eles elas seu sua tem tinha vou vai sao bem melhor pior entao quando onde ficou ruim pessoal pra valeu
    nossa certo demais comprei paguei recebi chegar recomendo ninguem aplicativo trava dez conhecia equipe
    oferece vergonha prazo faltou fazer feito agora hoje ontem com deu voltarei estao pouco depois assim coisa
    mesmo outro outra novo nova taxa e ne as amei adoro maravilhoso parabens veio achei meio perfeito beleza satisfeito
    satisfeita novamente sempre dois quero gostaria telefone suporte resposta atendem ajuda ajudem ajudar cor
    carregador carregar carrega nenhum nenhuma
"""
_ITALIAN = """
    il gli della dello degli delle nel nella nei negli sul sulla allo agli alle dal dalla dei sono molto molta
    molti molte bene grazie non perche anche questo questa quello quella servizio prodotto consegna arrivato
    arrivata ottimo ottima buono buona tutto tutti tutte ma ho hai hanno abbiamo stato stata personale gentile
    gentili veloce prezzo troppo niente mai sempre ancora dopo giorni giorno settimana settimane ci siamo volta
    volte davvero consiglio consiglierei mille per negozio sporco nessuno risponde esperienza sicuramente pulita
    colazione scarsa spedizione qualita abbastanza pacco aperto giusto offre rotto piaciuto applicazione
    funziona ieri clienti inesistente soddisfatta soddisfatto acquisto rimborso aspettato due quando qui e
    essere fatto ogni eccellente ritardo scortese cattivo brutto bello bella consigliato consigliata facile
"""
_FRENCH = """
    des du au aux et est merci je il elle nous vous pas ne ce cette ces qui avec pour mais tout tous toute
    toutes toujours jamais livraison commande produit ete etait bonne bon trop rien personne rapide decu parfait
    parfaite beaucoup nul nulle chambre propre petit dejeuner decevant vendeur aimable frais caches partout faut
    ameliorer magasin colis arrive reviendrai experience une on ai avons avez sont suis fait satisfaite
    satisfait sympathique remboursement attendu semaines telephone repond accueil facture dire deux fois trois
    plus temps cher qualite prix rapport mon ma votre notre chez qu service client excellent bof mauvais
    mauvaise retard vivement adore nickel impeccable facile emballage soigne
"""
# Catalan and Galician, Spain's other Romance languages, are not Spanish: the model would misread them, so they
# are counted as not_spanish, and words of theirs that Spanish has ('el paquet ha arribat tard', 'non me gustou
# nada') are no evidence of Spanish in a text that shows them (``_ALIKE``).
_CATALAN = """
    molt molta molts moltes tot tots totes perfecte perfectes paquet arribat tard els diners estic estat servei
    gracies amb tambe perque aquest aquesta botiga feina vaig dues hores recomano correcte bona avui ahir tornat
    encantat
"""
_GALICIAN = """
    moi moito moita moitos moitas grazas servizo gustou mercar volverei non bo unha ben
"""
_ALIKE = {
    "ca": frozenset("el la les de del que no ha han he hem en un una al si se te me tu es ho mes amable amables"
                    .split()),
    "gl": frozenset("o a os as me te se nada todo toda todos todas como para por en no que de do da un una "
                    "pesimo pesima amable amables perfecto perfecta recomendable cuarto soporte falla comida rica rico "
                    "sabor bonito bonita bebida banco cambien revisen solucionen".split()),
}
#: Galician also writes Spanish's -ción and -aron ('A aplicación non funciona', 'Tardaron moito').
_ALIKE_ENDINGS = {"ca": (), "gl": ("cion", "aron")}
# - shared: a Spanish word that the languages named with it also have. It counts as Spanish unless the
#   text shows one of those languages elsewhere: 'todo bien' is Spanish, 'très bien' and 'tudo bem' not;
_SHARED = {
    "en": "sea series",
    "pt": "todo toda todos todas nada como nunca para por desde esta este estas o dos dia dias semana vez "
          "na algo favor fui ta pedido envio entrega espera esperando tarde demasiado somos ir vamos pagar "
          "onda mas aqui porque sucursal pq q recomendado excelente barato ser hora demora todavia anda "
          "lindo inutil maleta grito amigo amiga amigos amigas felicidades carga abre conecta comida rica rico sabor "
          "bonito bonita bebida",
    "it": "con una uno del al su che poco poca asta dice mi lo gusto ti madre padre di alla",
    "fr": "bien ni vos en les",
    "en fr": "son",
    "pt it": "banco cena caro rapido lento solo gente cosa vale cada entre sobre compra da confusa incompleto incompleta "
             "incompletos incompletas prende",
    "pt fr": "mal que de mes",
    "it fr": "un la le",
    "en pt it": "me no era ha",
    "en pt fr": "nos",
    "pt it fr": "si se te tu",
}
# - neutral: anything else (names, 'ok', 'super', 'hotel', 'normal', 'horrible'), and loanwords common in
#   Spanish feedback whose spelling would otherwise read as foreign ('app', 'parking').
_LOANS = ("app apps pizza pizzas express online marketing parking shopping "
          "streaming booking camping outlet check-in check-out e-mail hmm mm uff pff")
_ES, _NEUTRAL = ("es", frozenset()), ("", frozenset())
_RE_LANG_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # the words weighed; 'check-in' is one word


def _lexicon() -> dict[str, tuple[str, frozenset[str]]]:
    """word -> ('es' | 'foreign' | 'shared' | '', languages), from the lists above."""
    lexicon = {}
    for lang, words in (("en", _ENGLISH), ("pt", _PORTUGUESE), ("it", _ITALIAN), ("fr", _FRENCH), ("ca", _CATALAN),
                        ("gl", _GALICIAN)):
        for word in words.split():
            lexicon[word] = ("foreign", lexicon.get(word, _NEUTRAL)[1] | {lang})
    for langs, words in _SHARED.items():
        lexicon.update(dict.fromkeys(words.split(), ("shared", frozenset(langs.split()))))
    lexicon.update(dict.fromkeys(_SPANISH_ONLY, _ES))
    lexicon.update(dict.fromkeys(_LOANS.split(), _NEUTRAL))
    return lexicon


_LEXICON = _lexicon()
# Words the lists do not hold are judged by their letters. Spanish writes 'ñ', words starting 'll', and
# endings -aron, -ieron, -aba, -iendo, -ción, -dad, -ísimo. The others write ã, ç, è, ô…, 'th', 'ss', the
# double consonants Spanish lacks, and endings -tion, -ment (English, French), -ione (Italian), 'lh', 'nh', -aram,
# -ável, -dade (Portuguese), -eux, -ique (French).
_SPANISH_ENDINGS = ("aron", "ieron", "aba", "aban", "abamos", "iendo", "cion", "ciones", "dad",
                    "isimo", "isima", "isimos", "isimas")
_ACCENT_LANGS = {"ã": "pt", "õ": "pt", "ç": "pt fr", "â": "pt fr", "ê": "pt fr", "ô": "pt fr",
                 "à": "pt it fr", "è": "it fr", "ì": "it", "ò": "it", "ù": "it fr", "î": "fr", "ï": "fr",
                 "û": "fr", "ë": "fr", "œ": "fr"}
_FOREIGN_SPELLINGS = tuple((re.compile(pattern), frozenset(langs.split())) for pattern, langs in (
    (r"th|[^aeiouy]y$|.{3}(ly|ness|ing)$", "en"),
    (r"ss", "en pt it fr"),
    (r"tt|pp|ff|gg|zz|bb|dd|mm", "en it fr"),
    (r"..(tion|tions|ment|ments)$", "en fr"),
    (r"..(ione|ioni)$", "it"),
    (r"(eux|euse|eau|eaux|ique|iques)$", "fr"),
    # 'lh' and 'nh' ('trabalho', 'tamanho'), but not where Spanish joins al-, mal-, en-, in-, an-, des-en-, des-in-,
    # bien-, sin-, bon- or pan- to an 'h' ('alhaja', 'malhumorado', 'enhorabuena', 'inhábil', 'anhelo', 'desinhibido',
    # 'bienhechor', 'sinhueso', 'bonhomía', 'panhelénico'), nor before 'u' ('Sanhueza', a Chilean surname) or a word's
    # end ('Minh', 'Dinh'). Fixed-width lookbehinds: linear.
    (r"(?<!^a)(?<!^ma)lh|(?<!^[aei])(?<!^des[ei])(?<!^bie)(?<!^bo|^si|^pa)nh(?=[aeio])"
     r"|..(aram|eram|ou|avel|ivel|agem|dade)$", "pt"),
))

def _letters(word: str) -> bool:
    """Whether ``word`` is more than a letter the lists do not hold: 'X' in 'Series X' or 'Plan B' is a name's."""
    return len(word) > 1 or word in _LEXICON


#: Words whose evidence their neighbours change (``_in_context``).
_IN_CONTEXT = frozenset({"o", "e"})
#: Spanish writes 'e' for 'y' before a word that starts with the sound 'i' ('rápido e impecable', 'padre e hijo'), not
#: before 'hie' ('agua y hielo'). Portuguese and Italian write it there too.
_RE_I_SOUND = re.compile(r"h?i(?!e)")
#: 'para o' written so, only blanks between: in 'Para 20 o 30 minutos' a number stands between, Spanish's 'o' ('or').
_RE_PARA_O = re.compile(r"(?<![^\W\d_])para\s++o(?![^\W\d_])", re.IGNORECASE)


def para_o_in(text: str, words: list[str]) -> bool:
    """Whether ``text`` (its words ``words``) writes 'para o' with only blanks between (``_RE_PARA_O``). The search
    reads the whole text, 15 µs of a long review: it runs only where the words hold 'para' then 'o'."""
    return "o" in words and " para o " in f" {' '.join(words)} " and bool(_RE_PARA_O.search(text))


def _in_context(words: list[str], i: int, evidence: tuple[str, frozenset[str]],
                para_o: bool = True) -> tuple[str, frozenset[str]]:
    """The ``evidence`` of ``words[i]`` read beside its neighbours: 'o' after 'para' (where the text writes them
    side by side, ``para_o``) is Portuguese's article ('Demora para o reembolso'; Spanish's 'o', 'or', does not
    follow 'para'), and 'e' before a word that starts with the sound 'i' is a word Spanish shares with Portuguese and
    Italian ('Caro e incómodo')."""
    word = words[i]
    if word == "o" and para_o and i and words[i - 1] == "para":
        return "foreign", frozenset({"pt"})
    if word == "e" and i + 1 < len(words) and _RE_I_SOUND.match(words[i + 1]):
        return "shared", frozenset({"pt", "it"})
    return evidence


#: A word in another script ('Хорошо', '很好', 'جيد'): no Spanish word is written so.
_OTHER_SCRIPT = ("foreign", frozenset({"other script"}))


def _other_script(word: str) -> bool:
    """Whether ``word`` is written in another script than the Latin one; a single Greek or Cyrillic letter is a
    symbol ('10 Ω', 'π'), not a word."""
    return not _latin(word[0]) and not (len(word) == 1 and word.upper() != word.lower())


def _latin(letter: str) -> bool:
    """Whether ``letter`` is of the Latin script, in any of its forms ('ﬁ', fullwidth 'Ｎ', bold '𝐁')."""
    if letter < "\u0370":  # ASCII, Latin-1 and the Latin Extended blocks
        return True
    return "LATIN" in unicodedata.name(unicodedata.normalize("NFKC", letter)[0], "")
