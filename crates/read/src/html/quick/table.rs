//! The table insertion modes: "in table", "in table body", "in row", "in cell" and "in
//! column group". Only whitespace text and the table's own parts stay in a table; anything
//! html5ever would move out of it is declined.

use super::names::{is_table_part, is_table_section};
use super::tokens::{Tag, Text, Token};
use super::{Declined, Mode, Parser, Step};

impl<'t> Parser<'t, '_> {
    /// Text in a table, its sections or rows: only whitespace stays there.
    pub(super) fn table_text(&mut self, text: Text<'t>) -> Result<Step<'t>, Declined> {
        if !text.is_space() {
            // Moved before the table by html5ever.
            return Err(Declined);
        }
        self.insert_text(text);
        Ok(Step::Done)
    }

    pub(super) fn in_table(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => self.table_text(text),
            Token::Comment | Token::Cdata => {
                self.insert_comment();
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) => match &*tag.name {
                "colgroup" => self.table_part(tag, None, Mode::InColumnGroup),
                "col" => self.table_part(tag, Some("colgroup"), Mode::InColumnGroup),
                "tbody" | "thead" | "tfoot" => self.table_part(tag, None, Mode::InTableBody),
                "tr" => self.table_part(tag, Some("tbody"), Mode::InTableBody),
                "caption" => self.table_part(tag, None, Mode::InCaption),
                "style" | "script" => {
                    self.head_element(tag)?;
                    Ok(Step::Done)
                }
                // Cells without a row, nested tables, form controls, anything moved out of
                // the table.
                _ => Err(Declined),
            },
            Token::End(name) if name == "table" => {
                self.pop_named("table")?;
                self.reset_mode()?;
                Ok(Step::Done)
            }
            // Read with the body's rules while the table is the current node, where they
            // would insert an element (`</p>`, `</br>`) or clear the form pointer.
            Token::End(name) if matches!(&*name, "p" | "br" | "form") => Err(Declined),
            // Any other: a table part's is ignored here, and the others close nothing, since
            // the table ends every scope.
            Token::End(_) => Ok(Step::Done),
        }
    }

    /// A part's start tag directly in the table: the part, in its mode; a column or a row
    /// first gets its group or section, `implied`, and is read again in that mode.
    fn table_part(
        &mut self,
        tag: Tag<'t>,
        implied: Option<&'static str>,
        mode: Mode,
    ) -> Result<Step<'t>, Declined> {
        self.require_current(|n| n == "table")?;
        match implied {
            Some(name) => {
                self.implied_open(name, mode)?;
                Ok(Step::Again(Token::Start(tag)))
            }
            None => {
                self.insert(tag)?;
                self.mode = mode;
                Ok(Step::Done)
            }
        }
    }

    pub(super) fn require_current(&self, names: impl Fn(&str) -> bool) -> Result<(), Declined> {
        if self.current_is(names) {
            Ok(())
        } else {
            Err(Declined)
        }
    }

    pub(super) fn in_table_body(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Start(tag) if tag.name == "tr" => {
                self.require_current(is_table_section)?;
                self.insert_in(tag, Mode::InRow)?;
                Ok(Step::Done)
            }
            Token::Start(tag)
                if matches!(
                    &*tag.name,
                    "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead"
                ) =>
            {
                self.leave_section()?;
                Ok(Step::Again(Token::Start(tag)))
            }
            Token::End(name) if is_table_section(&name) => {
                self.pop_into(&name, Mode::InTable)?;
                Ok(Step::Done)
            }
            Token::End(name) if name == "table" => {
                self.leave_section()?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::Start(tag) if matches!(&*tag.name, "td" | "th") => Err(Declined),
            Token::End(name)
                if matches!(
                    &*name,
                    "body" | "caption" | "col" | "colgroup" | "html" | "td" | "th" | "tr"
                ) =>
            {
                Err(Declined)
            }
            other => self.in_table(other),
        }
    }

    pub(super) fn leave_section(&mut self) -> Result<(), Declined> {
        self.require_current(is_table_section)?;
        self.pop();
        self.mode = Mode::InTable;
        Ok(())
    }

    pub(super) fn in_row(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Start(tag) if matches!(&*tag.name, "td" | "th") => {
                self.require_current(|n| n == "tr")?;
                self.insert_in(tag, Mode::InCell)?;
                Ok(Step::Done)
            }
            Token::End(name) if name == "tr" => {
                self.pop_into("tr", Mode::InTableBody)?;
                Ok(Step::Done)
            }
            Token::Start(tag)
                if matches!(
                    &*tag.name,
                    "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead" | "tr"
                ) =>
            {
                self.pop_into("tr", Mode::InTableBody)?;
                Ok(Step::Again(Token::Start(tag)))
            }
            Token::End(name) if name == "table" => {
                self.pop_into("tr", Mode::InTableBody)?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(name) if is_table_section(&name) => {
                if !self.in_table_scope(&name) {
                    return Err(Declined);
                }
                self.pop_into("tr", Mode::InTableBody)?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(name)
                if matches!(
                    &*name,
                    "body" | "caption" | "col" | "colgroup" | "html" | "td" | "th"
                ) =>
            {
                Err(Declined)
            }
            other => self.in_table(other),
        }
    }

    pub(super) fn in_cell(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Start(tag) if is_table_part(&tag.name) => {
                self.close_cell()?;
                Ok(Step::Again(Token::Start(tag)))
            }
            Token::End(name) if matches!(&*name, "td" | "th") => {
                let cell = self.open.iter().rev().find(|n| *n == "td" || *n == "th");
                if cell.is_none_or(|cell| *cell != name) {
                    return Err(Declined);
                }
                self.close_cell()?;
                Ok(Step::Done)
            }
            Token::End(name) if matches!(&*name, "table" | "tbody" | "tfoot" | "thead" | "tr") => {
                if !self.in_table_scope(&name) {
                    return Err(Declined);
                }
                self.close_cell()?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(name)
                if matches!(&*name, "body" | "caption" | "col" | "colgroup" | "html") =>
            {
                Err(Declined)
            }
            other => self.in_body(other),
        }
    }

    /// A table's caption: read with the body's rules until its end, or the table's first part.
    pub(super) fn in_caption(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::End(name) if name == "caption" => {
                self.close_caption()?;
                Ok(Step::Done)
            }
            Token::Start(tag) if is_table_part(&tag.name) => {
                self.close_caption()?;
                Ok(Step::Again(Token::Start(tag)))
            }
            Token::End(name) if name == "table" => {
                self.close_caption()?;
                Ok(Step::Again(Token::End(name)))
            }
            Token::End(name)
                if matches!(
                    &*name,
                    "body"
                        | "col"
                        | "colgroup"
                        | "html"
                        | "tbody"
                        | "td"
                        | "tfoot"
                        | "th"
                        | "thead"
                        | "tr"
                ) =>
            {
                Err(Declined)
            }
            other => self.in_body(other),
        }
    }

    /// Closes the open caption with what is open in it (formatting elements opened in it are
    /// not reopened after it: its marker ends them).
    fn close_caption(&mut self) -> Result<(), Declined> {
        self.close_through(|name| name == "caption", Mode::InTable)
    }

    pub(super) fn in_column_group(&mut self, token: Token<'t>) -> Result<Step<'t>, Declined> {
        match token {
            Token::Text(text) => {
                self.spaces_then(text, |parser| parser.pop_into("colgroup", Mode::InTable))
            }
            Token::Comment | Token::Cdata => {
                self.insert_comment();
                Ok(Step::Done)
            }
            Token::Start(tag) if tag.name == "col" => {
                self.insert_void(&tag);
                Ok(Step::Done)
            }
            Token::End(name) if name == "colgroup" => {
                self.pop_into("colgroup", Mode::InTable)?;
                Ok(Step::Done)
            }
            Token::Doctype(_) => Err(Declined),
            Token::Start(tag) if matches!(&*tag.name, "html" | "template") => Err(Declined),
            Token::End(name) if matches!(&*name, "col" | "template") => Err(Declined),
            other => {
                self.pop_into("colgroup", Mode::InTable)?;
                Ok(Step::Again(other))
            }
        }
    }
}
