"""Named gates: cheap tests in Python that a rule file may give a rule (``gate = "name"``)
where no literal ``needs`` can say what the rule requires. A gate answers False only where
neither the rule's pattern nor its ``when`` can match; the pipeline then skips the rule.

>>> repeated_word("held talks in in the capital"), repeated_word("held talks in the capital")
(True, False)
>>> comma_letter("Baku,Tbilisi"), comma_letter("Baku, Tbilisi")
(True, False)
>>> stop_capital("in Tbilisi.Officials said"), stop_capital("in Tbilisi. Officials said")
(True, False)
"""

from __future__ import annotations

import functools
import re
from typing import Callable

_NO_LETTERS = "\x00\x00"  # what no token starts with


@functools.lru_cache(maxsize=100_000)
def _letter_suffix(token: str) -> str:
    """The letters that end ``token`` ("(in" -> "in", "2nd" -> "nd"); for a token that
    ends in something else ("in,"), a string no token starts with."""
    k = len(token)
    while k and token[k - 1].isalpha():
        k -= 1
    return token[k:] or _NO_LETTERS


# repeated_word for ASCII text: letters after a non-letter (all the letters that end a
# token), whitespace (what str.split() splits at), the same letters again.
_ASCII_REPEATED_WORD = re.compile(r"(?<![A-Za-z])([A-Za-z]++)[ \t\n\r\x0b\x0c\x1c-\x1f]+\1")


@functools.lru_cache(maxsize=4096)  # asked by the pipeline and by the document scan alike
def repeated_word(text: str) -> bool:
    """Whether some whitespace-separated token ends in letters with which the next token
    begins: a word printed twice in a row ("in in", "(the the,") always has this shape."""
    if text.isascii():
        return _ASCII_REPEATED_WORD.search(text) is not None
    return _repeated_word_by_tokens(text)


def _repeated_word_by_tokens(text: str) -> bool:
    """:func:`repeated_word` token by token (any text)."""
    tokens = text.split()
    return any(map(str.startswith, tokens[1:], map(_letter_suffix, tokens)))


def repeated_word_folded(text: str) -> bool:
    """:func:`repeated_word` regardless of case ("The the")."""
    return repeated_word(text.lower())


def repeated_word_pair(text: str) -> bool:
    """Whether a word comes back two or three words later: a phrase of two or three words
    printed twice in a row ("in parliament in parliament") always does.

    >>> repeated_word_pair("a vote in parliament in parliament"), repeated_word_pair("a vote in parliament")
    (True, False)
    """
    words = text.split()
    return any(w == words[i + 2] or (i + 3 < len(words) and w == words[i + 3]) for i, w in enumerate(words[:-2]))


def repeated_capital(text: str) -> bool:
    """Whether a capitalised word comes back two to four words later: a full name printed
    twice in a row ("Josep Borrell Josep Borrell", "Ursula von der Leyen Ursula ...") does.

    >>> repeated_capital("Josep Borrell Josep Borrell said"), repeated_capital("Josep Borrell said")
    (True, False)
    """
    words = text.split()
    return any(w[:1].isupper() and w in words[i + 2 : i + 5] for i, w in enumerate(words[:-2]))


_DOUBLED_MARK = re.compile(r"[.,][ \t]*[.,]")


def doubled_mark(text: str) -> bool:
    """Whether a full stop or comma is followed, after spaces or tabs only, by another."""
    return _DOUBLED_MARK.search(text) is not None


def comma_letter(text: str) -> bool:
    """Whether a comma is directly followed by a letter."""
    i = text.find(",")
    while i != -1:
        if text[i + 1 : i + 2].isalpha():
            return True
        i = text.find(",", i + 1)
    return False


def stop_capital(text: str) -> bool:
    """Whether a full stop or question mark is directly followed by a capital letter."""
    for mark in ".?":
        i = text.find(mark)
        while i != -1:
            if text[i + 1 : i + 2].isupper():
                return True
            i = text.find(mark, i + 1)
    return False


GATES: dict[str, Callable[[str], bool]] = {
    "repeated_word": repeated_word,
    "repeated_word_folded": repeated_word_folded,
    "repeated_word_pair": repeated_word_pair,
    "repeated_capital": repeated_capital,
    "comma_letter": comma_letter,
    "doubled_mark": doubled_mark,
    "stop_capital": stop_capital,
}
