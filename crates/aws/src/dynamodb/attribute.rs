//! Key attributes.

/// The type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeType {
    /// `S`.
    String,
    /// `N`.
    Number,
    /// `B`.
    Binary,
}

impl AttributeType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "S",
            AttributeType::Number => "N",
            AttributeType::Binary => "B",
        }
    }
}

/// A key attribute: name (1–255 characters) and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub(crate) name: String,
    pub(crate) ty: AttributeType,
}

impl Attribute {
    /// A string (`S`) attribute.
    #[must_use]
    pub fn string(name: impl Into<String>) -> Self {
        Attribute {
            name: name.into(),
            ty: AttributeType::String,
        }
    }

    /// A number (`N`) attribute.
    #[must_use]
    pub fn number(name: impl Into<String>) -> Self {
        Attribute {
            name: name.into(),
            ty: AttributeType::Number,
        }
    }

    /// A binary (`B`) attribute.
    #[must_use]
    pub fn binary(name: impl Into<String>) -> Self {
        Attribute {
            name: name.into(),
            ty: AttributeType::Binary,
        }
    }
}
