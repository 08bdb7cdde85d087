//! Epoch timestamps → ISO-8601 UTC text, without any date library.

/// Resolution of an epoch timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    Seconds,
    Millis,
    Micros,
}

/// Seconds from the epoch to 10000-01-01T00:00:00Z.
const END_OF_9999: u128 = 253_402_300_800;

/// Civil date (year, month, day) of a day count from 1970-01-01 (H. Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn push_num(out: &mut Vec<u8>, v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut v = v;
    while v > 0 && i > 0 {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let start = buf.len().saturating_sub(width).min(i);
    out.extend_from_slice(buf.get(start..).unwrap_or(&[]));
}

/// Appends `YYYY-MM-DD` for a day count (the caller keeps it within years 0..=9999).
pub(crate) fn write_date(out: &mut Vec<u8>, days: i64) {
    let (y, m, d) = civil_from_days(days);
    push_num(out, y.max(0) as u64, 4);
    out.push(b'-');
    push_num(out, u64::from(m), 2);
    out.push(b'-');
    push_num(out, u64::from(d), 2);
}

/// A validated timestamp: whole seconds since the epoch and the sub-second part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    secs: u64,
    /// Microseconds (for `Micros`) or milliseconds (otherwise).
    sub: u32,
    micros: bool,
}

impl Stamp {
    /// Splits `value` in `res` units; `None` when it is after 9999-12-31T23:59:59.999999Z.
    pub(crate) fn new(value: u128, res: Resolution) -> Option<Stamp> {
        let (per_sec, micros) = match res {
            Resolution::Seconds => (1, false),
            Resolution::Millis => (1_000, false),
            Resolution::Micros => (1_000_000, true),
        };
        let secs = value / per_sec;
        if secs >= END_OF_9999 {
            return None;
        }
        Some(Stamp {
            secs: secs as u64,
            sub: (value % per_sec) as u32,
            micros,
        })
    }

    /// Days since 1970-01-01.
    pub(crate) fn days(&self) -> i64 {
        (self.secs / 86_400) as i64
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.fffZ` or `.ffffffZ`.
    pub(crate) fn write_iso(&self, out: &mut Vec<u8>) {
        write_date(out, self.days());
        let tod = self.secs % 86_400;
        out.push(b'T');
        push_num(out, tod / 3600, 2);
        out.push(b':');
        push_num(out, tod / 60 % 60, 2);
        out.push(b':');
        push_num(out, tod % 60, 2);
        out.push(b'.');
        push_num(out, u64::from(self.sub), if self.micros { 6 } else { 3 });
        out.push(b'Z');
    }
}

/// Day count of an epoch-milliseconds value when it lies within years 0..=9999.
pub(crate) fn days_from_millis(ms: i64) -> Option<i64> {
    const MIN_DAYS: i64 = -719_528; // 0000-01-01
    const MAX_DAYS: i64 = 2_932_896; // 9999-12-31
    let days = ms.div_euclid(86_400_000);
    (MIN_DAYS..=MAX_DAYS).contains(&days).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(v: u128, r: Resolution) -> Option<String> {
        let mut out = Vec::new();
        Stamp::new(v, r)?.write_iso(&mut out);
        String::from_utf8(out).ok()
    }

    #[test]
    fn formats() {
        use Resolution::*;
        assert_eq!(iso(0, Millis).unwrap(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            iso(1_731_924_555_370, Millis).unwrap(),
            "2024-11-18T10:09:15.370Z"
        );
        assert_eq!(
            iso(1_731_924_555_370_123, Micros).unwrap(),
            "2024-11-18T10:09:15.370123Z"
        );
        assert_eq!(
            iso(1_479_499_740, Seconds).unwrap(),
            "2016-11-18T20:09:00.000Z"
        );
        assert_eq!(
            iso(951_782_400_000, Millis).unwrap(),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(
            iso(253_402_300_799_999_999, Micros).unwrap(),
            "9999-12-31T23:59:59.999999Z"
        );
        assert_eq!(iso(253_402_300_800_000_000, Micros), None);
        assert_eq!(
            iso(253_402_300_799_999, Millis).unwrap(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(iso(253_402_300_800_000, Millis), None);
        assert_eq!(iso(253_402_300_800, Seconds), None);
    }

    #[test]
    fn dates_from_millis() {
        let date = |ms| {
            let mut out = Vec::new();
            write_date(&mut out, days_from_millis(ms)?);
            String::from_utf8(out).ok()
        };
        assert_eq!(date(1_731_924_555_932).unwrap(), "2024-11-18");
        assert_eq!(date(-1).unwrap(), "1969-12-31");
        assert_eq!(date(-62_167_219_200_000).unwrap(), "0000-01-01");
        assert_eq!(date(-62_167_219_200_001), None);
        assert_eq!(date(253_402_300_799_999).unwrap(), "9999-12-31");
        assert_eq!(date(253_402_300_800_000), None);
    }
}
