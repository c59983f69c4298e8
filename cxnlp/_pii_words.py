"""Names and street addresses for :mod:`cxnlp.pii`, found only after reliable cue words.

A name is one to four capitalised words ("Juan Pérez", "María de los Ángeles") after a role
("el asesor", "la señorita", "Sr."), a service verb ("me atendió"), a self-introduction ("mi
nombre es", "hola, soy") or a sign-off ("atentamente,"). After "mi nombre es", "nombre:" and the
sign-offs a lower-case name counts too ("mi nombre es juan perez"). An address is a street type, a
name and a number ("Calle Mayor 12, 3º B", "Av. 9 de Julio 1234") or a Colombian grid address
("Carrera 15 # 93-75"). Cue words are case-insensitive, names are case-sensitive. (Social-media handles
are found in ``_pii_handles``.)
"""

from __future__ import annotations

import re
from typing import Iterable

NAME, ADDRESS = "name", "address"

# Latin letters (João, Gonçalves, Raphaël, Zoë), and the combining accents of text typed on macOS or iOS
# ('José' as 'Jose' + U+0301: a name stopped at the mark and its rest leaked).
_MARKS = "\u0300-\u036f"
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", f"a-zß-öø-ÿ{_MARKS}"
# An Irish or Italian surname opens with a capital and an apostrophe, straight or typographic ("O'Brien", "D’Angelo"):
# the name stopped at it and was left in clear.
# So may a particle glued to a capital ("McDonald", "MacArthur", "DiCaprio", "LeBlanc"): the name stopped inside it.
_GLUED = r"(?:Mc|Mac|Di|De|Da|Del|Della|Le|La|Van|Von|Du)"
_ELIDED = rf"(?:[{_UPPER}]['\u2019]|{_GLUED}(?=[{_UPPER}]))?+"
# An English possessive makes a brand ("McDonald's", "Wendy's"): no name, where the glued particle made one
_OWNER = r"(?!['\u2019]\w)"
_WORD = rf"{_ELIDED}[{_UPPER}][{_LOWER}]++(?:-[{_UPPER}][{_LOWER}]++)?+{_OWNER}"
# A surname in capitals ("Andrea GARCÍA"); a whole name in capitals only after a signature or a
# self-introduction ("Atentamente, JUAN PÉREZ"): after "me atendió" capitals are as often shouting.
_CAPS = rf"{_ELIDED}[{_UPPER}][{_UPPER}{_MARKS}]++(?:-[{_UPPER}][{_UPPER}{_MARKS}]++)?+{_OWNER}"
# Each further word ends at a word boundary: 'Andrea García ES9121…' (an IBAN after the name) made the whole name fail
# and leak, and a second redaction then found it.
# The connectors of a surname may be capitalised ('Ana María De La Fuente', 'Luis Del Río'): its rest leaked.
# A middle initial may stand between them ('Juan P. Gómez'): the name stopped before it and the surname leaked.
_NEXT = (rf"(?:[ ](?:[Dd]e(?:[ ][Ll]a|[ ][Ll]os|[ ][Ll]as)?[ ]|[Dd]el[ ])?(?:{_WORD}|{_CAPS}|[{_UPPER}]\.)(?!\w))"
         rf"{{0,3}}+")
# Initials may open the name ("el Sr. J. Pérez", "Atentamente, M. García", "A. B. Pérez", "J. de la Cruz"): the
# surname after them leaked.
_INITIAL = rf"(?:(?:[{_UPPER}]\.[ ]){{1,3}}+(?:de(?:[ ]la|[ ]los|[ ]las)?[ ]|del[ ])?)"
# A surname's particle may open the name: capitalised after any cue ("la señora De la Fuente", "me atendió Del Río"),
# in lower case after a title with its dot ("el Sr. de la Fuente"); the name was dropped whole. A sign-off's dot is
# no title's: "Atte. de la Dirección de Ventas" signs for a department.
_LEAD = (r"(?:(?:De(?:[ ][Ll]a|[ ][Ll]os|[ ][Ll]as)?|Del)[ ]"
         r"|(?<=\.\s)(?<!(?i:att)\.\s)(?<!(?i:atte)\.\s)(?:de(?:[ ]la|[ ]los|[ ]las)?|del)[ ])")
