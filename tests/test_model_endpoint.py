"""--backend openai against a real HTTP server on loopback (#21). No llama.cpp, vLLM or Ollama
server can be installed here, so the server is a small one written for the test around a tiny
transformers causal model built from its config: /v1/models, and /v1/completions with greedy
generation and, as vLLM does, the prompt's own log-probabilities when asked (echo)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from click.testing import CliRunner  # noqa: E402

from posteditor import Config, Pipeline  # noqa: E402
from posteditor.cli import main  # noqa: E402
from posteditor.evaluation.scoring import model_signature  # noqa: E402
from posteditor.model import ModelOptions, load_corrector  # noqa: E402


class TinyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, logprobs: bool = True, answer=None):
        super().__init__(("127.0.0.1", 0), _Handler)
        torch.manual_seed(0)
        config = transformers.LlamaConfig(vocab_size=384, pad_token_id=0, eos_token_id=1, bos_token_id=1,
                                          hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                          num_attention_heads=4, num_key_value_heads=2)
        self.model = transformers.LlamaForCausalLM(config).eval()
        self.tokenizer = transformers.ByT5Tokenizer()
        self.logprobs, self.answer, self.prompts = logprobs, answer, []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def complete(self, body: dict) -> dict:
        if body.get("echo") and self.logprobs is None:
            raise ValueError("echo is not supported")  # answered with HTTP 400, as some servers do
        prompt = body["prompt"]
        ids = self.tokenizer(prompt, add_special_tokens=False)["input_ids"]
        text = ""
        if body.get("max_tokens", 16) > 0:
            self.prompts.append(prompt)
            if self.answer is not None:
                text = self.answer(prompt)
            else:
                with torch.no_grad():
                    out = self.model.generate(torch.tensor([ids]), max_new_tokens=body["max_tokens"], do_sample=False,
                                              pad_token_id=0)
                text = self.tokenizer.decode(out[0, len(ids):], skip_special_tokens=True).split("\n\n")[0]
        choice = {"index": 0, "text": text, "logprobs": None, "finish_reason": "stop"}
        if body.get("echo") and body.get("logprobs") is not None and self.logprobs:
            with torch.no_grad():
                logits = self.model(input_ids=torch.tensor([ids])).logits[0]
            logp = torch.log_softmax(logits.float(), -1)
            values = [None] + [float(logp[k - 1, ids[k]]) for k in range(1, len(ids))]
            offsets = [len(self.tokenizer.decode(ids[:k])) for k in range(len(ids))]
            choice["logprobs"] = {"tokens": [self.tokenizer.decode([i]) for i in ids], "token_logprobs": values,
                                  "text_offset": offsets}
        return {"object": "text_completion", "model": body.get("model"), "choices": [choice]}


class _Handler(BaseHTTPRequestHandler):
    server: TinyServer

    def log_message(self, *args):
        pass

    def _json(self, value: dict) -> None:
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._json({"object": "list", "data": [{"id": "tiny", "object": "model"}]})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        try:
            self._json(self.server.complete(body))
        except ValueError as exc:
            self.send_error(400, str(exc))


SEGMENTS = ["held talks in in Baku on 20 February .", "The minister arrived."]
SOURCES = ["Fevralın 20-də Bakıda danışıqlar aparıldı.", "Nazir gəldi."]


@pytest.fixture
def server():
    s = TinyServer()
    yield s
    s.shutdown()
    s.server_close()


def test_the_endpoint_is_prompted_and_its_answers_gated(server):
    options = ModelOptions("tiny", beams=1, backend="openai", api_base=server.base, input="src+mt")
    corrector = load_corrector(options)
    doc = Pipeline(Config(builtin=False), corrector=corrector).fix_document(SEGMENTS, SOURCES)
    assert len(server.prompts) == 2 and all("Corrected:" in p for p in server.prompts)
    assert any("Source: Nazir gəldi." in p and "MT: The minister arrived." in p for p in server.prompts)
    for seg in doc.segments:  # the tiny model's answers are judged, and none is kept
        assert seg.text == seg.original and (seg.model is None or seg.model["reason"])
    assert model_signature(options).startswith(f"server:tiny@{server.base}")


def test_the_gate_margin_comes_from_the_servers_log_probabilities(tmp_path):
    fixed = "held talks in Baku on 20 February."
    with_scores = TinyServer(answer=lambda prompt: " " + fixed)
    without = TinyServer(logprobs=False, answer=lambda prompt: " Talks were held in Baku on 20 February.")
    try:
        options = ModelOptions("tiny", beams=1, backend="openai", api_base=with_scores.base)
        doc = Pipeline(Config(builtin=False), corrector=load_corrector(options)).fix_document(SEGMENTS[:1])
        verdict = doc.segments[0].model
        assert verdict["output"] == fixed and verdict["logprob_gain"] is not None
        assert verdict["accepted"] == (verdict["logprob_gain"] >= options.gate.margin)
        # A server without log-probabilities: the other checks decide, and the command says so.
        src = tmp_path / "in.txt"
        src.write_text(SEGMENTS[0] + "\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["fix", str(src), "--model", "tiny", "--backend", "openai", "--api-base",
                                           without.base, "--no-config", "--explain"])
        assert result.exit_code == 0, result.output
        assert "returns no log-probabilities" in result.stderr
        assert result.stdout == fixed + "\n"  # the rules' fix: the answer changes too many words
        assert "edit rate" in result.stderr
        # A server that refuses the scoring request outright: the same, not a failure.
        without.logprobs = None
        refused = CliRunner().invoke(main, ["fix", str(src), "--model", "tiny", "--backend", "openai", "--api-base",
                                            without.base, "--no-config"])
        assert refused.exit_code == 0 and "returns no log-probabilities" in refused.stderr
    finally:
        for s in (with_scores, without):
            s.shutdown()
            s.server_close()


def test_no_server_at_the_address_is_a_clear_error(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("Talks resumed.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", str(src), "--model", "tiny", "--backend", "openai",
                                       "--api-base", "http://127.0.0.1:9/v1"])
    assert result.exit_code == 2 and "no model server answers at http://127.0.0.1:9/v1/models" in result.output
    missing = CliRunner().invoke(main, ["fix", str(src), "--model", "tiny", "--backend", "openai"])
    assert missing.exit_code == 2 and "--api-base" in missing.output
