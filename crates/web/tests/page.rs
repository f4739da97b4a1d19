//! The page's sources, checked without a browser (the browser test, scripts/web-test.sh, runs
//! in CI after the WebAssembly build): nothing in them can reach the network, the security
//! policy forbids it anyway, and every element the script uses is on the page.

#![expect(clippy::panic, reason = "tests")]

use std::collections::BTreeSet;
use std::path::Path;

fn source(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("page")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// No address, no request API, no external resource in the page, its script or its style.
#[test]
fn nothing_reaches_the_network() {
    for name in ["index.html", "app.js", "page.css"] {
        let text = source(name);
        for forbidden in [
            "http:",
            "https:",
            "//cdn",
            "fetch(",
            "XMLHttpRequest",
            "WebSocket",
            "EventSource",
            "sendBeacon",
            "import(",
            "<link",
            "@import",
            "url(",
            " src=",
        ] {
            assert!(!text.contains(forbidden), "{name} contains {forbidden}");
        }
    }
}

/// The security policy forbids every kind of request; only inline code and the WebAssembly
/// compiled from the page's own bytes may run.
#[test]
fn policy_forbids_requests() {
    let page = source("index.html");
    let policy = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no Content-Security-Policy in index.html"));
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    for directive in policy.split(';').map(str::trim) {
        let name = directive.split(' ').next().unwrap_or_default();
        assert!(
            ["default-src", "script-src", "style-src", "img-src"].contains(&name),
            "unexpected directive {directive}"
        );
        assert!(
            !directive.contains("http") && !directive.contains('*'),
            "{directive}"
        );
    }
}

/// Every `$("id")` of the script is an element of the page, and every part the build inlines
/// has its one marker.
#[test]
fn script_and_page_agree() {
    let page = source("index.html");
    let script = source("app.js");
    let ids: BTreeSet<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let used: BTreeSet<&str> = script
        .split("$(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(used.len() > 20, "{used:?}");
    // `$("tab-" + name)`: a prefix, which some element's id must start with.
    let missing: Vec<_> = used
        .iter()
        .filter(|id| {
            if id.ends_with('-') {
                !ids.iter().any(|known| known.starts_with(*id))
            } else {
                !ids.contains(*id)
            }
        })
        .collect();
    assert!(missing.is_empty(), "not on the page: {missing:?}");
    for marker in ["REPORT_STYLE", "PAGE_STYLE", "GLUE", "WASM", "APP"] {
        assert_eq!(
            page.matches(&format!("/*@{marker}@*/")).count(),
            1,
            "{marker}"
        );
    }
}
