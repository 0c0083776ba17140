"""The review page in a real browser (#20): headless Chromium driven by Selenium, with
Debian's chromium and chromium-driver (.ci/run installs them). The page is opened, changes
are accepted and rejected with the keyboard, the review is saved, and the written file and
log are compared with what `review --decisions` makes of the same log."""

import json
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from posteditor.cli import main
from posteditor.engine.pipeline import Pipeline
from posteditor.fileformats.formats import load
from posteditor.review.web import FileReview, ReviewServer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample" / "article.mt.txt"
XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="news" source-language="az" target-language="en" datatype="plaintext">
  <body>
   <trans-unit id="t1"><source>Danışıqlar Bakıda bərpa olundu.</source><target>Talks resumed in in Baku ,officials said .</target></trans-unit>
   <trans-unit id="t2"><source>Cavab yazın</source><target>Leave a Reply</target></trans-unit>
   <trans-unit id="t3"><source>Nazir gəldi.</source><target>The minister arrived.</target></trans-unit>
  </body>
 </file>
</xliff>
"""


def _serve(*pairs):
    """A review server of (input, output) pairs, running in a thread."""
    pipeline = Pipeline()
    files = []
    for path, out in pairs:
        doc = load(path)
        files.append(FileReview(pipeline, doc, pipeline.fix_file(doc), "file", out, Path(str(out) + ".review.jsonl")))
    server = ReviewServer(files)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _start_review_web(*args: str):
    """`posteditor review --web --no-browser ARGS` in a process of its own, and the address it
    prints."""
    import re
    import subprocess
    import sys

    exe = shutil.which("posteditor")
    cmd = ([exe] if exe else [sys.executable, "-m", "posteditor.cli"]) + ["review", "--web", "--no-browser", *args]
    child = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    found = None
    while found is None:
        line = child.stderr.readline()
        assert line, "the command ended without printing an address"
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
    return child, found.group(0)


def _post(server, path: str, body: dict) -> dict:
    request = urllib.request.Request(server.url.split("?")[0] + path.lstrip("/"), data=json.dumps(body).encode(),
                                     method="POST", headers={"X-Token": server.token, "Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(request).read())


def test_the_server_answers_only_with_its_token_and_only_its_own_paths(tmp_path):
    server = _serve((SAMPLE, tmp_path / "out.txt"))
    base = server.url.split("?")[0]
    try:
        with pytest.raises(urllib.error.HTTPError) as no_token:
            urllib.request.urlopen(base)
        assert no_token.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as elsewhere:
            urllib.request.urlopen(base + "../../etc/passwd?token=" + server.token)
        assert elsewhere.value.code == 404
        units = json.loads(urllib.request.urlopen(base + "api/units?token=" + server.token).read())["units"]
        assert len(units) == len(SAMPLE.read_text(encoding="utf-8").splitlines())
        assert server.server_address[0] == "127.0.0.1"
        assert not (tmp_path / "out.txt").exists()  # nothing is written until the translator saves
    finally:
        server.shutdown()
        server.server_close()


def _browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(driver_path), options=options)


def _review_in_browser(path: Path, out: Path, keys: str, shots: Path) -> list[dict]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server = _serve((path, out))
    browser = _browser()
    try:
        browser.get(server.url)
        WebDriverWait(browser, 30).until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
        browser.save_screenshot(str(shots / f"{path.name}-opened.png"))
        body = browser.find_element(By.TAG_NAME, "body")
        for key in keys:
            before = browser.execute_script("return JSON.stringify(units.map(u => u.changes.map(c => c.state)))")
            body.send_keys(key)
            if key in "arARu":
                WebDriverWait(browser, 30).until(lambda b: b.execute_script(
                    "return JSON.stringify(units.map(u => u.changes.map(c => c.state)))") != before)
        browser.save_screenshot(str(shots / f"{path.name}-decided.png"))
        browser.find_element(By.ID, "save").click()
        WebDriverWait(browser, 30).until(lambda b: "saved" in b.find_element(By.ID, "status").text)
        browser.get(server.url.replace("/?", "/?") + "#state=rejected")
        WebDriverWait(browser, 30).until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))
        browser.save_screenshot(str(shots / f"{path.name}-filtered.png"))
        return browser.execute_script("return units")
    finally:
        browser.quit()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("name", ["article.mt.txt", "news.xlf"])
def test_review_in_the_browser_saves_what_review_decisions_replays(tmp_path, name):
    if name == "news.xlf":
        path = tmp_path / name
        path.write_text(XLIFF, encoding="utf-8")
    else:
        path = tmp_path / name
        path.write_bytes(SAMPLE.read_bytes())
    shots = Path(__file__).parent / "artifacts"
    shots.mkdir(exist_ok=True)
    out = tmp_path / ("saved-" + name)
    # Reject the first change, accept the next, move down twice, reject there, undo it,
    # reject the whole unit of the next one; the rest stays pending (accepted, as fix would).
    units = _review_in_browser(path, out, "rajjrurjR", shots)
    states = [c["state"] for u in units for c in u["changes"]]
    assert "rejected" in states and "accepted" in states
    assert "pending" in states or name == "news.xlf"  # the XLIFF has four changes, all decided
    log = Path(str(out) + ".review.jsonl")
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {r["decision"] for r in records} >= {"accepted", "rejected"}
    replayed = tmp_path / ("replayed-" + name)
    result = CliRunner().invoke(main, ["review", str(path), "-o", str(replayed), "--decisions", str(log)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == replayed.read_bytes()
    assert out.read_bytes() != path.read_bytes()


def test_review_web_prints_its_address_and_stops_on_done(tmp_path):

    doc = tmp_path / "doc.txt"
    doc.write_text("Talks resumed in in Baku ,officials said .\n", encoding="utf-8")
    child, url = _start_review_web(str(doc))
    try:
        token = url.split("token=")[1]
        units = json.loads(urllib.request.urlopen(url.replace("/?", "/api/units?")).read())["units"]
        assert [c["rule"] for c in units[0]["changes"]][0] == "EN_DOUBLE_WORD"
        request = urllib.request.Request(url.split("?")[0] + "api/done", data=b"{}", method="POST",
                                         headers={"X-Token": token, "Content-Type": "application/json"})
        assert json.loads(urllib.request.urlopen(request).read()) == {"done": True}
        assert child.wait(timeout=30) == 0
        assert doc.read_text(encoding="utf-8") == "Talks resumed in in Baku ,officials said .\n"  # not saved
    finally:
        child.kill()
        child.stderr.close()


def test_several_files_are_reviewed_on_one_page_and_saved_each_to_its_own(tmp_path):
    article, xliff = tmp_path / "article.txt", tmp_path / "news.xlf"
    article.write_bytes(SAMPLE.read_bytes())
    xliff.write_text(XLIFF, encoding="utf-8")
    server = _serve((article, article), (xliff, xliff))
    try:
        data = json.loads(urllib.request.urlopen(server.url.replace("/?", "/api/units?")).read())
        assert data["files"] == [str(article), str(xliff)]
        assert {u["file"] for u in data["units"]} == {0, 1}
        assert data["rules"]["EN_DOUBLE_WORD"]["description"]
        first = next(u for u in data["units"] if u["file"] == 1 and u["changes"])
        assert first["source"] == "Danışıqlar Bakıda bərpa olundu." and first["markup"] is True
        unit = _post(server, "/api/decide", {"file": 1, "unit": first["unit"], "key": first["changes"][0]["key"],
                                             "decision": "rejected"})
        assert unit["changes"][0]["state"] == "rejected" and "in in" in unit["result"]
        with pytest.raises(urllib.error.HTTPError) as bad:
            _post(server, "/api/decide", {"file": 2, "unit": 1, "key": ["R", "a", "b", 1], "decision": "rejected"})
        assert bad.value.code == 400
        hand = _post(server, "/api/hand", {"file": 0, "unit": 1, "text": "Biden and Putin will meet"})
        assert hand["result"] == "Biden and Putin will meet" and hand["hand"] is True
        saved = _post(server, "/api/save", {})
        assert [s["output"] for s in saved["saved"]] == [str(article), str(xliff)]
    finally:
        server.shutdown()
        server.server_close()
    # Each saved file is what review --decisions makes of its log, hand edit included.
    originals = {article: SAMPLE.read_bytes(), xliff: XLIFF.encode("utf-8")}
    for path, data in originals.items():
        fresh = tmp_path / ("fresh-" + path.name)
        fresh.write_bytes(data)
        replay = CliRunner().invoke(main, ["review", str(fresh), "-o", str(tmp_path / ("re-" + path.name)),
                                           "--decisions", str(path) + ".review.jsonl"])
        assert replay.exit_code == 0, replay.output
        assert (tmp_path / ("re-" + path.name)).read_bytes() == path.read_bytes()
    assert article.read_text(encoding="utf-8").splitlines()[0] == "Biden and Putin will meet"
    assert "in in Baku" in xliff.read_text(encoding="utf-8") and 'id="t2"' in xliff.read_text(encoding="utf-8")
    assert "Putininitially" not in article.read_text(encoding="utf-8")  # not decided: accepted, as fix would
    cli = CliRunner().invoke(main, ["review", str(article), str(xliff)])
    assert cli.exit_code == 2 and "--web reviews several" in cli.output


TAGGED = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="news" source-language="az" target-language="en" datatype="plaintext">
  <body>
   <trans-unit id="t1"><source>Prezident <g id="1">Aleksey</g> danışdı.</source>
    <target>President <g id="1">Alexey</g>said that R&amp;D is is growing .</target></trans-unit>
   <trans-unit id="t2"><source>Nazir gəldi.</source><target>The minister arrived.</target></trans-unit>
  </body>
 </file>
</xliff>
"""


