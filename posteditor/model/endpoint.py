"""An OpenAI-compatible completions endpoint as the model (``--backend openai --api-base
URL``): how llama.cpp's server, vLLM and Ollama serve local models.

The prompt is that of :mod:`posteditor.model.causal` (template, examples from ``--memory``,
the source), sent to ``POST {api_base}/completions`` with greedy decoding; the answer is
parsed the same way. For the gate's margin, the answer and the unchanged MT are each scored
as continuations of the prompt by asking for the prompt's own log-probabilities
(``echo: true, logprobs: 0, max_tokens: 0``, as vLLM answers); a server that returns none
(llama.cpp's and Ollama's OpenAI routes) gets the other gate checks only, and the command
says so. The standard library's urllib talks to the server: four JSON fields each way need
no client library. ``OPENAI_API_KEY``, when set, is sent as a bearer token.
"""

from __future__ import annotations

import json
import math
import os
import urllib.error
import urllib.request
from typing import Optional, Sequence

from ..errors import InputError
from .causal import CausalCorrector, Memory, PromptTemplate, parse_answer
from .options import ModelOptions

TIMEOUT = 120.0  # seconds a request may take


class EndpointCorrector(CausalCorrector):
    """:class:`CausalCorrector` whose model answers over HTTP."""

    def __init__(self, options: ModelOptions, template: PromptTemplate, memory: Optional[Memory] = None):
        super().__init__(None, None, options, "remote", template, memory)
        self.scores_available: Optional[bool] = None  # known after the first scoring request

    @classmethod
    def load(cls, options: ModelOptions) -> "EndpointCorrector":
        if not options.api_base:
            raise InputError("--backend openai needs --api-base, e.g. http://127.0.0.1:8080/v1")
        memory = Memory.read(options.memory, options.memory_k) if options.memory else None
        corrector = cls(options, PromptTemplate.load(options.prompt), memory)
        corrector._post("/models", None)  # fail now, with the address, if nothing answers there
        return corrector

    def _declared_limit(self) -> int:
        return self.options.max_input_tokens or 4096

    def _length(self, text: str) -> int:
        return len(text) // 3 + 1  # an estimate: the server's tokenizer is not here

    def _post(self, path: str, body: Optional[dict]) -> dict:
        url = self.options.api_base.rstrip("/") + path
        headers = {"Content-Type": "application/json"}
        if os.environ.get("OPENAI_API_KEY"):
            headers["Authorization"] = "Bearer " + os.environ["OPENAI_API_KEY"]
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, headers=headers, method="GET" if body is None else "POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:200]
            raise InputError(f"the model server at {url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise InputError(f"no model server answers at {url} ({getattr(exc, 'reason', exc)})") from None
        except ValueError:
            raise InputError(f"the model server at {url} did not answer with JSON") from None

    def _generate_batch(self, batch: list[str]) -> list[str]:
        out = []
        for prompt in batch:
            mt = self._mt_of(prompt)
            answer = self._post("/completions", {
                "model": self.options.path, "prompt": prompt, "temperature": 0, "n": 1,
                "max_tokens": max(16, int(len(mt) // 3 * self.options.max_new_tokens_ratio) + 16),
                "stop": ["\n\n"]})
            try:
                text_out = answer["choices"][0]["text"]
            except (KeyError, IndexError, TypeError):
                raise InputError(f"the model server at {self.options.api_base} gave no completion text") from None
            text, why = parse_answer(text_out)
            if text is None:
                self.refused[prompt] = why
                text = mt
            out.append(text)
        return out

    def _mean_logprob(self, sources: Sequence[str], targets: Sequence[str]) -> list[float]:
        """Mean log-probability of each target after its prompt, from the server's echoed
        prompt log-probabilities; NaN (no margin check) where the server gives none."""
        scores = []
        for prompt, target in zip(sources, targets):
            if self.scores_available is False:
                scores.append(math.nan)
                continue
            text = prompt + (" " if not prompt.endswith((" ", "\n")) else "") + target
            try:
                answer = self._post("/completions", {"model": self.options.path, "prompt": text, "max_tokens": 0,
                                                     "echo": True, "logprobs": 0, "temperature": 0})
            except InputError:  # a server that refuses the request (no echo, or no max_tokens 0)
                self.scores_available = False
                scores.append(math.nan)
                continue
            try:
                logprobs = answer["choices"][0]["logprobs"]
                offsets, values = logprobs["text_offset"], logprobs["token_logprobs"]
            except (KeyError, IndexError, TypeError):
                self.scores_available = False
                scores.append(math.nan)
                continue
            after = [v for off, v in zip(offsets, values) if off >= len(prompt) and v is not None]
            self.scores_available = bool(after)
            scores.append(sum(after) / len(after) if after else math.nan)
        return scores
