"""The review page: ``posteditor review --web`` serves one local page on which a translator
accepts or rejects each change with the mouse or the keyboard, and saves.

The back end is the standard library's ``http.server``: the page needs four requests (the
units, a decision, save, done), so a web framework would add a dependency and nothing else.
It binds to 127.0.0.1 only, answers only requests that carry its per-session token, serves
nothing but its own page and the data of the file it was given, and writes nothing until the
translator saves (atomically, the same output as ``fix`` would write, with the decisions log
that ``review --decisions`` replays).

Decisions are kept per unit, keyed by the change (rule, before, after and which occurrence);
the unit is recomputed from its original after every decision with
:func:`~posteditor.review.interactive.apply_decisions`, so that a change that depended on a
rejected one is recomputed and shown. A change not yet decided counts as accepted, as in
``fix``.
"""

from __future__ import annotations

import collections
import html
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Optional

from ..engine.pipeline import Pipeline
from ..fileformats.files import write_file
from ..text.edits import DocumentResult, Edit
from .interactive import apply_decisions, decided_text, position_in
from .session import edit_places, hand_record, recompute_for

PENDING = "pending"


class FileReview:
    """The decisions taken so far on one file, and what they make of each unit."""

    def __init__(self, pipeline: Pipeline, doc, result: DocumentResult, documents: str,
                 output: Path, log_path: Path):
        self.pipeline, self.doc, self.result, self.documents = pipeline, doc, result, documents
        self.output, self.log_path = output, log_path
        self.fixed = [seg.text for seg in result.segments]
        self.choices: list[dict] = [{} for _ in doc.units]  # change key -> (decision, applied)
        self.hand: dict[int, str] = {}  # unit -> the translator's own text
        self.lock = threading.Lock()
        self.index = 0  # the file's place among those reviewed

    def resume(self, replay) -> None:
        """Take the decisions of a saved log (:class:`~posteditor.review.interactive.Replay`)
        as decided already: the review goes on where it was left. A change the log names
        that the file no longer proposes is simply not shown."""
        for k in range(len(self.doc.units)):
            queue = replay.queues.get((replay.log_name(self.doc.name), k + 1), ())
            seen: collections.Counter = collections.Counter()
            for _, record in queue:
                key = (record["rule"], record["before"], record["after"])
                seen[key] += 1
                if record.get("note") == "not reviewed":
                    continue
                applied = decided_text(record["decision"], record["before"], record["after"], record.get("applied"))
                self.choices[k][(*key, seen[key])] = (record["decision"], applied)
            hand = replay.hands.get((replay.log_name(self.doc.name), k + 1))
            if hand is not None:
                self.hand[k] = hand[1]["after"]

    def _walk(self, k: int) -> tuple[str, list[dict]]:
        seg, unit, choices = self.result.segments[k], self.doc.units[k], self.choices[k]
        shown: list[dict] = []
        seen: collections.Counter = collections.Counter()

        def decide(edit: Edit, text: str) -> tuple[str, str]:
            key = (edit.rule, edit.before, edit.after)
            seen[key] += 1
            key = (*key, seen[key])
            decision, applied = choices.get(key, (PENDING, edit.after))
            start = max(0, position_in(edit, text))
            shown.append({"key": list(key), "rule": edit.rule, "category": edit.category, "message": edit.message,
                          "severity": edit.severity, "before": edit.before, "after": edit.after,
                          "start": start, "end": start + len(edit.before), "text": text, "state": decision})
            return ("accepted" if decision == PENDING else decision), applied

        text, _ = apply_decisions(seg.original, list(seg.edits), decide,
                                  recompute_for(self.pipeline, self.doc, self.fixed, k, self.documents))
        line = edit_places(self.doc, unit, seg)[0][0][0] if seg.edits else unit.line
        return text, [dict(c, line=line) for c in shown]

    def unit(self, k: int) -> dict:
        seg, unit = self.result.segments[k], self.doc.units[k]
        decided, changes = self._walk(k)
        result = self.hand.get(k, decided)
        return {"file": self.index, "name": self.doc.name, "markup": bool(self.doc.markup), "unit": k + 1,
                "id": unit.id, "line": unit.line, "source": unit.source, "original": seg.original,
                "result": result, "hand": k in self.hand, "changes": changes}

    def units(self) -> list[dict]:
        with self.lock:
            return [self.unit(k) for k in range(len(self.doc.units))]

    def decide(self, k: int, key: list, decision: str, text: Optional[str] = None) -> dict:
        if not 0 <= k < len(self.doc.units):
            raise ValueError(f"no unit {k + 1}")
        with self.lock:
            key = (str(key[0]), str(key[1]), str(key[2]), int(key[3]))
            if decision == PENDING:
                self.choices[k].pop(key, None)
            elif decision in ("accepted", "rejected"):
                self.choices[k][key] = (decision, key[2] if decision == "accepted" else key[1])
            elif decision == "edited" and isinstance(text, str):
                self.choices[k][key] = ("edited", text)
            else:
                raise ValueError(f"unknown decision {decision!r}")
            return self.unit(k)

    def hand_edit(self, k: int, text: Optional[str]) -> dict:
        if not 0 <= k < len(self.doc.units):
            raise ValueError(f"no unit {k + 1}")
        with self.lock:
            if text is None:
                self.hand.pop(k, None)
            else:
                self.hand[k] = text
            return self.unit(k)

    def save(self) -> dict:
        """Write the output and the decisions log (atomically; a second save overwrites)."""
        with self.lock:
            finals, log = [], []
            for k, unit in enumerate(self.doc.units):
                text, changes = self._walk(k)
                for c in changes:
                    decision = "accepted" if c["state"] == PENDING else c["state"]
                    applied = decided_text(decision, c["before"], c["after"],
                                           self.choices[k].get(tuple(c["key"]), (None, None))[1])
                    log.append({"file": self.doc.name, "unit": k + 1, "id": unit.id, "line": c["line"],
                                "start": c["start"], "end": c["end"], "rule": c["rule"], "before": c["before"],
                                "after": c["after"], "decision": decision,
                                "applied": applied, "note": "" if c["state"] != PENDING else "not reviewed"})
                if k in self.hand and self.hand[k] != text:
                    log.append(hand_record(self.doc.name, k, unit, text, self.hand[k]))
                    text = self.hand[k]
                finals.append(text)
            write_file(self.output, self.doc.render(finals))
            write_file(self.log_path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log).encode("utf-8"))
            return {"output": str(self.output), "log": str(self.log_path), "decisions": len(log)}


