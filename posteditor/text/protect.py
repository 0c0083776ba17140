"""Spans no fixer may touch: URLs, e-mail addresses, handles, hashtags, placeholders, tags,
and what the target keeps exactly as the source has it.

>>> text = "Mail info@example.org or see https://x.org/a."
>>> [text[s:e] for s, e in protected_spans(text)]
['info@example.org', 'https://x.org/a']
"""

from __future__ import annotations

import bisect
import itertools
import re

import regex

from .patterns import BRACE_SOURCE, EMAIL_SOURCE, ENTITY_SOURCE, PRINTF_SOURCE, TAG_SOURCE, URL_SOURCE

_TLDS = (
    "com|org|net|gov|edu|mil|int|info|biz|io|ai|co|me|tv|news|online|site|"
    "az|ru|ua|tr|am|ge|kz|uz|by|de|fr|uk|us|eu|it|es|pl|cz|cn|jp|kr|in|ir|il|ae"
)

_FILE_TYPES = "jpe?g|png|gif|svg|webp|tiff?|pdf|docx?|xlsx?|pptx?|mp[34]"

PROTECTED = regex.compile(
    "|".join((
        URL_SOURCE,  # with a scheme, or www.
        EMAIL_SOURCE,
        r"(?<![\w@])@\w{2,}",  # @handle
        r"(?<![\w#&;])\#\w+",  # #hashtag
        r"\b[\w-]+(?:\.[\w-]+)*\.(?:" + _TLDS + r""")\b(?:/[^\s<>"]*[^\s<>".,;:!?)])?""",  # bare domain: gazeta.az
        BRACE_SOURCE,  # {0} {name}
        PRINTF_SOURCE,  # %s %(name)s %.2f
        TAG_SOURCE,  # <b> </b> <x id="1"/>
        r"&(?!amp;(?:[A-Za-z]+|\#\d+);)" + ENTITY_SOURCE[1:],  # &amp; &#160; (not &amp;quot;, escaped twice)
    )),
    regex.V0,
)


# Something every protected span contains: a cheap test before the full pattern (the
# standard library's re, faster on short texts; a top-level domain without the \b after it,
# which could only say yes more often).
_MAYBE = re.compile(r"[@#{%<&]|://|www\.|\.(?:" + _TLDS + r")|\.(?i:" + _FILE_TYPES + ")")


_FILE_TYPE = regex.compile(r"\.(?i:" + _FILE_TYPES + r")\b")
_BEFORE_FILE_NAME = ".!?:|\n"  # what ends the text before a file name


def protected_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that fixers must leave as they are; besides the
    pattern's, a file name, spaces and all, back to the start or the last stop or colon
    before it: "President Anna Berg portrait.jpg" spells a person as the image was saved
    (found from its extension backwards: a pattern for it, tried at every place of a long
    line, took 31 s on 100 KB)."""
    if not _MAYBE.search(text):
        return []
    spans = [m.span() for m in PROTECTED.finditer(text)]
    for m in _FILE_TYPE.finditer(text):
        spans.append((max(text.rfind(c, 0, m.start()) for c in _BEFORE_FILE_NAME) + 1, m.end()))
    return spans


class Spans:
    """A set of (start, end) spans, asked whether a span touches any of them in logarithmic
    time: a line with a match at every character must not cost a scan of every span for
    each match (100 KB of "Word.Word." took 40 s so).

    >>> spans = Spans([(10, 20), (2, 4)])
    >>> spans.overlaps(3, 5), spans.overlaps(4, 10), spans.overlaps(15, 15), spans.overlaps(20, 20)
    (True, False, True, False)
    """

    __slots__ = ("starts", "reach")

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        # reach[k]: the furthest end among the first k + 1 spans (by start)
        self.reach = list(itertools.accumulate((e for _, e in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a span; an insertion (start == end) counts inside only."""
        if start == end:
            k = bisect.bisect_left(self.starts, start) - 1  # spans that start before it
            return k >= 0 and self.reach[k] > start
        k = bisect.bisect_left(self.starts, end) - 1  # spans that start before its end
        return k >= 0 and self.reach[k] > start


# A token of the source that a translation keeps as it is: a number, or a word with a
# capital or a digit in it (a name, a brand, a code: Jónsson, WPScan, A321XLR).
_KEPT_TOKEN = regex.compile(r"(?<![\p{L}\p{N}\p{M}])[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*(?<![.'’-])")


def source_spans(text: str, source: str | None) -> list[tuple[int, int]]:
    """The spans of ``text`` that repeat a number, name or code of ``source`` as it is written
    there: the translation kept it, so no fixer may change it.

    >>> text = "Hartmann Jónsson ran WPScan at 6:15."
    >>> [text[s:e] for s, e in source_spans(text, "Hartmann Jónsson keyrði WPScan kl. 6:15.")]
    ['Hartmann', 'Jónsson', 'WPScan', '6', '15']
    """
    if not source:
        return []
    kept = {t for t in _KEPT_TOKEN.findall(source)
            if any(c.isdigit() for c in t) or any(c.isupper() for c in t)}
    if not kept:
        return []
    return [m.span() for m in _KEPT_TOKEN.finditer(text) if m.group() in kept]
