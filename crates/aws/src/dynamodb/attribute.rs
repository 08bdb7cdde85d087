//! Key attributes.

/// The type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
pub enum AttributeType {
    /// `S`: a string.
    #[cfg_attr(feature = "serde", serde(rename = "S"))]
    String,
    /// `N`: a number.
    #[cfg_attr(feature = "serde", serde(rename = "N"))]
    Number,
    /// `B`: binary.
    #[cfg_attr(feature = "serde", serde(rename = "B"))]
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
    /// An attribute of this type: the same as [`Attribute::string`], [`Attribute::number`] or
    /// [`Attribute::binary`].
    #[must_use]
    pub fn new(name: impl Into<String>, ty: AttributeType) -> Self {
        Attribute {
            name: name.into(),
            ty,
        }
    }

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
