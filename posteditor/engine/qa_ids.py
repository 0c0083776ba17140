"""The ids of the QA checks of ``posteditor check`` (:mod:`posteditor.check.qa`), with their
default severities and descriptions, so that ``--disable``, ``--select``, ``--severity`` and
``rules list`` know them as they know the fixers' ids."""

QA_SEVERITY = {
    "QA_NUMBER_MISSING": "error",
    "QA_NUMBER_EXTRA": "warning",
    "QA_UNTRANSLATED": "warning",
    "QA_SOURCE_SCRIPT": "error",
    "QA_GLOSSARY": "warning",
    "QA_PLACEHOLDER": "error",
    "QA_URL": "error",
}

QA_DESCRIPTIONS = {
    "QA_NUMBER_MISSING": "A number of the source is missing from the target",
    "QA_NUMBER_EXTRA": "The target has a number that the source does not",
    "QA_UNTRANSLATED": "The target is the same as the source",
    "QA_SOURCE_SCRIPT": "The target is mostly in the source's script",
    "QA_GLOSSARY": "A glossary term of the source is not rendered as the glossary says",
    "QA_PLACEHOLDER": "Placeholders or tags differ between source and target",
    "QA_URL": "URLs or e-mail addresses differ between source and target",
}
