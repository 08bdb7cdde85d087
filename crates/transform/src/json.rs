//! A small, iterative JSON parser producing a flat "tape" of nodes that borrow from the input.
//!
//! It exists for speed (no per-value allocation) and for exact control over the contract's
//! edge cases: numbers are kept as text (never converted to a float), lone surrogates are
//! rejected, and nesting deeper than [`MAX_DEPTH`] is an error instead of a stack overflow.

use std::borrow::Cow;

/// Maximum nesting of arrays/objects accepted (the same order as serde_json's default limit).
pub(crate) const MAX_DEPTH: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// One tape entry.
///
/// * `String`: `a..b` is the raw content between the quotes, `escaped` tells whether it
///   contains backslash escapes.
/// * `Number`: `a..b` is the literal.
/// * `Object` / `Array`: `a` is the number of members (objects: key/value pairs), `b` is the
///   index of the first node after the container.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub escaped: bool,
    pub a: u32,
    pub b: u32,
}

/// A JSON syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub offset: usize,
    pub message: &'static str,
}

/// A parsed document: the source text and its tape (node 0 is the root).
pub(crate) struct Doc<'s, 't> {
    pub src: &'s str,
    pub nodes: &'t [Node],
}

const WS: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

struct Parser<'s, 't> {
    bytes: &'s [u8],
    pos: usize,
    nodes: &'t mut Vec<Node>,
    /// Open containers: (node index, members so far, is an object).
    stack: Vec<(u32, u32, bool)>,
}

fn err<T>(offset: usize, message: &'static str) -> Result<T, SyntaxError> {
    Err(SyntaxError { offset, message })
}

/// Parses `src` into `nodes` (cleared first).
///
/// # Errors
/// Any deviation from RFC 8259 JSON, a lone surrogate escape, nesting deeper than
/// [`MAX_DEPTH`], or an input larger than 4 GiB.
pub(crate) fn parse(src: &str, nodes: &mut Vec<Node>) -> Result<(), SyntaxError> {
    nodes.clear();
    if u32::try_from(src.len()).is_err() {
        return err(0, "input too large");
    }
    let mut p = Parser {
        bytes: src.as_bytes(),
        pos: 0,
        nodes,
        stack: Vec::new(),
    };
    p.run()
}

