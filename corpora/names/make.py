"""Build the names dev set (deterministic): python corpora/names/make.py

cases.jsonl: sentences with a mangled name and the expected correction. Three sources:
(1) spellings of the kind real MT produces, written by hand (through Russian, Azerbaijani or
Turkish spelling, translated surnames); (2) a character-noise model applied to gazetteer names
(doubled letters dropped, i/y, c/k, s/z, v/w swaps, a vowel changed) -- a model different from
the fixer's phonetic key, so that recall is not measured against itself; (3) a surname alone,
made consistent with the full name earlier in the document.
clean.txt: sentences with real names that look like listed ones (Ashley Biden, Joe Manchin,
Kim Yo Jong, Theresa May, Li Keqiang ...), accepted alternative spellings (Sergey Lavrov,
Zelenskyy), names in no list, and capitalised ordinary words. None may change.
"""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))
rng = random.Random(4)

HAND = [  # (wrong, right)
    ("Cho Biden", "Joe Biden"), ("Co Bayden", "Joe Biden"), ("Anthony Blinken", "Antony Blinken"),
    ("Entoni Blinken", "Antony Blinken"), ("Zhozep Borrel", "Josep Borrell"), ("Josep Borel", "Josep Borrell"),
    ("Mariya Zaharova", "Mariya Zakharova"), ("Mariya Zakharowa", "Mariya Zakharova"),
    ("Kasim-Jomart Tokaev", "Kassym-Jomart Tokayev"), ("Kasym-Zhomart Tokaev", "Kassym-Zhomart Tokayev"),
    ("Jens Stoltenberq", "Jens Stoltenberg"), ("Yens Stoltenberg", "Jens Stoltenberg"),
    ("Emmanuel Makron", "Emmanuel Macron"), ("Emanuel Macron", "Emmanuel Macron"),
    ("Olaf Sholts", "Olaf Scholz"), ("Olaf Solts", "Olaf Scholz"), ("Rejep Tayyip Erdogan", "Recep Tayyip Erdogan"),
    ("Volodimir Zelenski", "Volodymyr Zelensky"), ("Volodymyr Zelenskiy", "Volodymyr Zelenskiy"),
    ("Antoniu Guterrish", "Antonio Guterres"), ("Antonio Guterresh", "Antonio Guterres"),
    ("Sergey Shoygu", "Sergey Shoigu"), ("Dmitriy Peskov", "Dmitriy Peskov"), ("Dmitri Peskow", "Dmitri Peskov"),
    ("Ursula fon der Lyayen", "Ursula von der Leyen"), ("Ilham Aliyevv", "Ilham Aliyev"),
    ("Nikol Pashinyian", "Nikol Pashinyan"), ("Nikol Pashinian", "Nikol Pashinian"),
    ("Jeyhun Holiday", "Jeyhun Bayramov"), ("Ceyhun Bayramov", "Jeyhun Bayramov"),
    ("Hikmet Pilgrim", "Hikmet Hajiyev"), ("Ararat Mirzoian", "Ararat Mirzoyan"),
    ("Hakan Fidhan", "Hakan Fidan"), ("Mevlut Chavushoglu", "Mevlut Cavusoglu"),
    ("Shavkat Mirziyoev", "Shavkat Mirziyoyev"), ("Aleksandr Lukashenka", "Aleksandr Lukashenko"),
    ("Kaja Kalas", "Kaja Kallas"), ("Ursula von der Leien", "Ursula von der Leyen"),
    ("Xi Tszinpin", "Xi Jinping"), ("Narendra Modhi", "Narendra Modi"),
    ("Benyamin Netanyahu", "Benjamin Netanyahu"), ("Rishi Sunac", "Rishi Sunak"),
    ("Recep Tayyip Erdoghan", "Recep Tayyip Erdogan"), ("Sergey Lavrow", "Sergey Lavrov"),
    ("Dmitry Medvedyev", "Dmitry Medvedev"), ("Mikhail Mishustyn", "Mikhail Mishustin"),
    ("Viktor Orbahn", "Viktor Orban"), ("Jeyhun Bayramow", "Jeyhun Bayramov"),
    ("Anadolu Agency", "Anadolu Agency"), ("Anatolian Agency", "Anadolu Agency"), ("Sinhua", "Xinhua"),
]
FRAMES = [
    "{n} said on Monday that the talks would continue.",
    "According to {n}, the ceasefire is holding.",
    "The statement by {n} was published on the ministry's website.",
    "Reporters asked {n} about the border.",
    "{n} met his counterpart in Geneva.",
]


def noisy(name: str) -> str:
    """One character-level change of the kinds transliteration makes."""
    ops = [
        lambda s: s.replace("ll", "l", 1) if "ll" in s else None,
        lambda s: s.replace("ss", "s", 1) if "ss" in s else None,
        lambda s: s.replace("y", "i", 1) if "y" in s else None,
        lambda s: s.replace("i", "y", 1) if "i" in s[1:] else None,
        lambda s: s.replace("c", "k", 1) if "c" in s else None,
        lambda s: s.replace("k", "c", 1) if "k" in s[1:] else None,
        lambda s: s.replace("v", "w", 1) if "v" in s else None,
        lambda s: s.replace("z", "s", 1) if "z" in s else None,
        lambda s: s.replace("kh", "h", 1) if "kh" in s else None,
        lambda s: s.replace("sh", "sch", 1) if "sh" in s else None,
        lambda s: s + "e" if s[-1] in "nvr" else None,
    ]
    rng.shuffle(ops)
    for op in ops:
        out = op(name)
        if out and out != name:
            return out
    return name


