//! Throughput of `handle_json` on a generated ~6 MB Firehose event of ~1 KB change records.
//!
//! Run: `cargo run --release -p ferrocdk-transform --example bench_handle [iterations] [fast-only]`

use std::time::Instant;

use base64::Engine as _;
use ferrocdk_transform::{handle, handle_json, FirehoseEvent, Options};

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| (b'a' + self.below(26) as u8) as char)
            .collect()
    }
}

/// One realistic item image (~450 bytes of DynamoDB JSON).
fn item(rng: &mut Rng, id: u64) -> String {
    let b = base64::engine::general_purpose::STANDARD;
    let mut s = format!(
        "{{\"pk\":{{\"S\":\"USER#{id}\"}},\"sk\":{{\"S\":\"ORDER#2024-11-18#{:06}\"}},\
         \"total\":{{\"N\":\"{}.{:02}\"}},\"qty\":{{\"N\":\"{}\"}},\"paid\":{{\"BOOL\":{}}},\
         \"status\":{{\"S\":\"{}\"}},\"note\":{{\"S\":\"{} {} — {}\"}},",
        rng.below(1_000_000),
        rng.below(100_000),
        rng.below(100),
        rng.below(20),
        rng.below(2) == 0,
        ["NEW", "PAID", "SHIPPED"][rng.below(3) as usize],
        rng.word(8),
        rng.word(12),
        rng.word(6),
    );
    s.push_str(&format!(
        "\"tags\":{{\"SS\":[\"{}\",\"{}\",\"{}\"]}},\"lines\":{{\"L\":[",
        rng.word(5),
        rng.word(4),
        rng.word(6)
    ));
    for i in 0..2 {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            "{{\"M\":{{\"sku\":{{\"S\":\"{}-{}\"}},\"price\":{{\"N\":\"{}.{:02}\"}},\"n\":{{\"N\":\"{}\"}}}}}}",
            rng.word(3).to_uppercase(),
            rng.below(1000),
            rng.below(1000),
            rng.below(100),
            rng.below(9) + 1
        ));
    }
    s.push_str(&format!(
        "]}},\"addr\":{{\"M\":{{\"city\":{{\"S\":\"{}\"}},\"zip\":{{\"S\":\"{:05}\"}},\"geo\":{{\"L\":[{{\"N\":\"47.{}\"}},{{\"N\":\"8.{}\"}}]}}}}}},",
        rng.word(7),
        rng.below(99_999),
        rng.below(1_000_000),
        rng.below(1_000_000)
    ));
    let blob: Vec<u8> = (0..24).map(|_| rng.below(256) as u8).collect();
    s.push_str(&format!(
        "\"sig\":{{\"B\":\"{}\"}},\"v\":{{\"N\":\"{}\"}}}}",
        b.encode(blob),
        rng.below(1_000_000_000_000)
    ));
    s
}

fn change_record(rng: &mut Rng, n: u64) -> String {
    let id = rng.below(100_000);
    let (name, images) = match n % 4 {
        0 => ("INSERT", format!("\"NewImage\":{}", item(rng, id))),
        3 => ("REMOVE", format!("\"OldImage\":{}", item(rng, id))),
        _ => (
            "MODIFY",
            format!(
                "\"NewImage\":{},\"OldImage\":{}",
                item(rng, id),
                item(rng, id)
            ),
        ),
    };
    format!(
        "{{\"awsRegion\":\"eu-west-1\",\"eventID\":\"{:08x}-0f63-4056-86da-{:012x}\",\"eventName\":\"{name}\",\
         \"userIdentity\":null,\"recordFormat\":\"application/json\",\"tableName\":\"Orders\",\
         \"dynamodb\":{{\"ApproximateCreationDateTime\":{},\"Keys\":{{\"pk\":{{\"S\":\"USER#{id}\"}},\
         \"sk\":{{\"S\":\"ORDER\"}}}},{images},\"SizeBytes\":900}},\"eventSource\":\"aws:dynamodb\"}}",
        rng.next() as u32,
        rng.next() & 0xFFFF_FFFF_FFFF,
        1_731_924_555_370 + rng.below(86_400_000)
    )
}

fn main() {
    let iterations: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    let b = base64::engine::general_purpose::STANDARD;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut records = Vec::new();
    let mut size = 0usize;
    let mut data_bytes = 0usize;
    let mut n = 0u64;
    while size < 6_000_000 {
        let rec = change_record(&mut rng, n);
        data_bytes += rec.len();
        let data = b.encode(rec.as_bytes());
        let r = format!(
            "{{\"recordId\":\"{n:056}\",\"approximateArrivalTimestamp\":1731924555932,\"data\":\"{data}\",\
             \"kinesisRecordMetadata\":{{\"shardId\":\"shardId-000000000000\",\"partitionKey\":\"859F7C064A4818874FA67ABEC9BF2AF1\",\
             \"approximateArrivalTimestamp\":1731924555932,\"sequenceNumber\":\"49657828409187701520019995242508390119953358325192589314\",\"subsequenceNumber\":0}}}}"
        );
        size += r.len() + 1;
        records.push(r);
        n += 1;
    }
    let event = format!(
        "{{\"invocationId\":\"inv\",\"deliveryStreamArn\":\"arn:aws:firehose:eu-west-1:123456789012:deliverystream/ds\",\
         \"sourceKinesisStreamArn\":\"arn:aws:kinesis:eu-west-1:123456789012:stream/s\",\"region\":\"eu-west-1\",\
         \"records\":[{}]}}",
        records.join(",")
    );
    let event = event.into_bytes();
    let count = records.len();
    let options = Options {
        partition_keys: true,
        ..Options::default()
    };

    // Sanity: every record is shaped Ok.
    let out = handle_json(&event, &options).expect("valid event");
    let ok = out
        .windows(13)
        .filter(|w| w == b"\"result\":\"Ok\"")
        .count();
    assert_eq!(ok, count, "all generated records must be Ok");

    println!(
        "event: {:.2} MB, {count} records, {:.0} bytes of change record per record (decoded), response {:.2} MB",
        event.len() as f64 / 1e6,
        data_bytes as f64 / count as f64,
        out.len() as f64 / 1e6
    );
    let mut best = f64::MAX;
    let start = Instant::now();
    for _ in 0..iterations {
        let t = Instant::now();
        let out = handle_json(&event, &options).expect("valid event");
        std::hint::black_box(out);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mean = start.elapsed().as_secs_f64() / f64::from(iterations);
    let mb = event.len() as f64 / 1e6;
    println!(
        "handle_json: mean {:.2} ms, best {:.2} ms -> {:.0} MB/s mean, {:.0} MB/s best, {:.0} records/s mean ({iterations} iterations, 1 thread)",
        mean * 1e3,
        best * 1e3,
        mb / mean,
        mb / best,
        count as f64 / mean
    );

    if std::env::args().nth(2).as_deref() == Some("fast-only") {
        return;
    }
    // For comparison: the typed path (serde parse + handle + serde serialize).
    let t = Instant::now();
    let typed_iters = (iterations / 3).max(1);
    for _ in 0..typed_iters {
        let ev: FirehoseEvent = serde_json::from_slice(&event).expect("event");
        let out = serde_json::to_vec(&handle(&ev, &options)).expect("response");
        std::hint::black_box(out);
    }
    let typed = t.elapsed().as_secs_f64() / f64::from(typed_iters);
    println!(
        "typed (from_slice + handle + to_vec): mean {:.2} ms -> {:.0} MB/s",
        typed * 1e3,
        mb / typed
    );
}
