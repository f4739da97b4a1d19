//! Word auto-numbering (`word/numbering.xml`): list definitions and the running counters that
//! turn a paragraph's `w:numPr` into the label Word shows, e.g. "三、" or "（二）".

use std::collections::{HashMap, HashSet};

use super::counting;
use super::xml::{attr, name, on, under, walk};
use crate::error::ReadError;

/// Levels a list can have (`w:ilvl` 0..=8).
const LEVELS: usize = 9;

/// What follows a list label (`w:suff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    /// A tab (Word's default) or a space.
    Space,
    /// Nothing.
    Nothing,
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    ilvl: usize,
    start: i64,
    format: String,
    text: String,
    suffix: Suffix,
    /// `w:lvlRestart`: restart after this (1-based) level; 0 never restarts.
    restart: Option<usize>,
    /// The paragraph style linked to this level (`w:pStyle`).
    style: Option<String>,
    /// `w:isLgl`: show every level's number in decimal.
    legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Self {
            ilvl: 0,
            start: 0,
            format: "decimal".to_owned(),
            text: String::new(),
            suffix: Suffix::Space,
            restart: None,
            style: None,
            legal: false,
        }
    }
}

/// A list instance (`w:num`): its definition and the levels it restarts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Num {
    abstract_id: String,
    /// `w:lvlOverride/w:startOverride`: (level, start).
    overrides: Vec<(usize, i64)>,
}

/// The list definitions of a document and the counters of the paragraphs seen so far.
///
/// Counters belong to the abstract definition, so list instances sharing one continue each
/// other's numbering, as in Word; a `w:startOverride` restarts a level when its instance is
/// first used.
#[derive(Debug, Clone, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<i64>; LEVELS]>,
    started: HashSet<String>,
}

/// A label and what separates it from the paragraph text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Label {
    /// The rendered label, e.g. "三、".
    pub text: String,
    /// Whether a space goes between the label and the text.
    pub space: bool,
}

impl Numbering {
    /// Parses `word/numbering.xml`.
    ///
    /// # Errors
    ///
    /// As [`walk`].
    pub fn parse(xml: &str, max_depth: usize) -> Result<Self, ReadError> {
        let mut abstracts: Vec<(String, Vec<Level>)> = Vec::new();
        let mut nums: Vec<(String, Num)> = Vec::new();
        let mut override_level = 0;
        walk(xml, "word/numbering.xml", max_depth, |path, e| {
            let val = || attr(e, "val");
            match name(e) {
                "abstractNum" => {
                    abstracts.push((attr(e, "abstractNumId").unwrap_or_default(), Vec::new()));
                }
                "lvl" if under(path, &["abstractNum"]) => {
                    if let Some((_, levels)) = abstracts.last_mut() {
                        let ilvl = number(attr(e, "ilvl")).unwrap_or(0);
                        levels.push(Level {
                            ilvl: usize::try_from(ilvl).unwrap_or(0),
                            ..Level::default()
                        });
                    }
                }
                field if under(path, &["abstractNum", "lvl"]) => {
                    let Some(level) = abstracts.last_mut().and_then(|(_, l)| l.last_mut()) else {
                        return;
                    };
                    match field {
                        "start" => level.start = number(val()).unwrap_or(0),
                        "numFmt" => level.format = val().unwrap_or_default(),
                        "lvlText" => level.text = val().unwrap_or_default(),
                        "suff" if val().as_deref() == Some("nothing") => {
                            level.suffix = Suffix::Nothing;
                        }
                        "lvlRestart" => {
                            level.restart = number(val()).and_then(|n| usize::try_from(n).ok());
                        }
                        "pStyle" => level.style = val(),
                        "isLgl" => level.legal = on(e),
                        _ => {}
                    }
                }
                "num" if under(path, &["numbering"]) => {
                    nums.push((attr(e, "numId").unwrap_or_default(), Num::default()));
                }
                "abstractNumId" if under(path, &["num"]) => {
                    if let Some((_, num)) = nums.last_mut() {
                        num.abstract_id = val().unwrap_or_default();
                    }
                }
                "lvlOverride" => {
                    override_level = number(attr(e, "ilvl")).unwrap_or(0);
                }
                "startOverride" if under(path, &["num", "lvlOverride"]) => {
                    if let (Some((_, num)), Ok(level)) =
                        (nums.last_mut(), usize::try_from(override_level))
                    {
                        num.overrides.push((level, number(val()).unwrap_or(0)));
                    }
                }
                _ => {}
            }
        })?;
        Ok(Self {
            abstracts: abstracts.into_iter().collect(),
            nums: nums.into_iter().collect(),
            ..Self::default()
        })
    }

    /// The level of list `num_id` linked to paragraph style `style`, if any.
    pub fn level_of_style(&self, num_id: &str, style: &str) -> Option<usize> {
        self.levels(num_id)?
            .iter()
            .find(|l| l.style.as_deref() == Some(style))
            .map(|l| l.ilvl)
    }

