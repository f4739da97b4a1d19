//! The encoding an HTML file declares, found by pre-scanning its first bytes the way browsers
//! do before decoding: `<meta charset="…">` or `<meta http-equiv="Content-Type"
//! content="text/html; charset=…">`, in any letter case, outside comments.

/// How many leading bytes are scanned.
const PRESCAN: usize = 4096;

/// The declared charset label (lower case, e.g. `gb2312`), if any.
pub(super) fn declared(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..PRESCAN).unwrap_or(bytes);
    let mut at = 0;
    while let Some(lt) = find(head, at, b"<") {
        let rest = head.get(lt..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            at = find(head, lt + 4, b"-->").map_or(head.len(), |end| end + 3);
            continue;
        }
        let is_meta = rest
            .get(1..5)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"meta"))
            && rest
                .get(5)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/');
        if is_meta {
            let (label, end) = meta(head, lt + 5);
            if label.is_some() {
                return label;
            }
            at = end;
        } else {
            at = lt + 1;
        }
    }
    None
}

/// Reads the attributes of a `<meta` tag from `from`: the label it declares and where the tag
/// ends.
fn meta(bytes: &[u8], from: usize) -> (Option<String>, usize) {
    let mut charset = None;
    let mut content = None;
    let mut pragma = false;
    let mut at = from;
    loop {
        while bytes
            .get(at)
            .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/')
        {
            at += 1;
        }
        match bytes.get(at) {
            None => break,
            Some(b'>') => {
                at += 1;
                break;
            }
            Some(_) => {}
        }
        let name_end = scan(bytes, at, |b| {
            b.is_ascii_whitespace() || b"=>/".contains(&b)
        });
        let name = lower(bytes.get(at..name_end).unwrap_or_default());
        at = skip_space(bytes, name_end.max(at + 1));
        let mut value = String::new();
        if bytes.get(at) == Some(&b'=') {
            at = skip_space(bytes, at + 1);
            let (text, end) = attribute_value(bytes, at);
            value = text;
            at = end;
        }
        match name.as_str() {
            "charset" => charset = Some(value),
            "content" => content = Some(value),
            "http-equiv" => pragma = value.trim().eq_ignore_ascii_case("content-type"),
            _ => {}
        }
    }
    let from_content = || content.as_deref().and_then(charset_in_content);
    let label = charset
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .or_else(|| if pragma { from_content() } else { None });
    (label, at)
}

/// A quoted or unquoted attribute value at `at`, lower-cased, and where it ends.
fn attribute_value(bytes: &[u8], at: usize) -> (String, usize) {
    match bytes.get(at) {
        Some(&quote) if quote == b'"' || quote == b'\'' => {
            let end = scan(bytes, at + 1, |b| b == quote);
            let value = lower(bytes.get(at + 1..end).unwrap_or_default());
            (value, (end + 1).min(bytes.len()))
        }
        _ => {
            let end = scan(bytes, at, |b| b.is_ascii_whitespace() || b == b'>');
            (lower(bytes.get(at..end).unwrap_or_default()), end)
        }
    }
}

/// The charset in a `content` value such as `text/html; charset=gb2312`.
fn charset_in_content(content: &str) -> Option<String> {
    let at = content.find("charset")?;
    let rest = content.get(at + "charset".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '"' | '\''))
        .collect();
    (!label.is_empty()).then_some(label)
}

fn lower(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_ascii_lowercase()
}

fn scan(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| stop(b)))
        .map_or(bytes.len(), |at| from + at)
}

fn skip_space(bytes: &[u8], from: usize) -> usize {
    scan(bytes, from, |b| !b.is_ascii_whitespace())
}

/// Where `needle` is first at or after `from`. A text file has no `<` to find: its head is
/// searched a vector at a time, not a byte at a time.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both declaration styles, any case and quoting.
    #[test]
    fn finds_declarations() {
        let found = |html: &str| declared(html.as_bytes());
        assert_eq!(
            found("<meta charset=\"gb2312\">").as_deref(),
            Some("gb2312")
        );
        assert_eq!(found("<META CHARSET=GBK>").as_deref(), Some("gbk"));
        assert_eq!(
            found("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\" />")
                .as_deref(),
            Some("gb2312")
        );
        assert_eq!(
            found("<meta content='text/html;charset=utf-8' http-equiv='content-type'>").as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            found("<html><head><meta name=\"x\" content=\"a\"><meta charset='big5'>").as_deref(),
            Some("big5")
        );
    }

    /// Comments, other tags, a content charset without http-equiv, late or truncated
    /// declarations are not taken.
    #[test]
    fn ignores_what_is_not_a_declaration() {
        let found = |html: &str| declared(html.as_bytes());
        assert_eq!(found("<!-- <meta charset=\"gbk\"> --><p>"), None);
        assert_eq!(found("<metadata charset=\"gbk\">"), None);
        assert_eq!(found("<meta content=\"text/html; charset=gbk\">"), None);
        assert_eq!(found("<meta charset="), None);
        assert_eq!(found("<meta charset=\"gbk"), Some("gbk".to_owned()));
        let late = format!("{}<meta charset=\"gbk\">", " ".repeat(PRESCAN));
        assert_eq!(found(&late), None);
        assert_eq!(
            declared(b"\xD5\xFE<meta charset=gbk>\xB8\xAE").as_deref(),
            Some("gbk")
        );
    }

    /// A GBK page declaring `gb2312` is decoded and its spans map back to the file's bytes.
    #[test]
    fn reads_gbk_page() {
        let utf8 = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
            </head><body><p>二、主动公开</p><table><tr><td>规章</td><td>12</td></tr></table></body></html>";
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(utf8);
        assert!(!unmappable);
        let document = crate::read(&bytes, &crate::ReadOptions::default()).unwrap_or_else(|e| {
            nianbao_model::Document::new(nianbao_model::SourceFormat::Text, e.to_string())
        });
        assert_eq!(document.format, nianbao_model::SourceFormat::Html);
        let cell = document
            .tables()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
            .find(|c| c.text == "12");
        let span = cell.map(|c| c.span).unwrap_or_default();
        let start = document.original_offset(span.start);
        let end = document.original_offset(span.end);
        assert_eq!(bytes.get(start..end), Some(&b"12"[..]));
        let label = document
            .tables()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
            .next()
            .map(|c| c.text.clone());
        assert_eq!(label.as_deref(), Some("规章"));
    }
}
