#![no_main]
//! The whole pipeline (see `nianbao_tests::harness::pipeline`) on valid-but-odd documents: a
//! real report (examples/2024-nanguan-jiaoyuju.txt) edited by a few structured mutations the
//! input chooses. Byte-level mutation of a report mostly breaks its tables before binding;
//! these edits keep it a report (rows swapped, duplicated or lost, table 3 printed twice or
//! split, 30- to 10 000-digit numbers, control characters, retouched labels, full-width digits,
//! UTF-16 without BOM, an invalid UTF-8 byte), so binding and the checks see them.

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

const REPORT: &str = include_str!("../../examples/2024-nanguan-jiaoyuju.txt");

/// Things a crawler or an editor leaves in text.
const CONTROLS: &[&str] = &[
    "\u{0}", "\u{7}", "\u{8}", "\u{b}", "\u{c}", "\r", "\u{1b}[31m", "\u{1b}]0;x\u{7}", "\u{7f}",
    "\u{85}", "\u{a0}", "\u{200b}", "\u{200d}", "\u{202e}", "\u{2028}", "\u{3000}", "\u{feff}",
    "\u{fffd}", "\t\t", "\n", "\n\n", "&nbsp;", "\\t",
];
/// Small edits of a label that a person might make.
const LABEL_EDITS: &[(&str, &str)] = &[
    ("（", "("),
    ("）", ")"),
    ("、", "，"),
    ("、", "."),
    ("一", "1"),
    ("三", "3"),
    ("申请", "申 请"),
    ("政府信息", ""),
    ("数量", "数"),
    ("总计", "合计"),
    ("其他", "其它"),
    ("本年", "本年度"),
    ("第二十条", "第20条"),
    ("情况", "情况情况"),
];

/// The report as blank-line-separated blocks; a table row is one block.
struct Doc {
    blocks: Vec<String>,
}

impl Doc {
    fn index(&self, u: &mut Unstructured) -> Option<usize> {
        if self.blocks.is_empty() {
            return None;
        }
        u.int_in_range(0..=self.blocks.len() - 1).ok()
    }

    /// Blocks from the heading of table 3 to the heading of table 4.
    fn table3(&self) -> Option<(usize, usize)> {
        let start = self.blocks.iter().position(|b| b.contains("收到和处理政府信息公开申请情况"))?;
        let end = (start..self.blocks.len()).find(|&i| self.blocks[i].contains("\n4、"))?;
        Some((start, end.max(start + 1)))
    }

    /// A block holding a number cell, and the line of that cell.
    fn number(&self, u: &mut Unstructured) -> Option<(usize, usize)> {
        let cells: Vec<(usize, usize)> = self
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(b, block)| {
                block.lines().enumerate().filter_map(move |(l, line)| {
                    let t = line.trim();
                    (!t.is_empty() && t.bytes().all(|c| c.is_ascii_digit())).then_some((b, l))
                })
            })
            .collect();
        u.choose(&cells).ok().copied()
    }

    fn set_line(&mut self, block: usize, line: usize, text: &str) {
        let mut lines: Vec<&str> = self.blocks[block].split('\n').collect();
        if line < lines.len() {
            lines[line] = text;
        }
        self.blocks[block] = lines.join("\n");
    }

    fn text(&self) -> String {
        self.blocks.join("\n\n")
    }
}

/// A char boundary of `s` chosen by the input.
fn boundary(s: &str, u: &mut Unstructured) -> usize {
    let count = s.chars().count();
    let at = u.int_in_range(0..=count).unwrap_or(0);
    s.char_indices().nth(at).map_or(s.len(), |(i, _)| i)
}

fn digits(u: &mut Unstructured) -> String {
    let len = *u.choose(&[30usize, 31, 150, 1000, 10_000]).unwrap_or(&30);
    let first = u.int_in_range(b'1'..=b'9').unwrap_or(b'9') as char;
    let rest = u.int_in_range(b'0'..=b'9').unwrap_or(b'9') as char;
    std::iter::once(first).chain(std::iter::repeat_n(rest, len - 1)).collect()
}

