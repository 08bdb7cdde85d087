//! The `!{timestamp:…}` patterns of S3 prefixes: the part of Java's `DateTimeFormatter`
//! syntax that ferrocdk can evaluate, project and filter on.
//!
//! Supported: `yyyy` (or `uuuu`), `MM`, `dd`, `HH`, `mm`, `ss` and quoted literals (`'text'`,
//! `''` for a quote); anything else between the letters is literal (`/`, `-`, `=`, …). Other
//! pattern letters (`EEE`, `MMM`, `a`, single letters, …) are valid for Firehose but not
//! supported by the catalog: they are reported, not guessed.

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// Literal text (quotes resolved).
    Lit(String),
    /// A zero-padded field.
    Field(Field),
}

/// A date-time field, with its fixed width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl Field {
    fn width(self) -> usize {
        if self == Field::Year {
            4
        } else {
            2
        }
    }

    /// Athena's `projection.<col>.interval.unit` for a pattern whose finest field is this.
    pub(crate) fn projection_unit(self) -> &'static str {
        match self {
            Field::Year => "YEARS",
            Field::Month => "MONTHS",
            Field::Day => "DAYS",
            Field::Hour => "HOURS",
            Field::Minute => "MINUTES",
            Field::Second => "SECONDS",
        }
    }

    /// The specifier of Trino's `date_format` (MySQL style).
    fn sql(self) -> &'static str {
        match self {
            Field::Year => "%Y",
            Field::Month => "%m",
            Field::Day => "%d",
            Field::Hour => "%H",
            Field::Minute => "%i",
            Field::Second => "%s",
        }
    }
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub(crate) tokens: Vec<Token>,
}

impl Pattern {
    /// Parses `text`, or says what is not supported.
    pub(crate) fn parse(text: &str) -> Result<Pattern, String> {
        let mut tokens: Vec<Token> = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        let push_lit = |tokens: &mut Vec<Token>, s: &str| match tokens.last_mut() {
            Some(Token::Lit(prev)) => prev.push_str(s),
            _ => tokens.push(Token::Lit(s.to_owned())),
        };
        while i < chars.len() {
            let c = chars[i];
            if c == '\'' {
                if chars.get(i + 1) == Some(&'\'') {
                    push_lit(&mut tokens, "'");
                    i += 2;
                    continue;
                }
                // Quoted text; inside it, '' is one quote.
                let mut lit = String::new();
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        None => return Err(format!("an unclosed quote in {text:?}")),
                        Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                            lit.push('\'');
                            j += 2;
                        }
                        Some('\'') => break,
                        Some(&x) => {
                            lit.push(x);
                            j += 1;
                        }
                    }
                }
                push_lit(&mut tokens, &lit);
                i = j + 1;
                continue;
            }
            if c.is_ascii_alphabetic() {
                let run = chars[i..].iter().take_while(|&&x| x == c).count();
                let field = match (c, run) {
                    ('y' | 'u', 4) => Field::Year,
                    ('M', 2) => Field::Month,
                    ('d', 2) => Field::Day,
                    ('H', 2) => Field::Hour,
                    ('m', 2) => Field::Minute,
                    ('s', 2) => Field::Second,
                    _ => {
                        let letters: String = std::iter::repeat_n(c, run).collect();
                        return Err(format!(
                            "{letters:?} in {text:?} (supported: yyyy, MM, dd, HH, mm, ss and quoted text)"
                        ));
                    }
                };
                tokens.push(Token::Field(field));
                i += run;
                continue;
            }
            if c == '[' || c == ']' || c == '{' || c == '}' || c == '#' {
                return Err(format!(
                    "{c:?} in {text:?} (reserved by DateTimeFormatter; quote it)"
                ));
            }
            push_lit(&mut tokens, &c.to_string());
            i += 1;
        }
        Ok(Pattern { tokens })
    }

    /// The fields, in pattern order.
    pub(crate) fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.tokens.iter().filter_map(|t| match t {
            Token::Field(f) => Some(*f),
            Token::Lit(_) => None,
        })
    }

    /// The finest field, if any.
    pub(crate) fn finest(&self) -> Option<Field> {
        self.fields().max()
    }

    /// Whether the formatted text sorts as time does: the fields go from coarse to fine with
    /// none missing in between (`yyyy/MM/dd/HH` does, `dd-MM-yyyy` and `yyyy/dd` do not).
    pub(crate) fn sorts_in_time_order(&self) -> bool {
        let fields: Vec<Field> = self.fields().collect();
        let all = [
            Field::Year,
            Field::Month,
            Field::Day,
            Field::Hour,
            Field::Minute,
            Field::Second,
        ];
        !fields.is_empty() && fields.as_slice() == &all[..fields.len()]
    }

    /// The text for a UTC time given as milliseconds since the epoch.
    pub(crate) fn format(&self, epoch_ms: i64) -> String {
        let t = Civil::from_epoch_ms(epoch_ms);
        let mut out = String::new();
        for tok in &self.tokens {
            match tok {
                Token::Lit(s) => out.push_str(s),
                Token::Field(f) => {
                    let v = match f {
                        Field::Year => t.year,
                        Field::Month => t.month,
                        Field::Day => t.day,
                        Field::Hour => t.hour,
                        Field::Minute => t.minute,
                        Field::Second => t.second,
                    };
                    out.push_str(&format!("{v:0width$}", width = f.width()));
                }
            }
        }
        out
    }

    /// The same pattern in Java `DateTimeFormatter` syntax with every literal quoted (what
    /// Athena's `projection.<col>.format` takes).
    pub(crate) fn java(&self) -> String {
        let mut out = String::new();
        for tok in &self.tokens {
            match tok {
                Token::Lit(s) => java_literal(&mut out, s),
                Token::Field(f) => out.push_str(match f {
                    Field::Year => "yyyy",
                    Field::Month => "MM",
                    Field::Day => "dd",
                    Field::Hour => "HH",
                    Field::Minute => "mm",
                    Field::Second => "ss",
                }),
            }
        }
        out
    }

    /// The same pattern for Trino's `date_format` (`%` is written `%%`).
    pub(crate) fn sql(&self) -> String {
        let mut out = String::new();
        for tok in &self.tokens {
            match tok {
                Token::Lit(s) => out.push_str(&s.replace('%', "%%")),
                Token::Field(f) => out.push_str(f.sql()),
            }
        }
        out
    }
}

