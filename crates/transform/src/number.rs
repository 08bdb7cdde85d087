//! DynamoDB `N` values: grammar check, canonical text and exact decimal comparison.
//!
//! Nothing here goes through a float: a number is kept as its digits and its exponent.

use std::cmp::Ordering;

/// A parsed `N` string, borrowing the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DecNum<'a> {
    negative: bool,
    /// Integer digits with leading zeros stripped (may be empty).
    int: &'a str,
    /// Fraction digits as given (may be empty).
    frac: &'a str,
    /// The exponent as written, including the `e`/`E` and its sign (may be empty).
    exp_text: &'a str,
    /// Exponent sign and digits with leading zeros stripped.
    exp_negative: bool,
    exp_digits: &'a str,
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|c| c.is_ascii_digit())
}

/// Parses `s` by the contract's N grammar:
/// `[+-]? ( digits [ "." digits? ] | "." digits ) ( [eE] [+-]? digits )?`.
pub(crate) fn parse(s: &str) -> Option<DecNum<'_>> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let (mantissa, exp_text) = match body.find(['e', 'E']) {
        Some(p) => (body.get(..p)?, body.get(p..)?),
        None => (body, ""),
    };
    let (exp_negative, exp_digits) = if exp_text.is_empty() {
        (false, "")
    } else {
        let e = exp_text.get(1..)?;
        let (neg, d) = match e.as_bytes().first() {
            Some(b'-') => (true, e.get(1..)?),
            Some(b'+') => (false, e.get(1..)?),
            _ => (false, e),
        };
        if d.is_empty() || !all_digits(d) {
            return None;
        }
        (neg, d.trim_start_matches('0'))
    };
    let (int, frac) = match mantissa.find('.') {
        Some(p) => (mantissa.get(..p)?, mantissa.get(p + 1..)?),
        None => (mantissa, ""),
    };
    if !all_digits(int) || !all_digits(frac) || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    Some(DecNum {
        negative,
        int: int.trim_start_matches('0'),
        frac,
        exp_text,
        exp_negative,
        exp_digits,
    })
}

impl DecNum<'_> {
    /// Appends the canonical text: `-` kept, `+` dropped, integer leading zeros stripped
    /// (a single `0` if none remain), fraction as given (a bare trailing `.` dropped),
    /// exponent as given.
    pub(crate) fn write_canonical(&self, out: &mut Vec<u8>) {
        if self.negative {
            out.push(b'-');
        }
        if self.int.is_empty() {
            out.push(b'0');
        } else {
            out.extend_from_slice(self.int.as_bytes());
        }
        if !self.frac.is_empty() {
            out.push(b'.');
            out.extend_from_slice(self.frac.as_bytes());
        }
        out.extend_from_slice(self.exp_text.as_bytes());
    }

    /// Significant digits (integer digits followed by fraction digits, leading and trailing
    /// zeros removed) and the number of zeros removed from the front of the fraction when
    /// the integer part is zero.
    fn significand(&self) -> (impl Iterator<Item = u8> + Clone + '_, usize) {
        let frac_lead = if self.int.is_empty() {
            self.frac.len() - self.frac.trim_start_matches('0').len()
        } else {
            0
        };
        let all = self
            .int
            .as_bytes()
            .iter()
            .chain(self.frac.as_bytes().iter());
        let total = self.int.len() + self.frac.len();
        let trimmed_total = {
            let trailing = self
                .int
                .bytes()
                .chain(self.frac.bytes())
                .rev()
                .take_while(|&c| c == b'0')
                .count();
            total - trailing
        };
        let digits = all
            .copied()
            .take(trimmed_total)
            .skip(frac_lead.min(trimmed_total));
        (digits, frac_lead)
    }

    fn is_zero(&self) -> bool {
        self.int.bytes().chain(self.frac.bytes()).all(|c| c == b'0')
    }

    /// The decimal exponent of the leading significant digit, split into the written
    /// exponent (sign, digits) and a small offset.
    fn adjusted_offset(&self) -> i64 {
        let (_, frac_lead) = self.significand();
        if self.int.is_empty() {
            -(frac_lead as i64) - 1
        } else {
            self.int.len() as i64 - 1
        }
    }
}

/// Compares `e1 + k1` with `e2 + k2` where `e` is a signed decimal integer of any length
/// (sign, digits without leading zeros) and `k` is small (bounded by the input length).
fn cmp_exp(e1: (bool, &str), k1: i64, e2: (bool, &str), k2: i64) -> Ordering {
    const SMALL: usize = 30;
    let small = |(neg, d): (bool, &str)| -> Option<i128> {
        if d.len() > SMALL {
            return None;
        }
        let v = d.parse::<i128>().unwrap_or(0);
        Some(if neg { -v } else { v })
    };
    if let (Some(a), Some(b)) = (small(e1), small(e2)) {
        return (a + i128::from(k1)).cmp(&(b + i128::from(k2)));
    }
    // Rare: an exponent with more than 30 digits. Add exactly with decimal digit vectors.
    let (s1, m1) = big_add(e1, k1);
    let (s2, m2) = big_add(e2, k2);
    if s1 != s2 {
        return s1.cmp(&s2);
    }
    let magnitude = m1.len().cmp(&m2.len()).then_with(|| m1.cmp(&m2));
    if s1 < 0 {
        magnitude.reverse()
    } else {
        magnitude
    }
}

