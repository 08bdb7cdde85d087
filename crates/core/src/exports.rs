//! Export names: what CloudFormation accepts in an output's `Export.Name`, and their
//! uniqueness (per account and Region, so across the stacks of an app that share one).

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::stack::Stack;
use crate::template::Template;
use serde_json::Value;

/// Why `name` cannot be an export name, or `None`.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("an empty name");
    }
    (!name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '-'))
    .then_some("a character other than a letter, a digit, ':' or '-'")
}

/// Every literal export name of the template: (output name, export name).
pub(crate) fn literal_names(template: &Template) -> impl Iterator<Item = (&str, &str)> {
    template.outputs.iter().filter_map(|(output, o)| {
        let name = o.export.as_ref()?.name.as_str()?;
        Some((output.as_str(), name))
    })
}

/// Checks the export names of `stack`'s outputs, as written in `template`: letters, digits,
/// `:` and `-` only; no reference to a resource (CloudFormation resolves an export's name
/// before any resource exists); each name once in the template.
pub(crate) fn check_names(stack: &Stack, template: &Template, diags: &mut Diagnostics) {
    let path = |output: &str| format!("{}/Outputs/{output}", stack.name);
    for o in &stack.outputs {
        let Some(e) = &o.export else { continue };
        let mut resources = Vec::new();
        e.visit_targets(&mut |t| {
            if t.stack == stack.id && template.resources.contains_key(&t.logical_id) {
                resources.push(t.logical_id.clone());
            }
        });
        for id in resources {
            diags.push(Diagnostic::error(
                &rules::EXPORT_NAME,
                path(&o.name),
                "Export.Name",
                format!("a name that refers to the resource {id:?}"),
                "a literal, or an expression of parameters and pseudo parameters (such as \
                 AWS::StackName): CloudFormation resolves export names before creating resources",
            ));
        }
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (output, name) in literal_names(template) {
        if let Some(why) = name_problem(name) {
            diags.push(Diagnostic::error(
                &rules::EXPORT_NAME,
                path(output),
                "Export.Name",
                format!("{name:?}, with {why}"),
                "letters, digits, ':' and '-' (CloudFormation rejects any other character)",
            ));
        }
        if let Some((first, _)) = seen.iter().find(|(_, n)| *n == name) {
            diags.push(Diagnostic::error(
                &rules::DUPLICATE_EXPORT,
                path(output),
                "Export.Name",
                format!("{name:?}, already exported by the output {first}"),
                "an export name used once per account and Region",
            ));
        }
        seen.push((output, name));
    }
}

/// Reports each `Fn::ImportValue` of the template whose export name refers to a resource of
/// the template (CloudFormation resolves imports before it creates any resource): in a
/// `Ref`, an `Fn::GetAtt` or an `Fn::Sub` placeholder of the name.
pub(crate) fn check_imports(stack: &Stack, template: &Template, diags: &mut Diagnostics) {
    let places = template
        .resources
        .iter()
        .flat_map(|(id, r)| {
            r.properties
                .values()
                .map(move |v| (format!("{}/{id}", stack.name), v))
        })
        .chain(
            template
                .outputs
                .iter()
                .map(|(name, o)| (format!("{}/Outputs/{name}", stack.name), &o.value)),
        );
    for (path, v) in places {
        let mut found = Vec::new();
        imports_referring(v, template, &mut found);
        for id in found {
            diags.push(Diagnostic::error(
                &rules::IMPORT_VALUE_NAME,
                path.clone(),
                "Fn::ImportValue",
                format!("an export name that refers to the resource {id:?}"),
                "a literal export name, or one made of parameters and pseudo parameters: \
                 CloudFormation resolves Fn::ImportValue before it creates any resource",
            ));
        }
    }
}

/// The resources of `template` that the name of an `Fn::ImportValue` inside `v` refers to.
fn imports_referring(v: &Value, template: &Template, found: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(name) = m.get("Fn::ImportValue") {
                references(name, template, found);
            }
            m.values()
                .for_each(|x| imports_referring(x, template, found));
        }
        Value::Array(a) => a.iter().for_each(|x| imports_referring(x, template, found)),
        _ => {}
    }
}

/// The resources of `template` that `v` refers to: `Ref`, `Fn::GetAtt`, `Fn::Sub` placeholders.
fn references(v: &Value, template: &Template, found: &mut Vec<String>) {
    let mut note = |id: &str| {
        if template.resources.contains_key(id) && !found.iter().any(|f| f == id) {
            found.push(id.to_owned());
        }
    };
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("Ref", Value::String(id)) => note(id),
                    ("Fn::GetAtt", Value::Array(a)) => {
                        if let Some(Value::String(id)) = a.first() {
                            note(id);
                        }
                    }
                    ("Fn::Sub", sub) => {
                        let (text, vars) = match sub {
                            Value::String(t) => (Some(t.as_str()), None),
                            Value::Array(a) => (a.first().and_then(Value::as_str), a.get(1)),
                            _ => (None, None),
                        };
                        let mut rest = text.unwrap_or_default();
                        while let Some(at) = rest.find("${") {
                            rest = &rest[at + 2..];
                            if rest.starts_with('!') {
                                continue;
                            }
                            let end = rest.find('}').unwrap_or(rest.len());
                            let name = &rest[..end];
                            let id = name.split('.').next().unwrap_or(name);
                            if vars.and_then(|v| v.get(id)).is_none() {
                                note(id);
                            }
                        }
                    }
                    _ => {}
                }
            }
            m.values().for_each(|x| references(x, template, found));
        }
        Value::Array(a) => a.iter().for_each(|x| references(x, template, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::name_problem;

    #[test]
    fn export_names_are_letters_digits_colons_and_hyphens() {
        assert!(name_problem("App:Orders:Arn").is_none());
        assert!(name_problem("orders-stream-1").is_none());
        assert!(name_problem("").is_some());
        assert!(name_problem("Global.BucketName").is_some());
        assert!(name_problem("a_b").is_some());
        assert!(name_problem("a/b").is_some());
    }
}
