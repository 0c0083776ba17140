"""The optional seq2seq correction stage (install with ``pip install 'posteditor[model]'``).

Nothing here is imported by ``import posteditor`` or by the rule pipeline: torch and
transformers load only when a model is asked for.
"""

from .options import GateOptions, ModelOptions

__all__ = ["GateOptions", "ModelOptions", "load_corrector"]


BACKENDS = ("transformers", "ctranslate2", "openai")


HUB_TIMEOUT = 10.0  # seconds the hub has to answer before a hub id counts as unreachable


def load_corrector(options: ModelOptions):
    """A :class:`~posteditor.model.inference.Seq2SeqCorrector` for ``options``: on
    transformers (imports torch), on CTranslate2 (:mod:`posteditor.model.ct2`), or an
    OpenAI-compatible server (:mod:`posteditor.model.endpoint`)."""
    if options.backend == "openai":
        from .endpoint import EndpointCorrector

        return EndpointCorrector.load(options)
    check_model_source(options.path, options.revision)
    if options.backend == "ctranslate2":
        from .causal import is_causal
        from .ct2 import CausalCTranslate2Corrector, CTranslate2Corrector, is_ct2_folder, is_ct2_generator

        causal = is_ct2_generator(options.path) if is_ct2_folder(options.path) else is_causal(options.path,
                                                                                            options.revision)
        return (CausalCTranslate2Corrector if causal else CTranslate2Corrector).load(options)
    if options.backend != "transformers":
        from ..errors import InputError

        raise InputError(f"unknown model backend {options.backend!r} (known: {', '.join(BACKENDS)})")
    from .causal import CausalCorrector, is_causal
    from .inference import Seq2SeqCorrector

    if is_causal(options.path, options.revision):
        return CausalCorrector.load(options)
    if options.prompt or options.memory:
        from ..errors import InputError

        raise InputError(f"--prompt and --memory are for causal language models; {options.path!r} is a seq2seq "
                         "model (fine-tune it on your post-edits with train --pairs instead)")
    return Seq2SeqCorrector.load(options)


def check_model_source(path: str, revision=None, timeout: float | None = None) -> None:
    """Fail in seconds, with what to do, where the model cannot be had: a folder that does
    not exist, or a hub id when the hub does not answer (a network that drops packets made
    loading hang for minutes). A hub id the cache holds is then used from the cache
    (``HF_HUB_OFFLINE`` is set for this process); every later hub call has ``timeout`` too."""
    import os

    from ..errors import InputError

    if os.path.isdir(path):
        return
    if timeout is None:  # the user's HF_HUB_ETAG_TIMEOUT, else ours
        try:
            timeout = float(os.environ.get("HF_HUB_ETAG_TIMEOUT", HUB_TIMEOUT))
        except ValueError:
            timeout = HUB_TIMEOUT
    if path.startswith(("/", ".", "~")) or "\\" in path or path.count("/") > 1 or os.path.exists(path):
        raise InputError(f"no model folder {path!r}: give the folder of a checkpoint, or a hub id such as "
                         f"'org/name'")
    for variable in ("HF_HUB_ETAG_TIMEOUT", "HF_HUB_DOWNLOAD_TIMEOUT"):
        os.environ.setdefault(variable, str(int(timeout)))
    if os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
        return
    problem = _ask_hub(path, revision, timeout)
    if problem is None:
        return
    if problem.startswith("not found"):
        raise InputError(f"no model {path!r} on the Hugging Face hub ({problem})")
    from huggingface_hub import try_to_load_from_cache

    if isinstance(try_to_load_from_cache(path, "config.json", revision=revision), str):
        os.environ["HF_HUB_OFFLINE"] = "1"  # the hub is out of reach: the cached copy it is
        return
    raise InputError(f"cannot reach the Hugging Face hub for model {path!r} within {timeout:g} s ({problem}), and "
                     f"it is not in the cache: give a local folder, or download it where the hub can be reached "
                     f"(HF_HUB_OFFLINE=1 uses the cache only)")


def _ask_hub(path: str, revision, timeout: float):
    """None where the hub answers for ``path`` within ``timeout``; else what went wrong. The
    question is asked on a thread given up after the deadline, since a name look-up that
    hangs is beyond any socket timeout."""
    import threading

    outcome: list = []

    def ask() -> None:
        try:
            from huggingface_hub import HfApi
            from huggingface_hub.errors import RepositoryNotFoundError, RevisionNotFoundError

            try:
                HfApi().model_info(path, revision=revision, timeout=timeout)
                outcome.append(None)
            except (RepositoryNotFoundError, RevisionNotFoundError) as exc:
                outcome.append(f"not found: {type(exc).__name__}")
        except Exception as exc:  # connection refused, timed out, DNS failure, HTTP errors
            outcome.append(f"{type(exc).__name__}")

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(timeout + 2)
    if thread.is_alive():
        return "no answer"
    return outcome[0] if outcome else "no answer"
