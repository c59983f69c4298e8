"""Social-media handles of people for :mod:`cxnlp.pii`, found only after words that make them a person's.

A handle after words that say it is the writer's or a person's ("mi usuario es @juan.perez", "escríbanme a
@ana_garcia85", "soy @ana", "me atendió @juan_asesor", a signature "Atentamente, @ana_g") stands for its owner's
name and is redacted as one. A handle without them is most often the company's the comment is addressed to
("@BancoAzteca ayuda"), which analysts and the classifier read, and is kept; so is a company's handle after such
words ("soy @BancoX fan", "mi cuenta @BBVA_Mex no funciona", "me atendió @MovistarHelp").
"""

from __future__ import annotations

import re
from typing import Iterable

from ._pii_emails import _NOT_A_NAME
from ._pii_links import profile_id_spans
from ._pii_words import _COMPANIES, _COMPANY_NAMES, _ROLE_OR_TITLE, _VERB, NAME

# A handle: '@' and its name, with a space after the '@' too ('mi usuario es @ ana_g' was in clear), but not before a
# number or a little word, which the '@' reads as 'at' ('soy @ 5 cuadras', 'me atendió @ las 3')
_HANDLE = rf"@(?: (?!\d|(?i:{_NOT_A_NAME})(?!\w)))?\w++(?:\.\w++)*+"
# (and YouTube's, Snapchat's, Twitch's and Messenger's: 'mi youtube: @ana_g', 'mi messenger m.me/ana.garcia' were in
# clear)
_NETWORK = (r"instagram|insta|ig|twitter|x|tiktok|facebook|face|fb|threads|telegram"
            r"|youtube|snapchat|snap|twitch|messenger")
# (a mobile site's too, and a capitalised one after a name's words: 'm.facebook.com/ana.garcia', 'sígueme en
# Instagram.com/ana.g' were in clear)
_PROFILE = (r"(?i:https?://)?(?i:www\.|m\.|mobile\.)?"
            r"(?:(?i:instagram|tiktok|facebook|fb|twitter|x|threads|youtube)\.com|(?i:t|m)\.me)/"
            # (a post's or a video's link names no one; a profile's number is read by ``profile_id_spans``)
            r"(?!(?i:p|reels?|stories|explore|watch|groups|pages|share|tv)/|(?i:profile\.php)\?|(?i:people)/"
            r"|(?i:shorts|channel|c|embed|live|playlist)/|(?i:watch|results|playlist)\?)"
            r"(?:(?i:user)/)?+")  # (a channel's old link names its owner after 'user/': 'user' was taken for it)
_RE_HANDLE = re.compile(
    # (plural too: 'mis cuentas: @ana_g y @ana_g2', 'mis redes: @ana_g' were in clear)
    rf"(?<![\w\[])(?i:(?:mi|mis) (?:nombre de usuario|usuarios?|users?|cuentas?|perfil(?:es)?|arroba"
    rf"|redes(?: sociales)?|{_NETWORK})"
    rf"(?: personal| propia)?(?: (?:de|en) (?:{_NETWORK}))?(?: (?:es|son))?"
    # (and 'agréguenme', 'mándenme un mensaje a', 'me pueden encontrar como', 'mi cuenta personal es': in clear)
    r"|(?:escr[ií]b[ae]n?me|cont[aá]ct[ae]n?me|b[uú]s(?:c[ae]|quen)n?me|s[ií]g(?:ue|a)n?me|encu[eé]ntr[ae]n?me"
    r"|agr[eé]g(?:a|ue)n?me|m[aá]nd[ae]n?me|me pueden? (?:encontrar|buscar|escribir|contactar))"
    r"(?: (?:un )?(?:dm|md|mensaje|inbox|privado))?"
    rf"(?: (?:a|al|en|como|por)(?: (?:dm|md|privado|interno|{_NETWORK}))?(?: (?:a|al|en|como))?)?"
    # and a signature ('Atentamente, @ana_g', 'Atte. @luis.m' were in clear; 'Saludos' greets a company as often)
    r"|soy|me llamo|me encuentran como|atentamente|cordialmente|atte?(?:\.:?|(?=:))"
    # and a label with its colon ('usuario: @rodrigo_m', 'ig: @ana.g', 'Att: @ana.g' were in clear)
    rf"|(?:nombre de usuario|usuario|user|perfil|{_NETWORK})(?=:)"
    # and the person who served ('me atendió @juan_asesor', 'me atendió el asesor @luis.m' were in clear)
    rf"|(?:{_VERB})(?: (?:el|la))?(?: {_ROLE_OR_TITLE})?|(?:el|la) {_ROLE_OR_TITLE})"
    # (in parentheses or brackets too, a space inside them or not: 'la asesora (@mari_cruz) fue amable', 'mi usuario es
    # [@laura.v]', 'mi usuario es ( @laura.v )' were in clear;
    # and after the person's name, up to three capitalised words: 'me atendió Laura (@laura.v)', 'soy Ana Ruiz @ana.r'
    # were in clear)
    # (and a profile's link, its name a handle: 'sígueme en instagram.com/ana.garcia85' was in clear; and in quotes or
    # after a dash or an arrow: 'mi usuario es "@ana_g"', 'mi ig → @ana_g', 'mi ig -> @ana_g', 'mi ig - @ana_g' were
    # in clear)
    rf"(?!\w)(?: [A-ZÁÉÍÓÚÑÜ][^\W\d_]*+(?!\.\w)){{0,3}}+[:,]?\s++(?:[-–—→>=👉]{{1,2}}+\s++)?(?:[(\[{{\"'«“*] ?+)?"
    rf"(?:{_PROFILE})?"
    rf"({_HANDLE}|(?<=/)\w++(?:\.\w++)*+)(?![\w@])")

