//! Finding the report inside a portal page: the deepest element that still holds most of the
//! page's substance, plus the title heading just before it.
//!
//! Substance is text outside links (navigation is links) with a bonus for every table cell
//! holding a number (a report's tables are mostly numbers, with little text). Starting at the
//! root, the walk goes down into the child holding at least [`SHARE`] of the page's substance,
//! as long as there is one; it never goes into a table without tables inside (a data table).
//! Portal pages put the report's title in a heading next to the content element, so the last
//! `<h1>`–`<h3>` before the chosen element, within a few levels around it, is kept as well
//! (without one, the page's `<title>` stands in for it).

use super::dom::{Dom, Kind};
use super::inline::{is_key, is_number};
use super::source::is_cell;
use super::tables::CellLines;

/// The share of the page's substance the report element must hold.
const SHARE: f64 = 0.75;

/// Substance of one table cell holding a number.
const NUMBER_CELL: usize = 8;

/// How many levels above the report element a title heading is looked for.
const TITLE_LEVELS: usize = 3;

/// Where the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Content {
    /// The element holding the report.
    pub root: usize,
    /// A title heading outside `root`, just before it.
    pub title: Option<usize>,
}

/// Finds the report in `dom` (whose node 0 is `<html>`), whose cells' lines are `lines`.
pub(super) fn find(dom: &Dom, lines: &CellLines) -> Content {
    let weights = weights(dom, lines);
    let total = weights.first().copied().unwrap_or(0);
    let enough = |w: usize| total > 0 && w as f64 >= SHARE * total as f64;
    let mut root = 0;
    loop {
        let next = dom.children(root).iter().copied().find(|&child| {
            let is_data_table =
                dom.name(child) == "table" && !dom.nodes.get(child).is_some_and(|n| n.has_table);
            dom.element(child).is_some()
                && !is_data_table
                && enough(weights.get(child).copied().unwrap_or(0))
        });
        match next {
            Some(child) => root = child,
            None => break,
        }
    }
    Content {
        root,
        title: title(dom, root),
    }
}

/// Substance of every node, including its descendants.
fn weights(dom: &Dom, lines: &CellLines) -> Vec<usize> {
    let mut weights = vec![0usize; dom.nodes.len()];
    for index in (0..dom.nodes.len()).rev() {
        let Some(node) = dom.nodes.get(index) else {
            continue;
        };
        let own = match &node.kind {
            Kind::Text(text) if !text.link => text.text.chars().filter(|&c| is_key(c)).count(),
            Kind::Text(_) => 0,
            Kind::Element(e) if is_cell(&e.name) => {
                if lines.get(index).is_some_and(|line| is_number(&line.text)) {
                    NUMBER_CELL
                } else {
                    0
                }
            }
            Kind::Element(_) => 0,
        };
        let total = weights.get(index).copied().unwrap_or(0) + own;
        if let Some(slot) = weights.get_mut(index) {
            *slot = total;
        }
        if let Some(parent) = node.parent.and_then(|p| weights.get_mut(p)) {
            *parent += total;
        }
    }
    weights
}

/// The last `<h1>`–`<h3>` before `root` inside one of its nearest ancestors.
fn title(dom: &Dom, root: usize) -> Option<usize> {
    let mut ancestor = dom.nodes.get(root)?.parent;
    for _ in 0..TITLE_LEVELS {
        let Some(at) = ancestor else {
            break;
        };
        // Document order: the nodes between an ancestor and `root` are inside the ancestor.
        let heading = (at + 1..root).rev().find(|&index| {
            matches!(dom.name(index), "h1" | "h2" | "h3")
                && !is_ancestor(dom, index, root)
                && has_text(dom, index)
        });
        if heading.is_some() {
            return heading;
        }
        ancestor = dom.nodes.get(at).and_then(|n| n.parent);
    }
    None
}

fn is_ancestor(dom: &Dom, candidate: usize, of: usize) -> bool {
    let mut at = dom.nodes.get(of).and_then(|n| n.parent);
    while let Some(index) = at {
        if index == candidate {
            return true;
        }
        at = dom.nodes.get(index).and_then(|n| n.parent);
    }
    false
}

/// Whether an element has visible text outside links.
fn has_text(dom: &Dom, index: usize) -> bool {
    let mut stack = vec![index];
    while let Some(at) = stack.pop() {
        match dom.nodes.get(at).map(|n| &n.kind) {
            Some(Kind::Text(text)) if !text.link && text.text.chars().any(is_key) => return true,
            Some(Kind::Element(_)) => stack.extend(dom.children(at)),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::dom::parsed;
    use super::*;

    fn name_of(dom: &Dom, index: Option<usize>) -> String {
        index.map_or_else(String::new, |i| dom.name(i).to_owned())
    }

    /// The report element is found among navigation, metadata and footer; its title heading
    /// outside it is kept.
    #[test]
    fn finds_report_in_portal_page() {
        let html = "<body><div class=\"top\"><h1>某某市人民政府</h1><ul><li><a href=\"/\">首页</a>\
            </li><li><a href=\"/x\">政务公开</a></li></ul></div><div class=\"main\">\
            <table><tr><td>索引号</td><td>000/2024-1</td></tr></table><h2>某局2023年报告</h2>\
            <section><p>一、总体情况</p><p>本机关认真贯彻执行条例，全年主动公开信息若干条。{prose}</p>\
            <table><tr><td>项目</td><td>数量</td></tr><tr><td>甲</td><td>1</td></tr>\
            <tr><td>乙</td><td>2</td></tr></table><p>二、其他需要报告的事项：无。</p></section></div>\
            <div class=\"footer\">版权所有</div></body>";
        let html = html.replace("{prose}", &"规范办理依申请公开。".repeat(10));
        let dom = parsed(&html);
        let content = find(&dom, &CellLines::new(&dom));
        assert_eq!(name_of(&dom, Some(content.root)), "section");
        assert_eq!(name_of(&dom, content.title), "h2");
    }

    /// A page that is only the report keeps all of it.
    #[test]
    fn whole_page_report() {
        let dom = parsed("<p>一、总体情况</p><p>正文一。</p><p>二、主动公开</p><p>正文二。</p>");
        let content = find(&dom, &CellLines::new(&dom));
        assert_eq!(name_of(&dom, Some(content.root)), "body");
        assert_eq!(content.title, None);
    }
}
