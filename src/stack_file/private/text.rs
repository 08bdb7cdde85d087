//! Walks over the text of a stack file that serde_json accepted: where JSON paths are, which
//! keys are given twice, and line and column of byte offsets.
//!
//! Each walk is one pass over the text with an explicit stack (no recursion), keeps no copy of
//! a path per value, and allocates only for what it is asked about: time linear in the text,
//! memory proportional to the paths asked for plus the keys of the objects open at one time.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// The steps of a JSON path as [`join`](super::super::parse::join) writes it: `a.b`, `a[3]`,
/// `a["x.y"]`; `""` and `"-"` are the whole document. A malformed path yields the steps read
/// before the malformed part.
pub(crate) fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    if path == "-" {
        return out;
    }
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            if r.starts_with('"') {
                let Some(end) = string_end(r.as_bytes(), 1) else {
                    return out;
                };
                let Ok(key) = serde_json::from_str::<String>(&r[..end]) else {
                    return out;
                };
                out.push(Seg::Key(key));
                rest = r[end..].strip_prefix(']').unwrap_or("");
            } else {
                let digits = r.bytes().take_while(u8::is_ascii_digit).count();
                let Ok(i) = r[..digits].parse() else {
                    return out;
                };
                out.push(Seg::Index(i));
                rest = r[digits..].strip_prefix(']').unwrap_or("");
            }
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let len = r.find(['.', '[']).unwrap_or(r.len());
            out.push(Seg::Key(r[..len].to_owned()));
            rest = &r[len..];
        }
    }
    out
}

/// The byte offset in `text` of each path: of the member's key for an object member, of the
/// value for an array element or the document; for a path (or part of one) the text does not
/// have, of its nearest enclosing value that it has. When a key is given twice, the first
/// counts. `text` must be JSON that serde_json accepted.
pub(crate) fn locate(text: &str, paths: &[&str]) -> Vec<usize> {
    struct Node {
        children: HashMap<Seg, usize>,
        offset: Option<usize>,
    }
    let mut trie = vec![Node {
        children: HashMap::new(),
        offset: None,
    }];
    let mut ends = Vec::with_capacity(paths.len());
    for path in paths {
        let mut node = 0;
        let mut route = vec![0];
        for seg in segments(path) {
            let next = trie.len();
            node = *trie[node].children.entry(seg).or_insert(next);
            if node == next {
                trie.push(Node {
                    children: HashMap::new(),
                    offset: None,
                });
            }
            route.push(node);
        }
        ends.push(route);
    }

    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    trie[0].offset = Some(pos);
    // The containers open around `pos`: their trie node and the index of the next element.
    let mut stack: Vec<(u8, usize, usize)> = Vec::new();
    let mut value_node = Some(0);
    loop {
        // At a value whose trie node is `value_node` (None: nobody asked about it).
        match (value_node, b.get(pos)) {
            (Some(n), Some(&open @ (b'{' | b'['))) if !trie[n].children.is_empty() => {
                stack.push((open, n, 0));
                pos += 1;
            }
            (_, Some(_)) => pos = skip_value(b, pos),
            (_, None) => break,
        }
        // To the next value to visit, closing containers on the way.
        value_node = None;
        loop {
            pos = skip_ws(b, pos);
            let Some(top) = stack.last_mut() else {
                break;
            };
            let (kind, node) = (top.0, top.1);
            match b.get(pos) {
                Some(b'}' | b']') => {
                    pos += 1;
                    stack.pop();
                    continue;
                }
                Some(b',') => {
                    pos += 1;
                    continue;
                }
                None => break,
                _ => {}
            }
            if kind == b'[' {
                let child = trie[node].children.get(&Seg::Index(top.2)).copied();
                top.2 += 1;
                if let Some(c) = child {
                    trie[c].offset.get_or_insert(pos);
                }
                value_node = child;
            } else {
                let key_start = pos;
                let end = string_end(b, pos + 1).unwrap_or(b.len());
                let child = trie[node]
                    .children
                    .get(&Seg::Key(decode_key(&text[key_start..end]).into_owned()))
                    .copied();
                if let Some(c) = child {
                    trie[c].offset.get_or_insert(key_start);
                }
                pos = skip_ws(b, end) + 1; // past ':'
                pos = skip_ws(b, pos);
                value_node = child;
            }
            break;
        }
        if stack.is_empty() && value_node.is_none() {
            break;
        }
    }
    ends.iter()
        .map(|route| {
            route
                .iter()
                .rev()
                .find_map(|&n| trie[n].offset)
                .unwrap_or(0)
        })
        .collect()
}

