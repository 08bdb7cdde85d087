//! DynamoDB tables: names, key schema, attributes, capacity and global secondary indexes.

use super::*;

#[test]
fn dynamodb_table_name() {
    let d = the_error(&table(|t| t.table_name("ab")), "dynamodb-table-name");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "TableName",
        &["\"ab\""],
        &["3–255", "[a-zA-Z0-9_.-]"],
    );
    assert!(table(|t| t.table_name("abc")).synth().is_ok());
    assert!(table(|t| t.table_name("a".repeat(255))).synth().is_ok());
    the_error(
        &table(|t| t.table_name("a".repeat(256))),
        "dynamodb-table-name",
    );
    the_error(
        &table(|t| t.table_name("orders table")),
        "dynamodb-table-name",
    );
    // A parameter is not checked.
    let mut stack = Stack::new("V");
    let name = stack.parameter(Parameter::string("TableName"));
    stack.add(Table::new("Orders", Attribute::string("pk")).table_name(name));
    assert!(stack.synth().is_ok());
}

#[test]
fn dynamodb_key_schema() {
    let d = the_error(
        &table(|t| t.sort_key(Attribute::number("pk"))),
        "dynamodb-key-schema",
    );
    assert_diag(
        &d,
        E,
        "V/Orders",
        "KeySchema.1",
        &["\"pk\""],
        &["different from the partition key"],
    );
}

#[test]
fn dynamodb_attribute_name() {
    let d = the_error(
        &one(Table::new("Orders", Attribute::string(""))),
        "dynamodb-attribute-name",
    );
    assert_diag(
        &d,
        E,
        "V/Orders",
        "KeySchema.0",
        &["\"\""],
        &["1–255 characters"],
    );
    the_error(
        &one(Table::new("Orders", Attribute::string("k".repeat(256)))),
        "dynamodb-attribute-name",
    );
    assert!(
        one(Table::new("Orders", Attribute::string("k".repeat(255))))
            .synth()
            .is_ok()
    );
    let d = the_error(
        &table(|t| t.time_to_live_attribute("")),
        "dynamodb-attribute-name",
    );
    assert_eq!(d.property, "TimeToLiveSpecification.AttributeName");
}

#[test]
fn dynamodb_attribute_type() {
    let stack = table(|t| {
        t.global_secondary_index(GlobalSecondaryIndex::new("ByPk", Attribute::number("pk")))
    });
    let d = the_error(&stack, "dynamodb-attribute-type");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.KeySchema.0",
        &["\"pk\" as N", "declared as S"],
        &["one type per attribute"],
    );
}

#[test]
fn dynamodb_capacity() {
    let stack = table(|t| t.billing(Billing::Provisioned { read: 0, write: 5 }));
    let d = the_error(&stack, "dynamodb-capacity");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "ProvisionedThroughput",
        &["ReadCapacityUnits 0", "WriteCapacityUnits 5"],
        &["at least 1"],
    );
    assert!(
        table(|t| t.billing(Billing::Provisioned { read: 1, write: 1 }))
            .synth()
            .is_ok()
    );
    let stack = table(|t| {
        t.billing(Billing::Provisioned { read: 1, write: 1 })
            .global_secondary_index(
                GlobalSecondaryIndex::new("ByCustomer", Attribute::string("customer"))
                    .capacity(1, 0),
            )
    });
    assert_eq!(
        the_error(&stack, "dynamodb-capacity").property,
        "GlobalSecondaryIndexes.0.ProvisionedThroughput"
    );
}

fn indexes(n: usize) -> Stack {
    table(|mut t| {
        for i in 0..n {
            t = t.global_secondary_index(GlobalSecondaryIndex::new(
                format!("Index{i}"),
                Attribute::string(format!("a{i}")),
            ));
        }
        t
    })
}

#[test]
fn dynamodb_gsi_count() {
    assert!(indexes(20).synth().is_ok());
    let d = the_error(&indexes(21), "dynamodb-gsi-count");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes",
        &["21 indexes"],
        &["at most 20"],
    );
}

#[test]
fn dynamodb_gsi_name() {
    let d = the_error(
        &table(|t| {
            t.global_secondary_index(GlobalSecondaryIndex::new("By", Attribute::string("c")))
        }),
        "dynamodb-gsi-name",
    );
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.IndexName",
        &["\"By\""],
        &["3–255", "[a-zA-Z0-9_.-]"],
    );
    let twice = table(|t| {
        t.global_secondary_index(GlobalSecondaryIndex::new("ByC", Attribute::string("c")))
            .global_secondary_index(GlobalSecondaryIndex::new("ByC", Attribute::string("d")))
    });
    let d = the_error(&twice, "dynamodb-gsi-name");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.1.IndexName",
        &["\"ByC\" twice"],
        &["unique"],
    );
}

#[test]
fn dynamodb_gsi_projection() {
    let empty = table(|t| {
        t.global_secondary_index(
            GlobalSecondaryIndex::new("ByC", Attribute::string("c"))
                .projection(Projection::Include(vec![])),
        )
    });
    let d = the_error(&empty, "dynamodb-gsi-projection");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.Projection",
        &["INCLUDE with no attributes"],
        &["at least one"],
    );
    let attrs = |n: usize| (0..n).map(|i| format!("x{i}")).collect::<Vec<_>>();
    let many = |n: usize| {
        table(|t| {
            t.global_secondary_index(
                GlobalSecondaryIndex::new("ByC", Attribute::string("c"))
                    .projection(Projection::Include(attrs(50))),
            )
            .global_secondary_index(
                GlobalSecondaryIndex::new("ByD", Attribute::string("d"))
                    .projection(Projection::Include(attrs(n))),
            )
        })
    };
    assert!(many(50).synth().is_ok());
    let d = the_error(&many(51), "dynamodb-gsi-projection");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes",
        &["101"],
        &["at most 100"],
    );
}

#[test]
fn dynamodb_gsi_capacity() {
    let missing = table(|t| {
        t.billing(Billing::Provisioned { read: 5, write: 5 })
            .global_secondary_index(GlobalSecondaryIndex::new("ByC", Attribute::string("c")))
    });
    let d = the_error(&missing, "dynamodb-gsi-capacity");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.ProvisionedThroughput",
        &["no capacity"],
        &[".capacity(read, write)"],
    );
    let extra = table(|t| {
        t.global_secondary_index(
            GlobalSecondaryIndex::new("ByC", Attribute::string("c")).capacity(5, 5),
        )
    });
    let d = the_error(&extra, "dynamodb-gsi-capacity");
    assert_diag(
        &d,
        E,
        "V/Orders",
        "GlobalSecondaryIndexes.0.ProvisionedThroughput",
        &["read 5, write 5"],
        &["on-demand"],
    );
}