fn mutate(doc: &mut Doc, u: &mut Unstructured) -> Option<()> {
    match u.int_in_range(0..=15u8).ok()? {
        // Rows out of order, doubled, lost.
        0 => {
            let (a, b) = (doc.index(u)?, doc.index(u)?);
            doc.blocks.swap(a, b);
        }
        1 => {
            let a = doc.index(u)?;
            let copy = doc.blocks[a].clone();
            doc.blocks.insert(a, copy);
        }
        2 => {
            let a = doc.index(u)?;
            doc.blocks.remove(a);
        }
        // Table 3 printed twice, right after itself or at the end.
        3 => {
            let (start, end) = doc.table3()?;
            let copy: Vec<String> = doc.blocks[start..end].to_vec();
            let at = if u.arbitrary().ok()? { end } else { doc.blocks.len() };
            doc.blocks.splice(at..at, copy);
        }
        // Table 3 split in two by a note, a page number or a repeated header.
        4 => {
            let (start, end) = doc.table3()?;
            let at = u.int_in_range(start + 1..=end).ok()?;
            let note = match u.int_in_range(0..=2u8).ok()? {
                0 => "（续表）".to_owned(),
                1 => "— 3 —".to_owned(),
                _ => doc.blocks[(start + 1).min(end - 1)..(start + 4).min(end)].join("\n\n"),
            };
            doc.blocks.insert(at, note);
        }
        // A number cell replaced by a long digit run, or an odd number.
        5 => {
            let (b, l) = doc.number(u)?;
            let run = digits(u);
            doc.set_line(b, l, &format!("\t{run}"));
        }
        6 => {
            let (b, l) = doc.number(u)?;
            let odd = *u.choose(&[
                "999999999999999999999999999999",
                "-1",
                "1.5",
                "0.000000000000000000000000000001",
                "1e30",
                "１２",
                "二",
                "3万元",
                "1,000",
                "—",
                "",
                "NaN",
            ]).ok()?;
            doc.set_line(b, l, &format!("\t{odd}"));
        }
        // Control characters and escape sequences anywhere.
        7 => {
            let a = doc.index(u)?;
            let at = boundary(&doc.blocks[a], u);
            let c = *u.choose(CONTROLS).ok()?;
            doc.blocks[a].insert_str(at, c);
        }
        // A label retouched.
        8 => {
            let a = doc.index(u)?;
            let &(from, to) = u.choose(LABEL_EDITS).ok()?;
            doc.blocks[a] = doc.blocks[a].replacen(from, to, 1);
        }
        // Full-width digits in one block.
        9 => {
            let a = doc.index(u)?;
            doc.blocks[a] = doc.blocks[a]
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                    _ => c,
                })
                .collect();
        }
        // A cell lost inside a row.
        10 => {
            let a = doc.index(u)?;
            let mut lines: Vec<&str> = doc.blocks[a].split('\n').collect();
            let l = u.int_in_range(0..=lines.len() - 1).ok()?;
            lines.remove(l);
            doc.blocks[a] = lines.join("\n");
        }
        // Two rows run together.
        11 => {
            let a = doc.index(u)?;
            if a + 1 < doc.blocks.len() {
                let next = doc.blocks.remove(a + 1);
                doc.blocks[a].push('\n');
                doc.blocks[a].push_str(&next);
            }
        }
        // The document cut short.
        12 => {
            let a = doc.index(u)?;
            doc.blocks.truncate(a.max(1));
        }
        // An odd year in the title.
        13 => {
            let year = *u.choose(&["20240", "１９９９", "0", "2024年2025", "99999999999999999999"]).ok()?;
            doc.blocks[0] = doc.blocks[0].replacen("2024", year, 1);
        }
        // Tabs turned into spaces in a block (a copy from a web page).
        14 => {
            let a = doc.index(u)?;
            doc.blocks[a] = doc.blocks[a].replace('\t', "    ");
        }
        // A block repeated many times (a long table).
        _ => {
            let a = doc.index(u)?;
            let times = u.int_in_range(2..=300usize).ok()?;
            let copy = doc.blocks[a].clone();
            doc.blocks.splice(a..a, std::iter::repeat_n(copy, times));
        }
    }
    Some(())
}

/// The edited text as the bytes of a file, in one of the encodings reports come in.
fn encode(text: &str, u: &mut Unstructured) -> Vec<u8> {
    let utf16 = |big: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|c| if big { c.to_be_bytes() } else { c.to_le_bytes() })
            .collect()
    };
    match u.int_in_range(0..=9u8).unwrap_or(0) {
        // UTF-16 LE without a BOM: detected only from its zero bytes.
        0 => utf16(false),
        1 => [&[0xff, 0xfe][..], &utf16(false)].concat(),
        2 => [&[0xfe, 0xff][..], &utf16(true)].concat(),
        3 => [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        // An invalid UTF-8 sequence somewhere.
        4 => {
            let mut bytes = text.as_bytes().to_vec();
            let at = u.int_in_range(0..=bytes.len()).unwrap_or(0);
            let bad = *u
                .choose(&[&[0xffu8][..], &[0xc3], &[0xed, 0xa0, 0x80], &[0xe4, 0xb8], &[0x80]])
                .unwrap_or(&&[0xff][..]);
            bytes.splice(at..at, bad.iter().copied());
            bytes
        }
        // CRLF line ends.
        5 => text.replace('\n', "\r\n").into_bytes(),
        _ => text.as_bytes().to_vec(),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let mut u = Unstructured::new(bytes);
    let mut doc = Doc { blocks: REPORT.split("\n\n").map(str::to_owned).collect() };
    let edits = u.int_in_range(1..=8u8).unwrap_or(1);
    for _ in 0..edits {
        // Repeated copies could grow the text without bound; a few MB is odd enough.
        if doc.blocks.len() > 20_000 {
            break;
        }
        let _ = mutate(&mut doc, &mut u);
    }
    let file = encode(&doc.text(), &mut u);
    nianbao_tests::harness::pipeline(&file);
});
