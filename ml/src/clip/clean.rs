//! The text cleaning OpenAI's CLIP tokenizer does before BPE: ftfy's `fix_text`, Python's
//! `html.unescape` twice, whitespace collapsed, lower case. The model was trained on text cleaned
//! this way, so a query must be cleaned the same way to get the same tokens. ftfy is reproduced
//! fix by fix, in its order and with its fixed-point loop; its mojibake repair is `mojibake.rs`.

use super::html_entities::{DROPPED_CODEPOINTS, FTFY_UPPERCASE, HTML5, REMAPPED_CHARREFS};
use super::mojibake::Mojibake;
use regex::{Captures, Regex};
use unicode_normalization::UnicodeNormalization;

/// ftfy's `max_decode_length`: longer lines are fixed in pieces of this many characters.
const MAX_SEGMENT_CHARS: usize = 1_000_000;
/// ftfy repeats its fixes until nothing changes, which takes two or three rounds; the bound only
/// keeps a pathological input from holding a request forever.
const MAX_ROUNDS: usize = 16;

/// The cleaner's patterns, compiled once per tokenizer.
#[derive(Debug, Clone)]
pub(super) struct Cleaner {
    /// ftfy's `HTML_ENTITY_RE`.
    ftfy_entity: Regex,
    /// Python's `html._charref`.
    charref: Regex,
    /// ftfy's `ANSI_RE`; `\d` is any Unicode digit, as in Python.
    terminal_escape: Regex,
    mojibake: Mojibake,
}

impl Cleaner {
    pub(super) fn new() -> Result<Cleaner, regex::Error> {
        Ok(Cleaner {
            ftfy_entity: Regex::new(r"&#?[0-9A-Za-z]{1,24};")?,
            charref: Regex::new(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\x0c <&#;]{1,32};?)")?,
            terminal_escape: Regex::new(r"\x1b\[(?:\d|;)*[a-zA-Z]")?,
            mojibake: Mojibake::new()?,
        })
    }

    /// The text the reference tokenizer splits into words:
    /// `whitespace_clean(basic_clean(text)).lower()`.
    pub(super) fn clean(&self, text: &str) -> String {
        let fixed = self.fix_text(text);
        let unescaped = self.html_unescape(&self.html_unescape(&fixed));
        collapse_whitespace(&unescaped).to_lowercase()
    }

    /// ftfy's `fix_text` with its default configuration. ftfy fixes each line on its own, and
    /// stops decoding HTML entities for good once a line holds a `<` (the text is probably real
    /// HTML).
    fn fix_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut unescape = true;
        for line in text.split_inclusive('\n') {
            for segment in chunks(line, MAX_SEGMENT_CHARS) {
                if segment.contains('<') {
                    unescape = false;
                }
                out.push_str(&self.fix_segment(segment, unescape));
            }
        }
        out
    }

    /// ftfy's `fix_and_explain`: the fixes in its order, repeated until the text stops changing.
    fn fix_segment(&self, segment: &str, unescape: bool) -> String {
        let mut text = segment.to_string();
        for _ in 0..MAX_ROUNDS {
            let before = text.clone();
            if unescape {
                text = self.ftfy_unescape_html(&text);
            }
            text = self.mojibake.fix_encoding(&text);
            text = self.mojibake.fix_c1_controls(&text);
            text = text.chars().fold(String::with_capacity(text.len()), |mut out, ch| {
                push_ligature_or_width_fixed(&mut out, ch);
                out
            });
            text = uncurl_quotes(&text);
            text = fix_line_breaks(&text);
            // ftfy's fix_surrogates has nothing to do: a Rust string cannot hold a lone surrogate.
            text = self.terminal_escape.replace_all(&text, "").into_owned();
            text.retain(|ch| !is_removed_control(ch));
            text = text.nfc().collect();
            if text == before {
                break;
            }
        }
        text
    }

    /// ftfy's `unescape_html`: only complete references ending in `;`, plus all-caps names of
    /// common letters (`P&EACUTE;REZ`), so that text like "this&not that" survives.
    fn ftfy_unescape_html(&self, text: &str) -> String {
        if !text.contains('&') {
            return text.to_string();
        }
        self.ftfy_entity
            .replace_all(text, |caps: &Captures<'_>| {
                let reference = &caps[0];
                let name = &reference[1..];
                if let Some(decoded) = lookup(HTML5, name).or_else(|| lookup(FTFY_UPPERCASE, name)) {
                    return decoded.to_string();
                }
                if name.starts_with('#') {
                    // A numeric reference, unless Python would decode only part of it.
                    let decoded = self.html_unescape(reference);
                    if !decoded.contains(';') {
                        return decoded;
                    }
                }
                reference.to_string()
            })
            .into_owned()
    }

    /// Python's `html.unescape`: HTML5's rules for numeric and named references, including
    /// names without their `;` (`&ampx` is `&x`).
    fn html_unescape(&self, text: &str) -> String {
        if !text.contains('&') {
            return text.to_string();
        }
        self.charref.replace_all(text, |caps: &Captures<'_>| replace_charref(&caps[1])).into_owned()
    }
}

/// `re.sub(r"\s+", " ", text).strip()` after `strip()`: Python's `\s` and `isspace` here are
/// Unicode `White_Space`, as Rust's `char::is_whitespace` is (the few other characters
/// `isspace` knows, U+1C to U+1F, were removed by ftfy and no reference decodes to them).
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            in_space = true;
        } else {
            if in_space && !out.is_empty() {
                out.push(' ');
            }
            in_space = false;
            out.push(ch);
        }
    }
    out
}

