//! decide() time at 10, 1,000 and 100,000 recorded events, and the stored size after
//! compaction at those sizes. Prints figures; asserts nothing about time.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use reciprocity::engine::alarm::alarm;
use reciprocity::engine::config::Config;
use reciprocity::engine::decide::{decide, Context};
use reciprocity::engine::event::{Event, Input, Item};
use reciprocity::engine::history::History;
use reciprocity::engine::template::PlainFormatter;
use reciprocity::engine::time::{Millis, MINUTE};

fn history(n: u32) -> History {
    let mut h = History::new("bench");
    let mut at: Millis = 1_780_000_000_000;
    for i in 0..n {
        at += 7 * MINUTE;
        let mut e = Event::new(if i % 10 == 0 { "purchase" } else { "view_item" }, at);
        e.url = Some(format!(
            "https://shop.example/www/product.html?id={}",
            i % 40
        ));
        e.items = vec![Item {
            id: Some(format!("sku-{}", i % 40)),
            name: Some(format!("Product number {}", i % 40)),
            category: Some(["Tea", "Teaware", "Gifts"][(i % 3) as usize].into()),
            price: Some(1800),
            quantity: 1,
        }];
        if i % 10 == 0 {
            e.transaction_id = Some(format!("T-{i}"));
            e.value = Some(1800);
            e.currency = Some("EUR".into());
        }
        h.append(Input::Event(e));
    }
    h
}

/// The alarm (up to ~600 probe decisions) is computed once per recorder run; print its cost.
fn c_alarm(config: &Config, h: &History, now: Millis, fmt: &PlainFormatter) {
    let t = std::time::Instant::now();
    let runs = 20;
    for _ in 0..runs {
        black_box(alarm(config, h, now, 60, None, false, fmt));
    }
    println!(
        "alarm: {:.2} ms per computation",
        t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
    );
}

fn bench(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/config.example.json"
    ))
    .unwrap();
    let config = Config::parse(&text).unwrap();
    let fmt = PlainFormatter::new("en");
    let mut group = c.benchmark_group("decide");
    for n in [10u32, 1_000, 100_000] {
        let mut h = history(n);
        let now = h.agg.last_seen.unwrap() + 3 * 24 * 60 * MINUTE;
        let mut page = Event::new("page_view", now);
        page.url = Some("https://shop.example/www/index.html".into());
        let stored = h.encode();
        println!(
            "events={n:>6}  stored={:>6} bytes  recent={:>3}  txns={:>3}",
            stored.len(),
            h.recent.len(),
            h.txns.len()
        );
        c_alarm(&config, &h, now, &fmt);
        group.bench_with_input(BenchmarkId::from_parameter(n), &h, |b, h| {
            b.iter(|| {
                let ctx = Context::new(now, 60, page.url.as_deref(), std::slice::from_ref(&page));
                black_box(decide(&config, black_box(h), &ctx, &fmt))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
