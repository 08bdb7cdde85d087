//! Standard base64 as the contract wants it: padding required, no whitespace, standard
//! alphabet only, non-zero trailing bits accepted on decode; canonical (padded) on encode.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

pub(crate) const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes `s` into `out` (appending).
pub(crate) fn decode_into(s: &str, out: &mut Vec<u8>) -> Result<(), base64::DecodeError> {
    ENGINE.decode_vec(s, out)
}

/// Appends the canonical base64 text of `bytes` to `out`.
pub(crate) fn encode_into(bytes: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let n = base64::encoded_len(bytes.len(), true).unwrap_or(0);
    out.resize(start + n, 0);
    if let Some(dst) = out.get_mut(start..) {
        let written = ENGINE.encode_slice(bytes, dst).unwrap_or(0);
        out.truncate(start + written);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Option<Vec<u8>> {
        let mut v = Vec::new();
        decode_into(s, &mut v).ok().map(|()| v)
    }

    #[test]
    fn decoding_rules() {
        assert_eq!(dec("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(
            dec("aGl=").as_deref(),
            Some(&b"hi"[..]),
            "trailing bits accepted"
        );
        assert_eq!(dec("").as_deref(), Some(&b""[..]));
        assert_eq!(dec("+/+/").as_deref(), Some(&[0xfb, 0xff, 0xbf][..]));
        for bad in [
            "aGk", "aGk==", "aG k=", "-_-_", "aGk=\n", "a===", "====", "aGk=aGk=",
        ] {
            assert!(dec(bad).is_none(), "accepted {bad:?}");
        }
    }

    #[test]
    fn encoding_is_padded() {
        let mut out = Vec::new();
        encode_into(b"hi", &mut out);
        encode_into(b"", &mut out);
        encode_into(&[0xfb, 0xff], &mut out);
        assert_eq!(out, b"aGk=+/8=");
    }
}