impl Parser<'_, '_> {
    #[inline]
    fn skip_ws(&mut self) {
        while let Some(&c) = self.bytes.get(self.pos) {
            if !WS[c as usize] {
                break;
            }
            self.pos += 1;
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn push(&mut self, kind: Kind, escaped: bool, a: usize, b: usize) {
        // Offsets fit in u32: the input length was checked in `parse`.
        self.nodes.push(Node {
            kind,
            escaped,
            a: a as u32,
            b: b as u32,
        });
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        // State machine: parse a value, then look at the innermost open container.
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.open(Kind::Object)?;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.close();
                    } else {
                        self.key()?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.open(Kind::Array)?;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.close();
                    } else {
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let (s, e, esc) = self.string()?;
                    self.push(Kind::String, esc, s, e);
                }
                Some(b't') => self.literal(b"true", Kind::True)?,
                Some(b'f') => self.literal(b"false", Kind::False)?,
                Some(b'n') => self.literal(b"null", Kind::Null)?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                    self.push(Kind::Number, false, start, self.pos);
                }
                Some(_) => return err(start, "expected a value"),
                None => return err(start, "unexpected end of input"),
            }
            // After a value: close containers or move to the next member.
            loop {
                let Some(&(_, _, is_object)) = self.stack.last() else {
                    self.skip_ws();
                    if self.pos != self.bytes.len() {
                        return err(self.pos, "trailing characters after the JSON value");
                    }
                    return Ok(());
                };
                self.skip_ws();
                match (is_object, self.peek()) {
                    (true, Some(b',')) => {
                        self.pos += 1;
                        self.count_member();
                        self.skip_ws();
                        self.key()?;
                        continue 'value;
                    }
                    (true, Some(b'}')) => {
                        self.pos += 1;
                        self.count_member();
                        self.close();
                    }
                    (false, Some(b',')) => {
                        self.pos += 1;
                        self.count_member();
                        continue 'value;
                    }
                    (false, Some(b']')) => {
                        self.pos += 1;
                        self.count_member();
                        self.close();
                    }
                    (_, None) => return err(self.pos, "unexpected end of input"),
                    _ => return err(self.pos, "expected ',' or a closing bracket"),
                }
            }
        }
    }

    fn open(&mut self, kind: Kind) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return err(self.pos, "nesting too deep");
        }
        self.stack
            .push((self.nodes.len() as u32, 0, kind == Kind::Object));
        self.push(kind, false, 0, 0);
        Ok(())
    }

    #[inline]
    fn count_member(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            top.1 += 1;
        }
    }

    fn close(&mut self) {
        if let Some((top, count, _)) = self.stack.pop() {
            let end = self.nodes.len() as u32;
            if let Some(n) = self.nodes.get_mut(top as usize) {
                n.a = count;
                n.b = end;
            }
        }
    }

    /// Parses `"key" :` and pushes the key node.
    fn key(&mut self) -> Result<(), SyntaxError> {
        if self.peek() != Some(b'"') {
            return err(self.pos, "expected a member name");
        }
        let (s, e, esc) = self.string()?;
        self.push(Kind::String, esc, s, e);
        self.skip_ws();
        if self.peek() != Some(b':') {
            return err(self.pos, "expected ':'");
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self, word: &[u8], kind: Kind) -> Result<(), SyntaxError> {
        let start = self.pos;
        if self.bytes.get(start..start + word.len()) == Some(word) {
            self.pos += word.len();
            self.push(kind, false, start, self.pos);
            Ok(())
        } else {
            err(start, "invalid literal")
        }
    }

    fn digits(&mut self) -> usize {
        let s = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - s
    }

    fn number(&mut self) -> Result<(), SyntaxError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return err(self.pos, "invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return err(self.pos, "invalid number");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return err(self.pos, "invalid number");
            }
        }
        Ok(())
    }

    /// Scans a string starting at the opening quote; returns (content start, content end,
    /// has escapes). The input is already known to be valid UTF-8.
    fn string(&mut self) -> Result<(usize, usize, bool), SyntaxError> {
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        loop {
            self.pos = skip_plain(self.bytes, self.pos);
            match self.peek() {
                Some(b'"') => {
                    let end = self.pos;
                    self.pos += 1;
                    return Ok((start, end, escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                Some(_) => return err(self.pos, "control character in string"),
                None => return err(self.pos, "unterminated string"),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let Some(h) = self.bytes.get(self.pos..self.pos + 4) else {
            return err(self.pos, "invalid \\u escape");
        };
        let mut v = 0u32;
        for &c in h {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return err(self.pos, "invalid \\u escape"),
            };
            v = v * 16 + u32::from(d);
        }
        self.pos += 4;
        Ok(v)
    }

    /// Validates one escape sequence starting at the backslash.
    fn escape(&mut self) -> Result<(), SyntaxError> {
        self.pos += 1;
        match self.peek() {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.pos += 1;
                Ok(())
            }
            Some(b'u') => {
                self.pos += 1;
                let v = self.hex4()?;
                if (0xDC00..0xE000).contains(&v) {
                    return err(self.pos, "lone surrogate in \\u escape");
                }
                if (0xD800..0xDC00).contains(&v) {
                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return err(self.pos, "lone surrogate in \\u escape");
                    }
                    self.pos += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return err(self.pos, "lone surrogate in \\u escape");
                    }
                }
                Ok(())
            }
            _ => err(self.pos, "invalid escape"),
        }
    }
}

/// High bits set for bytes of `v` that are `"`, `\` or below 0x20 (exact for the lowest
/// flagged byte, which is all the callers use).
#[inline(always)]
fn special_mask(v: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = v ^ (ONES * u64::from(b'"'));
    let bslash = v ^ (ONES * u64::from(b'\\'));
    // Bytes >= 0x80 are excluded by `!v`.
    (v.wrapping_sub(ONES * 0x20) | quote.wrapping_sub(ONES) | bslash.wrapping_sub(ONES)) & !v & HIGH
}

#[inline(always)]
fn load(chunk: &[u8]) -> u64 {
    chunk.try_into().map(u64::from_le_bytes).unwrap_or(0)
}

