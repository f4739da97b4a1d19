#!/usr/bin/env python3
"""End-to-end test of the offline page (target/web/nianbao.html) in headless Chromium.

Drives the browser over the DevTools protocol through --remote-debugging-pipe (file
descriptors 3 and 4: no port, no websocket library, Python's standard library only). With the
network cut off (every host name unresolvable, a dead proxy), it opens the page from file://
and goes through what an office worker does:

  1. load the example report and a seeded-error example: the summary says which is clean and
     which is wrong, the seeded error's findings and its highlighted cells are shown;
  2. add a .docx, an HTML report, a PDF with seeded errors and a report whose prose contradicts
     its table: all are read and checked, the PDF's wrong cells highlighted, the prose marked;
  3. type a mistake into the rule editor: its diagnostic (line, column, message) appears and the
     line number is marked;
  4. fix it: the rules apply again and the loaded reports are re-checked;
  5. change a check's severity in the editor: the re-checked report shows the change, and the
     edited file downloads as it stands in the editor.

Every report's findings on the page must be the ones `nianbao check --format json` gives for the
same file (the WebAssembly build against the native one; NIANBAO=… names the binary, default
target/release/nianbao; scripts/web-test.sh sets it to the build of the page's profile).
NIANBAO_WEB_EXTRA=DIR also loads every file of DIR first and compares those (real reports that
are not in the repository).

It asserts that no request other than the page itself was made, writes a screenshot of each
state and the timings (time to ready, each check) to OUT_DIR, and prints them.

    python3 scripts/web-test.py PAGE_HTML OUT_DIR      (CHROMIUM=… to use another browser)
"""
import base64
import fcntl
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2024-nanguan-jiaoyuju.txt"
SEEDED = ROOT / "examples" / "errors" / "balance.txt"
DOCX = ROOT / "tests" / "fixtures" / "docx" / "clean.docx"
HTML = ROOT / "tests" / "fixtures" / "html" / "portal-2023.html"
PDF = ROOT / "tests" / "fixtures" / "pdf" / "tables-2021-error.pdf"
PROSE = ROOT / "tests" / "fixtures" / "narrative" / "direction-wrong.txt"
TIMEOUT = 60.0


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Browser:
    """Headless Chromium with one page, spoken to over the DevTools pipe."""

    def __init__(self, chromium, profile, log):
        to_browser = os.pipe()
        from_browser = os.pipe()
        # Moved above fd 10 so that placing them on 3 and 4 in the child cannot clobber them.
        self.high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser[0], from_browser[1])]
        for fd in (to_browser[0], from_browser[1]):
            os.close(fd)
        self.writer, self.reader = to_browser[1], from_browser[0]
        reads, writes = self.high

        def place_pipes():
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        args = [
            chromium, "--headless=new", "--remote-debugging-pipe", "--disable-gpu",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-features=Translate,OptimizationHints,MediaRouter",
            # The network is off: no name resolves and every proxied request goes nowhere.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            "--proxy-server=http://127.0.0.1:9", "--hide-scrollbars",
            "--window-size=1280,800", f"--user-data-dir={profile}",
        ]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        args.append("about:blank")
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            pass_fds=(3, 4), preexec_fn=place_pipes,
        )
        for fd in self.high:
            os.close(fd)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.writer, json.dumps(message).encode("utf-8") + b"\0")
        wanted = self.next_id
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = self._receive()
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise Failure(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise Failure(f"{method}: no answer in {TIMEOUT} s")

    def _receive(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.reader, 1 << 20)
            if not chunk:
                raise Failure("the browser closed the pipe (see chromium.log)")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Network", "DOM"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise Failure(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.05)
        raise Failure(f"timed out waiting for {what} ({expression})")

    def node(self, selector):
        root = self.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = self.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        check(found, f"no element {selector}")
        return found

    def screenshot(self, path, full=False):
        params = {"format": "png"}
        if full:
            params["captureBeyondViewport"] = True
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], 6000), "scale": 1}
        data = self.send("Page.captureScreenshot", params)["data"]
        path.write_bytes(base64.b64decode(data))

    def requests(self):
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def findings(report):
    """What must agree between the page and the CLI: each finding's check, severity, message
    and cells (row, column, text as written, place)."""
    return [
        (f["rule"], f["severity"], f["message"],
         [(c["row"], c["column"], c["raw"], c["span"]["start"]) for c in f.get("cells", [])])
        for f in report.get("findings") or []
    ] + [("error", (report.get("error") or {}).get("code"))]


