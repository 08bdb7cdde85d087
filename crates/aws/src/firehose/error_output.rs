//! Where a delivery stream keeps what it cannot deliver: its bucket, under the error prefix.
//!
//! Firehose writes there itself (`processing-failed/`, …). The DynamoDB Streams forwarder
//! writes there too, for the records it cannot send through Firehose, so both routes keep
//! a bad record in the same place. Firehose evaluates the prefix's `!{…}` expressions; the
//! forwarder renders the same prefix itself (see `forwarder_handler.py`), which is why this
//! type carries the prefix exactly as the destination configures it.

use super::prefix::{self, Piece};
use crate::iam::Statement;
use crate::s3::BucketRef;
use ferrocdk_core::Expr;

/// The values the forwarder gives `!{firehose:error-output-type}`: a record over Firehose's
/// 1,000 KiB record limit, and a record the shaping code refuses (Firehose's own name for a
/// record its transform refuses).
pub(crate) const FORWARDER_ERROR_TYPES: [&str; 2] = ["oversize", "processing-failed"];

/// What the forwarder appends to an error prefix without expressions (and to an empty one),
/// so that its keys still say why and when.
const LITERAL_PREFIX_TAIL: &str = "!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/";

/// Java `DateTimeFormatter` letters the forwarder renders in `!{timestamp:…}` (year, month,
/// day of month, day of year, hour, minute, second); it writes any other letter as it is.
pub(crate) const FORWARDER_TIMESTAMP_LETTERS: &str = "yuMdDHms";

/// A delivery stream's error output: its destination bucket and `ErrorOutputPrefix`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorOutput {
    pub(crate) bucket: BucketRef,
    /// `ErrorOutputPrefix`, exactly as the destination renders it.
    pub(crate) prefix: String,
}

impl ErrorOutput {
    /// The prefix the forwarder renders: the error prefix itself when it has expressions;
    /// otherwise the error prefix followed by
    /// `!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`.
    pub(crate) fn forwarder_prefix(&self) -> String {
        if self.prefix.contains("!{") {
            self.prefix.clone()
        } else {
            format!("{}{LITERAL_PREFIX_TAIL}", self.prefix)
        }
    }

    /// `s3:PutObject` on the keys the forwarder can write: for each of
    /// [`FORWARDER_ERROR_TYPES`], the forwarder prefix's fixed start (its literal text with
    /// the error type filled in, up to the first other expression) followed by `*`.
    pub(crate) fn put_statement(&self) -> Statement {
        let mut heads: Vec<String> = Vec::new();
        for kind in FORWARDER_ERROR_TYPES {
            let head = fixed_start(&self.forwarder_prefix(), kind);
            if !heads.contains(&head) {
                heads.push(head);
            }
        }
        Statement::allow(
            &["s3:PutObject"],
            heads
                .into_iter()
                .map(|h| Expr::join([self.bucket.arn(), Expr::from(format!("/{h}*"))])),
        )
    }

    /// Letters of the forwarder prefix's `!{timestamp:…}` patterns that the forwarder does not
    /// render (outside quotes; each once, in order of appearance).
    pub(crate) fn unrendered_letters(&self) -> Vec<char> {
        let mut out = Vec::new();
        let prefix = self.forwarder_prefix();
        let Ok(pieces) = prefix::parse(&prefix) else {
            return out;
        };
        for piece in pieces {
            let Piece::Timestamp(pattern) = piece else {
                continue;
            };
            let mut quoted = false;
            for c in pattern.chars() {
                if c == '\'' {
                    quoted = !quoted;
                } else if !quoted
                    && c.is_ascii_alphabetic()
                    && !FORWARDER_TIMESTAMP_LETTERS.contains(c)
                    && !out.contains(&c)
                {
                    out.push(c);
                }
            }
        }
        out
    }
}

/// The start of `prefix` that is the same for every record of error type `kind`: literal text
/// and `!{firehose:error-output-type}` (as `kind`), up to the first other expression.
fn fixed_start(prefix: &str, kind: &str) -> String {
    let mut out = String::new();
    let mut rest = prefix;
    while let Some(start) = rest.find("!{") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.strip_prefix("!{firehose:error-output-type}") {
            Some(tail) => {
                out.push_str(kind);
                rest = tail;
            }
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::Bucket;

    fn output(prefix: &str) -> ErrorOutput {
        ErrorOutput {
            bucket: Bucket::from_name("log-bucket"),
            prefix: prefix.to_owned(),
        }
    }

    fn heads(prefix: &str) -> Vec<String> {
        output(prefix)
            .put_statement()
            .resources()
            .iter()
            .map(|r| {
                let v = r.to_json();
                v["Fn::Sub"].as_str().expect("a Fn::Sub string").to_owned()
            })
            .collect()
    }

    #[test]
    fn forwarder_prefix_is_the_error_prefix_when_it_has_expressions() {
        let p = "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/";
        assert_eq!(output(p).forwarder_prefix(), p);
        assert_eq!(
            output("failed/").forwarder_prefix(),
            "failed/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"
        );
        assert_eq!(
            output("").forwarder_prefix(),
            "!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"
        );
    }

    #[test]
    fn put_is_scoped_to_each_error_type_folder() {
        let arn = "arn:${AWS::Partition}:s3:::log-bucket";
        assert_eq!(
            heads("errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"),
            [
                format!("{arn}/errors/oversize/*"),
                format!("{arn}/errors/processing-failed/*")
            ]
        );
        // the type after a timestamp: one folder for both, up to the timestamp
        assert_eq!(
            heads("errors/!{timestamp:yyyy}/!{firehose:error-output-type}/"),
            [format!("{arn}/errors/*")]
        );
        assert_eq!(
            heads("bad/"),
            [
                format!("{arn}/bad/oversize/*"),
                format!("{arn}/bad/processing-failed/*")
            ]
        );
        assert_eq!(
            heads("!{firehose:error-output-type}-!{firehose:random-string}/"),
            [
                format!("{arn}/oversize-*"),
                format!("{arn}/processing-failed-*")
            ]
        );
        let s = output("e/").put_statement();
        assert_eq!(s.actions(), ["s3:PutObject"]);
    }

    #[test]
    fn timestamp_letters_the_forwarder_does_not_render() {
        let none = output("e/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd'T'HH:mm:ss}/D=!{timestamp:DDD}/u=!{timestamp:uuuu}/");
        assert_eq!(none.unrendered_letters(), Vec::<char>::new());
        let some =
            output("e/!{firehose:error-output-type}/!{timestamp:EEE 'at' a}/!{timestamp:EEE}/");
        assert_eq!(some.unrendered_letters(), ['E', 'a']);
        // quoted letters are text; '' is a quote
        assert_eq!(
            output("e/!{firehose:error-output-type}/!{timestamp:'week'''yyyy}/")
                .unrendered_letters(),
            Vec::<char>::new()
        );
    }
}
