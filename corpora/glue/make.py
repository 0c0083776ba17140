"""Build the glued-token dev set (deterministic): python corpora/glue/make.py

Writes cases.jsonl (MT-style glued tokens with the expected split, some with a preceding
segment as document context) and clean.txt (clean sentences full of look-alikes that must
not change). The ingredients below were written by the posteditor developers; the names
include people missing from the shipped gazetteer, so recall is measured honestly.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(20261126)

PEOPLE = [  # (first, last, in the shipped gazetteer?)
    ("Vladimir", "Putin", True), ("Antony", "Blinken", True), ("Sergei", "Lavrov", True),
    ("Jeyhun", "Bayramov", True), ("Ilham", "Aliyev", True), ("Nikol", "Pashinyan", True),
    ("Dmitry", "Peskov", True), ("Maria", "Zakharova", True), ("Emmanuel", "Macron", True),
    ("Olaf", "Scholz", True), ("Recep Tayyip", "Erdogan", True), ("Hakan", "Fidan", True),
    ("Josep", "Borrell", True), ("Jens", "Stoltenberg", True), ("Volodymyr", "Zelensky", True),
    ("Dmytro", "Kuleba", True), ("Xi", "Jinping", True), ("Narendra", "Modi", True),
    ("Kaja", "Kallas", True), ("Ursula", "von der Leyen", True), ("Rishi", "Sunak", True),
    ("Toivo", "Klaar", True), ("Ararat", "Mirzoyan", True), ("Charles", "Michel", True),
    ("Anar", "Mammadli", False), ("Elchin", "Amirbayov", False), ("Farid", "Shafiyev", False),
    ("Ruben", "Vardanyan", False), ("Tigran", "Balayan", False), ("Rauf", "Mirgadirov", False),
]
WORDS_AFTER_NAME = ["and", "said", "initially", "also", "has", "was", "will", "stated", "noted", "is"]
SENT_NAME = [
    "{first} {last}{w} the talks would continue.",
    "Foreign ministers {first} {last}{w} their counterparts met in Geneva.",
    "According to the report, {first} {last}{w} later spoke to reporters.",
]
ACRONYMS = ["NATO", "OPEC", "OSCE", "IAEA", "CSTO", "UNESCO", "UNICEF", "ASEAN", "OECD", "BRICS"]
SENT_ACR = [
    "The Kremlin says {a}{w} trying to draw Kyiv into the alliance.",
    "Officials said {a}{w} expected to respond on Monday.",
    "The statement added that {a}{w} ready to send observers.",
]
ACR_WORDS = ["is", "will", "has", "was", "would"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]
NUM_WORDS = ["White", "noted", "announced", "Foreign", "President", "Kremlin", "officials", "reported"]
SENT_NUM = ["On {m} {d}{w} House press secretary said so.", "Psaki {m} {d}{w} that talks went on."]
WORD_WORD = [
    ("The ministry announcedplans to reopen the border.", "The ministry announced plans to reopen the border."),
    ("He arrived inthe capital on Monday.", "He arrived in the capital on Monday."),
    ("The head ofthe delegation spoke first.", "The head of the delegation spoke first."),
    ("Aliyev saidthat the talks were useful.", "Aliyev said that the talks were useful."),
    ("They went tothe border crossing.", "They went to the border crossing."),
    ("The army reportedthat two soldiers died.", "The army reported that two soldiers died."),
    ("Talks ended andthe sides left.", "Talks ended and the sides left."),
    ("Officials confirmedthe visit.", "Officials confirmed the visit."),
    ("The decision wasmade on Friday.", "The decision was made on Friday."),
    ("Observers arrivedfrom Vienna.", "Observers arrived from Vienna."),
]
WORD_NAME = [
    ("as saidBiden on Monday", "as said Biden on Monday"),
    ("talks withPutin ended", "talks with Putin ended"),
    ("a call withErdogan was held", "a call with Erdogan was held"),
    ("the meeting betweenAliyev and Pashinyan", "the meeting between Aliyev and Pashinyan"),
    ("a letter fromMacron arrived", "a letter from Macron arrived"),
    ("according toLavrov, the talks failed", "according to Lavrov, the talks failed"),
]
PLACES = ["Britain", "France", "Germany", "Canada", "Italy", "Turkey", "Georgia", "Azerbaijan",
          "Kazakhstan", "Poland", "Romania", "Spain", "Japan", "Austria", "Hungary"]
PUNCT = [
    ("arrived in Tbilisi.Officials said the visit went well.", "arrived in Tbilisi. Officials said the visit went well."),
    ("The talks ended late.Both sides agreed to meet again.", "The talks ended late. Both sides agreed to meet again."),
    ("rose 3 percent,officials said.", "rose 3 percent, officials said."),
    ("Was it planned?Nobody would say.", "Was it planned? Nobody would say."),
]
# Hard cases that the fixer is not expected to find (no evidence for the name, content word).
HARD = [
    ("NATOtroops were placed on alert.", "NATO troops were placed on alert.", "acronym_word"),
    ("Macronmet the Chancellor on Friday.", "Macron met the Chancellor on Friday.", "name_word"),
    ("The summit in BakuMonday ended early.", "The summit in Baku Monday ended early.", "name_name"),
    ("the Kazakh capital Astanawelcomed the delegates", "the Kazakh capital Astana welcomed the delegates", "name_word"),
]


def glued_cases():
    cases = []
    for first, last, _ in PEOPLE:
        for _ in range(2):
            w = rng.choice(WORDS_AFTER_NAME)
            frame = rng.choice(SENT_NAME)
            cases.append({
                "kind": "name_word",
                "input": frame.format(first=first, last=last, w=w),
                "output": frame.format(first=first, last=last, w=" " + w),
            })
    for a in ACRONYMS:
        for _ in range(2):
            w, frame = rng.choice(ACR_WORDS), rng.choice(SENT_ACR)
            cases.append({"kind": "acronym_word", "input": frame.format(a=a, w=w), "output": frame.format(a=a, w=" " + w)})
    for _ in range(12):
        m, d, w, frame = rng.choice(MONTHS), rng.randint(1, 28), rng.choice(NUM_WORDS), rng.choice(SENT_NUM)
        cases.append({"kind": "number_word", "input": frame.format(m=m, d=d, w=w), "output": frame.format(m=m, d=d, w=" " + w)})
    cases += [{"kind": "word_word", "input": i, "output": o} for i, o in WORD_WORD]
    cases += [{"kind": "word_name", "input": i, "output": o} for i, o in WORD_NAME]
    for _ in range(10):
        a, b, c, d = rng.sample(PLACES, 4)
        cases.append({
            "kind": "name_name",
            "input": f"Leaders of {a}, {b}{c}, {d} and the EU met.",
            "output": f"Leaders of {a}, {b}, {c}, {d} and the EU met.",
        })
    cases += [{"kind": "punct", "input": i, "output": o} for i, o in PUNCT]
    cases += [{"kind": k, "input": i, "output": o, "hard": True} for i, o, k in HARD]
    # Document evidence: a name the gazetteer lacks, standing alone in the segment before.
    for first, last, known in PEOPLE:
        if not known:
            cases.append({
                "kind": "name_word_context",
                "context": [f"{first} {last} arrived in Brussels on Monday."],
                "input": f"{last}and the EU envoy held talks.",
                "output": f"{last} and the EU envoy held talks.",
            })
    return cases


LOOKALIKES = {
    "known": ["Trumpism", "Reaganomics", "Brexiteers", "Parisians", "Robertson", "Greenland",
              "Newfoundland", "Johnstone", "Washingtonian", "Kremlinologist", "Moscovites", "Londoners"],
    "camel": ["FedEx", "PlayStation", "SoftBank", "DreamWorks", "HarperCollins", "MasterCard",
              "YouGov", "iPad", "McKinsey", "DeVos", "LaGuardia", "DuPont", "MacKenzie", "DiMaggio",
              "WhatsApp", "YouTube", "BioNTech", "AstraZeneca", "LinkedIn", "GitHub", "PayPal",
              "eBay", "iPhone", "JPMorgan", "BlackRock", "ExxonMobil", "TikTok", "SpaceX", "OpenAI"],
    "acronym": ["UAVs", "IDPs", "ATMs", "ICBMs", "the UN's", "MPs", "CEOs", "NGOs", "SUVs", "GPUs",
                "PhDs", "NATO's", "the EU's", "DJs", "PCs"],
    "units": ["9am", "6pm", "15kg", "40mph", "4th", "22nd", "1980s", "3rd", "100km", "5G", "4G",
              "2nd", "10th", "1990s", "20GB", "3D", "120ml", "8pm", "31st", "60kg"],
    "models": ["A321XLR", "RAV4", "T-72", "Su-35", "SARS-CoV-2", "NO2", "H1N1", "V4", "F-16",
               "MiG-29", "Bayraktar TB2", "S-400", "B737", "COVID-19", "FFP2", "CO2", "A350"],
    "web": ["https://www.gazeta.az/news/2022/index.html", "info@mfa.gov.az", "#StandWithUkraine",
            "@POTUS", "report.az", "apa.az", "x.com/AzerbaijanMFA", "www.president.az"],
    "code": ["getElementById", "camelCase", "snake_case", "HTTPServer", "parseInt", "innerHTML"],
    "names": ["He Lifeng", "Kim Yo Jong", "Ashley Biden", "Joe Manchin", "Will Ferrell",
              "Brian May", "LeBron James", "Ruud van Nistelrooy", "Ursula von der Leyen",
              "Rui Hachimura", "Mohammed bin Zayed"],
}
FRAMES = [
    "The report mentioned {x} twice.",
    "Analysts said {x} was central to the debate.",
    "{x} came up at the briefing on Tuesday.",
    "She wrote about {x} in her column.",
    "A spokesman declined to comment on {x}.",
    "The list included {x}, among others.",
    "Critics pointed to {x} as an example.",
    "In the interview, {x} was discussed at length.",
    "Readers asked about {x} after the story ran.",
    "The company said {x} would not be affected.",
]


def clean_sentences():
    out = []
    pool = [t for group in LOOKALIKES.values() for t in group]
    for token in pool:
        for frame in rng.sample(FRAMES, 2):
            out.append(frame.format(x=token))
    # Mixed sentences with several look-alikes at once.
    while len(out) < 320:
        a, b, c = rng.sample(pool, 3)
        out.append(f"Between {a} and {b}, the analysts preferred {c}.")
    return out


def main():
    cases = glued_cases()
    with open(HERE / "cases.jsonl", "w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    clean = clean_sentences()
    (HERE / "clean.txt").write_text("\n".join(clean) + "\n", encoding="utf-8")
    print(f"{len(cases)} glued cases, {len(clean)} clean sentences")


if __name__ == "__main__":
    main()