def cli_findings(path):
    binary = os.environ.get("NIANBAO", str(ROOT / "target" / "release" / "nianbao"))
    run = subprocess.run([binary, "check", "--format", "json", str(path)], capture_output=True)
    check(run.returncode in (0, 1, 4), f"{binary} on {path}: exit {run.returncode} {run.stderr[-300:]}")
    return findings(json.loads(run.stdout)["reports"][0])


def same_as_cli(browser, paths):
    """The page's findings of the files last checked, against the CLI's, file by file."""
    reports = browser.evaluate("window.nianbao.reports")
    check(len(reports) == len(paths), f"{len(reports)} reports on the page, {len(paths)} files")
    for report, path in zip(reports, paths):
        page, cli = findings(report["reports"][0]), cli_findings(path)
        check(page == cli, f"{path.name}: the page and the CLI disagree:\npage {page}\ncli  {cli}")
    return len(paths)


def load(browser, paths):
    """Loads files through the file input and waits for their check."""
    before = browser.evaluate("Number(document.body.dataset.checks || 0)")
    browser.send("DOM.setFileInputFiles", {"files": [str(p) for p in paths], "nodeId": browser.node("#pick")})
    browser.wait_for(f"Number(document.body.dataset.checks) > {before}", f"the check of {len(paths)} files")


def text_of(browser, selector):
    return browser.evaluate(
        f"Array.from(document.querySelectorAll({json.dumps(selector)})).map(e => e.innerText.trim())"
    )