/// Returns the position of the first byte at or after `pos` that is `"`, `\` or a control
/// character (or `bytes.len()`). Processes 16 bytes at a time.
#[inline]
fn skip_plain(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(chunk) = bytes.get(pos..pos + 16) {
        let (a, b) = chunk.split_at(8);
        let (ma, mb) = (special_mask(load(a)), special_mask(load(b)));
        if ma | mb != 0 {
            return if ma != 0 {
                pos + (ma.trailing_zeros() / 8) as usize
            } else {
                pos + 8 + (mb.trailing_zeros() / 8) as usize
            };
        }
        pos += 16;
    }
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let m = special_mask(load(chunk));
        if m != 0 {
            return pos + (m.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&c) = bytes.get(pos) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

impl<'s> Doc<'s, '_> {
    #[inline]
    pub fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    #[inline]
    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.nodes.get(i).map(|n| n.kind)
    }

    /// Index of the node following node `i` (skipping a container's content).
    #[inline]
    pub fn next(&self, i: usize) -> usize {
        match self.nodes.get(i) {
            Some(n) if matches!(n.kind, Kind::Object | Kind::Array) => n.b as usize,
            _ => i + 1,
        }
    }

    /// The raw text of a string (without quotes, escapes not decoded) or number node.
    #[inline]
    pub fn raw(&self, i: usize) -> &'s str {
        match self.nodes.get(i) {
            Some(n) => self.src.get(n.a as usize..n.b as usize).unwrap_or(""),
            None => "",
        }
    }

    /// The decoded value of a string node.
    pub fn string(&self, i: usize) -> Cow<'s, str> {
        let raw = self.raw(i);
        match self.nodes.get(i) {
            Some(n) if n.escaped => Cow::Owned(unescape(raw)),
            _ => Cow::Borrowed(raw),
        }
    }

    /// Members of object node `i` as (key node, value node) pairs, in input order.
    pub fn members(&self, i: usize) -> Members<'_, 's> {
        let (cur, end) = match self.nodes.get(i) {
            Some(n) if n.kind == Kind::Object => (i + 1, n.b as usize),
            _ => (0, 0),
        };
        Members {
            doc: self,
            cur,
            end,
            _s: std::marker::PhantomData,
        }
    }

    /// Elements of array node `i`, in order.
    pub fn elements(&self, i: usize) -> Elements<'_, 's> {
        let (cur, end) = match self.nodes.get(i) {
            Some(n) if n.kind == Kind::Array => (i + 1, n.b as usize),
            _ => (0, 0),
        };
        Elements {
            doc: self,
            cur,
            end,
            _s: std::marker::PhantomData,
        }
    }

    /// Does string node `i` decode to `key`?
    #[inline]
    pub fn key_is(&self, i: usize, key: &str) -> bool {
        match self.nodes.get(i) {
            Some(n) if n.escaped => unescape(self.raw(i)) == key,
            Some(_) => self.raw(i) == key,
            None => false,
        }
    }

    /// The values of several members of object `obj` in one pass (the last one when a name
    /// repeats).
    pub fn fields<const N: usize>(&self, obj: usize, names: [&str; N]) -> [Option<usize>; N] {
        let mut found = [None; N];
        for (k, v) in self.members(obj) {
            let escaped = self.node(k).is_none_or(|n| n.escaped);
            let decoded;
            let key: &str = if escaped {
                decoded = self.string(k);
                &decoded
            } else {
                self.raw(k)
            };
            for (slot, name) in found.iter_mut().zip(names) {
                if key.len() == name.len() && key.bytes().zip(name.bytes()).all(|(a, b)| a == b) {
                    *slot = Some(v);
                }
            }
        }
        found
    }

    /// The value of member `key` of object `obj` (the last one when the name repeats).
    pub fn get(&self, obj: usize, key: &str) -> Option<usize> {
        let mut found = None;
        for (k, v) in self.members(obj) {
            if self.key_is(k, key) {
                found = Some(v);
            }
        }
        found
    }
}

pub(crate) struct Members<'d, 's> {
    doc: &'d Doc<'s, 'd>,
    cur: usize,
    end: usize,
    _s: std::marker::PhantomData<&'s ()>,
}

impl Iterator for Members<'_, '_> {
    type Item = (usize, usize);
    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        if self.cur >= self.end {
            return None;
        }
        let k = self.cur;
        let v = k + 1;
        self.cur = self.doc.next(v);
        Some((k, v))
    }
}

pub(crate) struct Elements<'d, 's> {
    doc: &'d Doc<'s, 'd>,
    cur: usize,
    end: usize,
    _s: std::marker::PhantomData<&'s ()>,
}

