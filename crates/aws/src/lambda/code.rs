//! Code, runtime and architecture of a function.

/// A Python runtime (inline code is Python-only in ferrocdk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
pub enum Runtime {
    /// `python3.14` — the newest, deprecated 2029-06-30 (the default).
    #[cfg_attr(feature = "serde", serde(rename = "python3.14"))]
    Python314,
    /// `python3.13` — deprecated 2029-06-30.
    #[cfg_attr(feature = "serde", serde(rename = "python3.13"))]
    Python313,
    /// `python3.12` — deprecated 2028-10-31.
    #[cfg_attr(feature = "serde", serde(rename = "python3.12"))]
    Python312,
}

impl Runtime {
    /// The CloudFormation name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Python314 => "python3.14",
            Runtime::Python313 => "python3.13",
            Runtime::Python312 => "python3.12",
        }
    }
}

/// Instruction set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema)
)]
pub enum Architecture {
    /// `arm64` (Graviton) — about 20% cheaper per GB-second; the default, since the inline
    /// Python code has no native dependencies.
    #[cfg_attr(feature = "serde", serde(rename = "arm64"))]
    Arm64,
    /// `x86_64`.
    #[cfg_attr(feature = "serde", serde(rename = "x86_64"))]
    X86_64,
}

impl Architecture {
    /// The CloudFormation name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::Arm64 => "arm64",
            Architecture::X86_64 => "x86_64",
        }
    }
}

/// Function code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// Inline Python source, placed in the template as `Code.ZipFile` (CloudFormation writes it
    /// to `index.py`; the handler is `index.handler`). It counts against the 51,200-byte
    /// template body limit.
    InlinePython(String),
}

impl Code {
    /// Inline Python source with a `handler(event, context)` function.
    #[must_use]
    pub fn inline_python(source: impl Into<String>) -> Self {
        Code::InlinePython(source.into())
    }
}
