//! Character references (`&nbsp;`, `&#12288;`, `&amp`) decoded the way an HTML parser decodes
//! them in text, so the source scanner can match the parser's text nodes against the file.
//!
//! Numeric references and the named references a Chinese government page plausibly uses are
//! covered; an unknown name is left as written (the locator then falls back to matching the
//! rest of the text around it).

/// Names of U+00A0..=U+00FF, in order. All of them are "legacy" names that also decode
/// without a trailing semicolon.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Legacy names outside Latin-1 (decoded with or without the semicolon).
const LEGACY: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("AMP", '&'),
    ("LT", '<'),
    ("GT", '>'),
    ("QUOT", '"'),
    ("COPY", '©'),
    ("REG", '®'),
];

/// Other common names; these need the semicolon.
const NAMED: &[(&str, char)] = &[
    ("apos", '\''),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("bull", '•'),
    ("hellip", '…'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("oline", '‾'),
    ("frasl", '⁄'),
    ("euro", '€'),
    ("trade", '™'),
    ("larr", '←'),
    ("uarr", '↑'),
    ("rarr", '→'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("minus", '−'),
    ("lowast", '∗'),
    ("radic", '√'),
    ("infin", '∞'),
    ("ne", '≠'),
    ("equiv", '≡'),
    ("le", '≤'),
    ("ge", '≥'),
    ("sdot", '⋅'),
    ("loz", '◊'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
];

/// What windows-1252 puts at 0x80..=0x9F, which numeric references in that range mean.
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Longest legacy name (`frac12`, `middot`, ...).
const LEGACY_MAX: usize = 6;

/// Decodes the character reference at the start of `input` (which starts with `&`): the
/// character and how many bytes of `input` it takes. `None` if `&` is a literal ampersand.
pub(super) fn decode(input: &str) -> Option<(char, usize)> {
    let rest = input.strip_prefix('&')?;
    if let Some(number) = rest.strip_prefix('#') {
        return numeric(number).map(|(c, len)| (c, len + 2));
    }
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest.get(..name_len)?;
    if rest.as_bytes().get(name_len) == Some(&b';')
        && let Some(c) = named(name)
    {
        return Some((c, name_len + 2));
    }
    (2..=name_len.min(LEGACY_MAX))
        .rev()
        .find_map(|len| legacy(name.get(..len)?).map(|c| (c, len + 1)))
}

/// A numeric reference after `&#`: the character and the bytes taken after `&#`.
fn numeric(input: &str) -> Option<(char, usize)> {
    let (digits_from, radix) = match input.as_bytes().first() {
        Some(b'x' | b'X') => (1, 16),
        _ => (0, 10),
    };
    let digits = input.get(digits_from..)?;
    let count = digits.chars().take_while(|c| c.is_digit(radix)).count();
    if count == 0 {
        return None;
    }
    let value = digits
        .chars()
        .take(count)
        .filter_map(|c| c.to_digit(radix))
        .fold(0u32, |value, digit| {
            value
                .saturating_mul(radix)
                .saturating_add(digit)
                .min(0x11_0000)
        });
    let semicolon = usize::from(digits.as_bytes().get(count) == Some(&b';'));
    let c = match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => value
            .checked_sub(0x80)
            .and_then(|at| WINDOWS_1252.get(usize::try_from(at).ok()?))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    };
    Some((c, digits_from + count + semicolon))
}

/// A name that decodes when followed by `;`.
fn named(name: &str) -> Option<char> {
    legacy(name).or_else(|| NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c))
}

/// A legacy name (decodes even without `;`).
fn legacy(name: &str) -> Option<char> {
    if let Some(at) = LATIN1.iter().position(|n| *n == name) {
        return u32::try_from(at)
            .ok()
            .and_then(|at| char::from_u32(0xA0 + at));
    }
    LEGACY.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Named, numeric and semicolon-less legacy references decode as a parser decodes them.
    #[test]
    fn decodes_references() {
        assert_eq!(decode("&nbsp;x"), Some(('\u{A0}', 6)));
        assert_eq!(decode("&nbspx"), Some(('\u{A0}', 5)));
        assert_eq!(decode("&amp;"), Some(('&', 5)));
        assert_eq!(decode("&ldquo;三"), Some(('“', 7)));
        assert_eq!(decode("&#12288;"), Some(('\u{3000}', 8)));
        assert_eq!(decode("&#x3000"), Some(('\u{3000}', 7)));
        assert_eq!(decode("&#150;"), Some(('–', 6)));
        assert_eq!(decode("&#0;"), Some(('\u{FFFD}', 4)));
        assert_eq!(decode("&#99999999999;"), Some(('\u{FFFD}', 14)));
        assert_eq!(decode("&notit;"), Some(('¬', 4)));
    }

    /// A lone ampersand or an unknown name is literal text.
    #[test]
    fn leaves_literal_ampersands() {
        assert_eq!(decode("& b"), None);
        assert_eq!(decode("&#;"), None);
        assert_eq!(decode("&unknown;"), None);
        assert_eq!(decode("&"), None);
        assert_eq!(decode("&ldquo"), None);
    }
}
