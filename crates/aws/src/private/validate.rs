//! Range and pattern checks that report diagnostics instead of failing.

use ferrocdk_core::rules::Rule;
use ferrocdk_core::{Expr, SynthContext, Val};
use std::fmt::Display;

/// Reports `code` when a literal lies outside `min..=max`; expressions are not checked.
pub(crate) fn range<T: PartialOrd + Display + Copy>(
    ctx: &mut SynthContext<'_>,
    code: &'static Rule,
    property: &str,
    value: &Val<T>,
    min: T,
    max: T,
    note: &str,
) {
    if let Some(v) = value.literal() {
        if *v < min || *v > max {
            let allowed = if note.is_empty() {
                format!("{min}–{max}")
            } else {
                format!("{min}–{max} ({note})")
            };
            ctx.error(code, property, v.to_string(), allowed);
        }
    }
}

/// Reports `code` when a literal name is not `min..=max` characters of the allowed set.
pub(crate) fn name(
    ctx: &mut SynthContext<'_>,
    code: &'static Rule,
    property: &str,
    value: &Val<String>,
    (min, max): (usize, usize),
    allowed_char: fn(char) -> bool,
    charset: &str,
) {
    if let Some(v) = value.literal() {
        let len = v.chars().count();
        if len < min || len > max || !v.chars().all(allowed_char) {
            ctx.error(
                code,
                property,
                format!("{v:?}"),
                format!("{min}–{max} characters of {charset}"),
            );
        }
    }
}

/// Letters, digits, `_`, `.`, `-` (DynamoDB tables, Kinesis streams, Firehose streams).
pub(crate) fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// A piece of a string value: literal text, or a part known only at deploy time.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Literal text.
    Lit(String),
    /// A pseudo parameter (`AWS::Partition`, `AWS::Region`, …): never contains a `:`.
    Pseudo(&'static str),
    /// Any other intrinsic (`Ref`, `Fn::GetAtt`, `Fn::ImportValue`, …): anything.
    Opaque,
}

/// The alternatives an expression may take (both branches of an `Fn::If`), each as pieces.
pub(crate) fn alternatives(e: &Expr) -> Vec<Vec<Piece>> {
    match e {
        Expr::If(_, a, b) => {
            let mut out = alternatives(a);
            out.extend(alternatives(b));
            out
        }
        _ => {
            let mut out = Vec::new();
            pieces(e, &mut out);
            vec![out]
        }
    }
}

fn pieces(e: &Expr, out: &mut Vec<Piece>) {
    match e {
        Expr::Str(s) => push_lit(out, s),
        Expr::Pseudo(p) => out.push(Piece::Pseudo(p.name())),
        Expr::Join(sep, parts) => {
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    push_lit(out, sep);
                }
                pieces(p, out);
            }
        }
        _ => out.push(Piece::Opaque),
    }
}

fn push_lit(out: &mut Vec<Piece>, s: &str) {
    if let Some(Piece::Lit(prev)) = out.last_mut() {
        prev.push_str(s);
    } else if !s.is_empty() {
        out.push(Piece::Lit(s.to_owned()));
    }
}

/// Pieces as a Sub-like text for a diagnostic: `arn:${AWS::Partition}:…:stream/${…}`.
pub(crate) fn render(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.clone(),
            Piece::Pseudo(name) => format!("${{{name}}}"),
            Piece::Opaque => "${…}".to_owned(),
        })
        .collect()
}

/// The partitions AWS has, with the prefix their regions start with (`aws` takes every other
/// region). Source: the AWS SDKs' `partitions.json` (regionRegex of each partition).
const PARTITIONS: &[(&str, &str)] = &[
    ("aws", ""),
    ("aws-cn", "cn-"),
    ("aws-us-gov", "us-gov-"),
    ("aws-iso", "us-iso-"),
    ("aws-iso-b", "us-isob-"),
    ("aws-iso-e", "eu-isoe-"),
    ("aws-iso-f", "us-isof-"),
    ("aws-eusc", "eusc-"),
];

