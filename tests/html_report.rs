//! The HTML report of the corpus, loaded in a real browser (headless Chromium, which `.ci/run`
//! installs): what the page shows after its script ran, with and without a rule filter, what
//! keyboard and clicks do, and that each change names its rule without colour.

use regex::Regex;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The report of the corpus, written once for all tests, with the JSON report of the same run.
struct Fixture {
    _dir: tempfile::TempDir,
    html: PathBuf,
    report: Value,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("review.html");
    let written = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(["--no-config", "diff", "--output-format", "html", "-o"])
        .arg(&html)
        .arg("corpus")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(written.status.success());
    let json = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(["--no-config", "diff", "--output-format", "json", "corpus"])
        .current_dir(root())
        .output()
        .unwrap();
    let report = serde_json::from_slice(&json.stdout).unwrap();
    Fixture {
        _dir: dir,
        html,
        report,
    }
});

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(output) = Command::new("which").arg(name).output()
            && output.status.success()
        {
            return PathBuf::from(String::from_utf8(output.stdout).unwrap().trim());
        }
    }
    panic!(
        "these tests need headless Chromium: `apt-get install chromium` (.ci/run does), or set CHROMIUM"
    );
}

/// The DOM of `page` (a file) with `hash`, after its scripts ran.
fn dump_dom(page: &Path, hash: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{hash}", page.display());
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        // To a file, not a pipe: the DOM is larger than a pipe's buffer, and a pipe nobody reads
        // while waiting would stall the browser.
        .stdout(std::fs::File::create(profile.path().join("dom.html")).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Generous: several browsers may start at once on a loaded 2-core machine.
    let deadline = Instant::now() + Duration::from_secs(300);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish loading {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = std::fs::read_to_string(profile.path().join("dom.html")).unwrap();
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run to the end for {url}"
    );
    dom
}

/// The report with a script appended that acts as a person would (keys, clicks).
fn page_with(actions: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    let html = std::fs::read_to_string(&FIXTURE.html).unwrap();
    let html = html.replace(
        "</body>",
        &format!("<script>\nfunction key(k) {{ document.dispatchEvent(new KeyboardEvent('keydown', {{ key: k, bubbles: true }})); }}\n{actions}\n</script>\n</body>"),
    );
    std::fs::write(&page, html).unwrap();
    (dir, page)
}

#[derive(Debug)]
struct Mark {
    classes: String,
    rules: Vec<String>,
    changes: Vec<usize>,
}

fn marks(dom: &str) -> Vec<Mark> {
    let re = Regex::new(
        r#"<span class="chg ([^"]*)"[^>]*? data-rules="([^"]*)" data-changes="([^"]*)""#,
    )
    .unwrap();
    re.captures_iter(dom)
        .map(|c| Mark {
            classes: c[1].to_string(),
            rules: c[2].split(' ').map(str::to_string).collect(),
            changes: c[3].split(' ').map(|n| n.parse().unwrap()).collect(),
        })
        .collect()
}

/// Each file article's index and whether it is hidden.
fn articles(dom: &str) -> Vec<(usize, bool)> {
    let re = Regex::new(r#"<article class="file" id="file-(\d+)"([^>]*)>"#).unwrap();
    re.captures_iter(dom)
        .map(|c| (c[1].parse().unwrap(), c[2].contains("hidden")))
        .collect()
}

fn status(dom: &str) -> String {
    let re = Regex::new(r#"<span id="status" class="status">([^<]*)</span>"#).unwrap();
    re.captures(dom)
        .map(|c| c[1].to_string())
        .unwrap_or_default()
}

fn detail_rules(dom: &str) -> Vec<String> {
    let Some(start) = dom.find("<aside id=\"detail\"") else {
        return Vec::new();
    };
    let aside = &dom[start..start + dom[start..].find("</aside>").unwrap()];
    if aside[..aside.find('>').unwrap()].contains("hidden") {
        return Vec::new();
    }
    Regex::new("<h3>([^<]*)</h3>")
        .unwrap()
        .captures_iter(aside)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn every_changed_file_the_chart_and_every_change_are_shown() {
    let dom = dump_dom(&FIXTURE.html, "");
    let report = &FIXTURE.report;
    let files = report["files"].as_array().unwrap();
    let shown = articles(&dom);
    let changed: Vec<usize> = (0..files.len())
        .filter(|&i| files[i]["status"] == "changed")
        .collect();
    assert_eq!(changed.len(), 5);
    assert_eq!(
        shown,
        changed.iter().map(|&i| (i, false)).collect::<Vec<_>>()
    );
    for file in files {
        assert!(dom.contains(file["path"].as_str().unwrap()));
    }

    // One bar per rule, with the rule's count, most changes first.
    let bars = Regex::new(r#"<a class="bar-row[^"]*" href="\#rule=([^"]+)"[^>]*>.*?<span class="bar-n">(\d+)</span></a>"#)
        .unwrap();
    let chart: Vec<(String, u64)> = bars
        .captures_iter(&dom)
        .map(|c| (c[1].to_string(), c[2].parse().unwrap()))
        .collect();
    let by_rule = report["totals"]["by_rule"].as_object().unwrap();
    assert_eq!(chart.len(), by_rule.len());
    for (rule, n) in &chart {
        assert_eq!(by_rule[rule].as_u64(), Some(*n), "{rule}");
    }
    assert!(chart.windows(2).all(|w| w[0].1 >= w[1].1));
    assert_eq!(
        chart[0].0, "speakers",
        "227 label changes in 003 outnumber 153 unicode fixes"
    );

    // Every change can be reached from a mark, and nothing is filtered out.
    let marks = marks(&dom);
    let mut reached: Vec<usize> = marks.iter().flat_map(|m| m.changes.clone()).collect();
    reached.sort_unstable();
    reached.dedup();
    assert_eq!(reached.len(), report["changes"].as_array().unwrap().len());
    assert!(marks.iter().all(|m| !m.classes.contains("off")));
    assert_eq!(status(&dom), "");
}

#[test]
fn the_rule_filter_in_the_url_shows_only_that_rules_changes() {
    let dom = dump_dom(&FIXTURE.html, "#rule=donbas");
    let files = FIXTURE.report["files"].as_array().unwrap();
    let with_donbas: Vec<usize> = (0..files.len())
        .filter(|&i| files[i]["by_rule"].get("donbas").is_some())
        .collect();
    assert_eq!(with_donbas.len(), 1);
    for (index, hidden) in articles(&dom) {
        assert_eq!(hidden, !with_donbas.contains(&index), "file {index}");
    }
    let marks = marks(&dom);
    let on: Vec<&Mark> = marks
        .iter()
        .filter(|m| !m.classes.contains("off"))
        .collect();
    assert_eq!(on.len(), 1, "{on:?}");
    assert_eq!(on[0].rules, ["donbas"]);
    let change = &FIXTURE.report["changes"][on[0].changes[0]];
    assert_eq!(change["before"], "Dombas");
    assert!(
        marks
            .iter()
            .filter(|m| !m.rules.iter().any(|r| r == "donbas"))
            .all(|m| m.classes.contains("off"))
    );
    assert_eq!(status(&dom), "Showing 1 change of donbas in 1 file");
    assert!(dom.contains(r#"<body data-rule="donbas" class="filtered""#));

    // A rule with changes in several files keeps those files.
    let dom = dump_dom(&FIXTURE.html, "#rule=whitespace");
    let with_whitespace: Vec<(usize, bool)> = (0..files.len())
        .filter(|&i| files[i]["status"] == "changed")
        .map(|i| (i, files[i]["by_rule"].get("whitespace").is_none()))
        .collect();
    assert_eq!(articles(&dom), with_whitespace);
    assert_eq!(
        with_whitespace.iter().filter(|(_, hidden)| !hidden).count(),
        4
    );
    assert_eq!(status(&dom), "Showing 43 changes of whitespace in 4 files");
}

#[test]
fn keys_move_from_change_to_change_and_show_why() {
    // j j j k: the second change of new-start-treaty, with its rule and description shown.
    let (_dir, page) = page_with("for (const k of 'jjjk') key(k);");
    let dom = dump_dom(&page, "#rule=new-start-treaty");
    let marks = marks(&dom);
    let on: Vec<&Mark> = marks
        .iter()
        .filter(|m| !m.classes.contains("off"))
        .collect();
    assert_eq!(on.len(), 4);
    let current: Vec<usize> = (0..on.len())
        .filter(|&i| on[i].classes.split(' ').any(|c| c == "current"))
        .collect();
    assert_eq!(current, [1]);
    assert_eq!(detail_rules(&dom), ["new-start-treaty"]);
    assert!(dom.contains("misheard as \"Neustadt\" or \"star\""));

    // Esc drops the filter and closes the details.
    let (_dir, page) = page_with("key('j'); key('Escape');");
    let dom = dump_dom(&page, "#rule=donbas");
    assert!(
        dom.contains(r#"<body data-rule="" class="""#),
        "{}",
        &dom[..300]
    );
    assert!(detail_rules(&dom).is_empty());
    assert!(articles(&dom).iter().all(|(_, hidden)| !hidden));
}

#[test]
fn clicking_a_bar_filters_and_clicking_a_change_explains_it() {
    let (_dir, page) = page_with(
        "document.querySelector('.bar-row[data-rule=\"oliver-stone\"]').click();\n\
         document.querySelector('.chg:not(.off)').click();",
    );
    let dom = dump_dom(&page, "");
    assert_eq!(status(&dom), "Showing 2 changes of oliver-stone in 1 file");
    assert_eq!(detail_rules(&dom), ["oliver-stone"]);
    assert!(dom.contains("The film director's surname is a name, capitalised"));
}

#[test]
fn markup_in_the_data_cannot_end_or_disable_the_pages_script() {
    // `<!--<script>` inside a script element makes `</script>` no longer end it: before the
    // JSON escaped `<`, the page's own script never ran. Here it is in a rule's description,
    // with U+2028 / U+2029 beside it, and in the text around the change.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        "[[rule]]\nid = \"tag\"\nkind = \"replace\"\nfind = \"Dombas\"\nreplace = \"Donbas\"\n\
         description = \"<!--<script> & \u{2028}\u{2029} </script>\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.txt"),
        "In Dombas <!--<script>alert(1)</script> today.\n",
    )
    .unwrap();
    let page = dir.path().join("page.html");
    let written = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(["--no-config", "--no-builtin", "--rules", "rules.toml"])
        .args([
            "diff",
            "--output-format",
            "html",
            "-o",
            "page.html",
            "doc.txt",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(written.status.success(), "{written:?}");
    let html = std::fs::read_to_string(&page).unwrap();
    let html = html.replace(
        "</body>",
        "<script>document.querySelector('.chg').click();</script>\n</body>",
    );
    std::fs::write(&page, html).unwrap();
    let dom = dump_dom(&page, "");
    assert_eq!(marks(&dom).len(), 1);
    assert_eq!(detail_rules(&dom), ["tag"]);
    assert!(dom.contains("&lt;!--&lt;script&gt; &amp; \u{2028}\u{2029} &lt;/script&gt;"));
}

/// Each mark's rules (`data-rules`) and the labels it starts with, in page order.
fn labelled_marks(dom: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let mark = Regex::new(
        r#"<span class="chg [^"]*"[^>]*? data-rules="([^"]*)"[^>]*>((?:<span class="rid [^"]*">[^<]*</span>)*)"#,
    )
    .unwrap();
    let label = Regex::new(r#"<span class="rid [^"]*">([^<]*)</span>"#).unwrap();
    mark.captures_iter(dom)
        .map(|c| {
            let rules = c[1].split(' ').map(str::to_string).collect();
            let labels = label
                .captures_iter(&c[2])
                .map(|l| l[1].to_string())
                .collect();
            (rules, labels)
        })
        .collect()
}

/// The colour class of each rule's labels on the changes, and of its row in the legend.
fn label_classes(dom: &str, pattern: &str) -> Vec<(String, String)> {
    Regex::new(pattern)
        .unwrap()
        .captures_iter(dom)
        .map(|c| (c[2].to_string(), c[1].to_string()))
        .collect()
}

#[test]
fn every_change_is_labelled_with_its_rule_and_the_legend_lists_each_rule() {
    let dom = dump_dom(&FIXTURE.html, "");
    let report = &FIXTURE.report;

    // Every mark starts with one label per rule, naming it: no change is told by colour alone.
    let labelled = labelled_marks(&dom);
    assert_eq!(labelled.len(), marks(&dom).len());
    for (rules, labels) in &labelled {
        assert_eq!(rules, labels);
    }

    // The legend: one row per rule that made changes, its label and count, in the colour of
    // that rule's labels on the changes.
    let legend = Regex::new(
        r#"<a class="bar-row (r\d+)[^"]*" href="\#rule=[^"]+"[^>]*><span class="bar-label"><span class="rid">([^<]+)</span></span>.*?<span class="bar-n">(\d+)</span></a>"#,
    )
    .unwrap();
    let rows: Vec<(String, String, u64)> = legend
        .captures_iter(&dom)
        .map(|c| (c[2].to_string(), c[1].to_string(), c[3].parse().unwrap()))
        .collect();
    let by_rule = report["totals"]["by_rule"].as_object().unwrap();
    assert_eq!(rows.len(), by_rule.len());
    let on_changes = label_classes(&dom, r#"<span class="rid (r\d+)">([^<]+)</span>"#);
    for (rule, class, n) in &rows {
        assert_eq!(by_rule[rule].as_u64(), Some(*n), "{rule}");
        assert!(
            on_changes.iter().any(|(r, _)| r == rule),
            "{rule} labels a change"
        );
        for (r, c) in &on_changes {
            if r == rule {
                assert_eq!(
                    c, class,
                    "{rule}: the same colour on changes and in the legend"
                );
            }
        }
    }

    // The header counts the rules that made changes, of all the rules loaded.
    let listed = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(["--no-config", "rules", "list", "--output-format", "json"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    let loaded = serde_json::from_slice::<Value>(&listed.stdout).unwrap();
    let loaded = loaded.as_array().unwrap().len();
    assert!(
        dom.contains(&format!(
            ">{} of {loaded} rules made changes</span>",
            by_rule.len()
        )),
        "{}",
        &dom[dom.find("class=\"summary\"").unwrap()..][..600]
    );
    assert!(loaded > by_rule.len(), "{loaded} rules loaded");
}

#[test]
fn touching_changes_of_two_rules_are_two_marks_and_line_breaks_show() {
    // "Dombas," then two spaces: `donbas` fixes the word, `whitespace` the spaces after the
    // comma, and the missing final line break is inserted right after the last change.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("doc.txt"),
        "Putin spoke of Dombas,  then left.\n\n\n\nHe spoke of Dombas",
    )
    .unwrap();
    let page = dir.path().join("page.html");
    let written = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args([
            "--no-config",
            "diff",
            "--format",
            "html",
            "-o",
            "page.html",
            "doc.txt",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(written.status.success(), "{written:?}");
    let dom = dump_dom(&page, "");
    let body = {
        let start = dom.find("<div class=\"hunk-body\">").unwrap();
        &dom[start..]
    };
    // Two marks side by side, each with its own rule and label, the unchanged comma between;
    // the word diff alone made one mark of `Dombas,  ` → `Donbas, `.
    let label = |rule: &str| format!(r#"<span class="rid r\d+">{rule}</span>"#);
    let mark = |rule: &str| {
        format!(
            r#"<span class="chg r\d+"[^>]*data-rules="{rule}"[^>]*>{}"#,
            label(rule)
        )
    };
    let donbas = format!(
        "{}<del>Dombas</del><ins>Donbas</ins></span>",
        mark("donbas")
    );
    let spaces = format!(
        r#",{}<del class="ws">··</del><ins class="ws">·</ins></span>"#,
        mark("whitespace")
    );
    assert!(
        Regex::new(&format!("{donbas}{spaces}"))
            .unwrap()
            .is_match(body),
        "{body}"
    );
    // The inserted final line break touches the last change: a mark of its own, shown as ↵.
    let final_break = format!(
        r#"{}<ins class="ws"><span class="nl">↵</span>\n</ins></span></div>"#,
        mark("whitespace")
    );
    assert!(
        Regex::new(&format!("{donbas}{final_break}"))
            .unwrap()
            .is_match(body),
        "{body}"
    );
    let labelled = labelled_marks(&dom);
    assert_eq!(labelled.len(), 5, "{labelled:?}");
    assert!(
        labelled
            .iter()
            .all(|(rules, labels)| rules.len() == 1 && rules == labels),
        "{labelled:?}"
    );
    // Deleted blank lines show as ↵ too.
    assert!(
        Regex::new(r#"<del class="ws">(<span class="nl">↵</span>\n?){2,}</del>"#)
            .unwrap()
            .is_match(body),
        "{body}"
    );
}
