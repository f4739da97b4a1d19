// The offline page: loads the WebAssembly module inlined in the page, checks the files the
// user drops or picks, and edits rule files. Every answer comes from nianbao (crates/web) as
// JSON; this script only moves bytes in and puts the answers on the page. Report sections
// are HTML written (and escaped) by nianbao-html; everything else is built with textContent.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  // What the page holds. `window.nianbao` lets the browser test read the timings.
  const state = {
    nb: null,
    broken: false,
    files: [],
    ruleFiles: [],
    current: null,
    timer: null,
    timings: [],
    readyMs: null,
    checks: 0,
    // Esc was the last key in the editor: the next Tab leaves it.
    escaped: false,
  };
  window.nianbao = state;

  function setStatus(element, text, kind) {
    element.textContent = text;
    element.className = "status" + (kind ? " " + kind : "");
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    for (const child of children) {
      node.append(child === null || child === undefined ? "" : child);
    }
    return node;
  }

  // ---- Start-up: the module is in the page as base64 of its gzip; no request is made.
  async function wasmBytes() {
    const node = $("wasm-gzip-base64");
    const text = atob(node.textContent.trim());
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    if (node.dataset.encoding !== "gzip") return bytes;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function start() {
    const started = performance.now();
    try {
      await wasm_bindgen({ module_or_path: await wasmBytes() });
      state.nb = new wasm_bindgen.Nianbao();
    } catch (error) {
      setStatus($("status"), "无法启动检查程序（" + error + "）。请用较新版本的浏览器打开本页：Chrome、Edge、Firefox，或 360、QQ 浏览器的极速模式。", "bad");
      return;
    }
    state.readyMs = performance.now() - started;
    $("version").textContent = wasm_bindgen.version();
    fillTemplates(JSON.parse(state.nb.templates()));
    loadRuleFiles();
    openRule(state.ruleFiles.length ? state.ruleFiles[0].name : null);
    document.body.dataset.ready = "true";
    setStatus($("status"), "准备就绪。请把报告文件拖到上面的框里，或点“选择报告文件…”。", "");
  }

  // ---- Tabs.
  function showTab(which) {
    for (const name of ["check", "rules"]) {
      const selected = name === which;
      $("tab-" + name).setAttribute("aria-selected", String(selected));
      $("tab-" + name).tabIndex = selected ? 0 : -1;
      $("pane-" + name).hidden = !selected;
    }
  }
  $("tab-check").addEventListener("click", () => showTab("check"));
  $("tab-rules").addEventListener("click", () => showTab("rules"));
  document.querySelector(".tabs").addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const next = $("tab-check").getAttribute("aria-selected") === "true" ? "rules" : "check";
    showTab(next);
    $("tab-" + next).focus();
  });

  // ---- Checking reports.
  const drop = $("drop");
  $("pick-button").addEventListener("click", () => $("pick").click());
  drop.addEventListener("keydown", (event) => {
    if (event.target === drop && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      $("pick").click();
    }
  });
  $("pick").addEventListener("change", (event) => {
    addFiles(Array.from(event.target.files));
    event.target.value = "";
  });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    addFiles(Array.from(event.dataTransfer.files));
  });
  // A file dropped beside the box would make the browser open it instead of the page.
  for (const name of ["dragover", "drop"]) {
    window.addEventListener(name, (event) => event.preventDefault());
  }
  $("template").addEventListener("change", recheck);
  $("clear").addEventListener("click", () => {
    state.files = [];
    recheck();
  });

  async function addFiles(list) {
    if (!state.nb || !list.length) return;
    for (const file of list) {
      state.files.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    recheck();
  }

  function fillTemplates(templates) {
    const select = $("template");
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "" }, "自动识别（推荐）"));
    for (const t of templates) {
      select.append(el("option", { value: t.id }, t.title + "（" + t.id + "）"));
    }
    select.value = templates.some((t) => t.id === chosen) ? chosen : "";
  }

  function recheck() {
    if (!state.nb) return;
    if (state.broken) {
      setStatus($("status"), "检查程序出了故障，请刷新页面（按 F5）后重新选择文件。", "bad");
      return;
    }
    if (!state.files.length) {
      $("summary").replaceChildren();
      $("reports").replaceChildren();
      setStatus($("status"), "准备就绪。请把报告文件拖到上面的框里，或点“选择报告文件…”。", "");
      return;
    }
    setStatus($("status"), "正在检查 " + state.files.length + " 份报告……", "busy");
    // Let the page show "checking" before the checks take the thread.
    setTimeout(checkAll, 0);
  }

  function checkAll() {
    const template = $("template").value;
    const results = [];
    let total = 0;
    state.files.forEach((file, index) => {
      const started = performance.now();
      let result;
      try {
        result = JSON.parse(state.nb.check(index, file.name, file.bytes, template));
      } catch (error) {
        // A trap (a panic) leaves the module unusable: say so instead of guessing. Any other
        // error is about this file only.
        state.broken = error instanceof WebAssembly.RuntimeError;
        result = {
          section: "",
          row: { path: file.name, status: "unreadable", errors: 0, warnings: 0, infos: 0,
            first: "检查这份文件时程序出错：" + error + "。请刷新页面后再试；如果仍然出错，请把文件交给技术人员。" },
        };
      }
      result.ms = performance.now() - started;
      total += result.ms;
      state.timings.push({ name: file.name, ms: result.ms });
      results.push(result);
    });
    state.checks += 1;
    // The public JSON of each report, as `nianbao check --format json` prints it (the browser
    // test compares the two).
    state.reports = results.map((r) => r.json);
    render(results);
    const count = (status) => results.filter((r) => r.row.status === status).length;
    const parts = [];
    if (count("error")) parts.push(count("error") + " 份有错误");
    if (count("warning")) parts.push(count("warning") + " 份只有警告");
    if (count("clean")) parts.push(count("clean") + " 份没有发现问题");
    if (count("unreadable")) parts.push(count("unreadable") + " 份无法读取");
    const kind = count("error") || count("unreadable") ? "bad" : "ok";
    const edited = state.ruleFiles.some((f) => f.edited) ? "注意：使用的是在“② 编辑规则”中修改过的规则。" : "";
    setStatus($("status"), "已检查 " + results.length + " 份报告：" + parts.join("，") +
      "（用时 " + Math.round(total) + " 毫秒）。下面先是汇总表，再是每份报告的问题和出错的表格。" + edited, kind);
    document.body.dataset.checks = String(state.checks);
  }

  function verdict(row) {
    switch (row.status) {
      case "error": return el("span", { class: "verdict-error" }, "错误 " + row.errors + (row.warnings ? "，警告 " + row.warnings : ""));
      case "warning": return el("span", { class: "verdict-warning" }, "警告 " + row.warnings);
      case "clean": return el("span", { class: "verdict-clean" }, "未发现问题");
      default: return el("span", { class: "verdict-error" }, "无法读取");
    }
  }

  function render(results) {
    const body = el("tbody");
    results.forEach((result, index) => {
      const row = result.row;
      body.append(el("tr", { class: "status-" + row.status },
        el("td", { class: "n" }, String(index + 1)),
        el("td", { class: "path" }, el("a", { href: "#r" + (index + 1) }, row.path)),
        el("td", { class: "agency" }, row.agency || "未识别"),
        el("td", { class: "n" }, row.year ? row.year + " 年度" : "未识别"),
        el("td", { class: "template" }, row.template || "—"),
        el("td", { class: "n" }, verdict(row)),
        el("td", {}, row.first || "")));
    });
    const table = el("table", { class: "reports" },
      el("caption", {}, "汇总（点文件名看详情）"),
      el("thead", {}, el("tr", {}, ...["序号", "文件", "机关", "年度", "模板", "结论", "第一个问题"].map((h) => el("th", { scope: "col" }, h)))),
      body);
    $("summary").replaceChildren(table);
    $("reports").innerHTML = results.map((r) => r.section).join("\n");
  }

  // ---- The rule editor.
  const editor = $("editor");
  const gutter = $("gutter");

  function loadRuleFiles() {
    state.ruleFiles = JSON.parse(state.nb.rule_files());
    const select = $("rule-file");
    select.replaceChildren(...state.ruleFiles.map((f) => el("option", { value: f.name }, label(f))));
    if (state.current) select.value = state.current;
  }

  // The files' texts and "edited" flags as nianbao has them now (the menu shows the flags).
  function refreshFlags() {
    state.ruleFiles = JSON.parse(state.nb.rule_files());
    for (const option of $("rule-file").options) {
      const file = state.ruleFiles.find((f) => f.name === option.value);
      if (file) option.textContent = label(file);
    }
  }

  function label(file) {
    return file.name + (file.builtin ? "（内置" + (file.edited ? "，已修改）" : "）") : "（新建）");
  }

  function openRule(name) {
    const file = state.ruleFiles.find((f) => f.name === name);
    if (!file) return;
    state.current = name;
    $("rule-file").value = name;
    editor.value = file.text;
    editor.scrollTop = 0;
    $("rule-reset").textContent = file.builtin ? "恢复原样" : "删除此文件";
    $("selftest").replaceChildren();
    validate();
  }

  $("rule-file").addEventListener("change", (event) => openRule(event.target.value));
  editor.addEventListener("input", () => {
    drawGutter([]);
    setStatus($("rule-status"), "正在检查规则……", "busy");
    clearTimeout(state.timer);
    state.timer = setTimeout(validate, 300);
  });
  editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (event) => {
    // Tab indents inside the editor; Esc then Tab leaves it (keyboard users are not trapped).
    if (event.key === "Tab" && !event.shiftKey && !state.escaped) {
      event.preventDefault();
      document.execCommand("insertText", false, "  ");
    }
    state.escaped = event.key === "Escape";
  });

  function drawGutter(diagnostics) {
    const lines = editor.value.split("\n").length;
    const marks = new Map();
    for (const d of diagnostics) {
      if (d.file !== state.current) continue;
      if (d.severity === "error" || !marks.has(d.line)) marks.set(d.line, d.severity === "error" ? "bad" : "warn");
    }
    const out = [];
    for (let n = 1; n <= lines; n++) {
      const mark = marks.get(n);
      out.push(mark ? '<span class="' + mark + '">' + n + "</span>" : String(n));
    }
    gutter.innerHTML = out.join("\n") + "\n";
    gutter.scrollTop = editor.scrollTop;
  }

  function validate() {
    if (!state.nb || state.current === null) return;
    let edited;
    try {
      edited = JSON.parse(state.nb.edit_rules(state.current, editor.value));
    } catch (error) {
      state.broken = true;
      setStatus($("rule-status"), "检查规则时程序出错（" + error + "）。请先下载规则文件保存修改，再刷新页面。", "bad");
      return;
    }
    refreshFlags();
    showDiagnostics(edited.diagnostics);
    drawGutter(edited.diagnostics);
    const errors = edited.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = edited.diagnostics.length - errors;
    if (!edited.applied) {
      setStatus($("rule-status"), "规则有 " + errors + " 处错误（见下方，行号已标红）。改正之前，报告仍按上一次没有错误的规则检查。", "bad");
      document.body.dataset.rules = "invalid";
      return;
    }
    fillTemplates(edited.templates);
    const names = edited.templates.map((t) => t.id + "（" + t.checks + " 项检查）").join("、");
    let text = "规则没有错误，已生效：" + names + "。";
    if (warnings) text += "有 " + warnings + " 处提醒，见下方。";
    if (state.files.length) text += "已按这些规则重新检查 " + state.files.length + " 份报告（见“① 检查报告”）。";
    setStatus($("rule-status"), text, "ok");
    document.body.dataset.rules = "valid";
    if (state.files.length) recheck();
  }

  function showDiagnostics(diagnostics) {
    const list = $("diagnostics");
    if (!diagnostics.length) {
      list.replaceChildren(el("li", { class: "none" }, "规则中没有发现问题。"));
      return;
    }
    list.replaceChildren(...diagnostics.map((d) => {
      const kind = d.severity === "error" ? "错误" : "提醒";
      const where = kind + "：" + (d.file === state.current ? "" : d.file + " ") + "第 " + d.line + " 行第 " + d.column + " 列";
      const go = el("button", { type: "button" }, "定位");
      go.addEventListener("click", () => locate(d));
      return el("li", { class: d.severity },
        el("span", { class: "where" }, where), "　", el("span", { class: "message" }, d.message),
        d.label && d.label !== d.message ? el("span", { class: "label" }, "（" + d.label + "）") : "",
        go,
        d.help ? el("div", { class: "help" }, "建议：" + d.help) : "",
        d.code ? el("div", { class: "code" }, el("code", {}, d.code)) : "");
    }));
  }

  function locate(d) {
    if (d.file !== state.current && state.ruleFiles.some((f) => f.name === d.file)) openRule(d.file);
    editor.focus();
    editor.setSelectionRange(d.start, Math.max(d.end, d.start + 1));
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 24;
    editor.scrollTop = Math.max(0, (d.line - 4) * lineHeight);
  }

  $("rule-test").addEventListener("click", () => {
    const result = JSON.parse(state.nb.self_test());
    const failed = result.failures.length;
    const box = $("selftest");
    const items = result.failures.map((f) => el("li", {}, f.file + " 第 " + f.line + " 行：" + f.check + " " + f.message));
    box.replaceChildren(
      el("h2", { class: "diag-title" }, "例子自测"),
      el("p", { class: failed ? "status bad" : "status ok" },
        "共 " + result.examples + " 个例子，" + (result.examples - failed) + " 个通过，" + failed + " 个失败。" +
        (failed ? "失败的例子说明检查写得和例子不一致，请核对。" : "每项检查都和它的例子一致。")),
      items.length ? el("ul", {}, ...items) : "",
      result.without.length ? el("p", { class: "note" }, "没有例子的检查：" + result.without.join("、")) : "");
  });

  $("rule-download").addEventListener("click", () => {
    const blob = new Blob([editor.value], { type: "text/plain;charset=utf-8" });
    const link = el("a", { href: URL.createObjectURL(blob), download: state.current.split("/").pop() });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  $("rule-reset").addEventListener("click", () => {
    const file = state.ruleFiles.find((f) => f.name === state.current);
    if (!file) return;
    if (file.builtin) {
      if (!confirm("放弃对 " + file.name + " 的全部修改，恢复为内置版本？")) return;
      editor.value = wasm_bindgen.Nianbao.shipped_rules(file.name);
      validate();
      loadRuleFiles();
    } else {
      if (!confirm("删除 " + file.name + "？（请先下载保存）")) return;
      const edited = JSON.parse(state.nb.remove_rules(file.name));
      loadRuleFiles();
      openRule(state.ruleFiles[0].name);
      if (edited.applied && state.files.length) recheck();
    }
  });

  $("rule-new").addEventListener("click", () => {
    let n = 1;
    while (state.ruleFiles.some((f) => f.name === "地方规则" + n + ".rules")) n++;
    const name = "地方规则" + n + ".rules";
    // Only the shape of a local file: the template's own words are in the rule files.
    const starter = "// " + name + "：地方格式只写与国家格式不同的地方，其余继承。写法见“规则语言”说明。\n" +
      "//\n// template local-2021 \"某地 2021 年格式\" extends gov-2021 {\n" +
      "//   （在这里写与国家格式不同的地方）\n// }\n";
    state.nb.edit_rules(name, starter);
    loadRuleFiles();
    openRule(name);
  });

  $("rule-open").addEventListener("click", () => $("rule-pick").click());
  $("rule-pick").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const text = new TextDecoder("utf-8").decode(await file.arrayBuffer());
    state.nb.edit_rules(file.name, text);
    loadRuleFiles();
    openRule(file.name);
  });

  start();
})();