# A handle that names a company: a well-known one or a mail provider (with a country after it: '@BBVA_Mex',
# '@SantanderMx'), one that opens with a company's word as a word of its own ('@BancoX', '@TiendaSol', '@banco_sol';
# '@bancoana', '@hotelero_juan', '@banksy' are people's), or a company's help desk ('@AmazonHelp', '@Claro_Soporte';
# '@ana_help', '@juan_soporte', '@juanperez_oficial' are people's: an agent or a person's own account), or a desk word
# glued in CamelCase to a name in CamelCase or capitals ('@SmartFitHelp', '@GymPlusSoporte': a company's we do not
# list was a person's; '@smartfithelp', '@Juan_Soporte', '@MariaSoporte' stay people's, and '@AnaOficial', a person's
# own account)
_BRANDS = _COMPANIES | {name.replace(" ", "").replace("-", "").replace("'", "") for name in _COMPANY_NAMES} | set(
    "bbva hsbc scotiabank citibanamex nubank mercadolibre gmail hotmail outlook yahoo icloud".split()
    # (and those named by two capitals, which are otherwise a person's initials: '@HPSupport', '@EAHelp')
    + "hp lg ea vw hm".split())
# (and a country's name: '@Walmart_Mexico', '@movistar_espana' were people's)
_COUNTRIES = ("mx", "mex", "es", "esp", "co", "col", "ar", "arg", "cl", "pe", "latam", "us", "mexico", "méxico",
              "espana", "españa", "colombia", "argentina", "chile", "peru", "perú", "ecuador", "venezuela", "uruguay")
# (or a well-known company's shop or app: '@OxxoTiendas', '@WalmartApp' were people's; '@anashop' is a person's)
_SHOPS = ("tienda", "tiendas", "store", "shop", "app", "online")
_COMPANY_WORDS = ("banco", "bank", "tienda", "grupo", "seguros", "farmacia", "hotel")
_HELP_DESKS = ("help", "soporte", "support", "ayuda", "oficial", "official", "care", "atencion", "clientes",
               "soluciones", "responde", "service", "servicio")
_OWN_ACCOUNTS = ("oficial", "official")  # (a person's own account is as often so named: not a desk by its case alone)
# Common given names: one that opens a CamelCase or capitals name before a desk word makes it an agent's or a person's
# ('@JuanPerezHelp', '@MariaJoseSoporte', '@AnaGHelp', '@PEDROHELP' were kept as an unlisted company's desk), and so
# do a person's initials ('@JPHelp')
_GIVEN_NAMES = frozenset("""
andrea angela ángela antonio alberto alejandra alejandro alicia alma alonso alvaro álvaro amelia ana andres andrés
beatriz benjamin benjamín bruno camila carla carlos carmen carolina catalina cecilia claudia cristian cristina daniel
daniela david diana diego eduardo elena elisa emilia emilio enrique esteban eva fabiola federico felipe fernanda
fernando francisco gabriel gabriela gerardo gloria gonzalo guadalupe guillermo gustavo hector héctor hugo ignacio
irene isabel ivan iván jaime javier jesus jesús jimena joaquin joaquín jorge jose josé juan juana julia julian julián
julio karen karla laura leonardo leticia lorena lucia lucía luis luisa manuel marcela marco marcos margarita maria
maría mariana mario marta martha martin martín mateo miguel monica mónica natalia nicolas nicolás norma oscar óscar
pablo paola patricia paula pedro rafael ramon ramón raul raúl ricardo roberto rocio rocío rodrigo rosa ruben rubén
samuel sandra santiago sara sebastian sebastián sergio silvia sofia sofía susana teresa tomas tomás valentina
valeria veronica verónica vicente victor víctor ximena yolanda
""".split())


def _company_name(name: str) -> bool:
    """Whether ``name`` (a handle without its '@' or its desk word) is a company's."""
    lower = name.lower()
    bare = lower.replace("_", "").replace(".", "")
    heads = {bare, lower.split(".")[0].replace("_", "")}  # ('@gmail.com': a mailbox named as a handle)
    heads |= {head[:-len(tail)] for head in list(heads) for tail in _COUNTRIES + _SHOPS if head.endswith(tail)}
    word = next((word for word in _COMPANY_WORDS if lower.startswith(word)), None)
    rest = name[len(word):] if word else ""
    return bool(heads & _BRANDS) or word is not None and (not rest or not rest[0].islower())