_NAME = rf"(?:{_INITIAL}|{_LEAD})?+{_WORD}{_NEXT}"
_NAME_CAPS = rf"(?:{_INITIAL}|{_LEAD})?+(?:{_WORD}|{_CAPS}){_NEXT}"
_NAME_LOWER = rf"[{_LOWER}]{{2,}}+(?:[ ][{_LOWER}]{{2,}}+){{0,3}}+"

_ROLE = (r"se[nñ]orita|se[nñ]ora|se[nñ]or|don|do[nñ]a|asesora?|agente|ejecutiv[oa]|"
         r"vendedora?|cajer[oa]|t[eé]cnic[oa]|repartidora?|meser[oa]|camarer[oa]|gerente|encargad[oa]|"
         r"operadora?|doctora?|licenciad[oa]|ingenier[oa]|enfermer[oa]|recepcionista|"
         r"chofer|conductora?|promotora?|supervisora?|instalador|analista|estilista|coordinadora?|"
         r"representante|consultora?|azafata|sobrecargo|capit[aá]n|piloto|operari[oa]|funcionari[oa]|"
         r"profesora?|maestr[oa]|instructora?|entrenadora?|abogad[oa]|contadora?|mec[aá]nico|mensajer[oa]|"
         r"cartero|taxista|conserje|portero|vigilante|guardia|farmac[eé]utic[oa]|m[eé]dic[oa]|dentista|"
         r"odont[oó]log[oa]|psic[oó]log[oa]|nutri[oó]log[oa]|pediatra|chef|cociner[oa]|"
         r"emplead[oa]|dependienta?|auxiliar|asistente|t[eé]cnico de \w+|asesora? de \w+|agente de \w+|"
         r"ejecutiv[oa] de \w+|operadora? de \w+|coordinadora? de \w+|joven|chic[oa]|muchach[oa]")
# Abbreviated titles take a dot ('Sr. Gómez'); a full role word followed by a dot ends a sentence
# ('el vendedor. Así llevo diez días').
_TITLE = r"srta|sra|sr|dra|dr|lic|ing|prof|profa|ldo|lda|dña"
# "D." (don), "Dª" and "Dna." (doña) need their mark: a bare "d" is a letter, "DNA" is the molecule ("kit DNA Plus")
_TITLE_MARKED = r"d\.|dª|dna\."
_ROLE_OR_TITLE = rf"(?:(?:{_TITLE})\.?|{_TITLE_MARKED}|(?:{_ROLE}))(?!\w)"
# Without a verb before it, "D." after a word other than a preposition or a conjunction is a letter that ends a
# sentence ("la vitamina D. Recomiendo", "Tipo D. Samsung"), no title.
_TITLE_MARKED_ALONE = (r"(?:(?<!\w\s)|(?<=\b[aey]\s)|(?<=\b(?:al|de|el|la)\s)|(?<=\b(?:con|del|por|que)\s)"
                       r"|(?<=\bpara\s))(?:d\.|dª)|dna\.")
_ROLE_OR_TITLE_ALONE = rf"(?:(?:{_TITLE})\.?|{_TITLE_MARKED_ALONE}|(?:{_ROLE}))(?!\w)"

_VERB = (r"me atendi[oó]|nos atendi[oó]|me atendieron|nos atendieron|me ayud[oó]|nos ayud[oó]|"
         r"me asesor[oó]|nos asesor[oó]|me explic[oó]|me resolvi[oó]|me solucion[oó]|me orient[oó]|"
         r"me recibi[oó]|nos recibi[oó]|me vendi[oó]|me instal[oó]|me visit[oó]|me entreg[oó]|me guio|me gui[oó]|"
         # the same verb in the passive and the perfect ("fui atendido por Carlos", "me ha atendido Carlos")
         r"atendid[oa]s? por|(?:me|nos) han? atendido")
