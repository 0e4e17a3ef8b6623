//! OpenAI CLIP's tokenizer: text cleaned as the reference cleans it, split by CLIP's pattern,
//! each piece's UTF-8 bytes mapped to printable characters and merged by byte-pair encoding into
//! vocabulary ids, framed by the start and end tokens and padded to the context length.

use super::clean::Cleaner;
use crate::error::MlError;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

pub const START_OF_TEXT: &str = "<|startoftext|>";
pub const END_OF_TEXT: &str = "<|endoftext|>";
/// The context length of every OpenAI CLIP text encoder.
pub const DEFAULT_CONTEXT_LENGTH: usize = 77;
/// Marks the last symbol of a word in the vocabulary and the merges.
const END_OF_WORD: &str = "</w>";
/// `simple_tokenizer.py`'s pattern, case-insensitive as there (`'S` is a suffix like `'s`).
const PATTERN: &str =
    r"(?i)<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+";
/// Words seen are remembered (as the reference does) up to this many; a search server sees an
/// unbounded stream of queries, so the memory is emptied when full.
const CACHE_LIMIT: usize = 20_000;

#[derive(Debug)]
pub struct ClipTokenizer {
    model: String,
    cleaner: Cleaner,
    pattern: Regex,
    /// The vocabulary id of each byte as a word-inner symbol and as a word's last symbol.
    byte_ids: [u32; 256],
    byte_end_ids: [u32; 256],
    /// (left id, right id) → (rank: lower merges first, id of the merged symbol).
    merges: HashMap<(u32, u32), (u32, u32)>,
    start: u32,
    end: u32,
    context_length: usize,
    cache: Mutex<HashMap<String, Vec<u32>>>,
}

