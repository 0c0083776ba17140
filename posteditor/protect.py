"""Spans no fixer may touch: URLs, e-mail addresses, handles, hashtags, placeholders, tags.

>>> text = "Mail info@example.org or see https://x.org/a."
>>> [text[s:e] for s, e in protected_spans(text)]
['info@example.org', 'https://x.org/a']
"""

from __future__ import annotations

import re

import regex

_TLDS = (
    "com|org|net|gov|edu|mil|int|info|biz|io|ai|co|me|tv|news|online|site|"
    "az|ru|ua|tr|am|ge|kz|uz|by|de|fr|uk|us|eu|it|es|pl|cz|cn|jp|kr|in|ir|il|ae"
)

PROTECTED = regex.compile(
    r"""
    (?:https?|ftp)://[^\s<>"]+?(?=[.,;:!?)\]]*(?:\s|$|[<>"]))   # URL with a scheme
  | www\.[^\s<>"]+?(?=[.,;:!?)\]]*(?:\s|$|[<>"]))              # URL without one
  | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                              # e-mail address
  | (?<![\w@])@\w{2,}                                         # @handle
  | (?<![\w#&])\#\w+                                          # #hashtag
  | \b[\w-]+(?:\.[\w-]+)*\.(?:"""
    + _TLDS
    + r""")\b(?:/[^\s<>"]*[^\s<>".,;:!?)])?                     # bare domain: gazeta.az
  | \{[\w.:]*\}                                               # {0} {name}
  | %(?:\([\w]+\))?[-+#0]*\d*(?:\.\d+)?[sdifrxXeEgGcu%]      # %s %(name)s %.2f
  | </?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>                        # <b> </b> <x id="1"/>
  | &(?:[A-Za-z]+|\#\d+|\#x[0-9A-Fa-f]+);                     # &amp; &#160;
    """,
    regex.X | regex.V0,
)


# Something every protected span contains: a cheap test before the full pattern (the
# standard library's re, faster on short texts; a top-level domain without the \b after it,
# which could only say yes more often).
_MAYBE = re.compile(r"[@#{%<&]|://|www\.|\.(?:" + _TLDS + r")")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that fixers must leave as they are."""
    if not _MAYBE.search(text):
        return []
    return [m.span() for m in PROTECTED.finditer(text)]


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) touches any span; an insertion (start == end) counts inside only."""
    for s, e in spans:
        if start == end:
            if s < start < e:
                return True
        elif start < e and s < end:
            return True
    return False