# "soy" opens a clause: at a sentence's start, or after a comma or semicolon ("Llamen al 612 345 678, soy Juan
# Pérez" left the name in clear, where "hola, soy" was a cue); "soy de Lima" is no name (a name is capitalised).
_SELF = (r"me llamo|(?:hola+|buen[oa]s(?: tardes| d[ií]as| noches)?|saludos),? soy|(?<![^.!¡(,;])\s*soy|"
         r"a nombre de|a la atenci[oó]n de|atenci[oó]n:|attn:?|titular(?: de la cuenta)?:?|mis datos:?|contacto:")
_SIGN_OFF = (r"atentamente,?|att\.?:?|atte\.?:?|cordialmente,?|saludos cordiales,?|saludos,|un saludo,|"
             r"firma:|firmado:")
# only a self-introduction vouches for a lower-case name; "Saludos, quería…" is no name
_SELF_LOWER = r"mi nombre es:?|mi nombre:|nombre:|nombre completo:?"

_RE_NAME = re.compile(
    rf"(?<![\w\[])(?i:(?:(?:el|la|al|a la|del|de la)\s+)?{_ROLE_OR_TITLE_ALONE}"
    rf"|(?P<verb>{_VERB})(?!\w)(?:\s+(?:el|la))?(?:\s+{_ROLE_OR_TITLE})?)\s++(?P<name>{_NAME})(?!\w)"
    rf"|(?<![\w\[])(?i:(?:{_SELF}|{_SIGN_OFF})(?!\w)(?:\s+(?:el|la))?(?:\s+{_ROLE_OR_TITLE})?)\s++"
    rf"(?P<signed>{_NAME_CAPS})(?!\w)"
    rf"|(?<![\w\[])(?i:(?:{_SELF_LOWER})(?!\w))\s*+(?P<loose>{_NAME_CAPS}|{_NAME_LOWER})(?!\w)")
#: cheap test run on the lower-cased text before anything else: any name cue at all? (Matching
#: lower-cased text case-sensitively is about three times faster than an IGNORECASE search.)
RE_NAME_CUE = re.compile(rf"(?<![\w\[])(?:{_TITLE}|{_TITLE_MARKED}|{_ROLE}|{_VERB}|{_SELF}|{_SIGN_OFF}|{_SELF_LOWER})")
_CONNECTORS = frozenset({"de", "del", "la", "los", "las"})
_RE_AND_NAME = re.compile(rf" y (?P<name>{_NAME})(?!\w)")
_RE_COMMA_NAME = re.compile(rf", (?P<name>{_NAME})(?!\w)")

