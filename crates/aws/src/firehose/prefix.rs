//! S3 prefix expressions (`!{namespace:value}`) and their rules.
//!
//! Rules (Firehose developer guide, "Custom prefixes for Amazon S3 objects"): `!{` may only
//! open an expression; namespaces are `firehose`, `timestamp`, `partitionKeyFromQuery`,
//! `partitionKeyFromLambda`; `firehose:error-output-type` only in the error prefix, which must
//! contain it when it has any expression and may not use partition keys; the error prefix
//! cannot be empty when the prefix has expressions; at most 512 characters after evaluation.

/// One parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Firehose(&'a str),
    Timestamp(&'a str),
    KeyFromQuery(&'a str),
    KeyFromLambda(&'a str),
}

/// Parses a prefix into its expressions, or explains the first syntax problem.
pub(crate) fn parse(prefix: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = prefix;
    while let Some(start) = rest.find("!{") {
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("an unclosed expression at {:?}", &rest[start..]))?;
        let body = &after[..end];
        let (ns, value) = body
            .split_once(':')
            .ok_or_else(|| format!("\"!{{{body}}}\" is not of the form !{{namespace:value}}"))?;
        if value.is_empty() || value.contains("!{") {
            return Err(format!("\"!{{{body}}}\" has no value"));
        }
        out.push(match ns {
            "firehose" => match value {
                "random-string" | "error-output-type" => Piece::Firehose(value),
                other => return Err(format!("firehose:{other} is unknown (random-string, error-output-type)")),
            },
            "timestamp" => Piece::Timestamp(value),
            "partitionKeyFromQuery" => Piece::KeyFromQuery(value),
            "partitionKeyFromLambda" => Piece::KeyFromLambda(value),
            other => {
                return Err(format!(
                    "namespace {other:?} is unknown (firehose, timestamp, partitionKeyFromQuery, partitionKeyFromLambda)"
                ))
            }
        });
        rest = &after[end + 1..];
    }
    Ok(out)
}

/// A lower bound of the evaluated length: literal text, plus what each expression is known
/// to produce — a timestamp pattern's letters (`yyyy/MM/dd` → 10; quotes are not output),
/// `random-string` 11 characters, `error-output-type` at least 14 (`http-endpoint-failed` and
/// the others are longer); partition keys count 0 (unknown until run time).
pub(crate) fn min_evaluated_len(prefix: &str) -> usize {
    let mut len = 0;
    let mut rest = prefix;
    while let Some(start) = rest.find("!{") {
        len += rest[..start].chars().count();
        match rest[start..].find('}') {
            Some(end) => {
                let body = &rest[start + 2..start + end];
                len += match body.split_once(':') {
                    Some(("timestamp", pattern)) => pattern.chars().filter(|c| *c != '\'').count(),
                    Some(("firehose", "random-string")) => 11,
                    Some(("firehose", "error-output-type")) => "splunk-failed".len() + 1,
                    _ => 0,
                };
                rest = &rest[start + end + 1..];
            }
            None => return len + rest[start..].chars().count(),
        }
    }
    len + rest.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_expressions() {
        let p = parse("changes/!{partitionKeyFromLambda:table}/!{timestamp:yyyy/MM/dd}/").unwrap();
        assert_eq!(
            p,
            vec![
                Piece::KeyFromLambda("table"),
                Piece::Timestamp("yyyy/MM/dd")
            ]
        );
        assert_eq!(parse("plain/").unwrap(), vec![]);
        assert!(parse("a/!{timestamp:yyyy").is_err());
        assert!(parse("a/!{nope:x}/").is_err());
        assert!(parse("a/!{timestamp}/").is_err());
        assert!(parse("a/!{firehose:bogus}/").is_err());
        assert_eq!(min_evaluated_len("ab/!{timestamp:yyyy}/c"), 9);
        assert_eq!(min_evaluated_len("!{timestamp:'y='yyyy}"), 6);
        assert_eq!(
            min_evaluated_len("a/!{firehose:random-string}/!{partitionKeyFromLambda:t}"),
            14
        );
        assert_eq!(
            min_evaluated_len("a/!{timestamp:yyyy"),
            2 + "!{timestamp:yyyy".len()
        );
    }
}