impl ClipTokenizer {
    /// Loads the tokenizer of a model's `textual/` folder: `vocab.json` and `merges.txt`, or the
    /// vocabulary and merges inside `tokenizer.json` when those two are absent. `model` names the
    /// model in errors.
    pub fn load(dir: &Path, model: &str) -> Result<ClipTokenizer, MlError> {
        let vocab_path = dir.join("vocab.json");
        let merges_path = dir.join("merges.txt");
        let (vocab, merges) = if vocab_path.is_file() || merges_path.is_file() {
            let vocab: HashMap<String, u32> =
                serde_json::from_str(&read(&vocab_path, model)?).map_err(|e| file_error(model, &vocab_path, e))?;
            let merges = parse_merges_txt(&read(&merges_path, model)?)
                .map_err(|line| file_error(model, &merges_path, format!("line {line} is not two symbols")))?;
            (vocab, merges)
        } else {
            let path = dir.join("tokenizer.json");
            let parsed: TokenizerJson =
                serde_json::from_str(&read(&path, model)?).map_err(|e| file_error(model, &path, e))?;
            let merges = parsed
                .model
                .merges
                .into_iter()
                .map(|merge| match merge {
                    MergeJson::Pair(left, right) => Some((left, right)),
                    MergeJson::Line(line) => split_merge(&line),
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| file_error(model, &path, "a merge is not two symbols"))?;
            (parsed.model.vocab, merges)
        };
        ClipTokenizer::new(model, &vocab, &merges)
    }

    /// A tokenizer from a vocabulary (symbol → id) and the merges in priority order.
    pub fn new(
        model: &str,
        vocab: &HashMap<String, u32>,
        merges: &[(String, String)],
    ) -> Result<ClipTokenizer, MlError> {
        let invalid = |reason: String| MlError::ModelFile { model: model.to_string(), reason };
        let id = |symbol: &str| {
            vocab.get(symbol).copied().ok_or_else(|| invalid(format!("the vocabulary lacks the symbol {symbol:?}")))
        };
        // Ids go to the text encoder as int32.
        if let Some((symbol, _)) = vocab.iter().find(|(_, &id)| i32::try_from(id).is_err()) {
            return Err(invalid(format!("the vocabulary's id for {symbol:?} is out of range")));
        }
        let unicode = bytes_to_unicode();
        let mut byte_ids = [0u32; 256];
        let mut byte_end_ids = [0u32; 256];
        for (byte, ch) in unicode.iter().enumerate() {
            byte_ids[byte] = id(&ch.to_string())?;
            byte_end_ids[byte] = id(&format!("{ch}{END_OF_WORD}"))?;
        }
        let mut ranked = HashMap::with_capacity(merges.len());
        for (rank, (left, right)) in merges.iter().enumerate() {
            let pair = (id(left)?, id(right)?);
            let merged = id(&format!("{left}{right}"))?;
            // A repeated pair takes its last rank, as in the reference's dictionary.
            ranked.insert(pair, (rank as u32, merged));
        }
        if ranked.is_empty() {
            return Err(invalid("the tokenizer has no merges".into()));
        }
        let pattern = Regex::new(PATTERN).map_err(|e| invalid(format!("tokenizer pattern: {e}")))?;
        let cleaner = Cleaner::new().map_err(|e| invalid(format!("cleaning patterns: {e}")))?;
        Ok(ClipTokenizer {
            model: model.to_string(),
            cleaner,
            pattern,
            byte_ids,
            byte_end_ids,
            merges: ranked,
            start: id(START_OF_TEXT)?,
            end: id(END_OF_TEXT)?,
            context_length: DEFAULT_CONTEXT_LENGTH,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The same tokenizer producing `context_length` ids per text (from the model's config).
    pub fn with_context_length(mut self, context_length: usize) -> ClipTokenizer {
        // Room for at least the start and end tokens.
        self.context_length = context_length.max(2);
        self
    }

    pub fn context_length(&self) -> usize {
        self.context_length
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    /// The text as the reference tokenizer sees it before splitting it into words.
    pub fn clean(&self, text: &str) -> String {
        self.cleaner.clean(text)
    }

    /// The BPE ids of `text`, without start, end or padding.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let cleaned = self.cleaner.clean(text);
        let mut ids = Vec::new();
        for word in self.pattern.find_iter(&cleaned) {
            let word = word.as_str();
            match word {
                START_OF_TEXT => ids.push(self.start),
                END_OF_TEXT => ids.push(self.end),
                _ => ids.extend(self.bpe(word)),
            }
        }
        ids
    }

    /// What the text encoder takes: start, the BPE ids, end, then 0 up to the context length.
    /// Longer texts are cut, and the last id kept is the end token.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.context_length);
        ids.push(self.start);
        ids.extend(self.encode(text));
        ids.truncate(self.context_length - 1);
        ids.push(self.end);
        ids.resize(self.context_length, 0);
        ids
    }

    /// The ids of one word: its UTF-8 bytes as symbols (the last marked as ending the word),
    /// merged pair by pair, the pair with the lowest rank first, until no known pair is left.
    fn bpe(&self, word: &str) -> Vec<u32> {
        if let Some(ids) = self.cache.lock().ok().and_then(|cache| cache.get(word).cloned()) {
            return ids;
        }
        let bytes = word.as_bytes();
        let mut symbols: Vec<u32> = match bytes.split_last() {
            Some((&last, inner)) => {
                inner.iter().map(|&b| self.byte_ids[b as usize]).chain([self.byte_end_ids[last as usize]]).collect()
            }
            None => return Vec::new(),
        };
        while symbols.len() > 1 {
            let best = symbols
                .windows(2)
                .filter_map(|pair| self.merges.get(&(pair[0], pair[1])).map(|&(rank, merged)| (rank, pair, merged)))
                .min_by_key(|&(rank, _, _)| rank);
            let Some((_, pair, merged)) = best else { break };
            let (left, right) = (pair[0], pair[1]);
            let mut next = Vec::with_capacity(symbols.len());
            let mut i = 0;
            while i < symbols.len() {
                if i + 1 < symbols.len() && symbols[i] == left && symbols[i + 1] == right {
                    next.push(merged);
                    i += 2;
                } else {
                    next.push(symbols[i]);
                    i += 1;
                }
            }
            symbols = next;
        }
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(word.to_string(), symbols.clone());
        }
        symbols
    }
}

/// GPT-2's reversible map of bytes to printable characters: printable Latin-1 bytes stand for
/// themselves, the others for code points from U+0100 up, so no symbol is whitespace or control.
fn bytes_to_unicode() -> [char; 256] {
    let mut map = ['\0'; 256];
    let mut next = 256u32;
    for (byte, slot) in map.iter_mut().enumerate() {
        let printable = matches!(byte, 0x21..=0x7E | 0xA1..=0xAC | 0xAE..=0xFF);
        let code = if printable {
            byte as u32
        } else {
            next += 1;
            next - 1
        };
        *slot = char::from_u32(code).unwrap_or('\u{FFFD}');
    }
    map
}

/// `merges.txt`: a `#version` line, then one `left right` pair a line. Err: the first line
/// (from 1) that is neither.
fn parse_merges_txt(text: &str) -> Result<Vec<(String, String)>, usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with("#version") && !line.is_empty())
        .map(|(n, line)| split_merge(line).ok_or(n + 1))
        .collect()
}

fn split_merge(line: &str) -> Option<(String, String)> {
    let mut parts = line.split(' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(left), Some(right), None) if !left.is_empty() && !right.is_empty() => {
            Some((left.to_string(), right.to_string()))
        }
        _ => None,
    }
}