# Capitalised words that follow a cue without being a name ("la señorita Muy amable", "Saludos Cordiales").
_NOT_NAMES = frozenset("""
muy que me nos no si sí y pero con en de la el los las un una del al por para su sus mi mis lo le les
atención servicio cliente clientes caja ventas soporte banco tienda gracias hoy ayer mañana todo todos
excelente buena buen bueno mala malo pésimo pesimo super súper general regional comercial técnico
tecnico cordiales cordial saludos atentamente señor señora señorita dios usted ustedes estimados
estimado cuenta tarjeta factura pedido amable amables nada ninguno ninguna quien cual cuando donde
como porque pues ya aquí aqui allí alli hola buenas buenos días dias tardes noches fue era es está
esta este ese esa eso esto casi solo sólo también tambien nunca siempre jamás jamas
comercializadora distribuidora constructora inmobiliaria consultora grupo servicios inversiones
industrias corporación corporacion compañía compania empresa sociedad hotel restaurante farmacia
nadie mexicano mexicana español española colombiano colombiana argentino argentina venezolano venezolana
peruano peruana chileno chilena cubano cubana latino latina extranjero extranjera jubilado jubilada pensionado
pensionada madre padre mamá papá abuelo abuela estudiante profesor profesora maestro maestra socio socia usuario
usuaria empleado empleada autónomo autónoma discapacitado discapacitada embarazada viuda viudo
farmacias ferretería ferreteria papelería papeleria taller transportes importadora club colegio
universidad instituto clínica clinica hospital fundación fundacion asociación asociacion
civil nacional nación nacion municipal federal estado república republica gobierno policía policia
ministerio ejército ejercito armada sr sra srta dr dra lic ing prof profa don doña dña dna
distribuidor proveedor vendedor gerente director directora responsable administrador jefe usuario
usuaria community manager internet whatsapp chat teléfono telefono correo email
urgencias guardia sistemas recursos humanos cobranza cobranzas dirección direccion departamento gerencia
reclamaciones reclamos facturación facturacion calidad recepción recepcion informática informatica sucursal
equipo área area unidad división division administración administracion contabilidad logística logistica
alguien seguridad asistencia bot robot call center customer encargado encargada clienta clientas
lunes martes miércoles miercoles jueves viernes sábado sabado enero febrero marzo junio septiembre setiembre octubre
noviembre diciembre virtual virtuales digital automático automática automatico automatica presidente presidenta
""".split())
# (a bot and an office: "el asesor Virtual", "la operadora Automática", "el Sr. Presidente" were names; weekdays and
# months: "me atendió Laura, Lunes y Martes" named three people; "Domingo", "Abril", "Mayo", "Julio" and
# "Agosto" are given names and surnames as often, and stay names)
# Companies customers name after "me atendió" as they name a person ("me atendió Movistar", "nos atendió Iberia"): a
# name that is one of them alone, right after the verb, is a company, not a person. Surnames and given names can be
# the same words: "Juan Santander", "Zara Gómez", "el Sr. Santander", "Saludos, Claro Méndez" are names (and 'zara',
# 'didi', given names as often as shops, are not in the list).
_COMPANIES = frozenset("""
movistar telefónica telefonica vodafone orange yoigo jazztel pepephone lowi simyo digi masmovil másmóvil euskaltel
telcel telmex izzi totalplay megacable claro entel tigo personal iberdrola endesa naturgy repsol santander
caixabank caixa bankinter sabadell unicaja ibercaja abanca kutxabank bancomer banorte banamex bancolombia
davivienda bancoestado correos seur glovo uber cabify rappi mercadona carrefour walmart falabella ripley
liverpool coppel elektra oxxo soriana chedraui mapfre sanitas adeslas iberia vueling ryanair avianca latam
aeroméxico aeromexico renfe alsa amazon ikea primark decathlon fnac netflix
google facebook apple samsung huawei xiaomi motorola lenovo microsoft paypal spotify starbucks
""".split())
# Companies of more than one word, or of one with an apostrophe, named whole right after the verb as the ones above
# ("me atendió De Prati", "me atendió Burger King", "me atendió L'Oréal"): only brands as well known, since a particle
# and a surname are a person's name in most surveys ("me atendió Del Río" stays a name).
_COMPANY_NAMES = frozenset(line.strip() for line in """
de prati
del monte
la polar
el palacio de hierro
palacio de hierro
los portales
la anónima
la anonima
l'oréal
l'oreal
burger king
pizza hut
mercado libre
mercado pago
corte inglés
corte ingles
coca cola
coca-cola
home depot
western union
american express
""".strip().splitlines())
# Lower-case words that end a lower-case name ("mi nombre es juan y quiero…").
_STOP_LOWER = _NOT_NAMES | frozenset("""
soy tengo quiero quisiera necesito estoy vivo trabajo llamo escribo hago les les y e o u a ante bajo
cabe desde durante entre hacia hasta mediante según sin so sobre tras versus vía
""".split())

