//! ftfy's mojibake repair (`fix_encoding`), step for step: text that looks like UTF-8 read with
//! the wrong single-byte codec ("cafÃ©") is encoded back with that codec and decoded as UTF-8.
//! The patterns and codec tables are ftfy's own, generated into `ftfy_tables.rs`.

use super::ftfy_tables::{
    ALTERED_UTF8, BADNESS, CHARMAPS, LOSSY_UTF8, UTF8_CONTINUATION, UTF8_CONTINUATION_STRICT, UTF8_FIRST_OF_2,
    UTF8_FIRST_OF_3, UTF8_FIRST_OF_4, WINDOWS_1252,
};
use regex::Regex;
use std::collections::HashMap;

/// ftfy repeats its one step until the text stops changing; it always settles within a few
/// rounds, this bound only guards against a loop.
const MAX_ROUNDS: usize = 64;

/// One of the single-byte codecs ftfy tries.
#[derive(Debug, Clone)]
struct Charmap {
    name: &'static str,
    /// ftfy's `sloppy-` codecs: undefined bytes pass through as Latin-1, and byte 0x1A stands
    /// for U+FFFD so that text already damaged by a replacement can still be re-encoded.
    sloppy: bool,
    high: &'static [char; 128],
    encode: HashMap<char, u8>,
}

impl Charmap {
    /// ftfy's `possible_encoding`: every character is one this codec can produce.
    fn can_encode(&self, text: &str) -> bool {
        text.chars().all(|ch| match ch {
            '\u{1a}' => !self.sloppy,
            '\u{fffd}' if self.sloppy => true,
            ch if ch.is_ascii() => true,
            ch => self.encode.contains_key(&ch),
        })
    }

    fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .map(|ch| match ch {
                '\u{fffd}' if self.sloppy => 0x1a,
                ch if ch.is_ascii() => ch as u8,
                ch => self.encode.get(&ch).copied().unwrap_or(b'?'),
            })
            .collect()
    }

    fn decode_high(&self, byte: u8) -> char {
        byte.checked_sub(0x80).map(|i| self.high[usize::from(i)]).unwrap_or(char::from(byte))
    }
}

#[derive(Debug, Clone)]
pub(super) struct Mojibake {
    badness: Regex,
    /// ftfy's `UTF8_DETECTOR_RE` without its look-behind, anchored: the look-behind is checked by
    /// hand, as the regex crate has none.
    utf8_sequence: Regex,
    continuation_strict: Regex,
    altered_utf8: regex::bytes::Regex,
    lossy_utf8: regex::bytes::Regex,
    charmaps: Vec<Charmap>,
}

impl Mojibake {
    pub(super) fn new() -> Result<Mojibake, regex::Error> {
        let charmaps = CHARMAPS
            .iter()
            .map(|(name, high)| Charmap {
                name,
                sloppy: name.starts_with("sloppy"),
                high,
                encode: high.iter().enumerate().map(|(i, &ch)| (ch, 0x80 + i as u8)).collect(),
            })
            .collect();
        let utf8_sequence = format!(
            "^(?:{UTF8_FIRST_OF_2}{UTF8_CONTINUATION}|{UTF8_FIRST_OF_3}{UTF8_CONTINUATION}{{2}}|\
             {UTF8_FIRST_OF_4}{UTF8_CONTINUATION}{{3}})+"
        );
        Ok(Mojibake {
            badness: regex::RegexBuilder::new(BADNESS).size_limit(64 << 20).build()?,
            utf8_sequence: Regex::new(&utf8_sequence)?,
            continuation_strict: Regex::new(&format!("^{UTF8_CONTINUATION_STRICT}$"))?,
            altered_utf8: regex::bytes::Regex::new(ALTERED_UTF8)?,
            lossy_utf8: regex::bytes::Regex::new(LOSSY_UTF8)?,
            charmaps,
        })
    }

    /// ftfy's `fix_encoding`.
    pub(super) fn fix_encoding(&self, text: &str) -> String {
        let mut text = text.to_string();
        for _ in 0..MAX_ROUNDS {
            match self.fix_one_step(&text) {
                Some(fixed) if fixed != text => text = fixed,
                _ => break,
            }
        }
        text
    }

    /// ftfy's `is_bad`.
    fn is_bad(&self, text: &str) -> bool {
        self.badness.is_match(text)
    }

