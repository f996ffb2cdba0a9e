#!/usr/bin/env python3
"""End-to-end tests of the HTML reports: `grade report html` (the class report of a gradebook)
and `grade EXERCISE FILE --html` (the page of one grading), loaded in headless Chromium and
checked with tidy.

    html_report.py --grade PATH/TO/grade --source SOURCE_DIR SCENARIO [--keep]

    class      a small generated class (correct, template, crash, missing) graded by
               `grade batch`: the report is one file, 0600, valid HTML (tidy, no warnings),
               with no reference to anything outside it and one script, allowed by its hash;
               Chromium shows it without a console message, its DOM has a score and a
               run-time histogram per exercise, a row and a details section per attempt, each
               row's link reaching its section; clicks on the student table's headings sort
               it (DevTools protocol); the screenshot is a PNG of more than one colour
    run        `grade ex3 <reference solution> --html run.html --format json -o run.json`: the
               page is valid, its timeline has one bar per task of the JSON report's runs,
               threads under their process, and Chromium shows it without a console message
    escaping   student ids and output full of <script>, quotes, &, </textarea>,
               <img onerror>, control characters and invalid UTF-8: the DOM Chromium builds
               has no element but the report's own (no script, img, textarea), the title is
               the report's, and the text is shown literally (escaped as the text report does)

Skips (exit 77) when /usr/bin/chromium or tidy is missing (.ci/deps installs them). Standard
library only: the DOM is read with html.parser, the PNG with zlib.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import batch
from harness import Failure, Skipped, Suite, base_env, run, scenario_main

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_TIMEOUT = 90.0  # seconds; a loaded CI machine under ASan is slow to start a browser
WINDOW = (1200, 1600)

# Text a student controls, at its most hostile: as a folder name (no '/', so no end tags; the
# last byte is not UTF-8) and as output.
HOSTILE_ID = ("<script>document.title='pwned'<textarea>\"'&amp;<img src=x onerror=alert(1)>"
              "\x1b[2J\udcff")
HOSTILE_OUTPUT = ("<script>document.title='pwned'</script>\n\"quoted\" 'single' & amp;\n"
                  "</textarea></pre><img src=x onerror=alert(1)>\n\x07bell \x1b[31mred\n")
HOSTILE_PROGRAM = (
    "import sys\n"
    f"sys.stdout.write({HOSTILE_OUTPUT!r})\n"
    "sys.stdout.flush()\n"
    "sys.stdout.buffer.write(b'bad utf-8: \\xff\\xfe\\xc3(\\n')\n"
    "sys.exit(1)\n")


# --------------------------------------------------------------------------------------------
# The DOM as Chromium dumps it


class Dom(HTMLParser):
    """Elements (tag, attributes) in document order, the title, and the text of each element
    with a class (by class)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self.texts: list[str] = []
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.texts.append(data)

    def having(self, tag: str, css_class: str | None = None) -> list[dict[str, str]]:
        return [a for t, a in self.elements
                if t == tag and (css_class is None or css_class in a.get("class", "").split())]

    @property
    def text(self) -> str:
        return "".join(self.texts)


# --------------------------------------------------------------------------------------------
# Chromium, tidy, PNG


def require_tools() -> None:
    if not CHROMIUM.exists():
        raise Skipped("no /usr/bin/chromium (Debian package chromium; .ci/deps installs it)")
    if shutil.which("tidy") is None:
        raise Skipped("no tidy (Debian package tidy; .ci/deps installs it)")