# "c/" is also "con": "precio c/IVA" is no street
_TYPE = (r"calle|c/(?!\s*+iva(?!\w))|cl\.?|avenida|av\.?|avda\.?|avd\.?|paseo|pso\.?|pasaje|psje\.?|jir[oó]n|jr\.?|"
         r"carrera|cra\.?|kr\.?|diagonal|dg\.?|transversal|calzada|calz\.?|boulevard|bulevar|blvd\.?|camino|carretera|"
         r"ctra\.?|plaza|pza\.?|ronda|traves[ií]a|glorieta|prolongaci[oó]n|privada|priv\.?|circuito|andador|"
         r"rambla|autopista|cerrada|callej[oó]n")
_MARK = r"(?i:#|n[°º]\.?|no\.|nro\.?|n[uú]m\.?|n[uú]mero)"
# A percentage or a count is no street number ("viene c/Funda 2 unidades", "Calle Mayor 21%": the '%' never matched,
# it took a word boundary after it)
_UNIT_AFTER = (r"(?!\s*(?:%|(?:veces|vez|horas?|hrs?|h\b|min|minutos|d[ií]as|cuadras|km|kms|kil[oó]metros|metros|"
               r"mts|m\b|semanas|meses|a[nñ]os|pesos|euros|soles|d[oó]lares|personas|minutos|segundos|pulgadas|"
               r"unidades|uds|piezas|pzas)\b))")
# a Quito house number (N24-253, Oe2-45: quarter, block, house) ends the name it follows
_QUITO = r"(?:[NSE]|O[Ee])\d{1,3}[A-Z]?\s?-\s?\d{1,4}"
_PART = rf"(?:(?!{_QUITO})[{_UPPER}][\w'.]*+|de|del|la|las|los|el|y|\d{{1,2}} de)"
_TAIL = (rf"(?:,?\s?(?:\d{{1,2}}\s?[º°ª]\s?(?:[A-Za-z]|(?i:izq|izda|dcha|der)\.?)?(?!\w)"
         # ('dto', the Argentine 'departamento', was left in clear: 'Av. Corrientes 1234 piso 5 dto B'; a Spanish 'dto'
         # is a discount, 'dto 10%' or 'dto 10 %', which the '%' keeps out)
         rf"|(?i:piso|planta|depto\.?|dpto\.?|dto\.?|departamento|int\.?|interior|"
         rf"apto\.?|apartamento|apt\.?|puerta|pta\.?|esc\.?|escalera|bloque|torre|casa|lote|local|oficina|of\.?)\s?"
         rf"(?:\d{{1,4}}[A-Za-z]?|[A-Z])(?!\w|\s?%)"
         # a Spanish ground, mezzanine, main floor or attic with its door ('Calle Sol 5, bajo B' left 'bajo B'; not
         # 'bajo la lluvia')
         rf"|(?i:bajo|entresuelo|entlo\.?|[aá]tico|pral\.?|principal)\s?"
         rf"(?:[A-Z]|(?i:izq|izda|dcha|der|izquierda|derecha)\.?)(?!\w)"
         # or its number, but for 'bajo' ('entresuelo 2', 'ático 1ª', 'pral. 2ª' were left in clear; 'bajo 2 grados' is
         # no door)
         rf"|(?i:entresuelo|entlo\.?|[aá]tico|pral\.?|principal)\s?\d{{1,2}}(?:\s?[º°ª])?"
         rf"(?:\s(?i:izq|izda|dcha|der|izquierda|derecha)\.?)?(?!\w|\s?%)"
         rf"|(?i:col\.|colonia|fracc\.?|fraccionamiento|barrio|urb\.|urbanizaci[oó]n)\s"
         rf"(?:[{_UPPER}][\w']*+(?:\s[{_UPPER}][\w']*+){{0,3}}+|[{_LOWER}]++(?!\s[{_LOWER}])))){{0,3}}+")
