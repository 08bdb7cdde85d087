//! Synth's diagnostics placed in the stack file: a construct's at the member that sets the
//! CloudFormation property in question (each construct's file lists them: `PLACES`), or at
//! the construct; an output's, parameter's, raw resource's or override's at its entry; the
//! stack's at the member concerned, or at the top of the file.

use super::build::Layout;
use super::parse::join;
use super::*;
use ferrocdk_core::Diagnostic;

/// `(CloudFormation property, member)` pairs every construct has. A property is written
/// dotted, `*` standing for a list index (`GlobalSecondaryIndexes.*.IndexName`); in the
/// member, each `*` takes the index found (`globalSecondaryIndexes[*].name`). A construct's
/// table may also name a rule code instead of a property, for a rule that reports on the
/// construct as a whole (`-`) but is about one member.
const COMMON: &[(&str, &str)] = &[("Tags", "tags")];

/// Where `d` (a diagnostic of `Stack::synth` on the stack built from `file`) is in the text:
/// the JSON path to place it at, and the JSON path to report as its property when synth's
/// property maps to a member of the file (else the property stays as synth wrote it).
pub(crate) fn place(file: &StackFile, layout: &Layout, d: &Diagnostic) -> (String, Option<String>) {
    let Some(rest) = d
        .path
        .strip_prefix(file.name.as_str())
        .and_then(|r| r.strip_prefix('/'))
    else {
        // The stack itself (its environment only in an app file).
        let member = match d.property.split('.').next().unwrap_or("") {
            "Environment" if d.property == "Environment.Account" => "account",
            "Environment" if d.property == "Environment.Region" => "region",
            "StackName" => "name",
            "Description" => "description",
            "Resources" => "constructs",
            "Outputs" => "outputs",
            "Parameters" => "parameters",
            "Conditions" => "conditions",
            "Tags" => "tags",
            _ => return (String::new(), None),
        };
        return (member.to_owned(), Some(member.to_owned()));
    };
    if let Some(name) = rest.strip_prefix("Outputs/") {
        let at = join("outputs", name);
        return (at.clone(), Some(at));
    }
    if let Some(paths) = file.overrides.as_ref().and_then(|o| o.get(rest)) {
        if paths.contains_key(&d.property) {
            let at = join(&join("overrides", rest), &d.property);
            return (at.clone(), Some(at));
        }
    }
    if let Some((c, at)) = file
        .constructs
        .iter()
        .zip(&layout.indices)
        .find(|(c, _)| c.id() == rest)
    {
        let base = format!("constructs[{at}]");
        if d.property == "LogicalId" {
            let member = if c.logical_id().is_some() {
                "logicalId"
            } else {
                "id"
            };
            let at = join(&base, member);
            return (at.clone(), Some(at));
        }
        let found = member(c.places(), &d.property)
            .or_else(|| member(COMMON, &d.property))
            .or_else(|| member(c.places(), d.code));
        return match found {
            Some(m) => {
                let at = format!("{base}.{m}");
                (at.clone(), Some(at))
            }
            None => (base, None),
        };
    }
    if file
        .raw_resources
        .as_ref()
        .is_some_and(|r| r.contains_key(rest))
    {
        let base = join("rawResources", rest);
        let at = match d.property.as_str() {
            "Condition" => join(&base, "condition"),
            "DependsOn" => join(&base, "dependsOn"),
            "Type" => join(&base, "type"),
            _ => base,
        };
        return (at.clone(), Some(at));
    }
    if file
        .parameters
        .as_ref()
        .is_some_and(|p| p.contains_key(rest))
    {
        let at = join("parameters", rest);
        return (at.clone(), Some(at));
    }
    (String::new(), None)
}

/// The member that sets `property`, from a table of `(property, member)` pairs: the longest
/// property of the table that `property` starts with (whole segments).
pub(crate) fn member(table: &[(&str, &str)], property: &str) -> Option<String> {
    let segments: Vec<&str> = property.split('.').collect();
    let mut best: Option<(usize, String)> = None;
    for (pattern, member) in table {
        let pattern: Vec<&str> = pattern.split('.').collect();
        if pattern.len() > segments.len() || best.as_ref().is_some_and(|(n, _)| *n >= pattern.len())
        {
            continue;
        }
        let mut indices = Vec::new();
        let matches = pattern.iter().zip(&segments).all(|(p, s)| {
            if *p == "*" && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                indices.push(*s);
                true
            } else {
                p == s
            }
        });
        if matches {
            let mut m = (*member).to_owned();
            for i in indices {
                m = m.replacen('*', i, 1);
            }
            best = Some((pattern.len(), m));
        }
    }
    best.map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::member;

    #[test]
    fn the_longest_matching_property_wins_and_indices_carry_over() {
        let table = [
            ("GlobalSecondaryIndexes", "globalSecondaryIndexes"),
            ("GlobalSecondaryIndexes.*", "globalSecondaryIndexes[*]"),
            (
                "GlobalSecondaryIndexes.*.IndexName",
                "globalSecondaryIndexes[*].name",
            ),
            ("Timeout", "timeoutSeconds"),
        ];
        let m = |p: &str| member(&table, p);
        assert_eq!(
            m("GlobalSecondaryIndexes.3.IndexName").as_deref(),
            Some("globalSecondaryIndexes[3].name")
        );
        assert_eq!(
            m("GlobalSecondaryIndexes.3.Projection").as_deref(),
            Some("globalSecondaryIndexes[3]")
        );
        assert_eq!(
            m("GlobalSecondaryIndexes").as_deref(),
            Some("globalSecondaryIndexes")
        );
        assert_eq!(m("Timeout").as_deref(), Some("timeoutSeconds"));
        assert_eq!(m("TimeoutX"), None);
        assert_eq!(m("-"), None);
    }
}