def chromium(s: Suite, page: Path, *args: str) -> tuple[str, str]:
    """Runs headless Chromium on `page` with a fresh profile; (stdout, stderr). Killed, with
    its process group, when it takes longer than CHROMIUM_TIMEOUT."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=s.scratch))
    argv = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", *args,
            page.resolve().as_uri()]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True, text=True,
                            errors="replace")
    try:
        out, err = proc.communicate(timeout=CHROMIUM_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the browser and its helpers
        proc.communicate()
        raise Failure(f"chromium did not finish {page.name} in {CHROMIUM_TIMEOUT:.0f} s")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out, err


class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
    it reads commands on fd 3 and answers on fd 4, each message ended by NUL): to click in a
    page and read what happened. Every read waits at most until the deadline; close() kills
    the browser's process group."""

    def __init__(self, s: Suite, url: str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=s.scratch))
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # Out of the way of 3 and 4, which they become in the browser.
        ends = (fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10))
        self.deadline = time.monotonic() + CHROMIUM_TIMEOUT
        self.proc = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", url],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=lambda: (os.dup2(ends[0], 3), os.dup2(ends[1], 4)),
            start_new_session=True)
        for fd in (to_r, from_w, *ends):
            os.close(fd)
        self.buffer, self.last_id, self.events, self.session = b"", 0, [], None

    def send(self, method: str, **params) -> dict:
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self.to_w, json.dumps(message).encode() + b"\0")
        while True:
            answer = self.receive()
            if answer.get("id") == self.last_id:
                if "error" in answer:
                    raise Failure(f"DevTools {method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def receive(self) -> dict:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_r], [], [], left)[0]:
                raise Failure(f"chromium did not answer in {CHROMIUM_TIMEOUT:.0f} s")
            chunk = os.read(self.from_r, 65536)
            if not chunk:
                raise Failure("chromium closed its DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def open_page(self) -> None:
        """Attaches to the page and waits until it has loaded."""
        target = next(t for t in self.send("Target.getTargets")["targetInfos"]
                      if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=target["targetId"],
                                 flatten=True)["sessionId"]
        self.send("Runtime.enable")
        self.send("Log.enable")
        while self.evaluate("document.readyState") != "complete":
            time.sleep(0.05)

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise Failure(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def errors(self) -> list[dict]:
        """Exceptions, console messages and log entries (CSP violations among them)."""
        return [e for e in self.events if e.get("method") in (
            "Runtime.exceptionThrown", "Runtime.consoleAPICalled", "Log.entryAdded")]

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the browser and its helpers
        except ProcessLookupError:
            pass
        self.proc.wait()
        os.close(self.to_w)
        os.close(self.from_r)
        shutil.rmtree(self.profile, ignore_errors=True)


# Clicks a heading of the student table twice; the column's values (data-sort, else text)
# after each click, and the page's title.
SORT_BY = """(() => {
  const table = document.querySelector("table.students"), column = %d;
  const values = () => Array.from(table.tBodies[0].rows,
                                  r => r.cells[column].dataset.sort || r.cells[column].textContent);
  const heading = table.tHead.rows[0].cells[column];
  heading.click(); const up = values(); heading.click(); const down = values();
  return JSON.stringify([up, down, document.title]);
})()"""


def check_sorting(s: Suite, page: Path) -> None:
    """The student table sorts by a clicked heading, up then down: text by text, times by
    their seconds (not "850 ms" before "1.50 s" as text)."""
    browser = Browser(s, page.resolve().as_uri())
    try:
        browser.open_page()
        for column, name, key in ((0, "student", str), (5, "time", float)):
            up, down, title = json.loads(browser.evaluate(SORT_BY % column))
            s.expect(up == sorted(up, key=key) and down == sorted(up, key=key, reverse=True)
                     and len(up) > 1, f"a click sorts by {name}, a second the other way",
                     detail=f"{up}\n{down}")
            s.expect(title.startswith("Class report"), f"the title stays: {title!r}")
        s.expect(not browser.errors(), "no exception, console message or log entry while sorting",
                 detail=json.dumps(browser.errors())[:3000])
    finally:
        browser.close()


def console_messages(stderr: str) -> list[str]:
    """What the page said on the console, CSP violations included (Chromium logs them as
    console messages)."""
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line or "Content Security Policy" in line or "Refused to" in line]


def load(s: Suite, page: Path, label: str) -> Dom:
    """The DOM Chromium built from `page`; expects no console message."""
    out, err = chromium(s, page, "--dump-dom")
    s.expect(not console_messages(err), f"{label}: no console message in Chromium",
             detail="\n".join(console_messages(err)))
    s.expect("<body" in out, f"{label}: Chromium dumped the DOM", detail=err[-2000:])
    return Dom(out)


def png_colours(data: bytes) -> tuple[int, int, int]:
    """(width, height, distinct byte values of the filtered scanlines): a page of one flat
    colour has at most a channel's few values, a drawn page many."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0, 0, 0
    pos, idat, width, height = 8, b"", 0, 0
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    pixels = zlib.decompress(idat)
    return width, height, len(set(pixels))


def screenshot(s: Suite, page: Path, label: str) -> Path:
    shot = s.scratch / f"{page.stem}.png"
    chromium(s, page, f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
             "--hide-scrollbars")
    s.expect(shot.exists() and shot.stat().st_size > 0, f"{label}: a screenshot was taken")
    if shot.exists():
        width, height, values = png_colours(shot.read_bytes())
        s.expect((width, height) == WINDOW, f"{label}: the screenshot is {WINDOW}, not {width}x{height}")
        s.expect(values > 16, f"{label}: the screenshot is not one flat colour ({values} values)")
    return shot


def tidy(s: Suite, page: Path, label: str) -> None:
    """tidy 5 (HTML5): no error and no warning."""
    proc = subprocess.run(["tidy", "-q", "-e", "--show-warnings", "yes", str(page)],
                          capture_output=True, text=True, timeout=120)
    s.expect(proc.returncode == 0 and not proc.stderr.strip(),
             f"{label}: tidy finds no error or warning (exit {proc.returncode})",
             detail=proc.stderr[:3000])


def self_contained(s: Suite, page: Path, label: str, scripts: int) -> None:
    """The file is 0600 and refers to nothing outside itself; its policy allows no source but
    the page's own and exactly its `scripts` inline scripts, each by its SHA-256."""
    text = page.read_text(encoding="utf-8")
    s.expect(oct(page.stat().st_mode & 0o777) == oct(0o600), f"{label}: the file is 0600")
    s.expect(not re.search(r"(src|href)=\"(?!#)", text),
             f"{label}: no src and no href but anchors in the page")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    policy_text = policy.group(1).replace("&#39;", "'") if policy else ""
    s.expect("default-src 'none'" in policy_text and "unsafe-eval" not in policy_text and
             "script-src 'unsafe-inline'" not in policy_text,
             f"{label}: a Content-Security-Policy that allows nothing by default: {policy_text}")
    bodies = re.findall(r"<script>(.*?)</script>", text, re.S)
    s.expect(len(bodies) == scripts and text.count("<script") == scripts,
             f"{label}: {scripts} inline script(s), found {len(bodies)}")
    for body in bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        s.expect(f"'sha256-{digest}'" in policy_text, f"{label}: the policy allows the script "
                 f"by its hash sha256-{digest}: {policy_text}")


def check_page(s: Suite, page: Path, label: str, scripts: int) -> Dom:
    """`scripts`: the report's own (the class report's sort script)."""
    self_contained(s, page, label, scripts)
    tidy(s, page, label)
    dom = load(s, page, label)
    s.expect(len(dom.having("script")) == scripts and not dom.having("img") and
             not dom.having("textarea") and not dom.having("iframe"),
             f"{label}: no script but the report's, no img, textarea or iframe in the DOM")
    s.expect(not any(k.startswith("on") for _, a in dom.elements for k in a),
             f"{label}: no event handler attribute in the DOM")
    return dom


# --------------------------------------------------------------------------------------------
# Scenarios


def graded_class(s: Suite, kinds: tuple[str, ...], extra: dict[str, str] | None = None) -> batch.Suite:
    """A class of one student per kind (and the `extra` students: id -> ex1's program) graded
    by `grade batch` into the scratch folder's gradebook.sqlite."""
    s.scratch.chmod(0o755)  # the run users must reach the submissions
    b = batch.Suite(grade=s.grade, source=s.source, scratch=s.scratch)
    b.make_course()
    folder = s.scratch / "class"
    b.make_class(folder, len(kinds), kinds)
    for student, program in (extra or {}).items():
        (folder / student).mkdir(parents=True)
        (folder / student / "ex1.py").write_text(program)
    b.run("batch", "class", "--jobs", "2", cwd=s.scratch, expect=None)
    return b


def report(b: batch.Suite, s: Suite, name: str) -> Path:
    page = s.scratch / name
    b.run("report", "html", "-o", str(page), cwd=s.scratch)
    if not page.exists():
        raise Failure(f"grade report html wrote no {page}")
    return page


def scenario_class(s: Suite) -> None:
    require_tools()
    b = graded_class(s, ("correct", "template", "crash", "partial"))
    page = report(b, s, "class.html")
    dom = check_page(s, page, "class report", 1)
    exercises = len(batch.EXERCISES)
    histograms = dom.having("svg", "histogram")
    s.expect(len(histograms) == 2 * exercises,
             f"a score and a run-time histogram per exercise: {len(histograms)}")
    s.expect(len(dom.having("rect", "bar")) >= 10 * exercises, "score bars: ten per exercise")
    rows = dom.having("tr", "student-row")
    # 3 students with every exercise, the partial one with ex1 and two missing files.
    s.expect(len(rows) == 4 * exercises, f"a row per current attempt: {len(rows)}")
    sections = {a.get("id") for a in dom.having("section", "attempt")}
    s.expect(len(sections) == 4 * exercises - 2,
             f"a details section per graded attempt: {len(sections)}")
    links = {a["href"][1:] for a in dom.having("a") if a.get("href", "").startswith("#attempt-")}
    s.expect(links and links <= sections, f"every row's link reaches its section: {links - sections}")
    s.expect(len(dom.having("svg", "timeline")) >= 1, "the attempts' timelines are drawn")
    s.expect(len(dom.having("table", "sortable")) == 2, "the overview and students tables sort")
    s.expect("Most failed checks" in dom.text and "Flaky" in dom.text,
             "the most failed checks and flaky submissions are shown")
    check_sorting(s, page)
    shot = screenshot(s, page, "class report")
    s.note(f"screenshot: {shot}")


def scenario_run(s: Suite) -> None:
    require_tools()
    s.scratch.chmod(0o755)
    solution = s.scratch / "ex3.py"
    shutil.copy(s.solution("ex3"), solution)
    page, report_json = s.scratch / "run.html", s.scratch / "run.json"
    outcome = run(s.grade_cmd("ex3", solution, "--repeat", "2", "--format", "json", "-o",
                              report_json, "--html", page), cwd=s.scratch, env=base_env())
    s.expect(outcome.returncode == 0, "grade ex3 passes the reference solution", outcome)
    document = s.read_report("grade ex3", report_json, outcome)
    if document is None or not page.exists():
        raise Failure(f"no report or no page\n{outcome.describe()}")
    dom = check_page(s, page, "run page", 0)
    tasks = [t for r in document["runs"] for t in r["observation"]["tasks"]]
    bars = dom.having("rect", "task-bar")
    s.expect(len(bars) == len(tasks), f"one timeline bar per task: {len(bars)} bars, "
             f"{len(tasks)} tasks")
    s.expect(len(dom.having("svg", "timeline")) == len(document["runs"]), "a timeline per run")
    threads = sum(1 for t in tasks if t["kind"] == "thread")
    s.expect(len(dom.having("rect", "thread-bar")) == threads and threads >= 4,
             f"the threads' bars: {threads}")
    s.expect(len(dom.having("tr", "check-row")) == len(document["checks"]), "a row per check")
    shot = screenshot(s, page, "run page")
    s.note(f"screenshot: {shot}")


def scenario_escaping(s: Suite) -> None:
    require_tools()
    b = graded_class(s, ("correct",), {HOSTILE_ID: HOSTILE_PROGRAM})
    page = report(b, s, "escaping.html")
    dom = check_page(s, page, "hostile class report", 1)
    s.expect(dom.title.startswith("Class report: "), f"the title is the report's: {dom.title!r}")
    # Escaped as the text report escapes it.
    shown = HOSTILE_ID.replace("\x1b", "\\x1b").replace("\udcff", "\\xff")
    cells = [d for d in dom.texts if d == shown]
    s.expect(len(cells) >= 2, f"the id is shown literally in the table and the flaky list or "
             f"heading: {len(cells)} times")
    text = dom.text
    for literal in ("<script>document.title='pwned'</script>", "\"quoted\" 'single' & amp;",
                    "</textarea></pre><img src=x onerror=alert(1)>", "\\x07bell \\x1b[31mred",
                    # The JSON document stored in the gradebook made them U+FFFD already.
                    "bad utf-8: \ufffd\ufffd\ufffd("):
        s.expect(literal in text, f"the output shows {literal!r} literally")
    s.expect("\x1b" not in text and "\x07" not in text,
             "no raw control character in the page's text")
    raw = page.read_bytes()
    s.expect(b"\xff" not in raw and b"\x1b" not in raw, "no invalid UTF-8 and no escape byte")


SCENARIOS = {"class": scenario_class, "run": scenario_run, "escaping": scenario_escaping}

if __name__ == "__main__":
    sys.exit(scenario_main(__doc__, SCENARIOS, "html"))