_CARDINAL = r"(?i:sur|norte|oriente|poniente|ote\.|pte\.)(?!\w)"
# Colombian grid: Carrera 15 # 93-75, Calle 100 No. 19-61 sur
_GRID = (rf"\d{{1,3}}\s?[A-Za-z]?(?:\s?bis)?(?:\s(?i:sur|norte|este|oeste))?\s*{_MARK}\s*\d{{1,3}}\s?[A-Za-z]?\s?-\s?"
         rf"\d{{1,3}}(?:\s(?i:sur|norte|este|oeste))?")
# A block and a lot, as Peru and Mexico number a house ('Urb. Los Olivos Mz. B Lt. 12': in clear)
_BLOCK_AND_LOT = (r"(?i:mz|mza|manzana)\.?\s?(?!(?i:[yeo])\s)[A-Za-z\d]{1,3}\s?,?\s?"
                  r"(?i:lt|lte|lote)\.?\s?\d{1,4}[A-Za-z]?(?!\w)")
_GRID_TYPE = r"tv|transv|trans|cll|cl|kra|kr|cra|cr|carrera|calle|ak|ac|dg|diagonal"
_RE_ADDRESS = re.compile(
    # "Tv." (transversal) only before a grid number: "TV. Samsung 55" is a television; "C/" may touch its name
    # (and so Colombia's other short types, and a type after "Av.": 'Cll 45 # 12-34', 'Kra 7 # 45-10', 'Ak 15 # 93-75',
    # 'Av. Cra. 68 # 22-45' were in clear, or left their '# 22-45')
    # (each branch opens with one of these letters, and this test rejects the other places at once: the branches for
    # the grid types and the block and lot made the pattern 1.5 times as slow on ordinary text)
    r"(?<![\w\[])(?=(?i:[abcdgjkmprt]))"
    rf"(?:(?i:(?:av|avda|avenida)\.?\s*+)?(?i:{_GRID_TYPE})\.?\s*+{_GRID}|{_BLOCK_AND_LOT}"
    rf"|(?i:{_TYPE})(?<!\.)(?:(?<=/)|(?!\w))\.?\s*+(?:{_GRID}"
    # a capitalised name, then the number: Calle Mayor 12, Av. 9 de Julio 1234, Jr. de la Unión 456, and a street
    # numbered with its cardinal point (Calle 5 Sur 123, Avenida 2 Poniente 1502: left in clear)
    # (its cardinal point ends the name: 'la avenida 3 norte y 5 sur' is two streets, no address)
    rf"|(?:(?:de|del)(?:\s(?:la|los|las))?\s)?(?:(?:[{_UPPER}][\w'.]*+|\d{{1,2}} de)(?:\s{_PART}){{0,5}}+"
    rf"|\d{{1,3}}\s{_CARDINAL}),?\s"
    # (a letter after the number may follow a dash: 'Av. Juárez 100-B' left '-B' after the placeholder)
    # (a Quito number names its quarter, N, S, E or Oe, then block and house: 'Av. 6 de Diciembre N24-253' was in clear)
    rf"(?:{_QUITO}|(?:{_MARK}\s?)?\d{{1,5}}(?:\s?-\s?\d{{1,4}})?)"
    rf"(?:[\s-]?[A-Z](?!\w))?"
    # a lower-case name needs the number word: calle los pinos número 45
    rf"|[{_LOWER}]++(?:\s[{_LOWER}]++){{0,4}},?\s{_MARK}\s?\d{{1,5}}"
    rf")){_UNIT_AFTER}(?!\d){_TAIL}")


def _not_a_name(word: str) -> bool:
    """A capitalised word that opens a clause rather than a name: an adverb in -mente ("Amablemente"), a
    verb in the preterite ("Instaló", "Llegó"), or one of ``_CLAUSE_WORDS`` ("Tampoco", "Rápido")."""
    lower = word.lower()
    return lower.endswith(("mente", "ó")) or lower in _CLAUSE_WORDS