/// What an ARN of one resource type looks like.
pub(crate) struct ArnShape {
    /// The service, e.g. `kinesis`.
    pub service: &'static str,
    /// The resource type prefix, e.g. `stream/`.
    pub prefix: &'static str,
    /// What a name (after the prefix) is, for the diagnostic, e.g. `1–128 characters of […]`.
    pub name_rule: &'static str,
    /// Whether a literal resource name (after the prefix) is valid.
    pub name_ok: fn(&str) -> bool,
    /// The characters a name may have, for names with parts known only at deploy time.
    pub name_char: fn(char) -> bool,
    /// What follows the prefix in the example ARN of a diagnostic, e.g. `<name>`.
    pub example: &'static str,
}

/// Why the ARN `e` does not have the shape `arn:<partition>:<service>:<region>:<account>:<prefix><name>`:
/// (the value as received, what is allowed). Every literal part is checked: the whole value
/// when it is a literal, the literal pieces of a join (`Fn::Join`/`Fn::Sub`) field by field
/// otherwise, each branch of an `Fn::If`. A field known only at deploy time is not checked; a
/// join whose literal colons do not make the six fields (a `Ref` may hold several) is not
/// checked either.
pub(crate) fn arn_problem(e: &Expr, shape: &ArnShape) -> Option<(String, String)> {
    let example = format!(
        "an ARN like arn:aws:{}:us-east-1:123456789012:{}{}",
        shape.service, shape.prefix, shape.example
    );
    for alt in alternatives(e) {
        if let Some(why) = fields_problem(&alt, shape) {
            let received = match alt.as_slice() {
                [Piece::Lit(s)] => format!("{s:?}"),
                _ => format!("{:?}", render(&alt)),
            };
            return Some((received, format!("{why}; {example}")));
        }
    }
    None
}

type Field = Vec<Piece>;

/// Splits pieces into ARN fields at literal colons (the sixth field keeps the rest), taking the
/// other pieces as free of colons; `Err(count)` when the literal colons do not make six fields.
fn fields(pieces: &[Piece]) -> Result<Vec<Field>, usize> {
    let mut out: Vec<Field> = vec![Vec::new()];
    for p in pieces {
        match p {
            Piece::Lit(s) => {
                let mut rest = s.as_str();
                while out.len() < 6 {
                    let Some(i) = rest.find(':') else { break };
                    if let Some(last) = out.last_mut() {
                        push_lit(last, &rest[..i]);
                    }
                    out.push(Vec::new());
                    rest = &rest[i + 1..];
                }
                if let Some(last) = out.last_mut() {
                    push_lit(last, rest);
                }
            }
            other => {
                if let Some(last) = out.last_mut() {
                    last.push(other.clone());
                }
            }
        }
    }
    if out.len() == 6 {
        Ok(out)
    } else {
        Err(out.len())
    }
}

fn literal(f: &Field) -> Option<&str> {
    match f.as_slice() {
        [] => Some(""),
        [Piece::Lit(s)] => Some(s),
        _ => None,
    }
}

fn literal_chars(f: &Field) -> impl Iterator<Item = char> + '_ {
    f.iter()
        .filter_map(|p| match p {
            Piece::Lit(s) => Some(s.chars()),
            _ => None,
        })
        .flatten()
}