/// Appends `s` as Java pattern text: letters are quoted, a quote is doubled.
pub(crate) fn java_literal(out: &mut String, s: &str) {
    if s.is_empty() {
        return;
    }
    if s.chars()
        .any(|c| c.is_ascii_alphabetic() || "'[]{}#".contains(c))
    {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        out.push_str(s);
    }
}

/// A UTC civil time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: i64,
    pub(crate) day: i64,
    pub(crate) hour: i64,
    pub(crate) minute: i64,
    pub(crate) second: i64,
}

impl Civil {
    /// From milliseconds since 1970-01-01T00:00:00Z (proleptic Gregorian, no leap seconds).
    pub(crate) fn from_epoch_ms(ms: i64) -> Civil {
        let secs = ms.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_at_the_edges_of_hours_days_and_years() {
        let p = Pattern::parse("yyyy/MM/dd/HH").unwrap();
        // 2026-12-31T23:59:59.999Z and one millisecond later.
        assert_eq!(p.format(1_798_761_599_999), "2026/12/31/23");
        assert_eq!(p.format(1_798_761_600_000), "2027/01/01/00");
        // A leap day, and the epoch.
        assert_eq!(p.format(1_709_164_800_000), "2024/02/29/00");
        assert_eq!(p.format(0), "1970/01/01/00");
        assert_eq!(p.format(-1), "1969/12/31/23");
    }

    #[test]
    fn quoted_text_and_conversions() {
        let p = Pattern::parse("'year='yyyy'/month='MM").unwrap();
        assert_eq!(p.format(1_798_761_600_000), "year=2027/month=01");
        assert_eq!(p.java(), "'year='yyyy'/month='MM");
        assert_eq!(p.sql(), "year=%Y/month=%m");
        assert_eq!(p.finest(), Some(Field::Month));
        assert!(p.sorts_in_time_order());
        assert!(!Pattern::parse("dd-MM-yyyy").unwrap().sorts_in_time_order());
        assert!(!Pattern::parse("yyyy/dd").unwrap().sorts_in_time_order());
        assert_eq!(Pattern::parse("'it''s'").unwrap().java(), "'it''s'");
        assert_eq!(Pattern::parse("yyyy''").unwrap().format(0), "1970'");
        assert!(Pattern::parse("yyyy/MMM").is_err());
        assert!(Pattern::parse("EEE").is_err());
        assert!(Pattern::parse("'open").is_err());
    }
}
