//! Range and pattern checks that report diagnostics instead of failing.

use ferrocdk_core::rules::Rule;
use ferrocdk_core::{SynthContext, Val};
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

/// True when `s` is an ARN of the form `arn:<partition>:<service>:<region>:<account>:<resource>`
/// whose resource starts with `resource_prefix`; region and account are required when asked.
pub(crate) fn arn_problem(
    s: &str,
    service: &str,
    regional: bool,
    resource_prefix: &str,
) -> Option<String> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let example = format!(
        "arn:aws:{service}:{}:{}:{resource_prefix}<name>",
        if regional { "us-east-1" } else { "" },
        if regional { "123456789012" } else { "" }
    );
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == service
        && (!regional
            || (!parts[3].is_empty()
                && parts[4].len() == 12
                && parts[4].chars().all(|c| c.is_ascii_digit())))
        && parts[5].len() > resource_prefix.len()
        && parts[5].starts_with(resource_prefix);
    (!ok).then(|| format!("an ARN like {example}"))
}

#[cfg(test)]
mod tests {
    use super::arn_problem;

    #[test]
    fn arn_shapes() {
        assert!(arn_problem(
            "arn:aws:kinesis:us-east-1:123456789012:stream/s",
            "kinesis",
            true,
            "stream/"
        )
        .is_none());
        assert!(arn_problem(
            "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s",
            "kinesis",
            true,
            "stream/"
        )
        .is_none());
        assert!(arn_problem(
            "arn:aws:kinesis:us-east-1:1234:stream/s",
            "kinesis",
            true,
            "stream/"
        )
        .is_some());
        assert!(arn_problem(
            "arn:aws:kinesis:us-east-1:123456789012:stream/",
            "kinesis",
            true,
            "stream/"
        )
        .is_some());
        assert!(arn_problem("stream/s", "kinesis", true, "stream/").is_some());
        assert!(arn_problem(
            "arn:aws:kms:us-east-1:123456789012:key/abc",
            "kms",
            true,
            "key/"
        )
        .is_none());
    }
}
