"""HTML in a comment (``html_markup``, run by the step ``normalize.html_text``): tags as spaces (or line breaks),
entities decoded, an e-mail's style sheet and HTML comments dropped, while '<3', '<nombre>' and 'AT&T' stay text.

Kept apart from ``normalize`` because telling markup from prose takes its own patterns and helpers; each pattern
runs in linear time on any input (possessive quantifiers; tests/test_reliability_text.py times the steps).
"""

from __future__ import annotations

import html
import html.entities
import re

# Help-desk and survey tools (Zendesk, Medallia) export a comment's formatting as HTML: its tags are markup,
# not words ('<p>', '<b>' read as words made 'Llevo tres semanas esperando' a website comment). Only known
# tag names, so that '<3' and '<nombre>' stay text, and attributes written as such (``name="value"``, or an HTML
# attribute written bare: Outlook's ``<td nowrap>``, ``<hr noshade>``), so that 'a<b y c>d' and 'siete <u ocho> días'
# keep their words; possessive, and no value holds a '<': linear time.
# An e-mail's body, as help desks keep it, brings its page's tags ('<html>', '<body>', '<meta charset="utf-8">')
# and Word's paragraph ends ('<o:p></o:p>', Outlook's), after the page's '<!DOCTYPE html>'.
_HTML_TAGS = ("a|abbr|article|b|big|blockquote|body|br|caption|center|cite|code|dd|div|dl|dt|em|font|footer|h[1-6]|"
              "head|header|hr|html|i|img|label|li|mark|meta|o:p|ol|p|pre|s|section|small|span|strike|strong|sub|sup|"
              "table|tbody|td|tfoot|th|thead|tr|tt|u|ul|wbr")
_HTML_BARE_ATTRIBUTES = "alt|compact|contenteditable|download|hidden|ismap|itemscope|nowrap|noshade|reversed"


def _tag(names: str, slash: str = "/?") -> str:
    """The pattern of a tag named one of ``names`` (an alternation), opening, closing or both (``slash``), with its
    attributes: one grammar for every tag ``html_markup`` and ``segment`` read."""
    return (rf"<{slash}(?:{names})(?:\s++(?:[\w:-]++\s*+=\s*+(?:\"[^\"<>]*+\"|'[^'<>]*+'|[^\s\"'<>]++)"
            rf"|(?:{_HTML_BARE_ATTRIBUTES})(?![\w:-])))*+\s*+/?>")


#: A tag, as a pattern (``segment`` reads its attributes as no words: '<p class="MsoNormal">').
HTML_TAG = _tag(_HTML_TAGS)
# With the one line end of the source that follows it ('<br>\r\n'): HTML's own white space, no second line break.
_RE_HTML_TAG = re.compile(rf"(?P<tag>{HTML_TAG}|<!doctype\s++html\b[^<>]*+>)([^\S\n]*+\n)?+",  # (doctype: a page's)
                          re.IGNORECASE)
# The tags that end a line or a paragraph, as a browser shows them: a line break to ``html_markup``, which ends a
# negation's scope ('No me gustó<br>Bueno el precio' negated 'bueno'), and a unit's end to ``segment``, read from
# these same names so that the two cannot disagree. A block, as a browser lays it out on lines of its own
# (a paragraph, division, list or its item, heading, quote, table, its row or cell), opened or closed (a help desk's
# '<p>' is often never closed: 'Hola<p>No me gustó<p>Bueno el precio'), and a line break or a rule in any form
# ('<br>', '</br>', '<hr>'). Any other tag is a space.
LINE_END_TAGS = ("article", "blockquote", "br", "caption", "center", "dd", "div", "dl", "dt", "footer", "h[1-6]",
                 "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul")
_LINE_BREAKS = ("br", "hr")  # (no content: each ends the line before it, as a closing tag does)


def _escaped_tag(names: str, slash: str = "/?") -> str:
    """The pattern of a tag named one of ``names`` escaped as entities, once or more ('&lt;br&gt;',
    '&amp;lt;p&amp;gt;'): no attributes, nothing but a '/' before or after its name (``html_markup`` reads it as the
    tag)."""
    return rf"&(?:amp;|AMP;)*+(?:lt|LT);({slash}(?i:{names})\s*+/?)&(?:amp;|AMP;)*+(?:gt|GT);"


# A line end written as an entity ('&#10;', '&#13;', '&#xA;'), which ``html_markup`` decodes to the character.
_LINE_END_ENTITY = r"&#(?:0*+1[03]|[xX]0*+[aAdD]);"
#: A tag that ends the line before it (a closing one, '<br>', '<hr>', or one escaped: '&lt;br&gt;'; a line end's
#: entity too), and one that opens a new line ('<p>', '<tr>', '&lt;p&gt;'), as patterns, for ``segment``.
_BLOCKS = "|".join(name for name in LINE_END_TAGS if name not in _LINE_BREAKS)
LINE_END_TAG = "|".join([_tag("|".join(LINE_END_TAGS), "/"), _tag("|".join(_LINE_BREAKS), ""),
                         _escaped_tag("|".join(LINE_END_TAGS), "/"), _escaped_tag("|".join(_LINE_BREAKS), ""),
                         _LINE_END_ENTITY])