fn fields_problem(pieces: &[Piece], shape: &ArnShape) -> Option<String> {
    let f = match fields(pieces) {
        Ok(f) => f,
        Err(_) if pieces.contains(&Piece::Opaque) => return None,
        Err(n) => {
            return Some(format!(
                "six ':'-separated fields (arn, partition, service, region, account, resource); \
                 this value has {n}"
            ))
        }
    };
    if let Some(head) = literal(&f[0]) {
        if head != "arn" {
            return Some(format!("\"arn\" as the first field, not {head:?}"));
        }
    }
    let partitions = || {
        PARTITIONS
            .iter()
            .map(|(p, _)| *p)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let partition = literal(&f[1]);
    match partition {
        Some(p) if !PARTITIONS.iter().any(|(name, _)| *name == p) => {
            return Some(format!("a partition AWS has ({}), not {p:?}", partitions()))
        }
        None if !literal_chars(&f[1]).all(|c| c.is_ascii_lowercase() || c == '-') => {
            return Some(format!("a partition AWS has ({})", partitions()))
        }
        _ => {}
    }
    if let Some(service) = literal(&f[2]) {
        if service != shape.service {
            return Some(format!("the service {:?}, not {service:?}", shape.service));
        }
    }
    if let Some(why) = region_problem(partition, &f[3]) {
        return Some(why);
    }
    match literal(&f[4]) {
        Some(a) if a.len() != 12 || !a.chars().all(|c| c.is_ascii_digit()) => {
            return Some(format!("a 12-digit account ID, not {a:?}"))
        }
        None if !literal_chars(&f[4]).all(|c| c.is_ascii_digit())
            || literal_chars(&f[4]).count() > 12 =>
        {
            return Some("a 12-digit account ID".into())
        }
        _ => {}
    }
    resource_problem(&f[5], shape)
}

fn region_problem(partition: Option<&str>, f: &Field) -> Option<String> {
    let Some(region) = literal(f) else {
        let ok = literal_chars(f).all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        return (!ok).then(|| "a region such as us-east-1 (lowercase letters, digits, '-')".into());
    };
    // Lowercase words joined by '-', ending in a number: us-east-1, us-gov-west-1, eusc-de-east-1.
    let words: Vec<&str> = region.split('-').collect();
    let shaped = words.len() >= 3
        && words
            .last()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && words[..words.len() - 1]
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()));
    if !shaped {
        return Some(format!("a region such as us-east-1, not {region:?}"));
    }
    let partition = partition?;
    let owner = PARTITIONS
        .iter()
        .filter(|(_, prefix)| !prefix.is_empty() && region.starts_with(prefix))
        .map(|(p, _)| *p)
        .next()
        .unwrap_or("aws");
    (owner != partition).then(|| {
        format!("a region of the partition {partition:?}; {region:?} is a region of {owner:?}")
    })
}

fn resource_problem(f: &Field, shape: &ArnShape) -> Option<String> {
    let (prefix, rule) = (shape.prefix, shape.name_rule);
    if let Some(resource) = literal(f) {
        let Some(name) = resource.strip_prefix(prefix) else {
            return Some(format!("a resource {prefix}<name>, not {resource:?}"));
        };
        return (!(shape.name_ok)(name))
            .then(|| format!("a name of {rule} after {prefix:?}, not {name:?}"));
    }
    // A resource with parts known at deploy time: a literal start must be (or begin) the
    // prefix, and every literal character after the prefix must be a name character.
    let mut chars = String::new();
    for (i, p) in f.iter().enumerate() {
        let Piece::Lit(s) = p else { continue };
        if i == 0 {
            if !(s.starts_with(prefix) || prefix.starts_with(s.as_str())) {
                return Some(format!("a resource {prefix}<name>, not {s:?}…"));
            }
            chars.push_str(s.get(prefix.len()..).unwrap_or_default());
        } else {
            chars.push_str(s);
        }
    }
    chars
        .chars()
        .find(|c| !(shape.name_char)(*c))
        .map(|c| format!("a name of {rule} after {prefix:?}; {c:?} is not allowed"))
}

/// Kinesis stream ARNs: `stream/` and 1–128 of `[a-zA-Z0-9_.-]`.
pub(crate) const STREAM_ARN: ArnShape = ArnShape {
    service: "kinesis",
    prefix: "stream/",
    name_rule: "1–128 characters of [a-zA-Z0-9_.-]",
    name_ok: |n| (1..=128).contains(&n.len()) && n.chars().all(name_char),
    name_char,
    example: "<name>",
};

