//! One module per output format; each is a [`Sink`](super::Sink). [`sink`] picks the one a
//! `--format` names.

use crate::args::CheckFormat;

use super::Sink;

mod concise;
pub(crate) mod csv;
mod html;
mod human;
mod json;
mod junit;
mod nested;
mod sarif;
pub mod summary_text;

/// The output of `--format`.
pub fn sink(format: CheckFormat) -> Box<dyn Sink> {
    match format {
        CheckFormat::Human => Box::new(human::Human::graphical()),
        CheckFormat::Plain => Box::new(human::Human::plain()),
        CheckFormat::Json => Box::new(json::Json::default()),
        CheckFormat::Jsonl => Box::new(json::JsonLines),
        CheckFormat::Html => Box::new(html::Html),
        CheckFormat::Concise => Box::new(concise::Concise),
        CheckFormat::Csv => Box::new(csv::Csv),
        CheckFormat::Sarif => Box::new(sarif::Sarif::default()),
        CheckFormat::Junit => Box::new(junit::Junit),
    }
}
