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
///
/// The SIMD decoder (base64-simd, with run-time CPU detection) takes the common case; it is
/// strict about trailing bits, so anything it refuses is decoded again by the `base64` crate
/// with the contract's rules, which alone decide what is accepted.
pub(crate) fn decode_into(s: &str, out: &mut Vec<u8>) -> Result<(), base64::DecodeError> {
    let start = out.len();
    if let Ok(n) = base64_simd::STANDARD.decoded_length(s.as_bytes()) {
        out.resize(start + n, 0);
        if let Some(dst) = out.get_mut(start..) {
            if let Ok(decoded) =
                base64_simd::STANDARD.decode(s.as_bytes(), base64_simd::Out::from_slice(dst))
            {
                let len = decoded.len();
                out.truncate(start + len);
                return Ok(());
            }
        }
        out.truncate(start);
    }
    ENGINE.decode_vec(s, out)
}

/// Appends the canonical base64 text of `bytes` to `out`.
pub(crate) fn encode_into(bytes: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let n = base64_simd::STANDARD.encoded_length(bytes.len());
    out.resize(start + n, 0);
    if let Some(dst) = out.get_mut(start..) {
        let written = base64_simd::STANDARD
            .encode(bytes, base64_simd::Out::from_slice(dst))
            .len();
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

    proptest::proptest! {
        /// The SIMD fast path never changes what is accepted or what comes out: the same as
        /// the `base64` crate with the contract's rules, on near-base64 text.
        #[test]
        fn fast_path_agrees_with_the_contract_engine(s in "[A-Za-z0-9+/=_ -]{0,24}") {
            proptest::prop_assert_eq!(dec(&s), ENGINE.decode(&s).ok());
        }

        /// Valid encodings, and the same with the last data character changed (non-zero
        /// trailing bits, which the contract accepts and the SIMD decoder refuses).
        #[test]
        fn fast_path_agrees_on_valid_and_trailing_bit_encodings(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..48),
            bump in 0u8..4,
        ) {
            let mut text = ENGINE.encode(&bytes).into_bytes();
            let last = text.iter().rposition(|c| *c != b'=').unwrap_or(0);
            const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let at = ALPHABET.iter().position(|c| *c == text[last]).unwrap_or(0);
            text[last] = ALPHABET[(at + usize::from(bump)) % 64];
            let s = String::from_utf8(text).unwrap_or_default();
            proptest::prop_assert_eq!(dec(&s), ENGINE.decode(&s).ok());
        }

        #[test]
        fn encoding_agrees_with_the_base64_crate(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let mut out = Vec::new();
            encode_into(&bytes, &mut out);
            proptest::prop_assert_eq!(out, ENGINE.encode(&bytes).into_bytes());
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