    /// ftfy's `_fix_encoding_one_step_and_explain`; None when it leaves the text alone.
    fn fix_one_step(&self, text: &str) -> Option<String> {
        if text.is_ascii() || !self.is_bad(text) {
            return None;
        }
        let mut latin_1_possible = false;
        // Most likely: UTF-8 that was decoded with one of these codecs.
        for charmap in &self.charmaps {
            if !charmap.can_encode(text) {
                continue;
            }
            latin_1_possible |= charmap.name == "latin-1";
            let mut bytes = charmap.encode(text);
            if charmap.name != "macroman" && self.altered_utf8.is_match(&bytes) {
                bytes = self.restore_byte_a0(&bytes);
            }
            if charmap.sloppy {
                bytes = self.lossy_utf8.replace_all(&bytes, "\u{fffd}".as_bytes()).into_owned();
            }
            let decoded = if bytes.contains(&0xed) || bytes.contains(&0xc0) {
                decode_utf8_variants(&bytes)
            } else {
                String::from_utf8(bytes).ok()
            };
            if decoded.is_some() {
                return decoded;
            }
        }
        // Then pieces of mojibake inside otherwise good text, fixed one by one.
        let fixed = self.decode_inconsistent_utf8(text);
        if fixed != text {
            return Some(fixed);
        }
        // Latin-1 text holding C1 controls was probably meant as Windows-1252. (ftfy's list
        // names "sloppy-windows-1252", so its "windows-1252 also possible" exit never happens.)
        if latin_1_possible {
            if let Some(fixed) = latin_1_as_windows_1252(text).filter(|fixed| fixed != text) {
                return Some(fixed);
            }
        }
        if text.chars().any(is_c1) {
            return Some(self.fix_c1_controls(text));
        }
        None
    }

    /// ftfy's `decode_inconsistent_utf8`: each run that looks like UTF-8 mojibake and is bad on
    /// its own is fixed on its own. A run may not start right after a continuation character.
    fn decode_inconsistent_utf8(&self, text: &str) -> String {
        let length = text.chars().count();
        let mut out = String::with_capacity(text.len());
        let mut position = 0;
        let mut previous: Option<char> = None;
        while let Some(ch) = text[position..].chars().next() {
            let may_start = previous.is_none_or(|p| !self.continuation_strict.is_match(p.encode_utf8(&mut [0; 4])));
            if let Some(found) = may_start.then(|| self.utf8_sequence.find(&text[position..])).flatten() {
                let run = found.as_str();
                if run.chars().count() < length && self.is_bad(run) {
                    out.push_str(&self.fix_encoding(run));
                } else {
                    out.push_str(run);
                }
                previous = run.chars().last();
                position += found.end();
            } else {
                out.push(ch);
                previous = Some(ch);
                position += ch.len_utf8();
            }
        }
        out
    }

    /// ftfy's `restore_byte_a0`: where a Windows program turned byte A0 (part of a UTF-8
    /// sequence) into a space, put it back. " Ã " alone is "à", except before the Portuguese
    /// words where it is not.
    fn restore_byte_a0(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len() + 4);
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == 0xc3 && bytes.get(i + 1) == Some(&b' ') {
                let rest = &bytes[i + 2..];
                let excepted =
                    [&b" "[..], b"quele", b"quela", b"quilo", b"s "].iter().any(|word| rest.starts_with(word));
                if !excepted {
                    out.extend_from_slice(b"\xc3\xa0 ");
                    i += 2;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        self.altered_utf8
            .replace_all(&out, |found: &regex::bytes::Captures<'_>| {
                found[0].iter().map(|&b| if b == b' ' { 0xa0 } else { b }).collect::<Vec<u8>>()
            })
            .into_owned()
    }

    /// ftfy's `fix_c1_controls`: C1 controls read as the Windows-1252 characters they stand for.
    pub(super) fn fix_c1_controls(&self, text: &str) -> String {
        let Some(windows) = self.charmaps.iter().find(|c| c.name == "sloppy-windows-1252") else {
            return text.to_string();
        };
        text.chars().map(|ch| if is_c1(ch) { windows.decode_high(ch as u8) } else { ch }).collect()
    }
}

fn is_c1(ch: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&ch)
}

