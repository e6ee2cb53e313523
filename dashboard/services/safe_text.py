"""Escape user-supplied text for Streamlit's Markdown (no streamlit import).

Streamlit renders Markdown in `st.markdown`, `st.caption`, `st.warning`/`info`/`error`/
`success`, `st.write` of a string, titles, widget labels, `st.radio` options, `help`
tooltips, expander and status labels and `st.metric` labels. A header name, file name or
typed desa name shown there would otherwise become an image fetched from another host, a
link, emphasis, a heading, LaTeX or an emoji/icon shortcode. Every such string goes through
:func:`md_escape` before it is interpolated into a Markdown text (the template around it
keeps its own Markdown). Not needed (and wrong, the backslashes would show) for
`st.dataframe`, `st.text`, `st.code` and the options of `st.selectbox`/`st.multiselect`,
which Streamlit shows as plain text.

How: every ASCII punctuation character is backslash-escaped (CommonMark allows exactly
that, and the escape is invisible once rendered), so no Markdown, HTML, directive
(`:red[...]`) or `$` maths can start. Two transformations of Streamlit's renderer run on
the parsed text, after escapes are gone: GitHub's bare autolinks (`http://`, `www.`,
`name@host`) and emoji/icon shortcodes (`:smile:`, `:material/home:`). A WORD JOINER
(U+2060, zero width, invisible) after every `:` and `@` and between `www` and `.` breaks
both. Line breaks and other whitespace runs become one space (no new block can start).
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BREAK_AFTER = re.compile(r"(\\[:@])")
_WWW = re.compile(r"(www)(?=\\\.)", re.IGNORECASE)
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")


def md_escape(value: object) -> str:
    """``value`` as text that Streamlit's Markdown shows literally (see module doc)."""
    text = _SPACE.sub(" ", "" if value is None else str(value))
    text = text.replace(WORD_JOINER, "")
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _BREAK_AFTER.sub(r"\1" + WORD_JOINER, text)
    return _WWW.sub(r"\1" + WORD_JOINER, text)