#[derive(serde::Deserialize)]
struct TokenizerJson {
    model: BpeJson,
}

#[derive(serde::Deserialize)]
struct BpeJson {
    vocab: HashMap<String, u32>,
    merges: Vec<MergeJson>,
}

/// Older `tokenizer.json` files write a merge as `"a b"`, newer ones as `["a", "b"]`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum MergeJson {
    Line(String),
    Pair(String, String),
}

fn read(path: &Path, model: &str) -> Result<String, MlError> {
    std::fs::read_to_string(path).map_err(|e| file_error(model, path, e))
}

fn file_error(model: &str, path: &Path, err: impl std::fmt::Display) -> MlError {
    MlError::ModelFile { model: model.to_string(), reason: format!("tokenizer file {}: {err}", path.display()) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A toy vocabulary: every byte symbol, the merges given, and the two special tokens.
    fn toy(merges: &[(&str, &str)]) -> ClipTokenizer {
        let mut vocab = HashMap::new();
        let unicode = bytes_to_unicode();
        for ch in unicode {
            let n = vocab.len() as u32;
            vocab.insert(ch.to_string(), n);
        }
        for ch in unicode {
            let n = vocab.len() as u32;
            vocab.insert(format!("{ch}{END_OF_WORD}"), n);
        }
        let merges: Vec<(String, String)> = merges.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        for (a, b) in &merges {
            let n = vocab.len() as u32;
            vocab.entry(format!("{a}{b}")).or_insert(n);
        }
        for special in [START_OF_TEXT, END_OF_TEXT] {
            let n = vocab.len() as u32;
            vocab.insert(special.to_string(), n);
        }
        ClipTokenizer::new("toy", &vocab, &merges).unwrap()
    }

    #[test]
    fn maps_every_byte_to_a_distinct_printable_character() {
        let map = bytes_to_unicode();
        let distinct: std::collections::HashSet<char> = map.iter().copied().collect();
        assert_eq!(distinct.len(), 256);
        assert_eq!(map[b'a' as usize], 'a');
        assert_eq!(map[b' ' as usize], 'Ġ');
        assert_eq!(map[0], 'Ā');
        assert!(map.iter().all(|c| !c.is_whitespace() && !c.is_control()));
    }

    #[test]
    fn merges_the_lowest_ranked_pair_first() {
        let tokenizer = toy(&[("l", "o"), ("lo", "w</w>"), ("o", "w</w>")]);
        let low = tokenizer.encode("low");
        assert_eq!(low.len(), 1, "lo+w</w> should win over o+w</w>: {low:?}");
        // "ow" only merges by the third rule.
        assert_eq!(tokenizer.encode("ow").len(), 1);
        assert_eq!(tokenizer.encode("lol").len(), 2);
    }

    #[test]
    fn frames_truncates_and_pads() {
        let tokenizer = toy(&[("x", "y")]).with_context_length(6);
        let start = tokenizer.start;
        let end = tokenizer.end;
        assert_eq!(tokenizer.tokenize(""), vec![start, end, 0, 0, 0, 0]);
        let long = tokenizer.tokenize("abcdefgh");
        assert_eq!(long.len(), 6);
        assert_eq!(long[0], start);
        assert_eq!(long[5], end);
        assert_eq!(tokenizer.encode("<|endoftext|>"), vec![end]);
    }

    #[test]
    fn reads_merges_txt_and_rejects_broken_lines() {
        let merges = parse_merges_txt("#version: 0.2\ni n\nt h\n").unwrap();
        assert_eq!(merges, vec![("i".to_string(), "n".to_string()), ("t".to_string(), "h".to_string())]);
        assert_eq!(parse_merges_txt("#version: 0.2\ni n\nthree parts here\n"), Err(3));
        assert_eq!(parse_merges_txt("i n\nlonely\n"), Err(2));
    }

    #[test]
    fn missing_symbols_are_a_model_file_error() {
        let mut vocab = HashMap::new();
        vocab.insert("a".to_string(), 0);
        let err = ClipTokenizer::new("toy", &vocab, &[]).unwrap_err();
        assert!(matches!(err, MlError::ModelFile { .. }), "{err:?}");
    }
}
