//! "Did you mean": the known name closest to a misspelt one.

/// The candidate closest to `word` by edit distance (insertions, deletions, substitutions and
/// swaps of two neighbours each count 1; letter case is ignored): one at most 1 edit away for
/// words of up to 4 characters, 2 for longer ones. Ties go to the first candidate. Only
/// candidates of a close enough length are compared, so a long word costs nothing.
pub(crate) fn suggest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let word: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let limit = if word.len() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let cand: Vec<char> = c.chars().flat_map(char::to_lowercase).collect();
        if cand.len().abs_diff(word.len()) > limit {
            continue;
        }
        let d = distance(&word, &cand);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn close_names_are_suggested_far_ones_are_not() {
        let members = [
            "id",
            "partitionKey",
            "kinesisStream",
            "kinesisPrecision",
            "stream",
        ];
        assert_eq!(suggest("kinesisStrem", members), Some("kinesisStream"));
        assert_eq!(suggest("kinesisSteram", members), Some("kinesisStream"));
        assert_eq!(suggest("PartitionKey", members), Some("partitionKey"));
        assert_eq!(suggest("streams", members), Some("stream"));
        assert_eq!(suggest("ids", members), Some("id"));
        assert_eq!(suggest("retention", members), None);
        assert_eq!(suggest("xy", members), None);
        assert_eq!(suggest(&"a".repeat(200_000), members), None);
        assert_eq!(suggest("Tabel", ["Table", "Bucket"]), Some("Table"));
    }
}
