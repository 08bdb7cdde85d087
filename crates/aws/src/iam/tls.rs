//! The resource policy that refuses requests not made over TLS.

use serde_json::{json, Value};

/// A policy document denying every `service:*` action on `resources` to any principal when
/// the request is not made over TLS (`aws:SecureTransport` false).
pub(crate) fn deny_insecure_transport(service: &str, resources: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": { "AWS": "*" },
            "Action": format!("{service}:*"),
            "Resource": resources,
            "Condition": { "Bool": { "aws:SecureTransport": "false" } }
        }]
    })
}
