// transclean review page: filter by rule (kept in the URL hash), select changes by click or
// keyboard, show why a change was made. Inlined into every report; it makes no request.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const rules = new Map(data.rules.map((r) => [r.id, r]));
  const select = document.getElementById("rule-filter");
  const status = document.getElementById("status");
  const detail = document.getElementById("detail");
  const help = document.getElementById("help");
  const marks = Array.from(document.querySelectorAll(".chg"));
  let current = null;

  function params() {
    const out = new URLSearchParams(location.hash.replace(/^#/, ""));
    return { rule: out.get("rule") || "", change: out.get("change") };
  }

  function setHash(rule, change) {
    const out = new URLSearchParams();
    if (rule) out.set("rule", rule);
    if (change != null) out.set("change", change);
    const hash = out.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function hasRule(el, rule) {
    return !rule || (el.dataset.rules || "").split(" ").includes(rule);
  }

  // Shows only the changes of `rule` (all when empty): other rules' changes read as plain
  // cleaned text, and places and files without a change of the rule are hidden.
  function applyFilter(rule) {
    if (rule && !rules.has(rule)) rule = "";
    document.body.dataset.rule = rule;
    document.body.classList.toggle("filtered", !!rule);
    select.value = rule;
    const shown = data.changes.filter((c) => c.rule === rule).length;
    for (const mark of marks) {
      const on = hasRule(mark, rule);
      mark.classList.toggle("off", !on);
      mark.tabIndex = on ? 0 : -1;
    }
    for (const hunk of document.querySelectorAll(".hunk")) hunk.hidden = !hasRule(hunk, rule);
    for (const file of document.querySelectorAll("article.file")) file.hidden = !hasRule(file, rule);
    for (const row of document.querySelectorAll(".files tbody tr")) {
      const article = document.getElementById("file-" + row.dataset.file);
      row.hidden = !!rule && !(article && !article.hidden);
    }
    for (const bar of document.querySelectorAll(".bar-row")) bar.classList.toggle("active", bar.dataset.rule === rule);
    if (rule) {
      const files = document.querySelectorAll("article.file:not([hidden])").length;
      status.textContent = "Showing " + plural(shown, "change") + " of " + rule + " in " + plural(files, "file");
    } else {
      status.textContent = "";
    }
    if (current && current.classList.contains("off")) choose(null);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function visibleMarks() {
    return marks.filter((m) => !m.classList.contains("off") && !m.closest("[hidden]"));
  }

  function quote(text) {
    return JSON.stringify(text);
  }

  // Selects a mark: highlights it, scrolls to it, and shows its rules and why.
  function choose(mark, scroll) {
    if (current) current.classList.remove("current");
    current = mark;
    if (!mark) {
      detail.hidden = true;
      return;
    }
    mark.classList.add("current");
    if (scroll && !inView(mark)) mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    const rule = document.body.dataset.rule;
    const indices = mark.dataset.changes.split(" ").map(Number);
    detail.className = "detail " + Array.from(mark.classList).find((c) => /^r\d+$/.test(c));
    detail.replaceChildren();
    const close = element("button", "close", "×");
    close.title = "Close (Esc)";
    close.addEventListener("click", () => choose(null));
    detail.append(close);
    indices.forEach((i, n) => {
      const change = data.changes[i];
      const info = rules.get(change.rule) || {};
      if (n > 0) detail.append(document.createElement("hr"));
      detail.append(element("h3", "", change.rule));
      detail.append(element("p", "why", info.description || "(this rule has no description)"));
      detail.append(element("p", "meta", change.file + ":" + change.line + ":" + change.column + " · " +
        change.stage + " stage · " + (info.kind || "rule") + " defined at " + change.source.file + ":" + change.source.line));
      const edit = element("dl", "edit", "");
      edit.append(element("dt", "", "before"), element("dd", "before", quote(change.before)));
      edit.append(element("dt", "", "after"), element("dd", "after", quote(change.after)));
      detail.append(edit);
    });
    detail.hidden = false;
    detail.dataset.changes = mark.dataset.changes;
    setHash(rule, indices[0]);
  }

  // Whether the mark is on screen, below the sticky header and clear of the details panel.
  function inView(mark) {
    const box = mark.getBoundingClientRect();
    const top = document.querySelector(".top").getBoundingClientRect().bottom;
    return box.top >= top && box.bottom <= window.innerHeight - 40;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text;
    return el;
  }

  function step(by) {
    const list = visibleMarks();
    if (!list.length) return;
    const at = list.indexOf(current);
    const next = at < 0 ? (by > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + by));
    choose(list[next], true);
  }

  function markOfChange(index) {
    return marks.find((m) => m.dataset.changes.split(" ").includes(String(index)));
  }

  function fromHash() {
    const { rule, change } = params();
    applyFilter(rule);
    if (change != null) {
      const mark = markOfChange(change);
      if (mark && !mark.classList.contains("off")) choose(mark, true);
    }
  }

  select.addEventListener("change", () => {
    choose(null);
    setHash(select.value, null);
    applyFilter(select.value);
  });
  document.addEventListener("click", (event) => {
    const mark = event.target.closest(".chg");
    if (mark && !mark.classList.contains("off")) choose(mark, false);
    const bar = event.target.closest(".bar-row, .chip");
    if (bar) {
      event.preventDefault();
      const rule = bar.dataset.rule || new URLSearchParams(bar.getAttribute("href").slice(1)).get("rule");
      const next = document.body.dataset.rule === rule ? "" : rule;
      choose(null);
      setHash(next, null);
      applyFilter(next);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.target.tagName === "SELECT" || event.ctrlKey || event.metaKey || event.altKey) return;
    switch (event.key) {
      case "j": case "n": step(1); break;
      case "k": case "p": step(-1); break;
      case "Escape":
        help.hidden = true;
        choose(null);
        setHash("", null);
        applyFilter("");
        break;
      case "?": help.hidden = !help.hidden; break;
      default: return;
    }
    event.preventDefault();
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.dataset.ready = "1";
})();
