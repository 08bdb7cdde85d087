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

#[cfg(test)]
mod tests {
    use super::problem;

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