def page_html(title: str, token: str) -> bytes:
    page = resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")
    return (page.replace("{{title}}", html.escape(title)).replace("{{token}}", token)).encode("utf-8")


class ReviewServer(ThreadingHTTPServer):
    """The review page of ``files`` on 127.0.0.1 (``port`` 0: a free one)."""

    daemon_threads = True

    def __init__(self, files: list[FileReview], port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.files = files
        for index, f in enumerate(files):
            f.index = index
        self.token = secrets.token_urlsafe(24)
        self.done = threading.Event()

    def file(self, index) -> FileReview:
        index = int(index)
        if not 0 <= index < len(self.files):
            raise ValueError(f"no file {index}")
        return self.files[index]

    def rules(self) -> dict:
        """Every rule's category and description, for the page's rule links."""
        return {f.id: {"category": f.category, "description": f.description, "origin": str(f.origin or "")}
                for f in self.files[0].pipeline.fixers} if self.files else {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/?token={self.token}"


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer

    def log_message(self, format, *args):  # quiet: the terminal shows the URL and the saves
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'self' 'unsafe-inline'; connect-src 'self'")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def _authorised(self) -> bool:
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(self.path).query)
        token = self.headers.get("X-Token") or (query.get("token") or [""])[0]
        if not secrets.compare_digest(token, self.server.token):
            self._json(403, {"error": "this page needs the token printed by posteditor review --web"})
            return False
        return True

    def do_GET(self) -> None:
        if not self._authorised():
            return
        path = self.path.split("?")[0]
        if path == "/":
            title = ", ".join(f.doc.name for f in self.server.files)
            self._send(200, page_html(title, self.server.token), "text/html")
        elif path == "/api/units":
            self._json(200, {"files": [f.doc.name for f in self.server.files],
                             "units": [u for f in self.server.files for u in f.units()],
                             "rules": self.server.rules()})
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        if not self._authorised():
            return
        path = self.path.split("?")[0]
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}") if length <= 10_000_000 else None
            if not isinstance(body, dict):
                raise ValueError("expected a JSON object")
            if path == "/api/decide":
                file = self.server.file(body["file"])
                self._json(200, file.decide(int(body["unit"]) - 1, body["key"], body["decision"], body.get("text")))
            elif path == "/api/hand":
                self._json(200, self.server.file(body["file"]).hand_edit(int(body["unit"]) - 1, body.get("text")))
            elif path == "/api/save":
                saved = [f.save() for f in self.server.files]
                self._json(200, {"saved": saved, "decisions": sum(s["decisions"] for s in saved)})
            elif path == "/api/done":
                self._json(200, {"done": True})
                self.server.done.set()
            else:
                self._json(404, {"error": "not found"})
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            self._json(400, {"error": f"bad request: {exc}"})