/// ftfy's `fix_latin_ligatures` then `fix_character_width`, one character at a time (neither
/// produces what the other changes).
fn push_ligature_or_width_fixed(out: &mut String, ch: char) {
    let ligature = match ch {
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "ʼn",
        'Ǳ' => "DZ",
        'ǲ' => "Dz",
        'ǳ' => "dz",
        'Ǆ' => "DŽ",
        'ǅ' => "Dž",
        'ǆ' => "dž",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' => "ſt",
        'ﬆ' => "st",
        _ => "",
    };
    if !ligature.is_empty() {
        out.push_str(ligature);
    } else if ch == '\u{3000}' {
        out.push(' ');
    } else if ('\u{FF01}'..='\u{FFEF}').contains(&ch) {
        // Fullwidth ASCII and halfwidth katakana/hangul: ftfy maps each to its NFKC form.
        out.extend(std::iter::once(ch).nfkc());
    } else {
        out.push(ch);
    }
}

/// ftfy's `uncurl_quotes`.
fn uncurl_quotes(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            '\u{02BC}' | '\u{2018}'..='\u{201B}' => '\'',
            '\u{201C}'..='\u{201F}' => '"',
            other => other,
        })
        .collect()
}

/// ftfy's `fix_line_breaks`.
fn fix_line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}', '\u{85}'], "\n")
}

/// ftfy's `remove_control_chars`: controls with no visible effect, but not the whitespace ones,
/// the joiners and bidi marks, or the C1 range (already mapped by `fix_c1_controls`).
fn is_removed_control(ch: char) -> bool {
    matches!(ch,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{E}'..='\u{1F}' | '\u{7F}' | '\u{206A}'..='\u{206F}' | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFC}')
}

/// `text` in pieces of at most `size` characters.
fn chunks(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.char_indices().nth(size).map_or(rest.len(), |(i, _)| i);
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

fn lookup(table: &'static [(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    table.binary_search_by(|(key, _)| (*key).cmp(name)).ok().map(|i| table[i].1)
}

/// One reference `html.unescape` found (without its `&`): `#65`, `#x41;`, `amp;`, `ampx`.
fn replace_charref(reference: &str) -> String {
    if let Some(number) = reference.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        // Too many digits for u32 means far above U+10FFFF, which Python also replaces.
        let code = u32::from_str_radix(digits.trim_end_matches(';'), radix).unwrap_or(u32::MAX);
        if let Ok(i) = REMAPPED_CHARREFS.binary_search_by_key(&code, |(c, _)| *c) {
            return REMAPPED_CHARREFS[i].1.to_string();
        }
        if (0xD800..=0xDFFF).contains(&code) || code > 0x10FFFF {
            return "\u{FFFD}".to_string();
        }
        if DROPPED_CODEPOINTS.binary_search(&code).is_ok() {
            return String::new();
        }
        return char::from_u32(code).map(String::from).unwrap_or_else(|| "\u{FFFD}".to_string());
    }
    if let Some(decoded) = lookup(HTML5, reference) {
        return decoded.to_string();
    }
    // The longest prefix that is a name HTML5 allows without `;`, then the rest as it is.
    let ends: Vec<usize> = reference.char_indices().map(|(i, _)| i).skip(2).collect();
    for &end in ends.iter().rev() {
        if let Some(decoded) = lookup(HTML5, &reference[..end]) {
            return format!("{decoded}{}", &reference[end..]);
        }
    }
    format!("&{reference}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        Cleaner::new().unwrap().clean(text)
    }

    #[test]
    fn collapses_whitespace_and_lowers_case() {
        assert_eq!(clean("  A\tPhoto\u{a0}\u{3000}of\n\n a  CAT  "), "a photo of a cat");
        assert_eq!(clean(""), "");
        assert_eq!(clean(" \t\n "), "");
    }

    #[test]
    fn decodes_html_like_python_and_ftfy() {
        assert_eq!(clean("Fish &amp; Chips"), "fish & chips");
        // ftfy unescapes first, so the curly quote it yields is straightened.
        assert_eq!(clean("&ldquo;hi&rdquo; it&#x2019;s"), "\"hi\" it's");
        // A line with `<` keeps ftfy's hands off; html.unescape still decodes, quotes stay curly.
        assert_eq!(clean("<b> &ldquo;hi&rdquo;"), "<b> \u{201c}hi\u{201d}");
        assert_eq!(clean("P&EACUTE;REZ"), "pérez");
        assert_eq!(clean("&ampx &notit; &#65;&#x42;&#0;&#128;"), "&x ¬it; ab\u{fffd}€");
        // Unescaped twice: &amp;lt; becomes <.
        assert_eq!(clean("a &amp;lt; b"), "a < b");
        assert_eq!(clean("&#1114112; &#x1; &unknown;"), "\u{fffd} &unknown;");
    }

    #[test]
    fn splits_long_lines_as_ftfy_does() {
        assert_eq!(chunks("abcdefg", 3).collect::<Vec<_>>(), ["abc", "def", "g"]);
        assert_eq!(chunks("éèê", 2).collect::<Vec<_>>(), ["éè", "ê"]);
        assert_eq!(chunks("", 2).count(), 0);
    }

    #[test]
    fn applies_ftfys_character_fixes() {
        assert_eq!(clean("ﬁne ＬＯＵＤ　ＮＯＩＳＥＳ"), "fine loud noises");
        assert_eq!(clean("\u{1b}[36mblue\u{1b}[0m"), "blue");
        assert_eq!(clean("e\u{301}te\u{301}"), "été");
        assert_eq!(clean("a\u{feff}b\u{7}c"), "abc");
        assert_eq!(clean("\u{93}quoted\u{94}"), "\"quoted\"");
    }
}