# Capitalised words that open what follows a role or "me atendió" as often as a name does.
_CLAUSE_WORDS = frozenset("""
tampoco también tambien rápido rápida rapido rapida rápidamente bien mal fatal genial perfecto perfecta
correcto correcta horrible terrible pésima pesima malísimo malisimo buenísimo buenisimo lento lenta
amable grosero grosera educado educada tarde temprano enseguida luego después despues antes ahora
además ademas incluso aunque sin mucho mucha muchos muchas poco poca demasiado tan bastante súper
nunca ni sí no ok vale igual mejor peor primero primera otra otro ese esa este esta aquel aquella
atento atenta eficiente eficaz servicial profesional agradable simpático simpática simpatico simpatica
""".split())


_RE_INITIAL = re.compile(rf"[{_UPPER}]\.")
_RE_ROLE_WORD = re.compile(_ROLE)
# A particle glued to a capital alone right after the verb is a brand as often ("me atendió DiDi", "DeWalt", "LaLiga")
_RE_GLUED_ALONE = re.compile(rf"{_GLUED}[{_UPPER}][{_LOWER}]*+")


# Words that are no name alone but open one as often ("Saludos, Feliz Navidad", "Soy Ingeniera y…", "el asesor Virtual",
# "Atte. Mesa de Ayuda" were names): dropped with all that follows only where no name follows them, as "Saludos, Feliz
# Pérez", "soy Clienta Ana Ruiz", "el asesor Virtual Martínez", "Atte. Mesa Gómez" left the name in clear.
_CALENDAR = frozenset("""lunes martes miércoles miercoles jueves viernes sábado sabado enero febrero marzo junio
septiembre setiembre octubre noviembre diciembre""".split())
_NO_NAME_ALONE = _CALENDAR | frozenset("""navidad navidades año nuevo fiestas pascuas cumpleaños clienta clientas
virtual virtuales digital automático automática automatico automatica presidente presidenta""".split())


def _opens_no_name(words: list[str], at: int) -> bool:
    word = words[at].lower()
    return (word in _NO_NAME_ALONE or _RE_ROLE_WORD.fullmatch(word) is not None
            # 'Mesa de Ayuda', 'Mesa de Partes'; 'Carlos Mesa', 'Sr. Mesa de la Torre', 'Atte. Mesa del Río' are names
            or word == "mesa" and words[at + 1:at + 2] == ["de"] and words[at + 2:at + 3] != []
            and words[at + 2].lower() not in _CONNECTORS
            or word in ("feliz", "felices") and at + 1 < len(words))  # 'Feliz Navidad'; 'el señor Feliz'


def _trim_name(name: str, lower_ok: bool) -> tuple[int, int] | None:
    """Offsets of the name inside ``name`` once non-name words are dropped; ``None`` if none is left."""
    words = name.split(" ")
    stop = _STOP_LOWER if lower_ok else _NOT_NAMES
    # connectors join capitalised words only: 'mi nombre es Ana de la Fuente' left 'de la Fuente' in clear, but
    # 'mi nombre es juan de la tienda' is 'juan'; one may open the name ('De la Fuente': the pattern let it in)
    joins = not (lower_ok and name.islower())
    keep = lead = 0
    while lead < len(words) and _opens_no_name(words, lead):
        lead += 1
    if lead:  # what follows is a name, or there is none: 'Feliz Navidad', 'Virtual no', 'Mesa de Ayuda'
        rest = None if lead == len(words) or words[lead].lower() in _CONNECTORS else _trim_name(" ".join(words[lead:]),
                                                                                                  lower_ok)
        return None if rest is None else (0, len(" ".join(words[:lead])) + 1 + rest[1])
    for at, word in enumerate(words):
        if word.lower() in stop and not (joins and word.lower() in _CONNECTORS) or _not_a_name(word):
            break
        # a connector before a company joins no surname: 'mi nombre es Ana de Movistar', 'el Sr. de la Caixa'
        if word.lower() in _CONNECTORS and words[at + 1:at + 2] and words[at + 1].lower() in _COMPANIES:
            break
        # a bare 'de' joins a given name to the rest ('María de Jesús'), not a full name to a place
        # ('Fernando Aguilar de Puebla'); 'de la', 'de los' and 'del' join surnames ('Pérez de la Torre')
        if word.lower() == "de" and keep > 1 and words[at + 1:at + 2] and words[at + 1].lower() not in _CONNECTORS:
            break
        keep += 1
    while keep and (words[keep - 1].lower() in _CONNECTORS or _RE_INITIAL.fullmatch(words[keep - 1])):
        keep -= 1  # an initial alone is no name ("me atendió A. Muy mal")
    if not keep:
        return None
    return 0, len(" ".join(words[:keep]))