def _given_name_first(head: str) -> bool:
    """Whether a CamelCase name opens with a given name ('Juan' of 'JuanPerez'), or one in capitals ('JUANPEREZ'),
    or is a person's initials: two capitals ('JP' of '@JPHelp' was kept as a company's desk; three, '@DHLHelp', are
    a company's)."""
    if len(head) == 2 and head.isupper():
        return True
    if head.isupper():
        return any(head.lower().startswith(given) for given in _GIVEN_NAMES)
    end = next((i for i, char in enumerate(head[1:], 1) if not char.islower()), len(head))
    return head[:end].lower() in _GIVEN_NAMES


def _company_handle(handle: str) -> bool:
    """Whether ``handle`` ('@' and its name) names a company rather than a person."""
    name = handle[1:]
    desk = next((desk for desk in _HELP_DESKS if name.lower().endswith(desk)), None)
    head = name[:-len(desk)].rstrip("_.") if desk else ""
    # (the name itself in CamelCase or capitals: '@MariaSoporte', '@JuanHelp' are an agent's first name)
    camel = bool(head) and (desk not in _OWN_ACCOUNTS and head == name[:-len(desk)] and head[:1].isupper()
                            and sum(map(str.isupper, head)) > 1 and name[-len(desk)].isupper() and head[-1].isalnum()
                            and not _given_name_first(head))
    # (a desk word alone is a desk's, no one's name: 'escríbanme a @soporte' was a person's)
    return _company_name(name) or name.lower() in _HELP_DESKS or bool(head) and (camel or _company_name(head))


# A handle listed after one found ('mi usuario es @ana.g o @ana.g2', 'escríbanme a @ana_v y @luis_r': the second was
# in clear) is read as that one is; so is one in parentheses or brackets after it ('mi usuario es @ana_g (o @ana_g2)',
# '@ana_g [@ana_g2]' were in clear), and one after a semicolon, a bar or a dash ('@ana_g | @ana_g2',
# '@ana_g - @ana_g2').
_RE_LISTED = re.compile(rf"(?:(?:,? (?:y|e|o|u) | ?[,;] ?| ?[/|] ?| [-–] )[(\[{{]?| ?[(\[{{](?:(?:y|e|o|u) )?)"
                        rf"({_HANDLE})(?![\w@])")


# With a space after its '@', a plain word is a handle only after a cue that names an account or asks to be written
# to ('mi usuario es @ ana', 'escríbanme a @ ana'); after another cue, only a name a handle's characters make one
# ('soy @ ana_g'): 'soy @ casa', 'me atendió @ tiempo', 'soy Feliz @ casa' lost the word.
_RE_ACCOUNT_CUE = re.compile(rf"(?i)(?<!\w)(?:mis?|usuario|user|perfil|{_NETWORK}|escr[ií]b|cont[aá]ct|b[uú]s"
                             r"|s[ií]g|encu[eé]ntr|agr[eé]g|m[aá]nd|pueden?)(?!\w)|[ií]b[ae]n?me|ct[ae]n?me")
_RE_HANDLE_LIKE = re.compile(r"@ \w*[\d_.]")


# Without its '@', a name that has a handle's '_', digit or inner dot, after words that name it the writer's account
# ('mi instagram es ana.garcia85', 'mi ig: ana_g' were in clear; 'mi usuario es Ana', 'mi cuenta es 1234' are not)
_RE_BARE_HANDLE = re.compile(rf"(?<![\w\[])(?i:mis? (?:nombre de usuario|usuario|user|{_NETWORK})"
                             rf"(?: (?:de|en) (?:{_NETWORK}))?(?: es:?|:)) ?+[\"'«“]?"
                             r"([^\W\d_]\w*+(?:\.\w++)*+)(?![\w@/])")  # (a link's domain is none: 't.me/ana_g')
_RE_HANDLE_MARK = re.compile(r"[\d_]|\.[a-záéíóúñ]")


def _bare_handle_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """Handles written without their '@' after words that name the writer's account (``_RE_BARE_HANDLE``)."""
    for match in _RE_BARE_HANDLE.finditer(text):
        name = match.group(1)
        if _RE_HANDLE_MARK.search(name) and not _company_handle("@" + name):
            yield match.start(1), match.end(1), NAME


def handle_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """Social-media handles of people (``_RE_HANDLE``), redacted as names: a handle stands for its owner's name."""
    if "@" in text or ".com/" in text or ".me/" in text:
        for match in _RE_HANDLE.finditer(text):
            account = None  # (whether the cue names an account: read once, for a handle with a space after its '@')
            listed = match
            while listed:
                handle = "@" + listed.group(1).removeprefix("@")  # (a profile link's name has no '@')
                if handle[1] == " " and not _RE_HANDLE_LIKE.match(handle):
                    if account is None:
                        account = _RE_ACCOUNT_CUE.search(text, match.start(), match.start(1)) is not None
                    if not account:
                        break
                if not _company_handle(handle.replace(" ", "")):
                    yield listed.start(1), listed.end(1), NAME
                listed = _RE_LISTED.match(text, listed.end())
    yield from _bare_handle_spans(text)
    yield from profile_id_spans(text)
