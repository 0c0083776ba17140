import json

import pytest

from posteditor import Config, InputError, Pipeline

from .conftest import ROOT

GLUE_DIR = ROOT / "corpora" / "glue"
GLUE_ONLY = Config(disabled=frozenset({"BOILERPLATE", "REPEAT", "SPACING", "NAME"}))


@pytest.fixture(scope="module")
def glue():
    return Pipeline(GLUE_ONLY)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vladimir Putininitially agreed", "Vladimir Putin initially agreed"),
        ("Anthony Blinkenand Russian Foreign Minister", "Anthony Blinken and Russian Foreign Minister"),
        ("They sent the applicationand their letters.", "They sent the application and their letters."),
        ("Talks broke downThe envoy left.", "Talks broke down The envoy left."),
        ("The ministry affirmedthat talks will resume.", "The ministry affirmed that talks will resume."),
        ("Psaki February 20noted", "Psaki February 20 noted"),
        ("February 20White House", "February 20 White House"),
        ("The Kremlin of Ukraine NATOis trying", "The Kremlin of Ukraine NATO is trying"),
        ("Britain, FranceGermany, Canada", "Britain, France, Germany, Canada"),
        ("He arrived inthe capital", "He arrived in the capital"),
        ("Inthe morning the council met.", "In the morning the council met."),
        ("talks withPutin ended", "talks with Putin ended"),
    ],
)
def test_glued_tokens_are_split(glue, text, expected):
    assert glue.fix_segment(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Trumpism, Reaganomics, Brexiteers, Parisians, Robertson, Greenland, Newfoundland",
        "FedEx, PlayStation, SoftBank, DreamWorks, HarperCollins, MasterCard, YouGov, iPad",
        "McKinsey, DeVos, LaGuardia, DuPont, MacKenzie, DiMaggio",
        "UAVs, IDPs, ATMs, ICBMs, the UN's",
        "9am, 6pm, 15kg, 40mph, 4th, 22nd, 1980s, A321XLR, RAV4, T-72, Su-35, SARS-CoV-2, NO2, H1N1, 4G, V4",
        "https://www.gazeta.az/PutinInitially info@NATOis.org #FranceGermany getElementById",
        "thumbrightMircea and Mikhail",
        "within, whereas, candid, whatnot",
        # A function word split off must fit the next word: a misspelt plural at the end of
        # a sentence, a Latin title before a quote.
        "They wrote to the relatives of the victimis.",
        # A listed brand that is also a word-forming prefix begins a compound.
        "The Metagalaxy and the Eurobonds market, Hypermarkets, Teleconferences",
        # Capitalised inside a sentence, a function word and a determiner make a name.
        "The Inthe band played, and Andorra, Anthem and Isthe too.",
        "the 'Idiota de staticis experimentis' dialogue",
    ],
)
def test_look_alikes_are_left_alone(glue, text):
    assert glue.fix_segment(text).text == text


def test_no_clean_dev_sentence_changes_and_recall_holds(glue):
    clean = [l for l in (GLUE_DIR / "clean.txt").read_text(encoding="utf-8").splitlines() if l]
    assert len(clean) >= 300
    changed = [s for s in clean if Pipeline().fix_segment(s).text != s]
    assert changed == []
    cases = [json.loads(l) for l in (GLUE_DIR / "cases.jsonl").read_text(encoding="utf-8").splitlines() if l]
    assert len(cases) >= 100
    fixed = sum(
        Pipeline().fix_document(c.get("context", []) + [c["input"]]).segments[-1].text == c["output"] for c in cases
    )
    # Many cases are template sentences whose glued function word does not fit the next word
    # ("Bayramovwill their counterparts"): the context test rightly refuses those.
    assert fixed / len(cases) >= 0.70


def test_a_function_word_glued_to_a_determiner_is_split_however_often_the_document_repeats_it(glue):
    doc = glue.fix_document(["The heads ofthe province met.", "The council ofthe region agreed."])
    assert [s.text for s in doc.segments] == ["The heads of the province met.", "The council of the region agreed."]


def test_document_evidence_unlocks_an_unknown_name(glue):
    alone = glue.fix_segment("Mammadliand the envoy met.")
    assert alone.text == "Mammadliand the envoy met."
    doc = glue.fix_document(["Anar Mammadli arrived.", "Mammadliand the envoy met."])
    assert doc.segments[1].text == "Mammadli and the envoy met."


def test_a_function_word_split_off_must_go_with_the_next_word(glue):
    # Both names stand alone elsewhere, so only the next word decides: "is slightly" is
    # English, "is have" and "at is" are pairs web text has but no grammar makes.
    def fixed(line):
        return glue.fix_document(["Quorvash is a village.", line]).segments[1].text

    assert fixed("Quorvashis slightly larger.") == "Quorvash is slightly larger."
    assert fixed("Quorvashis have goats.") == "Quorvashis have goats."
    assert fixed("Quorvashat is old.") == "Quorvashat is old."


def test_user_word_and_exception_lists(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("# my names\nMammadli\n", encoding="utf-8")
    exceptions = tmp_path / "exceptions.txt"
    exceptions.write_text("NATOis\n", encoding="utf-8")
    config = Config(glue_words=(words,), glue_exceptions=(exceptions,))
    pipeline = Pipeline(config)
    assert pipeline.fix_segment("Mammadliinitially said").text == "Mammadli initially said"
    assert pipeline.fix_segment("NATOis here").text == "NATOis here"


def test_user_lists_from_a_config_file(tmp_path):
    (tmp_path / "brands.txt").write_text("NATOis\n", encoding="utf-8")
    (tmp_path / "c.toml").write_text('glue_exceptions = ["brands.txt"]\n', encoding="utf-8")
    from posteditor import load_config

    assert Pipeline(load_config(tmp_path / "c.toml")).fix_segment("NATOis here").text == "NATOis here"


def test_a_missing_user_list_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="nope.txt: word list not found"):
        Pipeline(Config(glue_words=(tmp_path / "nope.txt",)))


def test_edits_name_the_evidence(glue):
    (edit,) = glue.fix_segment("Vladimir Putininitially agreed").edits
    assert edit.rule == "EN_GLUED_NAME_WORD" and edit.category == "GLUE"
    assert (edit.before, edit.after) == ("Putininitially", "Putin initially")
    assert "Putin" in edit.message