    fn levels(&self, num_id: &str) -> Option<&Vec<Level>> {
        self.abstracts.get(&self.nums.get(num_id)?.abstract_id)
    }

    /// Counts a paragraph of list `num_id` at level `ilvl` and returns its label; `None` for
    /// unknown lists, bullets and empty labels.
    pub fn next(&mut self, num_id: &str, ilvl: usize) -> Option<Label> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let level = levels.iter().find(|l| l.ilvl == ilvl)?;
        let counters = self.counters.entry(num.abstract_id.clone()).or_default();
        if self.started.insert(num_id.to_owned()) {
            for &(at, start) in &num.overrides {
                if let Some(counter) = counters.get_mut(at) {
                    *counter = Some(start.saturating_sub(1));
                }
            }
        }
        if let Some(counter) = counters.get_mut(ilvl) {
            *counter = Some(counter.map_or(level.start, |c| c.saturating_add(1)));
        }
        for deeper in levels.iter().filter(|l| l.ilvl > ilvl) {
            let restarts = deeper.restart.is_none_or(|r| r > ilvl);
            if let Some(counter) = counters.get_mut(deeper.ilvl).filter(|_| restarts) {
                *counter = None;
            }
        }
        if level.format == "bullet" {
            return None;
        }
        let text = render(&level.text, level.legal, levels, counters);
        (!text.is_empty()).then(|| Label {
            space: level.suffix == Suffix::Space
                && text.chars().last().is_some_and(char::is_alphanumeric),
            text,
        })
    }
}

/// Fills the placeholders `%1`..`%9` of a level text with the counters.
fn render(template: &str, legal: bool, levels: &[Level], counters: &[Option<i64>]) -> String {
    let mut out = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        let placeholder = (c == '%')
            .then(|| chars.peek().and_then(|d| d.to_digit(10)))
            .flatten()
            .filter(|d| (1..=9).contains(d));
        let Some(d) = placeholder else {
            out.push(c);
            continue;
        };
        chars.next();
        let at = usize::try_from(d - 1).unwrap_or(0);
        let level = levels.iter().find(|l| l.ilvl == at);
        let value = counters
            .get(at)
            .copied()
            .flatten()
            .or(level.map(|l| l.start))
            .unwrap_or(1);
        let format = match level {
            Some(l) if !legal => l.format.as_str(),
            _ => "decimal",
        };
        out.push_str(&counting::format(value, format));
    }
    out
}

fn number(value: Option<String>) -> Option<i64> {
    value?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
          <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
          <w:lvlText w:val="（%2）"/><w:pStyle w:val="Sub"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
          <w:lvlText w:val="%1.%3"/><w:isLgl/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="11"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    fn label(numbering: &mut Numbering, num: &str, ilvl: usize) -> String {
        numbering
            .next(num, ilvl)
            .map(|l| l.text)
            .unwrap_or_default()
    }

    /// Counters run per level, deeper levels restart, Chinese counting renders "十一".
    #[test]
    fn renders_labels() {
        let mut numbering = Numbering::parse(XML, 256).unwrap_or_default();
        let mut seen = Vec::new();
        for (num, ilvl) in [("1", 0), ("1", 1), ("1", 1), ("1", 0), ("1", 1), ("1", 2)] {
            seen.push(label(&mut numbering, num, ilvl));
        }
        assert_eq!(seen, ["一、", "（一）", "（二）", "二、", "（一）", "2.1"]);
        assert_eq!(label(&mut numbering, "2", 0), "十一、");
        assert_eq!(label(&mut numbering, "1", 0), "十二、");
        assert_eq!(label(&mut numbering, "3", 0), "");
        assert_eq!(label(&mut numbering, "9", 0), "");
        assert_eq!(numbering.level_of_style("1", "Sub"), Some(1));
    }

    /// The suffix decides whether a space separates label and text.
    #[test]
    fn label_suffix() {
        let mut numbering = Numbering::parse(XML, 256).unwrap_or_default();
        let first = numbering.next("1", 0);
        assert_eq!(first.map(|l| l.space), Some(false));
        let xml = r#"<numbering><abstractNum abstractNumId="5"><lvl ilvl="0">
            <start val="3"/><numFmt val="upperRoman"/><lvlText val="Part %1"/></lvl>
            </abstractNum><num numId="7"><abstractNumId val="5"/></num></numbering>"#;
        let mut plain = Numbering::parse(xml, 256).unwrap_or_default();
        let huge = xml.replace(r#"start val="3""#, &format!(r#"start val="{}""#, i64::MAX));
        let mut saturating = Numbering::parse(&huge, 256).unwrap_or_default();
        for _ in 0..3 {
            assert!(saturating.next("7", 0).is_some());
        }
        let label = plain.next("7", 0);
        assert_eq!(
            label,
            Some(Label {
                text: "Part III".to_owned(),
                space: true
            })
        );
    }
}
