"""The patterns of things a translation must carry over unchanged, written once: URLs and
e-mail addresses, placeholders and tags, numbers. :mod:`posteditor.text.protect` keeps fixers off
them, :mod:`posteditor.check.qa` compares them between source and target, and the model's gate
(:mod:`posteditor.model.gate`) between the input and the model's output.

>>> [m.group() for m in URL.finditer("See https://x.org/a, or www.y.az. Mail me@x.org.")]
['https://x.org/a', 'www.y.az', 'me@x.org']
>>> [m.group() for m in PLACEHOLDER.finditer('Hi {name}, %d new, %(n)s <b>x</b> &amp;')]
['{name}', '%d', '%(n)s', '<b>', '</b>', '&amp;']
>>> NUMBER.findall("On 20 February 2022, 1,500 people, 3.5% of 12 000 and COVID19")
['20', '2022', '1,500', '3.5', '12 000', '19']
"""

from __future__ import annotations

import regex

# A URL ends before trailing sentence punctuation, a space, or markup.
URL_SOURCE = (r"""(?:https?|ftp)://[^\s<>"]+?(?=[.,;:!?)\]]*(?:\s|$|[<>"]))"""
              r"""|www\.[^\s<>"]+?(?=[.,;:!?)\]]*(?:\s|$|[<>"]))""")
EMAIL_SOURCE = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# {0} {name}; printf's %s %1$s %(name)s %.2f and %%; tags <b> </b> <x id="1"/>; entities &amp; &#160;
BRACE_SOURCE = r"\{[\w.:]*\}"
PRINTF_SOURCE = r"%(?:\d+\$)?(?:\([\w]+\))?[-+#0]*\d*(?:\.\d+)?[sdifrxXeEgGcu%]"
TAG_SOURCE = r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"
ENTITY_SOURCE = r"&(?:[A-Za-z]+|\#\d+|\#x[0-9A-Fa-f]+);"
# A number as written: digits with thousands groups (1,500; 12 000) and a decimal part.
# Digits glued to letters count too (COVID19, A4): a changed digit there is a changed number.
NUMBER_SOURCE = r"(?<!\d)\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?(?!\d)"

URL = regex.compile(URL_SOURCE + "|" + EMAIL_SOURCE)
PLACEHOLDER = regex.compile("|".join((BRACE_SOURCE, PRINTF_SOURCE, TAG_SOURCE, ENTITY_SOURCE)), regex.V0)
NUMBER = regex.compile(NUMBER_SOURCE)
