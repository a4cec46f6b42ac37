//! Properties of the whole engine: caps and budget, compaction, the stored form at scale.

use proptest::prelude::*;
use reciprocity::engine::config::Period;
use reciprocity::engine::device::Device;
use reciprocity::engine::event::{Event, Input, Item};
use reciprocity::engine::history::{History, MemoryStore};
use reciprocity::engine::profile::Profile;
use reciprocity::engine::time::{Millis, DAY, HOUR, MINUTE};

use crate::{example, journey};

#[derive(Debug, Clone)]
enum Step {
    View(u8),
    Purchase(u8, u16),
    Custom(&'static str),
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u8..4).prop_map(Step::View),
        2 => (0u8..20, 1u16..200).prop_map(|(t, v)| Step::Purchase(t, v)),
        1 => prop_oneof![Just("review"), Just("referral"), Just("sign_up"), Just("begin_checkout")].prop_map(Step::Custom),
    ]
}

fn event_for(step: &Step, at: Millis) -> Event {
    let urls = [
        "/www/index.html",
        "/www/product.html",
        "/www/thank-you.html",
        "/www/checkout.html",
    ];
    match step {
        Step::View(u) => {
            let mut e = Event::new("page_view", at);
            e.url = Some(urls[usize::from(*u)].to_string());
            e
        }
        Step::Purchase(t, v) => {
            let mut e = Event::new("purchase", at);
            e.transaction_id = Some(format!("T{t}"));
            e.value = Some(i64::from(*v) * 100);
            e.currency = Some("EUR".into());
            e.items = vec![Item {
                name: Some("Sencha".into()),
                category: Some(["Tea", "Teaware"][usize::from(*t % 2)].into()),
                quantity: 1,
                ..Item::default()
            }];
            e
        }
        Step::Custom(n) => Event::new(*n, at),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the shopper does, the decisions never exceed a gesture's cap or the global
    /// attention budget.
    #[test]
    fn decisions_respect_caps_and_budget(steps in proptest::collection::vec((arb_step(), 0u32..72 * 60), 1..120)) {
        let config = example();
        let mut device = journey(Device::open(config.clone(), MemoryStore::default(), "prop"));
        let mut at: Millis = 1_780_000_000_000;
        let mut shows: Vec<(Millis, String, Millis)> = Vec::new();
        for (step, gap) in &steps {
            at += Millis::from(*gap) * MINUTE;
            let (_, d) = device.visit(event_for(step, at));
            if let Some(g) = d.gesture {
                shows.push((at, g.id, device.device.history.agg.session_start.unwrap()));
            }
        }
        let b = &config.budget;
        for (i, (t, id, session)) in shows.iter().enumerate() {
            let upto = &shows[..=i];
            prop_assert!(upto.iter().filter(|s| s.2 == *session).count() <= b.max_per_session as usize);
            prop_assert!(upto.iter().filter(|s| s.0 > t - 7 * DAY).count() <= b.max_per_week as usize);
            let g = config.gesture(id).unwrap();
            let same: Vec<_> = upto.iter().filter(|s| &s.1 == id).collect();
            match g.cap.per {
                Period::Lifetime => prop_assert!(same.len() <= g.cap.max_shows as usize),
                Period::Week => prop_assert!(same.iter().filter(|s| s.0 > t - 7 * DAY).count() <= g.cap.max_shows as usize),
                Period::Year => prop_assert!(same.iter().filter(|s| s.0 > t - 365 * DAY).count() <= g.cap.max_shows as usize),
                _ => {}
            }
            if g.cap.cooldown_hours > 0 && same.len() > 1 {
                let prev = same[same.len() - 2].0;
                prop_assert!(t - prev >= Millis::from(g.cap.cooldown_hours) * HOUR);
            }
        }
    }

    /// Compaction drops detail only: the profile is the same before and after, and after a
    /// round trip through the stored form.
    #[test]
    fn compaction_never_changes_the_profile(steps in proptest::collection::vec((arb_step(), 0u32..10_000), 1..400), days in 0i64..400) {
        let config = example();
        let mut h = History::new("c");
        let mut at: Millis = 1_780_000_000_000;
        for (step, gap) in &steps {
            at += Millis::from(*gap) * MINUTE;
            h.append(Input::Event(event_for(step, at)));
        }
        let now = at + days * DAY;
        let before = Profile::build(&h, &config.profile, now, 60);
        let mut compacted = h.clone();
        compacted.compact();
        prop_assert_eq!(&Profile::build(&compacted, &config.profile, now, 60), &before);
        let stored = History::decode(&compacted.encode(), "x").unwrap().history;
        prop_assert_eq!(&Profile::build(&stored, &config.profile, now, 60), &before);
    }
}

#[test]
fn stored_form_stays_small_at_100k_events() {
    let mut h = History::new("big");
    let mut at: Millis = 1_780_000_000_000;
    for i in 0..100_000u32 {
        at += 7 * MINUTE;
        let step = match i % 10 {
            0 => Step::Purchase((i % 250) as u8, 30),
            1 => Step::Custom("add_to_cart"),
            _ => Step::View((i % 3) as u8),
        };
        let mut e = event_for(&step, at);
        if let Step::Purchase(..) = step {
            e.transaction_id = Some(format!("T-{i}"));
        }
        h.append(Input::Event(e));
    }
    assert_eq!(h.agg.orders, 10_000);
    let before = h.agg.clone();
    let stored = h.encode();
    // The real bound: encode drops older detail until the stored form fits the budget.
    assert!(
        stored.len() <= reciprocity::engine::history::STORED_BUDGET,
        "stored form is {} bytes",
        stored.len()
    );
    assert!(
        h.recent.len() < 100_000,
        "detail was compacted ({} events kept)",
        h.recent.len()
    );
    // Compaction drops detail only: every aggregate survives it, and the stored form.
    assert_eq!(h.agg, before);
    let back = History::decode(&stored, "other").unwrap();
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.history.agg, before);
    assert_eq!(back.history.agg.orders, 10_000);
}