def test_the_report_shows_sources_tags_and_entities_and_filters_in_the_browser(tmp_path):
    from selenium.webdriver.common.by import By

    xliff = tmp_path / "tagged.xlf"
    xliff.write_text(TAGGED, encoding="utf-8")
    page = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(xliff), str(SAMPLE), "-o", str(page)])
    assert result.exit_code == 0, result.output
    browser = _browser()
    try:
        browser.get(page.as_uri())
        row = browser.find_element(By.CSS_SELECTOR, "tr.seg")
        cells = row.find_elements(By.TAG_NAME, "td")
        assert cells[1].text == "Prezident <g id=\"1\">Aleksey</g> danışdı."  # the source, tags as tags
        assert "R&D" in cells[3].text and "&amp;" not in cells[3].text  # an entity as its character
        tags = [t.text for t in row.find_elements(By.CSS_SELECTOR, ".tag")]
        assert tags.count('<g id="1">') == 3 and tags.count("</g>") == 3  # source, before, after
        for changed in row.find_elements(By.CSS_SELECTOR, "del, ins"):  # the diff never splits a tag
            assert changed.text.count("<") == changed.text.count(">")
        shown = int(browser.find_element(By.ID, "shown").text)
        browser.find_element(By.TAG_NAME, "summary").click()
        browser.find_element(By.CSS_SELECTOR, '.counts a[data-rule="EN_DOUBLE_WORD"]').click()
        assert "rule=EN_DOUBLE_WORD" in browser.current_url
        assert 0 < int(browser.find_element(By.ID, "shown").text) < shown
        visible = [e for e in browser.find_elements(By.CSS_SELECTOR, "tr.seg:not(.hidden) div.edit") if e.is_displayed()]
        assert visible and {e.get_attribute("data-rule") for e in visible} == {"EN_DOUBLE_WORD"}
        browser.save_screenshot(str(Path(__file__).parent / "artifacts" / "report-filtered.png"))
        browser.get(page.as_uri() + "#file=" + str(xliff) + "&unchanged=1")
        browser.refresh()
        assert int(browser.find_element(By.ID, "shown").text) == 2  # both units of the XLIFF, one unchanged
        assert "posteditor review --web" in browser.find_element(By.ID, "summary").text
    finally:
        browser.quit()