def _company(name: str) -> bool:
    """Whether ``name`` is a well-known company as a whole (case folded, a typographic apostrophe read as ')."""
    folded = name.lower().replace("\u2019", "'")
    return folded in _COMPANIES or folded in _COMPANY_NAMES


def _name_matches(text: str) -> Iterable[re.Match]:
    """Matches of the name pattern, tried only where the (much faster) cue search found a cue."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ('İ'): offsets would drift
        yield from _RE_NAME.finditer(text)
        return
    for cue in RE_NAME_CUE.finditer(lowered):
        match = _RE_NAME.match(text, cue.start())
        if match:
            yield match


def name_spans(text: str) -> Iterable[tuple[int, int, str]]:
    walked: set[int] = set()  # where a list of names was read on from (each name of one may have its cue: 'D. Juan')
    for match in _name_matches(text):
        group = next(g for g in ("name", "signed", "loose") if match.group(g) is not None)
        start = match.start(group)
        kept = _trim_name(match.group(group), lower_ok=group == "loose")
        # a weekday or a month is no name, but the names listed after it are ('me atendieron Marzo y Abril' left
        # 'Abril' in clear); a wish is no list ('Saludos, Feliz Navidad y Próspero Año Nuevo')
        if kept is None and match.group(group).lower() not in _CALENDAR:
            continue
        end = start + (kept[1] if kept else len(match.group(group)))
        # a company is named so right after the verb only ("me atendió Movistar"; "me atendió el Sr. Santander")
        article = text[match.end("verb"):start].strip() if match.group("verb") is not None else None
        service = article is not None and article.lower() in ("", "el", "la")
        # and a well-known shop with its capitalised article ("me atendió La Polar"); any other was skipped, and
        # 'me atendió La Laura', 'nos atendió Los Pérez' left the name in clear
        shop = article in ("El", "La") and _company(f"{article} {text[start:end]}")
        brand = _company(text[start:end]) or _RE_GLUED_ALONE.fullmatch(text, start, end)
        if kept and not (shop or service and brand):
            yield start, end, NAME
        # "me atendieron Laura y Pedro", and a list that ends so: "me atendió Laura, Pedro y Ana" left 'Pedro' and
        # 'Ana' in clear (with no 'y' it is no list: "me atendió Juan, Estuvo bien")
        # a list is read once: from a cue of each of its names ('D. Juan, D. Juan, …') it was read again (quadratic)
        if end in walked:
            continue
        listed, at = [], end
        walked.add(at)
        while (comma := _RE_COMMA_NAME.match(text, at)) and _trim_name(comma["name"], False) == (0, len(comma["name"])):
            listed.append(comma.span("name"))
            at = comma.end()
            walked.add(at)
        more = _RE_AND_NAME.match(text, at)
        if more and _trim_name(more.group("name"), lower_ok=False):
            listed.append((more.start("name"), more.start("name") + _trim_name(more.group("name"), False)[1]))
            for a, b in listed:
                if not (service and _company(text[a:b])):
                    yield a, b, NAME


def address_spans(text: str) -> Iterable[tuple[int, int, str]]:
    for match in _RE_ADDRESS.finditer(text):
        yield match.start(), match.end(), ADDRESS

