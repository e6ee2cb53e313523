"""md_escape: user text shown through Streamlit's Markdown stays literal text."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from dashboard.services.safe_text import WORD_JOINER, md_escape

PUNCT = r"!-/:-@\[-`{-~"
ESCAPED_PAIR = re.compile(rf"\\([{PUNCT}])")
# what the renderer's text nodes hold once CommonMark escapes are consumed; the two
# transformations that run on them (GFM bare autolinks, emoji/icon shortcodes) must not match
AUTOLINK = re.compile(r"https?://|www\.|[-.\w+]@[-\w]", re.IGNORECASE)
SHORTCODE = re.compile(r":[\w+-]")
ATTACK = "![x](http://evil.example/a.png) [klik](http://evil.example)"
MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("![]()<>*_#`$~:@/.-+=|\\&;'\" \n\tab1www.http:material/smile"))
)


def _literal(escaped: str) -> str:
    """The visible text: escapes consumed, word joiners dropped."""
    return ESCAPED_PAIR.sub(r"\1", escaped).replace(WORD_JOINER, "")


@given(st.one_of(st.text(), MARKDOWNISH))
@example(ATTACK)
@example("**tebal** _miring_ ~~coret~~ `kode` $x^2$ :smile: :material/home: :red[merah]")
@example("# Judul\n> kutip\n1. daftar\n- butir\n<img src=x onerror=alert(1)>&amp;")
@example("hubungi a.b@evil.example atau www.evil.example atau HTTPS://EVIL.EXAMPLE")
def test_escaped_text_has_no_active_markdown(text: str) -> None:
    escaped = md_escape(text)
    # nothing but escaped punctuation is left: no image, link, tag, emphasis, heading,
    # code, maths, strikethrough, directive or table can start
    bare = ESCAPED_PAIR.sub("", escaped)
    assert not re.search(rf"[{PUNCT}]", bare), escaped
    # one line: no block (heading, list, quote, code block) can start on a new line
    assert not re.search(r"[\r\n\x00-\x1f\x7f\u2028\u2029\x85]", escaped)
    node_text = ESCAPED_PAIR.sub(r"\1", escaped)
    assert not AUTOLINK.search(node_text), escaped
    assert not SHORTCODE.search(node_text), escaped
    # and the reader still sees exactly what was typed (whitespace runs read as one space)
    expected = re.sub(r"[\s\x00-\x1f\x7f]+", " ", text.replace(WORD_JOINER, ""))
    assert _literal(escaped) == expected


def test_plain_names_are_unchanged() -> None:
    for name in ("Oinlasi", "Kampung Baru", "Mollo Selatan", "5 orang"):
        assert md_escape(name) == name
    assert _literal(md_escape("Oe'ekam")) == "Oe'ekam"
    assert md_escape(None) == ""