def run(browser, page, out):
    url = page.resolve().as_uri()
    browser.open_page()
    started = time.monotonic()
    browser.send("Page.navigate", {"url": url})
    browser.wait_for("document.body && document.body.dataset.ready === 'true'", "the page to start")
    ready_s = time.monotonic() - started
    ready_ms = browser.evaluate("window.nianbao.readyMs")
    browser.screenshot(out / "0-opened.png")

    # 0. Real reports from outside the repository, when given: the same findings as the CLI.
    compared = 0
    extra = os.environ.get("NIANBAO_WEB_EXTRA")
    if extra:
        paths = sorted(p for p in pathlib.Path(extra).iterdir() if p.is_file() and not p.name.startswith("."))
        load(browser, paths)
        compared += same_as_cli(browser, paths)
        browser.evaluate("document.getElementById('clear').click()")

    # 1. The example and a seeded error.
    load(browser, [EXAMPLE, SEEDED])
    rows = text_of(browser, "#summary tbody tr")
    check(len(rows) == 2, f"two summary rows expected: {rows}")
    check("未发现问题" in rows[0] and "南关区教育局" in rows[0], f"the example is clean: {rows[0]}")
    check("错误 2" in rows[1], f"the seeded error has two errors: {rows[1]}")
    section = text_of(browser, "#r2")[0]
    for needle in ("T3-01", "“自然人”列", "不能确定是哪一格", "涉及的表格"):
        check(needle in section, f"{needle} not shown for the seeded error")
    hits = text_of(browser, "#r2 td.hit.sev-error")
    check(len(hits) >= 2, f"highlighted cells expected in the seeded error's grid: {hits}")
    check(not text_of(browser, "#r1 td.hit"), "the clean example has no highlighted cell")
    status = text_of(browser, "#status")[0]
    check("1 份有错误" in status and "1 份没有发现问题" in status, status)
    browser.screenshot(out / "1-checked.png")
    browser.evaluate("document.getElementById('r2').scrollIntoView()")
    browser.screenshot(out / "1-seeded-error.png")
    browser.evaluate("window.scrollTo(0, 0)")

    # 2. A .docx, an HTML report, a PDF with seeded errors and a report whose prose
    #    contradicts its table join them.
    #    They are dropped on the drop zone, as a user drags them from a folder.
    added = [DOCX, HTML, PDF, PROSE]
    checks_before = browser.evaluate("Number(document.body.dataset.checks)")
    box = browser.evaluate("(() => { const r = document.getElementById('drop').getBoundingClientRect();"
                           " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    data = {"items": [], "files": [str(f) for f in added], "dragOperationsMask": 1}
    for kind in ("dragEnter", "dragOver", "drop"):
        browser.send("Input.dispatchDragEvent", {"type": kind, "x": box[0], "y": box[1], "data": data})
    browser.wait_for(f"Number(document.body.dataset.checks) > {checks_before}", "the check of the dropped files")
    rows = text_of(browser, "#summary tbody tr")
    check(len(rows) == 6, f"six summary rows expected: {rows}")
    for row, path in zip(rows[2:], added):
        check(path.name in row and "无法读取" not in row, f"{path.name} read and checked: {row}")
    check("未发现问题" in rows[2] and "未发现问题" in rows[3], f"the .docx and HTML are clean: {rows[2:4]}")
    check("错误 3" in rows[4], f"the PDF's three seeded errors: {rows[4]}")
    check(text_of(browser, "#r5 td.hit.sev-error"), "the PDF's wrong cells are highlighted")
    marked = text_of(browser, "#r6 li.quote mark")
    check("收到依申请公开信息申请2件" in marked, f"the contradicting words are marked: {marked}")
    compared += same_as_cli(browser, [EXAMPLE, SEEDED] + added)
    browser.screenshot(out / "2-six-reports.png")
    browser.evaluate("document.getElementById('r6').scrollIntoView()")
    browser.screenshot(out / "2-prose-marked.png")
    browser.evaluate("window.scrollTo(0, 0)")

    # 3. A mistake typed into the rule editor.
    browser.evaluate("document.getElementById('tab-rules').click()")
    browser.wait_for("!document.getElementById('pane-rules').hidden", "the rule editor")
    target = "assert T3[R1, c] + T3[R2, c]"
    at = browser.evaluate(f"document.getElementById('editor').value.indexOf({json.dumps(target)})")
    check(at >= 0, "T3-01's assertion not in the editor")
    line = browser.evaluate(f"document.getElementById('editor').value.slice(0, {at}).split('\\n').length")
    caret = at + len("assert T3[R1")
    browser.evaluate(f"{{ const e = document.getElementById('editor'); e.focus(); e.setSelectionRange({caret}, {caret}) }}")
    browser.send("Input.insertText", {"text": "X"})
    browser.wait_for("document.body.dataset.rules === 'invalid'", "the mistake to be reported")
    diagnostics = text_of(browser, "#diagnostics li")
    check(diagnostics and f"第 {line} 行" in diagnostics[0] and "R1X" in diagnostics[0],
          f"the diagnostic names line {line} and R1X: {diagnostics}")
    marked = text_of(browser, "#gutter .bad")
    check(marked == [str(line)], f"line {line} marked in the gutter: {marked}")
    check("错误" in text_of(browser, "#rule-status")[0], "the status says the rules have errors")
    browser.evaluate(f"document.getElementById('editor').scrollTop = {max(0, line - 8)} * 24")
    browser.screenshot(out / "3-rule-mistake.png")

    # 4. Fixed: the rules apply again and the reports are checked again.
    checks_before = browser.evaluate("Number(document.body.dataset.checks)")
    browser.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Backspace", "code": "Backspace",
                                            "windowsVirtualKeyCode": 8, "nativeVirtualKeyCode": 8})
    browser.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Backspace", "code": "Backspace",
                                            "windowsVirtualKeyCode": 8, "nativeVirtualKeyCode": 8})
    browser.wait_for("document.body.dataset.rules === 'valid'", "the fixed rules to apply")
    browser.wait_for(f"Number(document.body.dataset.checks) > {checks_before}", "the reports to be re-checked")
    status = text_of(browser, "#rule-status")[0]
    check("已生效" in status and "重新检查 6 份报告" in status, status)
    browser.evaluate("document.getElementById('rule-test').click()")
    browser.wait_for("document.querySelector('#selftest p') !== null", "the self-test")
    tested = text_of(browser, "#selftest p")[0]
    check("个通过，0 个失败" in tested, f"every example passes: {tested}")
    browser.screenshot(out / "4-rule-fixed.png")

    # 5. An edit that changes what the reports show: T3-01 becomes a warning.
    head = "check T3-01 error"
    at = browser.evaluate(f"document.getElementById('editor').value.indexOf({json.dumps(head)})")
    check(at >= 0, "T3-01's heading not in the editor")
    start = at + len("check T3-01 ")
    browser.evaluate(f"{{ const e = document.getElementById('editor'); e.focus(); e.setSelectionRange({start}, {start + 5}) }}")
    checks_before = browser.evaluate("Number(document.body.dataset.checks)")
    browser.send("Input.insertText", {"text": "warning"})
    browser.wait_for(f"Number(document.body.dataset.checks) > {checks_before}", "the re-check with the edited severity")
    # The edited file is downloaded as it stands in the editor.
    downloads = out / "downloads"
    shutil.rmtree(downloads, ignore_errors=True)
    downloads.mkdir()
    browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}, session=False)
    browser.evaluate("document.getElementById('rule-download').click()")
    saved = downloads / "gov-2021.rules"
    deadline = time.monotonic() + TIMEOUT
    while not (saved.exists() and saved.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    check(saved.exists(), f"the download {saved.name} was not saved: {list(downloads.iterdir())}")
    editor = browser.evaluate("document.getElementById('editor').value")
    check(saved.read_text("utf-8") == editor and "check T3-01 warning" in editor, "the download is the edited text")
    browser.evaluate("document.getElementById('tab-check').click()")
    rows = text_of(browser, "#summary tbody tr")
    verdict = rows[1].split("\t")[5] if rows[1].count("\t") >= 5 else rows[1]
    check(verdict == "警告 2", f"the seeded error is now two warnings: {rows[1]}")
    browser.screenshot(out / "5-rechecked.png")

    # Timings: the example checked in the browser, each time it was checked.
    timings = browser.evaluate("window.nianbao.timings")
    example_ms = [t["ms"] for t in timings if t["name"] == EXAMPLE.name]
    requests = browser.requests()
    offsite = [u for u in requests if u != url and not u.startswith(("data:", "blob:"))]
    check(not offsite, f"requests other than the page itself: {offsite}")
    return {
        "page_bytes": page.stat().st_size,
        "ready_seconds": round(ready_s, 3),
        "ready_ms_in_page": round(ready_ms, 1),
        "example_check_ms": [round(ms, 1) for ms in example_ms],
        "example_check_ms_median": round(sorted(example_ms)[len(example_ms) // 2], 1),
        "requests": requests,
        "compared_with_cli": compared,
    }


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    page, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM", "chromium")
    if not shutil.which(chromium):
        print(f"找不到浏览器 {chromium}（scripts/web-test.sh 会安装）", file=sys.stderr)
        return 2
    profile = tempfile.mkdtemp(prefix="nianbao-web-test-")
    with open(out / "chromium.log", "wb") as log:
        browser = Browser(chromium, profile, log)
        try:
            result = run(browser, page, out)
        except Failure as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            try:
                browser.screenshot(out / "failed.png", full=True)
            except Exception:
                pass
            return 1
        finally:
            browser.close()
            shutil.rmtree(profile, ignore_errors=True)
    (out / "timings.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
    print(f"page {result['page_bytes'] / 1e6:.1f} MB; ready in {result['ready_seconds']} s "
          f"(module started in {result['ready_ms_in_page']} ms); example checked in "
          f"{result['example_check_ms']} ms (median {result['example_check_ms_median']} ms); "
          f"{result['compared_with_cli']} reports with the same findings as the CLI; "
          f"requests: {len(result['requests'])} (the page itself)")
    print(f"screenshots: {out}/*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