def cases():
    out = []
    for wrong, right in HAND:
        frame = rng.choice(FRAMES)
        kind = "unchanged-accepted" if wrong == right else "hand"
        out.append({"kind": kind, "input": frame.format(n=wrong), "output": frame.format(n=right)})
    from posteditor import gazetteer

    people = [p for p in gazetteer.people("en") if len(p.canonical.split()) == 2]
    rng.shuffle(people)
    for p in people[:110]:
        first, last = p.canonical.split()
        wrong_last = noisy(last)
        if wrong_last == last:
            continue
        frame = rng.choice(FRAMES)
        out.append({"kind": "noise", "input": frame.format(n=f"{first} {wrong_last}"),
                    "output": frame.format(n=p.canonical)})
    for p in people[110:150]:
        first, last = p.canonical.split()
        wrong_last = noisy(last)
        if wrong_last == last:
            continue
        out.append({"kind": "document", "context": [f"{p.canonical} arrived in Baku on Monday."],
                    "input": f"{wrong_last} said the visit was useful.", "output": f"{last} said the visit was useful."})
    return out


LOOKALIKES = [
    "Ashley Biden", "Hunter Biden", "Jill Biden", "Joe Manchin", "Joe Rogan", "Kim Yo Jong", "Kim Jong Il",
    "Kim Jong Un", "Mohammed bin Salman", "Mohammed bin Zayed", "Will Ferrell", "Brian May", "Theresa May",
    "John Kerry", "John Kirby", "Mark Rutte", "Mark Carney", "Li Qiang", "Li Keqiang", "Li Qizhang",
    "Lee Jae-myung", "Lee Hsien Loong", "Boris Becker", "Boris Johnson", "David Cameron", "David Lammy",
    "Sergey Lavrov", "Sergei Lavrov", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Dmitri Peskov",
    "Aleksandr Lukashenko", "Alexander Lukashenko", "Alexei Navalny", "Alexey Navalny", "Yulia Navalnaya",
    "Andrew Lloyd Webber", "Lloyd Austin", "Austin Butler", "Charles Michel", "Michel Barnier",
    "Michelle Obama", "Barack Obama", "Nancy Pelosi", "Paul Pelosi", "Hakan Fidan", "Hakan Calhanoglu",
    "Ali Asadov", "Ali Khamenei", "Ali Larijani", "Mikhail Gorbachev", "Mikhail Saakashvili",
    "Irakli Kobakhidze", "Irakli Okruashvili", "Anar Mammadli", "Elchin Amirbayov", "Farid Shafiyev",
    "Tigran Balayan", "Ruben Vardanyan", "Rauf Mirgadirov", "Shahin Mustafayev", "Mukhtar Babayev",
    "Emin Huseynov", "Leyla Yunus", "Khadija Ismayilova", "Gunel Safarova", "Orkhan Amashov",
    "Jake Paul", "Chris Paul", "Paul Kagame", "Peter Szijjarto", "Peter Stano", "Peter Pan",
    "George Clooney", "George Gerapetritis", "Justin Bieber", "Justin Trudeau", "Pope Francis",
    "Anthony Albanese", "Anthony Hopkins", "Antony Blinken", "Tony Blair", "Tony Blinken",
    "Emma Stone", "Emma Watson", "Emmanuel Macron", "Brigitte Macron", "Olaf Scholz", "Olaf Stapledon",
]
CLEAN_FRAMES = [
    "{n} spoke to reporters after the meeting.",
    "A statement from {n} was read out on television.",
    "The interview with {n} was broadcast on Sunday.",
    "Critics of {n} said the plan would fail.",
]
ORDINARY = [
    "Will the talks resume in May?", "Mark the date: the summit opens on Monday.",
    "Holiday traffic slowed the convoy.", "Pilgrim routes were closed for the season.",
    "Grace periods were extended for borrowers.", "Rose gardens in Baku drew tourists.",
    "Hope and Faith were the names of the two ships.", "Summer came early to the Caucasus this year.",
    "Joy spread across the stadium.", "Iris scanners were installed at the border.",
]


def clean():
    out = []
    for name in LOOKALIKES:
        for frame in CLEAN_FRAMES:
            out.append(frame.format(n=name))
    out += ORDINARY
    return out


def main():
    cs = cases()
    with open(HERE / "cases.jsonl", "w", encoding="utf-8") as f:
        for c in cs:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    cl = clean()
    (HERE / "clean.txt").write_text("\n".join(cl) + "\n", encoding="utf-8")
    print(f"{len(cs)} cases ({sum(c['input'] != c['output'] for c in cs)} with an error), {len(cl)} clean sentences")


if __name__ == "__main__":
    main()