/// Keys given twice in one object: the JSON path of the member (built with `join`) and the
/// offset of the second key, in text order; at most `limit` of them, and how many more.
pub(crate) fn duplicate_keys(
    text: &str,
    limit: usize,
    join: impl Fn(&str, &str) -> String,
) -> (Vec<(String, usize)>, usize) {
    struct Open<'t> {
        /// The step that leads to this container (None for the document).
        step: Option<Step<'t>>,
        /// The keys seen so far, for an object.
        keys: Option<HashSet<Cow<'t, str>>>,
        index: usize,
    }
    enum Step<'t> {
        Key(Cow<'t, str>),
        Index(usize),
    }
    let path_of = |stack: &[Open<'_>], last: &str| {
        let mut p = String::new();
        for o in stack {
            match &o.step {
                Some(Step::Key(k)) => p = join(&p, k),
                Some(Step::Index(i)) => p.push_str(&format!("[{i}]")),
                None => {}
            }
        }
        join(&p, last)
    };
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut more = 0;
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut pos = skip_ws(b, 0);
    let mut step: Option<Step<'_>> = None;
    loop {
        match b.get(pos) {
            Some(b'{') => {
                stack.push(Open {
                    step: step.take(),
                    keys: Some(HashSet::new()),
                    index: 0,
                });
                pos += 1;
            }
            Some(b'[') => {
                stack.push(Open {
                    step: step.take(),
                    keys: None,
                    index: 0,
                });
                pos += 1;
            }
            Some(_) => pos = skip_value(b, pos),
            None => break,
        }
        step = None;
        loop {
            pos = skip_ws(b, pos);
            match b.get(pos) {
                Some(b'}' | b']') => {
                    pos += 1;
                    stack.pop();
                    continue;
                }
                Some(b',') => {
                    pos += 1;
                    continue;
                }
                _ => {}
            }
            let Some(top) = stack.last_mut() else { break };
            if top.keys.is_none() {
                step = Some(Step::Index(top.index));
                top.index += 1;
            } else {
                let start = pos;
                let end = string_end(b, pos + 1).unwrap_or(b.len());
                let key = decode_key(&text[start..end]);
                pos = skip_ws(b, end) + 1; // past ':'
                pos = skip_ws(b, pos);
                let fresh = top.keys.as_mut().is_some_and(|k| k.insert(key.clone()));
                if !fresh {
                    if found.len() < limit {
                        found.push((path_of(&stack, &key), start));
                    } else {
                        more += 1;
                    }
                }
                step = Some(Step::Key(key));
            }
            break;
        }
        if stack.is_empty() {
            break;
        }
    }
    (found, more)
}

/// The 1-based line and column (in characters) of each byte offset of `text`.
pub(crate) fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let b = text.as_bytes();
    let mut out = vec![(1, 1); offsets.len()];
    let (mut pos, mut line, mut column) = (0, 1, 1);
    for i in order {
        let target = offsets[i].min(b.len());
        while pos < target {
            if b[pos] == b'\n' {
                line += 1;
                column = 1;
            } else if b[pos] & 0xC0 != 0x80 {
                column += 1;
            }
            pos += 1;
        }
        out[i] = (line, column);
    }
    out
}

fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\r' | b'\n') {
        pos += 1;
    }
    pos
}

/// The offset just after the closing quote of the string whose content starts at `pos`.
fn string_end(b: &[u8], mut pos: usize) -> Option<usize> {
    while pos < b.len() {
        match b[pos] {
            b'\\' => pos += 2,
            b'"' => return Some(pos + 1),
            _ => pos += 1,
        }
    }
    None
}

/// The offset just after the value starting at `pos` (a container is skipped whole).
fn skip_value(b: &[u8], pos: usize) -> usize {
    match b.get(pos) {
        Some(b'"') => string_end(b, pos + 1).unwrap_or(b.len()),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut p = pos;
            while p < b.len() {
                match b[p] {
                    b'"' => {
                        p = string_end(b, p + 1).unwrap_or(b.len());
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return p + 1;
                        }
                    }
                    _ => {}
                }
                p += 1;
            }
            p
        }
        Some(_) => {
            let mut p = pos;
            while p < b.len() && !matches!(b[p], b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
            {
                p += 1;
            }
            p
        }
        None => pos,
    }
}

/// A key as written (with its quotes), decoded; borrowed when it has no escapes.
fn decode_key(raw: &str) -> Cow<'_, str> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    if inner.contains('\\') {
        Cow::Owned(serde_json::from_str(raw).unwrap_or_default())
    } else {
        Cow::Borrowed(inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(path: &str, key: &str) -> String {
        super::super::super::parse::join(path, key)
    }

    #[test]
    fn paths_split_into_their_steps() {
        assert_eq!(segments(""), []);
        assert_eq!(segments("-"), []);
        assert_eq!(
            segments(r#"constructs[4].destination["a.b"][2].x"#),
            [
                Seg::Key("constructs".into()),
                Seg::Index(4),
                Seg::Key("destination".into()),
                Seg::Key("a.b".into()),
                Seg::Index(2),
                Seg::Key("x".into()),
            ]
        );
    }

    #[test]
    fn members_are_placed_at_their_key_elements_at_their_value() {
        let text = "{\"a\": [1, {\"b\": 2}], \"c\\u0064\": 3, \"a\": 4}";
        let at = locate(
            text,
            &["", "a", "a[1]", "a[1].b", "cd", "a[1].missing", "zz[3]"],
        );
        assert_eq!(
            at,
            [
                0,
                text.find("\"a\"").unwrap(),
                text.find("{\"b\"").unwrap(),
                text.find("\"b\"").unwrap(),
                text.find("\"c\\").unwrap(),
                text.find("{\"b\"").unwrap(),
                0
            ]
        );
    }

    #[test]
    fn duplicates_are_found_in_every_object_with_their_path() {
        let text = r#"{"x": [{"k": 1, "k": 2}], "y": {"a.b": 1, "a.b": 2}, "x": 0}"#;
        let (found, more) = duplicate_keys(text, 10, join);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["x[0].k", "y[\"a.b\"]", "x"]);
        assert_eq!(more, 0);
        assert_eq!(found[0].1, text.rfind("\"k\"").unwrap());
        let (found, more) = duplicate_keys(text, 1, join);
        assert_eq!((found.len(), more), (1, 2));
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\n  \"é\": [\"ü\", 1]\n}";
        let one = text.find('1').unwrap();
        assert_eq!(line_columns(text, &[one, 0, 2]), [(2, 14), (1, 1), (2, 1)]);
    }
}
