"""The optional seq2seq correction stage (install with ``pip install 'posteditor[model]'``).

Nothing here is imported by ``import posteditor`` or by the rule pipeline: torch and
transformers load only when a model is asked for.
"""

from .options import GateOptions, ModelOptions

__all__ = ["GateOptions", "ModelOptions", "load_corrector"]


BACKENDS = ("transformers", "ctranslate2")


def load_corrector(options: ModelOptions):
    """A :class:`~posteditor.model.inference.Seq2SeqCorrector` for ``options``: on
    transformers (imports torch), or on CTranslate2 (:mod:`posteditor.model.ct2`)."""
    if options.backend == "ctranslate2":
        from .ct2 import CTranslate2Corrector

        return CTranslate2Corrector.load(options)
    if options.backend != "transformers":
        from ..errors import InputError

        raise InputError(f"unknown model backend {options.backend!r} (known: {', '.join(BACKENDS)})")
    from .inference import Seq2SeqCorrector

    return Seq2SeqCorrector.load(options)
