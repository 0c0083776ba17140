"""The optional seq2seq correction stage (install with ``pip install 'posteditor[model]'``).

Nothing here is imported by ``import posteditor`` or by the rule pipeline: torch and
transformers load only when a model is asked for.
"""

from .options import GateOptions, ModelOptions

__all__ = ["GateOptions", "ModelOptions", "load_corrector"]


def load_corrector(options: ModelOptions):
    """A :class:`~posteditor.model.inference.Seq2SeqCorrector` for ``options`` (imports torch)."""
    from .inference import Seq2SeqCorrector

    return Seq2SeqCorrector.load(options)