/// A DynamoDB table name: 3–255 of `[a-zA-Z0-9_.-]`.
pub(crate) fn table_name_ok(n: &str) -> bool {
    (3..=255).contains(&n.len()) && n.chars().all(name_char)
}

/// DynamoDB table ARNs: `table/` and a table name.
pub(crate) const TABLE_ARN: ArnShape = ArnShape {
    service: "dynamodb",
    prefix: "table/",
    name_rule: "3–255 characters of [a-zA-Z0-9_.-]",
    name_ok: table_name_ok,
    name_char,
    example: "<name>",
};

/// DynamoDB stream ARNs: `table/`, the table name, `/stream/` and the stream label (a
/// timestamp such as `2024-11-18T10:09:15.370`).
pub(crate) const TABLE_STREAM_ARN: ArnShape = ArnShape {
    service: "dynamodb",
    prefix: "table/",
    name_rule: "the form <table>/stream/<label> (a table name of 3–255 characters of \
                [a-zA-Z0-9_.-])",
    name_ok: |rest| {
        let mut parts = rest.splitn(3, '/');
        let (name, stream, label) = (parts.next(), parts.next(), parts.next());
        name.is_some_and(table_name_ok)
            && stream == Some("stream")
            && label.is_some_and(|l| !l.is_empty() && !l.contains('/'))
    },
    name_char: |c| name_char(c) || matches!(c, '/' | ':'),
    example: "<name>/stream/2024-11-18T10:09:15.370",
};

/// KMS key ARNs: `key/` and a key ID, a UUID (`1234abcd-12ab-34cd-56ef-1234567890ab`) or, for a
/// multi-Region key, `mrk-` and 32 hex digits.
pub(crate) const KEY_ARN: ArnShape = ArnShape {
    service: "kms",
    prefix: "key/",
    name_rule: "a key ID (a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab, or mrk- and 32 \
                hex digits)",
    name_ok: key_id_ok,
    name_char: |c| c.is_ascii_hexdigit() || matches!(c, '-' | 'm' | 'r' | 'k'),
    example: "<name>",
};

fn key_id_ok(id: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_hexdigit());
    if let Some(rest) = id.strip_prefix("mrk-") {
        return hex(rest, 32);
    }
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 5 && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| hex(p, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: ArnShape = STREAM_ARN;

    fn check(s: &str) -> Option<String> {
        arn_problem(&Expr::from(s), &STREAM).map(|(_, why)| why)
    }

    #[test]
    fn arn_shapes() {
        assert!(check("arn:aws:kinesis:us-east-1:123456789012:stream/s").is_none());
        assert!(check("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s").is_none());
        assert!(check("arn:aws:kinesis:us-east-1:1234:stream/s").is_some());
        assert!(check("arn:aws:kinesis:us-east-1:123456789012:stream/").is_some());
        assert!(check("stream/s").is_some());
        assert!(check("arn:aws:kinesis:us-east-1:123456789012").is_some());
    }

    #[test]
    fn key_ids() {
        assert!(key_id_ok("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(key_id_ok("mrk-1234abcd12ab34cd56ef1234567890ab"));
        assert!(!key_id_ok("1234abcd"));
        assert!(!key_id_ok("mrk-1234"));
        assert!(!key_id_ok("alias/x"));
    }

    #[test]
    fn fields_split_at_literal_colons_only() {
        let e = Expr::join([
            Expr::from("arn:"),
            Expr::Pseudo(ferrocdk_core::Pseudo::Partition),
            Expr::from(":kinesis:us-east-1:123456789012:stream/a:b"),
        ]);
        let f = fields(&alternatives(&e)[0]).unwrap();
        assert_eq!(f[5], vec![Piece::Lit("stream/a:b".into())]);
        assert!(arn_problem(&e, &STREAM).is_some());
    }
}
