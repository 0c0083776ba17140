"""Nothing lost: every output is written whole or not at all, and no output destroys an input.

Faults are injected where the operating system would raise them (a full disk, an I/O error,
a kill between writing and renaming); each test checks that the user's files are as they were.
"""

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from posteditor.cli import main
from posteditor.fileformats import files

DAMAGED = "held talks in in Baku .\nLeave a Reply\nThe talks resumed , officials said .\n"
FIXED = "held talks in Baku.\n\nThe talks resumed, officials said.\n"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def damaged(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    return path


def no_temporaries(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("streaming", [[], ["--chunk-lines", "2"], ["--jobs", "2"]])
def test_an_output_that_is_the_input_gets_the_fixed_text(damaged, streaming):
    result = run("fix", damaged, "-o", damaged, *streaming)
    assert result.exit_code == 0, result.output
    assert damaged.read_text(encoding="utf-8") == FIXED
    assert no_temporaries(damaged.parent)


@pytest.mark.parametrize("streaming", [[], ["--chunk-lines", "2"]])
def test_edits_over_an_input_are_refused(damaged, streaming):
    link = damaged.parent / "same.jsonl"
    os.link(damaged, link)  # another name for the same file
    for target in (damaged, link):
        result = run("fix", damaged, "--edits", target, *streaming)
        assert result.exit_code == 2
        assert "would overwrite the input" in result.output
    assert damaged.read_text(encoding="utf-8") == DAMAGED


def test_two_inputs_of_one_name_into_one_folder_are_refused(tmp_path):
    for folder in ("d1", "d2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(DAMAGED, encoding="utf-8")
    out = tmp_path / "out"
    result = run("fix", tmp_path / "d1" / "a.txt", tmp_path / "d2" / "a.txt", "-o", out)
    assert result.exit_code == 2 and "would both be written" in result.output
    assert not out.exists()


class FailingWrites(io.RawIOBase):
    """A file whose writes fail as a full disk (or a bad disk) makes them fail."""

    def __init__(self, fd, code):
        self.fd, self.code = fd, code

    def writable(self):
        return True

    def write(self, data):
        raise OSError(self.code, os.strerror(self.code))

    def fileno(self):
        return self.fd

    def close(self):
        if not self.closed:
            os.close(self.fd)
        super().close()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
@pytest.mark.parametrize("how", [["--in-place"], ["-o", "SELF"], ["--chunk-lines", "2", "-o", "SELF"]])
def test_a_failing_write_leaves_the_file_as_it_was(damaged, monkeypatch, code, how):
    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: FailingWrites(fd, code))
    how = [str(damaged) if a == "SELF" else a for a in how]
    result = run("fix", damaged, *how)
    assert result.exit_code == 2
    assert os.strerror(code) in result.output and "Traceback" not in result.output
    assert damaged.read_text(encoding="utf-8") == DAMAGED
    assert no_temporaries(damaged.parent)


def test_a_failing_fsync_leaves_the_file_as_it_was(damaged, monkeypatch):
    def fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files.os, "fsync", fsync)
    result = run("fix", damaged, "--in-place")
    assert result.exit_code == 2 and "the file is as it was" in result.output
    assert damaged.read_text(encoding="utf-8") == DAMAGED


def test_a_kill_between_writing_and_renaming_leaves_the_original(damaged):
    # The process is killed (SIGKILL: no clean-up can run) just before the rename.
    script = (
        "import os, signal, sys\n"
        "import posteditor.fileformats.files as f\n"
        "f.os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from posteditor.cli import main\n"
        "sys.argv = ['posteditor', 'fix', '--in-place', sys.argv[1]]\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(damaged)], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert damaged.read_text(encoding="utf-8") == DAMAGED


def test_in_place_writes_nothing_until_every_file_is_fixed(tmp_path, monkeypatch):
    first, second = tmp_path / "1.txt", tmp_path / "2.txt"
    for p in (first, second):
        p.write_text(DAMAGED, encoding="utf-8")
    from posteditor.engine.pipeline import Pipeline

    calls = []
    real = Pipeline.fix_units

    def fix_units(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("a sentence longer than the model accepts")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "fix_units", fix_units)
    result = run("fix", "--in-place", first, second)
    assert result.exit_code == 2
    assert first.read_text(encoding="utf-8") == DAMAGED and second.read_text(encoding="utf-8") == DAMAGED


def test_in_place_keeps_the_mode_and_writes_through_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(DAMAGED, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    result = run("fix", "--in-place", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_an_unwritable_output_is_one_line_and_exit_2(damaged, tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "out.txt"
    for args in (["fix", damaged, "-o", missing], ["fix", damaged, "--edits", missing],
                 ["check", damaged, "-o", missing]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert str(missing) in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["fix"], ["check"], ["fix", "--chunk-lines", "2"]])
def test_a_full_standard_output_is_one_line_and_exit_2(damaged, command):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "posteditor.cli", *command, str(damaged)], stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr


def test_a_reader_that_goes_away_is_no_error(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(DAMAGED * 20000, encoding="utf-8")
    proc = subprocess.run(f"{sys.executable} -m posteditor.cli fix {big} | head -n 1", shell=True,
                          capture_output=True, text=True)
    assert proc.stdout == "held talks in Baku.\n"
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr


# --- a model from the hub: a clear answer in seconds ---------------------------------------


def _posteditor_env(**extra):
    env = dict(os.environ, **extra)
    env.pop("HF_HUB_OFFLINE", None)
    return env


@pytest.fixture
def silent_server():
    """A server on loopback that accepts connections and never answers (a network that
    drops packets looks so to the client)."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()
    for conn in held:
        conn.close()


@pytest.mark.parametrize("hub", ["silent", "refused"])
def test_an_unreachable_hub_is_a_clear_error_in_seconds(damaged, silent_server, hub):
    pytest.importorskip("huggingface_hub")
    pytest.importorskip("transformers")
    endpoint = silent_server if hub == "silent" else "http://127.0.0.1:9"
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "posteditor.cli", "fix", str(damaged), "--model", "someorg/somemodel"],
                          capture_output=True, text=True, timeout=120,
                          env=_posteditor_env(HF_ENDPOINT=endpoint, HF_HUB_ETAG_TIMEOUT="2",
                                              HF_HOME=str(damaged.parent / "hf")))
    assert proc.returncode == 2, proc.stderr
    assert time.monotonic() - start < 30
    assert "cannot reach the Hugging Face hub" in proc.stderr and "someorg/somemodel" in proc.stderr
    assert "HF_HUB_OFFLINE" in proc.stderr and "Traceback" not in proc.stderr


def test_a_model_folder_that_does_not_exist_is_named(damaged):
    pytest.importorskip("transformers")  # without the model extra, --model says to install it
    result = run("fix", damaged, "--model", "./no/such/model")
    assert result.exit_code == 2 and "no model folder './no/such/model'" in result.output