LINE_START_TAG = _tag(_BLOCKS, "") + "|" + _escaped_tag(_BLOCKS, "")
_RE_LINE_END_TAG = re.compile(_tag("|".join(LINE_END_TAGS)), re.IGNORECASE)
# An e-mail's style sheet and the comments of its HTML, whose content is no words (``_without_styles_and_comments``).
_RE_BLOCK_OPENER = re.compile(r"<!--|<style(?![\w:-])", re.IGNORECASE)
_BLOCK_CLOSERS = {"<!--": re.compile("-->"), "<style": re.compile(r"</style\s*+>", re.IGNORECASE)}
# A tag escaped once or more, as a survey tool that escapes its input exports a help desk's HTML ('Mala
# atención&lt;br&gt;buen precio', '&lt;br/&gt;', '&amp;lt;p&amp;gt;'): decoded as an entity, it was left as the words
# 'br', 'p'. Only a known tag's name with nothing but a '/' before or after it ('a &lt;b y c&gt; d' stays); read
# as the tag it escapes. Possessive, from a literal '&': linear time.
#: A known tag escaped as entities, as a pattern (``segment`` reads it as no word, as it reads a tag).
ESCAPED_TAG = _escaped_tag(_HTML_TAGS)
_RE_ESCAPED_TAG = re.compile(ESCAPED_TAG)
_RE_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
# Browsers also decode the commonest entities written without their ';' ('Hola&nbsp equipo', 'Gracias &amp saludos'),
# where no letter, digit or ';' follows; read so only in text that is HTML otherwise: 'AT&T' stays as it is.
_RE_HTML_ENTITY_OR_BARE = re.compile(_RE_HTML_ENTITY.pattern + r"|&(?:nbsp|amp|lt|gt|quot)(?![\w;])")


def html_markup(text: str) -> str:
    """Replace HTML tags with spaces, those that end a line or a paragraph with line breaks (``_RE_LINE_END_TAG``),
    and decode HTML entities ('<p>Hola&nbsp;qué tal</p>' -> ' Hola qué tal\\n'); in
    text with a tag or a whole entity, '&nbsp', '&amp', '&lt', '&gt' and '&quot' without their ';' too, as browsers
    decode them. A tag escaped as entities ('&lt;br&gt;', '&amp;lt;br&amp;gt;') is read as the tag."""
    tags = 0
    if "&" in text:
        text = _RE_ESCAPED_TAG.sub(r"<\1>", text)
    if "<" in text:
        text, blocks = _without_styles_and_comments(text)
        text, tags = _RE_HTML_TAG.subn(_tag_as_space, text)
        tags += blocks
    if "&" in text:
        html_text = tags or any(_is_entity(match) for match in _RE_HTML_ENTITY.finditer(text))
        text = (_RE_HTML_ENTITY_OR_BARE if html_text else _RE_HTML_ENTITY).sub(_entity, text)
    return text


def _tag_as_space(match: re.Match) -> str:
    """A line break for a tag that ends a line or a paragraph, and the source's line end right after it ('<br>\\n' is
    one line break, not a blank line that ends a paragraph); a space for any other, its line end kept."""
    return "\n" if _RE_LINE_END_TAG.fullmatch(match["tag"]) else " \n" if match[2] else " "


def _without_styles_and_comments(text: str) -> tuple[str, int]:
    """``text`` with each ``<style>…</style>`` (Outlook's CSS, in an e-mail's body) and ``<!-- … -->`` as a space,
    and how many there were: their content is no words of the writer's. An opener never closed stays as written, and
    so does a style block in prose ('la etiqueta <style> del blog y </style> no cerraba'): one is a style sheet only
    in a text with other HTML tags, when it holds a CSS rule's braces or when it is empty. Searched from left to
    right, once a kind has no closer no further one is looked for, and an opener inside a style block kept is not
    judged again: linear time, even with thousands of unclosed '<!--'."""
    pieces, start, blocks, unclosed, kept_until = [], 0, 0, set(), -1
    html_page = None  # whether ``text`` has other HTML tags, looked for at the first style block
    for opener in _RE_BLOCK_OPENER.finditer(text):
        kind = opener.group().lower()
        if opener.start() < start or kind in unclosed or kind == "<style" and opener.start() < kept_until:
            continue
        closer = _BLOCK_CLOSERS[kind].search(text, opener.end())
        if closer is None:
            unclosed.add(kind)
            continue
        if kind == "<style":
            html_page = bool(_RE_HTML_TAG.search(text)) if html_page is None else html_page
            if not html_page and not _is_style_sheet(text, opener.end(), closer.start()):
                kept_until = closer.start()
                continue
        pieces += [text[start:opener.start()], " "]
        start, blocks = closer.end(), blocks + 1
    return ("".join(pieces) + text[start:], blocks) if blocks else (text, 0)


def _is_style_sheet(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, a style block from its tag's name on, is a style sheet: it holds a '{' with a '}'
    after it, as a style sheet's rules do, or nothing after its tag (an editor's empty '<style></style>', or
    '<style type="text/css">\\n</style>', was read as the words 'style', 'type', 'text', 'css')."""
    brace = text.find("{", start, end)
    if brace >= 0 and text.find("}", brace, end) >= 0:
        return True
    tag_end = text.find(">", start, end)
    return tag_end >= 0 and not text[tag_end + 1:end].strip()


def _is_entity(match: re.Match) -> bool:
    """Whether ``match`` (of ``_RE_HTML_ENTITY``) is a whole entity: a number, or a name HTML has with its ';'."""
    name = match.group()[1:]
    return name[0] == "#" or name in html.entities.html5


def _entity(match: re.Match) -> str:
    """A named entity decoded only when it is one whole ('&nbsp;', or '&nbsp' in HTML before a space):
    ``html.unescape`` decodes the start of any name that starts like one ('Q&notas;' was 'Q¬as;')."""
    return html.unescape(match.group()) if not match.group().endswith(";") or _is_entity(match) else match.group()
