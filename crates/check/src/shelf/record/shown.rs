//! The part of a record that only a comparison written without reading the report again uses
//! ([`Shown`]): how the template was chosen, the publication date, the encoding flag; and a
//! section's note.

use nianbao_model::{Note, Published};

use super::{In, Out};
use crate::years::Shown;
use crate::{Choice, Detection, Evidence};

impl Out<'_> {
    pub(super) fn shown(&mut self, shown: &Shown) {
        let Shown {
            choice,
            published,
            reencoded,
        } = shown;
        match choice {
            Choice::Given => self.flag(false),
            Choice::Detected(Detection {
                template,
                evidence,
                rivals,
            }) => {
                self.flag(true);
                self.str(template);
                self.len(evidence.len());
                for Evidence {
                    template,
                    found,
                    declared,
                } in evidence
                {
                    self.str(template);
                    self.strings(found);
                    self.len(*declared);
                }
                self.strings(rivals);
            }
        }
        self.option(published.as_ref(), |out, published| {
            let Published { date, source, span } = published;
            out.str(date);
            out.str(source);
            out.span(span);
        });
        self.flag(*reencoded);
    }

    pub(super) fn note(&mut self, note: &Note) {
        let Note { span, label } = note;
        self.span(span);
        self.str(label);
    }

    fn strings(&mut self, strings: &[String]) {
        self.len(strings.len());
        for string in strings {
            self.str(string);
        }
    }
}

impl In<'_> {
    pub(super) fn shown(&mut self) -> Option<Shown> {
        let choice = if self.flag()? {
            Choice::Detected(Detection {
                template: self.string()?,
                evidence: self.list(|input| {
                    Some(Evidence {
                        template: input.string()?,
                        found: input.list(In::string)?,
                        declared: input.len()?,
                    })
                })?,
                rivals: self.list(In::string)?,
            })
        } else {
            Choice::Given
        };
        Some(Shown {
            choice,
            published: self.option(|input| {
                Some(Published {
                    date: input.string()?,
                    source: input.string()?,
                    span: input.span()?,
                })
            })?,
            reencoded: self.flag()?,
        })
    }

    pub(super) fn note(&mut self) -> Option<Note> {
        Some(Note {
            span: self.span()?,
            label: self.string()?,
        })
    }
}