/// Python's `text.encode("latin-1").decode("windows-1252")`, strict: None where a byte has no
/// Windows-1252 character. The caller has checked the text is Latin-1.
fn latin_1_as_windows_1252(text: &str) -> Option<String> {
    text.chars().map(|ch| if is_c1(ch) { WINDOWS_1252[ch as usize - 0x80] } else { Some(ch) }).collect()
}

/// ftfy's `utf-8-variants` codec: UTF-8 that also accepts Java's C0 80 for NUL and CESU-8's
/// surrogate pairs (each half encoded on its own). None where Python would raise.
fn decode_utf8_variants(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        let Some(special) = (0..rest.len()).find(|&i| is_special(rest, i)) else {
            out.push_str(std::str::from_utf8(rest).ok()?);
            break;
        };
        if special > 0 {
            out.push_str(std::str::from_utf8(&rest[..special]).ok()?);
            rest = &rest[special..];
            continue;
        }
        if rest[0] == 0xc0 {
            if rest.len() < 2 {
                return None;
            }
            out.push('\0');
            rest = &rest[2..];
        } else if rest.len() >= 6 && is_cesu8(rest) {
            let code = ((u32::from(rest[1]) & 0x0f) << 16)
                + ((u32::from(rest[2]) & 0x3f) << 10)
                + ((u32::from(rest[4]) & 0x0f) << 6)
                + (u32::from(rest[5]) & 0x3f)
                + 0x10000;
            out.push(char::from_u32(code)?);
            rest = &rest[6..];
        } else {
            // A lone surrogate, which Python's UTF-8 decoder refuses.
            return None;
        }
    }
    Some(out)
}

/// Python's `$` in a bytes pattern: the end, or just before a final newline.
fn at_end(bytes: &[u8], i: usize) -> bool {
    i == bytes.len() || (i + 1 == bytes.len() && bytes[i] == b'\n')
}

fn byte_in(bytes: &[u8], i: usize, low: u8, high: u8) -> bool {
    bytes.get(i).is_some_and(|b| (low..=high).contains(b))
}

/// Where the codec's special sequences start: `C0 (80|$)`, or `ED ([A0-BF]|$) ([80-BF]|$)`
/// (a CESU-8 pair starts with the latter too).
fn is_special(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        0xc0 => byte_in(bytes, i + 1, 0x80, 0x80) || at_end(bytes, i + 1),
        0xed => {
            (byte_in(bytes, i + 1, 0xa0, 0xbf) && (byte_in(bytes, i + 2, 0x80, 0xbf) || at_end(bytes, i + 2)))
                || at_end(bytes, i + 1)
        }
        _ => false,
    }
}

/// `ED [A0-AF] [80-BF] ED [B0-BF] [80-BF]`, each byte after the first also allowed to be
/// Python's `$`; with six bytes or more only the last can be.
fn is_cesu8(bytes: &[u8]) -> bool {
    bytes[0] == 0xed
        && byte_in(bytes, 1, 0xa0, 0xaf)
        && byte_in(bytes, 2, 0x80, 0xbf)
        && bytes[3] == 0xed
        && byte_in(bytes, 4, 0xb0, 0xbf)
        && (byte_in(bytes, 5, 0x80, 0xbf) || at_end(bytes, 5))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fix(text: &str) -> String {
        Mojibake::new().unwrap().fix_encoding(text)
    }

    #[test]
    fn repairs_utf8_read_with_the_wrong_codec() {
        assert_eq!(fix("cafÃ©"), "café");
        assert_eq!(fix("sÃ³"), "só");
        assert_eq!(fix("âœ” No problems"), "✔ No problems");
        assert_eq!(fix("voilÃ le travail"), "voilà le travail");
        assert_eq!(fix("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Привет");
    }

    #[test]
    fn leaves_real_text_alone() {
        for text in ["café", "naïve résumé", "Привет мир", "東京", "a photo of a cat", "10°C", "½ ¾", ""]
        {
            assert_eq!(fix(text), text);
        }
    }

    #[test]
    fn decodes_cesu8_and_java_nul() {
        assert_eq!(decode_utf8_variants(b"a\xed\xa0\xbd\xed\xb8\x80b").unwrap(), "a😀b");
        assert_eq!(decode_utf8_variants(b"a\xc0\x80b").unwrap(), "a\0b");
        assert_eq!(decode_utf8_variants(b"a\xed\xa0\xbd"), None);
        assert_eq!(decode_utf8_variants(b"plain \xc3\xa9").unwrap(), "plain é");
    }
}