def test_a_review_is_resumed_on_the_page_from_its_log(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("Talks resumed in in Baku ,officials said .\nThe minister arrived .\n", encoding="utf-8")
    first = _serve((doc, tmp_path / "a.txt"))
    try:
        unit = json.loads(urllib.request.urlopen(first.url.replace("/?", "/api/units?")).read())["units"][0]
        _post(first, "/api/decide", {"file": 0, "unit": 1, "key": unit["changes"][0]["key"], "decision": "rejected"})
        _post(first, "/api/hand", {"file": 0, "unit": 2, "text": "The minister came."})
        _post(first, "/api/save", {})
    finally:
        first.shutdown()
        first.server_close()
    from posteditor.review.interactive import Replay

    second = _serve((doc, tmp_path / "b.txt"))
    try:
        second.files[0].resume(Replay(str(tmp_path / "a.txt.review.jsonl")))
        units = json.loads(urllib.request.urlopen(second.url.replace("/?", "/api/units?")).read())["units"]
        assert units[0]["changes"][0]["state"] == "rejected" and units[1]["result"] == "The minister came."
        assert {c["state"] for c in units[0]["changes"][1:]} == {"pending"}  # not reviewed then, not now
        _post(second, "/api/save", {})
    finally:
        second.shutdown()
        second.server_close()
    assert (tmp_path / "b.txt").read_bytes() == (tmp_path / "a.txt").read_bytes()


def test_review_web_with_decisions_starts_where_the_log_left(tmp_path):

    doc = tmp_path / "doc.txt"
    doc.write_text("Talks resumed in in Baku ,officials said .\n", encoding="utf-8")
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({"file": "doc.txt", "unit": 1, "rule": "EN_DOUBLE_WORD", "before": "in in",
                               "after": "in", "decision": "rejected"}) + "\n", encoding="utf-8")
    child, url = _start_review_web("--decisions", str(log), str(doc))
    try:
        units = json.loads(urllib.request.urlopen(url.replace("/?", "/api/units?")).read())["units"]
        assert units[0]["changes"][0]["state"] == "rejected" and "in in Baku" in units[0]["result"]
        request = urllib.request.Request(url.split("?")[0] + "api/done", data=b"{}", method="POST",
                                         headers={"X-Token": url.split("token=")[1]})
        urllib.request.urlopen(request)
        assert child.wait(timeout=30) == 0
    finally:
        child.kill()
        child.stderr.close()