impl Iterator for Elements<'_, '_> {
    type Item = usize;
    #[inline]
    fn next(&mut self) -> Option<usize> {
        if self.cur >= self.end {
            return None;
        }
        let v = self.cur;
        self.cur = self.doc.next(v);
        Some(v)
    }
}

fn hex_val(h: &[u8]) -> u32 {
    h.iter().fold(0u32, |acc, &c| {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => 0,
        };
        acc * 16 + u32::from(d)
    })
}

/// Decodes the escapes of raw string content that the parser already validated.
pub(crate) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(p) = rest.find('\\') {
        out.push_str(rest.get(..p).unwrap_or(""));
        let b = rest.as_bytes();
        let mut used = 2;
        match b.get(p + 1) {
            Some(b'b') => out.push('\u{8}'),
            Some(b'f') => out.push('\u{c}'),
            Some(b'n') => out.push('\n'),
            Some(b'r') => out.push('\r'),
            Some(b't') => out.push('\t'),
            Some(b'u') => {
                let hi = b.get(p + 2..p + 6).map(hex_val).unwrap_or(0xFFFD);
                used = 6;
                let cp = if (0xD800..0xDC00).contains(&hi) {
                    let lo = b.get(p + 8..p + 12).map(hex_val).unwrap_or(0);
                    used = 12;
                    0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF)
                } else {
                    hi
                };
                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
            }
            Some(&c) => out.push(char::from(c)),
            None => {}
        }
        rest = rest.get(p + used..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Appends `s` as a JSON string literal (contract escaping: `"` `\` and control characters
/// only; everything else raw UTF-8).
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut pos = 0;
    loop {
        pos = skip_plain(bytes, pos);
        let Some(&c) = bytes.get(pos) else { break };
        out.extend_from_slice(bytes.get(start..pos).unwrap_or(&[]));
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xf)]);
            }
        }
        pos += 1;
        start = pos;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or(&[]));
    out.push(b'"');
}

/// Appends string node `i` of `doc` as a JSON string literal: unescaped raw content is copied
/// as is (it cannot contain `"`, `\` or control characters), escaped content is re-encoded.
#[inline]
pub(crate) fn write_node_str(out: &mut Vec<u8>, doc: &Doc<'_, '_>, i: usize) {
    match doc.node(i) {
        Some(n) if n.escaped => write_str(out, &unescape(doc.raw(i))),
        _ => {
            out.push(b'"');
            out.extend_from_slice(doc.raw(i).as_bytes());
            out.push(b'"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<Node> {
        let mut n = Vec::new();
        parse(s, &mut n).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        n
    }

    fn bad(s: &str) {
        let mut n = Vec::new();
        assert!(parse(s, &mut n).is_err(), "accepted {s:?}");
    }

    #[test]
    fn accepts_valid_json() {
        for s in [
            "{}",
            "[]",
            " {\"a\" : [1, -0.5e+3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]} ",
            "\"plain\"",
            "0",
            "[[[]]]",
            "{\"a\":{\"b\":{}}}",
        ] {
            ok(s);
        }
    }

    #[test]
    fn rejects_invalid_json() {
        for s in [
            "",
            "{",
            "{\"a\"}",
            "{\"a\":1,}",
            "[1,]",
            "01",
            "1.",
            ".5",
            "1e",
            "-",
            "NaN",
            "Infinity",
            "tru",
            "\"a",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "{} {}",
            "[1 2]",
            "\u{feff}{}",
        ] {
            bad(s);
        }
    }

    #[test]
    fn depth_limit_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        bad(&deep);
        let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        ok(&ok_depth);
        let too_deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        bad(&too_deep);
    }

    #[test]
    fn tape_navigation() {
        let src = r#"{"a":[1,{"x":2}],"b":"q\"z","a":3}"#;
        let nodes = ok(src);
        let doc = Doc { src, nodes: &nodes };
        assert_eq!(doc.members(0).count(), 3);
        let a = doc.get(0, "a").unwrap();
        assert_eq!(doc.raw(a), "3");
        let b = doc.get(0, "b").unwrap();
        assert_eq!(doc.string(b), "q\"z");
        let first = doc.members(0).next().unwrap().1;
        assert_eq!(doc.elements(first).count(), 2);
    }

    #[test]
    fn escaping_round_trip() {
        let mut out = Vec::new();
        write_str(&mut out, "a\"b\\c\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é😀");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}é😀\""
        );
        assert_eq!(unescape(r"\u00e9\ud83d\ude00\/\n"), "é😀/\n");
    }
}
