//! Evaluating an S3 prefix the way Firehose does, for a given arrival time and partition keys.

use super::prefix::{self, Piece};
use super::timestamp_pattern::Pattern;
use std::fmt;

/// What Firehose appends to a prefix that has no `!{timestamp:…}` expression.
pub(crate) const APPENDED_TIMESTAMP: &str = "yyyy/MM/dd/HH/";

/// Why a prefix cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixError(String);

impl fmt::Display for PrefixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PrefixError {}

/// The S3 prefix Firehose writes an object under: `prefix` with `!{timestamp:…}` evaluated at
/// `arrival_epoch_ms` (the arrival time of the object's oldest record, in UTC) and each
/// `!{partitionKeyFromLambda:k}` / `!{partitionKeyFromQuery:k}` replaced by the value of `k`
/// in `partition_keys`. A prefix with no timestamp expression gets `yyyy/MM/dd/HH/` appended,
/// as Firehose does.
///
/// ```
/// use ferrocdk_aws::firehose::render_prefix;
/// // 2026-12-31T23:59:59.999Z, then one millisecond later.
/// let p = "changes/!{timestamp:yyyy/MM/dd/HH}/";
/// assert_eq!(render_prefix(p, 1_798_761_599_999, &[])?, "changes/2026/12/31/23/");
/// assert_eq!(render_prefix(p, 1_798_761_600_000, &[])?, "changes/2027/01/01/00/");
/// let dp = "changes/table=!{partitionKeyFromLambda:table}/date=!{partitionKeyFromLambda:eventDate}/";
/// let keys = [("table", "Orders"), ("eventDate", "2026-12-31")];
/// assert_eq!(render_prefix(dp, 0, &keys)?, "changes/table=Orders/date=2026-12-31/1970/01/01/00/");
/// # Ok::<(), ferrocdk_aws::firehose::PrefixError>(())
/// ```
///
/// # Errors
///
/// The prefix does not parse, uses a timestamp pattern ferrocdk does not evaluate (supported:
/// `yyyy MM dd HH mm ss` and quoted text), `!{firehose:…}` (random or error-type text), or a
/// partition key missing from `partition_keys` (Firehose would write the record under the error
/// prefix instead).
pub fn render_prefix(
    prefix: &str,
    arrival_epoch_ms: i64,
    partition_keys: &[(&str, &str)],
) -> Result<String, PrefixError> {
    let pieces = prefix::parse(prefix).map_err(PrefixError)?;
    let mut out = String::new();
    let mut rest = prefix;
    let mut has_timestamp = false;
    for piece in pieces {
        let start = rest.find("!{").unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        rest = &rest[end..];
        match piece {
            Piece::Timestamp(p) => {
                has_timestamp = true;
                let pattern = Pattern::parse(p).map_err(PrefixError)?;
                out.push_str(&pattern.format(arrival_epoch_ms));
            }
            Piece::KeyFromLambda(k) | Piece::KeyFromQuery(k) => {
                let value = partition_keys
                    .iter()
                    .find(|(name, _)| *name == k)
                    .ok_or_else(|| PrefixError(format!("no value for partition key {k:?}")))?;
                out.push_str(value.1);
            }
            Piece::Firehose(f) => {
                return Err(PrefixError(format!(
                    "!{{firehose:{f}}} has no value known in advance"
                )))
            }
        }
    }
    out.push_str(rest);
    if !has_timestamp {
        let pattern = Pattern::parse(APPENDED_TIMESTAMP).map_err(PrefixError)?;
        out.push_str(&pattern.format(arrival_epoch_ms));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_literals_timestamps_and_keys() {
        assert_eq!(
            render_prefix(
                "a/!{timestamp:yyyy}/b/!{timestamp:MM'x'}/",
                1_798_761_600_000,
                &[]
            )
            .unwrap(),
            "a/2027/b/01x/"
        );
        assert_eq!(
            render_prefix("plain/", 0, &[]).unwrap(),
            "plain/1970/01/01/00/"
        );
        assert!(render_prefix("a/!{partitionKeyFromLambda:t}/", 0, &[]).is_err());
        assert!(render_prefix("a/!{firehose:random-string}/", 0, &[]).is_err());
        assert!(render_prefix("a/!{timestamp:EEE}/", 0, &[]).is_err());
        assert!(render_prefix("a/!{timestamp:yyyy", 0, &[]).is_err());
    }
}
