//! The id of a row or column from a rule file (`R3.3.1`, `NP`) as bound cells carry it: one
//! shared string for the rule set and every cell bound to the node, compared and printed as
//! the text it is.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A row or column id. A cell's id is the rule set's own string, shared rather than copied
/// (a report binds hundreds of cells); it reads as `&str` and compares with strings.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Id(Arc<str>);

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Id {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Id {
    fn from(id: &str) -> Self {
        Id(Arc::from(id))
    }
}

impl From<String> for Id {
    fn from(id: String) -> Self {
        Id(Arc::from(id))
    }
}

impl From<&String> for Id {
    fn from(id: &String) -> Self {
        Id(Arc::from(id.as_str()))
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0.to_string()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Id> for str {
    fn eq(&self, other: &Id) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Id> for &str {
    fn eq(&self, other: &Id) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Id> for String {
    fn eq(&self, other: &Id) -> bool {
        **self == *other.0
    }
}

#[cfg(test)]
mod tests {
    use super::Id;

    /// An id reads, compares, prints and serialises as its text.
    #[test]
    fn an_id_is_its_text() {
        let id = Id::from("R3.3.1");
        assert_eq!(id, "R3.3.1");
        assert_eq!("R3.3.1", id);
        assert_eq!(id, "R3.3.1".to_owned());
        assert_eq!(&*id, "R3.3.1");
        assert_eq!(format!("{id} {id:?}"), "R3.3.1 \"R3.3.1\"");
        assert_eq!(
            serde_json::to_string(&id).ok().as_deref(),
            Some("\"R3.3.1\"")
        );
        let back: Option<Id> = serde_json::from_str("\"NP\"").ok();
        assert_eq!(back, Some(Id::from("NP")));
        let clone = id.clone();
        assert!(
            std::ptr::eq(clone.as_str(), id.as_str()),
            "a clone shares the text"
        );
    }
}