/// `±digits + k` as (sign, magnitude digits most significant first, no leading zeros).
fn big_add((neg, digits): (bool, &str), k: i64) -> (i8, Vec<u8>) {
    let mag: Vec<u8> = digits.bytes().map(|c| c.wrapping_sub(b'0')).collect();
    let s: i8 = if mag.is_empty() {
        0
    } else if neg {
        -1
    } else {
        1
    };
    let kd: Vec<u8> = k
        .unsigned_abs()
        .to_string()
        .bytes()
        .map(|c| c - b'0')
        .collect();
    let sk: i8 = k.signum() as i8;
    if sk == 0 {
        return (s, mag);
    }
    if s == 0 {
        return (sk, kd);
    }
    if s == sk {
        return (s, digits_add(&mag, &kd));
    }
    match mag.len().cmp(&kd.len()).then_with(|| mag.cmp(&kd)) {
        Ordering::Greater => (s, digits_sub(&mag, &kd)),
        Ordering::Less => (sk, digits_sub(&kd, &mag)),
        Ordering::Equal => (0, Vec::new()),
    }
}

fn digits_add(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let (mut ia, mut ib, mut carry) = (a.iter().rev(), b.iter().rev(), 0u8);
    loop {
        let (x, y) = (ia.next(), ib.next());
        if x.is_none() && y.is_none() {
            break;
        }
        let sum = x.copied().unwrap_or(0) + y.copied().unwrap_or(0) + carry;
        out.push(sum % 10);
        carry = sum / 10;
    }
    if carry > 0 {
        out.push(carry);
    }
    out.reverse();
    out
}

/// `a - b` for magnitudes with `a > b`.
fn digits_sub(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let (mut ib, mut borrow) = (b.iter().rev(), 0u8);
    for &x in a.iter().rev() {
        let y = ib.next().copied().unwrap_or(0) + borrow;
        if x >= y {
            out.push(x - y);
            borrow = 0;
        } else {
            out.push(x + 10 - y);
            borrow = 1;
        }
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    out.reverse();
    out
}

/// Exact numeric comparison (`-0` equals `0`).
pub(crate) fn cmp(a: &DecNum<'_>, b: &DecNum<'_>) -> Ordering {
    let sign = |n: &DecNum<'_>| -> i8 {
        if n.is_zero() {
            0
        } else if n.negative {
            -1
        } else {
            1
        }
    };
    let (sa, sb) = (sign(a), sign(b));
    if sa != sb || sa == 0 {
        return sa.cmp(&sb);
    }
    let magnitude = cmp_exp(
        (a.exp_negative, a.exp_digits),
        a.adjusted_offset(),
        (b.exp_negative, b.exp_digits),
        b.adjusted_offset(),
    )
    .then_with(|| {
        // Same leading exponent: compare the significant digit strings (no trailing zeros,
        // so a proper prefix is the smaller value).
        let (da, _) = a.significand();
        let (db, _) = b.significand();
        da.cmp(db)
    });
    if sa < 0 {
        magnitude.reverse()
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> Option<String> {
        let n = parse(s)?;
        let mut out = Vec::new();
        n.write_canonical(&mut out);
        String::from_utf8(out).ok()
    }

    #[test]
    fn canonical_text() {
        for (i, o) in [
            ("-1.5E+10", "-1.5E+10"),
            ("1E-130", "1E-130"),
            ("007", "7"),
            ("+.5", "0.5"),
            ("5.", "5"),
            ("-0", "-0"),
            ("0", "0"),
            ("000", "0"),
            ("-000.000", "-0.000"),
            ("1.50", "1.50"),
            ("5.e3", "5e3"),
            ("1e007", "1e007"),
            (
                "12345678901234567890123456789012345678",
                "12345678901234567890123456789012345678",
            ),
        ] {
            assert_eq!(canon(i).as_deref(), Some(o), "{i}");
        }
    }

    #[test]
    fn rejects_bad_numbers() {
        for s in [
            "", "1e", "NaN", "Infinity", "0x10", " 1", "1 ", "1_000", ".", "-", "+", "e5", "1e+",
            "--1", "+-1", "1.2.3", "١", "1e5.5", ".e1",
        ] {
            assert!(parse(s).is_none(), "accepted {s:?}");
        }
    }

    fn c(a: &str, b: &str) -> Ordering {
        cmp(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn exact_comparison() {
        use Ordering::*;
        for (a, b, o) in [
            ("1", "1.0", Equal),
            ("1", "1e0", Equal),
            ("10", "1e1", Equal),
            ("0.1", "1E-1", Equal),
            ("-0", "0", Equal),
            ("0e5", "-0.000", Equal),
            ("1", "2", Less),
            ("-1", "-2", Greater),
            ("-1", "0", Less),
            ("0.5", "0.05", Greater),
            (
                "12345678901234567890123456789012345678",
                "12345678901234567890123456789012345679",
                Less,
            ),
            (
                "9.999999999999999999999999999999999999E+125",
                "1E+126",
                Less,
            ),
            ("1E-130", "0", Greater),
            ("1E-130", "1.0E-130", Equal),
            ("123", "1.23e2", Equal),
            ("0.00123", "1.23e-3", Equal),
            ("0.00123", "1.24e-3", Less),
            (
                "1e1000000000000000000000000000000000000000",
                "1e999999999999999999999999999999999999999",
                Greater,
            ),
            (
                "1e1000000000000000000000000000000000000000",
                "10e999999999999999999999999999999999999999",
                Equal,
            ),
            ("-1e1000000000000000000000000000000000000000", "1", Less),
            (
                "1e-1000000000000000000000000000000000000000",
                "1e-999999999999999999999999999999999999999",
                Less,
            ),
            ("5", "1e-1000000000000000000000000000000000000000", Greater),
        ] {
            assert_eq!(c(a, b), o, "{a} vs {b}");
            assert_eq!(c(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
