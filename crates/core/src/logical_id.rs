//! Logical IDs: `^[A-Za-z0-9]{1,255}$`, stable, unique in a template.
//!
//! A construct's resource takes the construct's id (or the override set with
//! [`crate::ConstructProps::logical_id`]); the resources it defines for itself (roles, policies,
//! log groups) take that id plus a fixed suffix (`ToS3` → `ToS3Role`, `ToS3RolePolicy`). An id
//! therefore depends only on its own construct: adding a construct never renames another one.

/// The longest logical ID CloudFormation accepts.
pub const MAX_LEN: usize = 255;

/// Why a logical ID is not valid, for a diagnostic's "allowed" text; `None` when it is valid.
#[must_use]
pub fn problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("1 to 255 ASCII letters and digits (A-Za-z0-9); got an empty id".into());
    }
    if id.len() > MAX_LEN {
        return Some(format!(
            "1 to 255 ASCII letters and digits; this id is {} characters long",
            id.len()
        ));
    }
    if let Some(c) = id.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Some(format!(
            "1 to 255 ASCII letters and digits (A-Za-z0-9); {c:?} is not allowed (CloudFormation logical IDs are alphanumeric)"
        ));
    }
    None
}

/// `id` when it has at most `max` characters; otherwise its first characters, `-` and 16 hex
/// digits of a hash of the whole `id` (FNV-1a, 64 bits), `max` characters in all. For names
/// derived from logical IDs whose service allows fewer characters (an IAM `PolicyName` allows
/// 128, a logical ID 255): deterministic, and two IDs that share a long prefix keep distinct
/// names. `max` should be at least 18; below that the result is the hash alone.
#[must_use]
pub fn bounded(id: &str, max: usize) -> String {
    if id.len() <= max {
        return id.to_owned();
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let suffix = format!("-{hash:016x}");
    let mut keep = max.saturating_sub(suffix.len());
    while !id.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}{suffix}", &id[..keep])
}

#[cfg(test)]
mod tests {
    use super::{bounded, problem};

    #[test]
    fn bounded_keeps_short_ids_and_hashes_long_ones() {
        assert_eq!(bounded("ShapeRolePolicy", 128), "ShapeRolePolicy");
        let a = format!("{}A", "x".repeat(200));
        let b = format!("{}B", "x".repeat(200));
        assert_eq!(bounded(&a, 128).len(), 128);
        assert_ne!(bounded(&a, 128), bounded(&b, 128));
        assert_eq!(bounded(&a, 128), bounded(&a, 128));
        assert!(bounded(&a, 128).starts_with(&"x".repeat(111)));
        // Known value: pins the hash, so names do not change between releases.
        assert_eq!(bounded("abc", 2), "-e71fa2190541574b");
    }

    #[test]
    fn accepts_alphanumerics_only() {
        assert!(problem("Orders1").is_none());
        assert!(problem(&"a".repeat(255)).is_none());
        assert!(problem("").is_some());
        assert!(problem(&"a".repeat(256)).is_some());
        assert!(problem("Orders-Table").unwrap().contains("'-'"));
        assert!(problem("Ördérs").is_some());
    }
}
