//! The chosen gesture as the shopper sees it: every text rendered from its template with
//! the shopper's values (name, orders, last items, code expiry, recommendation) and
//! formatted for their locale.

use crate::engine::small::SmallMap;

use serde::Serialize;

use super::caps::code_expiry;
use crate::engine::config::{Config, Format, Gesture, Kind, Link, Role, Scale, Text};
use crate::engine::event::Cents;
use crate::engine::history::History;
use crate::engine::locale::language;
use crate::engine::profile::Profile;
use crate::engine::template::{Formatter, Template, TokenValue};
use crate::engine::time::{format_instant, Millis};
use crate::engine::url::percent_encode;
use crate::engine::why::Why;

/// A code as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownCode {
    /// The static code, when the config has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where a single-use code is fetched from on reveal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue_url: Option<String>,
    /// When it stops working.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Expiry as milliseconds, for the UI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_ms: Option<Millis>,
    /// Expiry formatted for the shopper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_text: Option<String>,
    /// A link that applies the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_url: Option<String>,
    /// A code meant to be passed on: the UI offers to share it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub share: bool,
}

/// A link as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownLink {
    /// Its text.
    pub label: String,
    /// Its target (always http(s) or a path).
    pub url: String,
}

/// A feedback question as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownFeedback {
    /// The question.
    pub question: String,
    /// Stars, NPS or text only.
    pub scale: Scale,
    /// Label of the short-text answer, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Shown after submitting.
    pub thanks: String,
    /// The answer goes to the store's `endpoints.feedback` (not in a preview), so the "why"
    /// panel must not say that nothing is sent.
    pub sent_to_store: bool,
}

/// A gesture ready to render: all texts are final plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shown {
    /// Gesture id.
    pub id: String,
    /// What it is (`data-gesture-kind`).
    pub kind: Kind,
    /// Whether it gives, asks or informs.
    pub role: Role,
    /// Heading.
    pub title: String,
    /// Body.
    pub text: String,
    /// The language the heading is written in, when it is not the page's (a fallback text):
    /// the UI marks it with its own `lang` and `dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_lang: Option<String>,
    /// The language of the body, when it is not the page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_lang: Option<String>,
    /// The code, for code gestures and gifts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ShownCode>,
    /// Call to action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<ShownLink>,
    /// The question, for feedback prompts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<ShownFeedback>,
    /// Modal dialog rather than banner.
    pub modal: bool,
    /// How it is presented (left out for a card).
    #[serde(skip_serializing_if = "Format::is_card")]
    pub format: Format,
    /// For the inline format: the selector of the page's element it goes into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline: Option<String>,
    /// "Why am I seeing this", in plain words.
    pub why: Vec<String>,
    /// Shown as a store-owner preview, outside the rules.
    pub preview: bool,
}

/// The gesture's link for the first category of the last order that has one.
pub(super) fn recommendation<'a>(g: &'a Gesture, p: &Profile) -> Option<&'a Link> {
    let rec = g.recommend.as_ref()?;
    p.last_categories.iter().find_map(|c| rec.get(c))
}

fn money(c: Option<Cents>, cur: &Option<String>, store: &str) -> Option<TokenValue> {
    c.map(|c| TokenValue::Money(c, cur.clone().unwrap_or_else(|| store.to_string())))
}

/// Renders a gesture's texts, code, link and question for the shopper.
#[allow(clippy::too_many_arguments)]
pub(super) fn render(
    config: &Config,
    g: &Gesture,
    h: &History,
    p: &Profile,
    now: Millis,
    fmt: &dyn Formatter,
    why: Vec<Why>,
    preview: bool,
) -> Shown {
    let locale = fmt.locale();
    let stats = h.gestures.get(&g.id);
    let expiry = code_expiry(g, stats, now);
    let rec = recommendation(g, p);
    let cur = &config.store.currency;
    let mut v: SmallMap<&'static str, TokenValue> = SmallMap::new();
    if let Some(n) = &p.first_name {
        v.insert("first_name", TokenValue::Text(n.clone()));
    }
    v.insert("store", TokenValue::Text(config.store.name.clone()));
    v.insert(
        "orders_count",
        TokenValue::Number(i64::from(p.orders_count)),
    );
    v.insert(
        "feedback_count",
        TokenValue::Number(i64::from(p.feedback_count)),
    );
    if p.orders_count > 0 {
        v.insert(
            "total_spent",
            TokenValue::Money(
                p.total_spent,
                p.currency.clone().unwrap_or_else(|| cur.clone()),
            ),
        );
    }
    for (k, val) in [
        ("average_spend", money(p.average_spend, &p.currency, cur)),
        (
            "last_order_value",
            money(p.last_order_value, &p.currency, cur),
        ),
        (
            "days_since_last_order",
            p.days_since_last_order.map(TokenValue::Number),
        ),
        (
            "anniversary_years",
            p.anniversary_years.map(TokenValue::Number),
        ),
        (
            "last_item",
            p.last_items.first().cloned().map(TokenValue::Text),
        ),
        (
            "favourite_category",
            p.favourite_categories
                .first()
                .cloned()
                .map(TokenValue::Text),
        ),
        ("code_expires", expiry.map(TokenValue::Date)),
        (
            "recommendation",
            rec.map(|l| TokenValue::Text(l.label.pick(locale).to_string())),
        ),
        (
            "code",
            g.code
                .as_ref()
                .and_then(|c| c.value.clone())
                .map(TokenValue::Text),
        ),
    ] {
        if let Some(val) = val {
            v.insert(k, val);
        }
    }
    if !p.last_items.is_empty() {
        v.insert("last_items", TokenValue::List(p.last_items.clone()));
        let n = i64::try_from(p.last_items.len()).unwrap_or(i64::MAX);
        v.insert("last_items_count", TokenValue::Number(n));
    }
    // Each text in the language it is written in: a fallback (English on an Arabic page)
    // formats its ordinals, money and dates in its own language and says which it is.
    let store_lang = config.store.locale.as_str();
    let in_lang = |text: &Text| -> (String, Option<String>) {
        let (src, lang) = text.pick_in(locale, store_lang);
        let foreign = language(lang) != language(locale);
        let other;
        let f: &dyn Formatter = if foreign {
            other = fmt.relocale(lang);
            other.as_ref()
        } else {
            fmt
        };
        let out = Template::parse(src)
            .map(|t| t.render(&v, f))
            .unwrap_or_default();
        (out, foreign.then(|| lang.to_string()))
    };
    let t = |text: &Text| in_lang(text).0;
    // The UI writes "Valid until …" under the code, unless the text says it already.
    let says_expiry = [Some(&g.title), g.text.as_ref()]
        .into_iter()
        .flatten()
        .any(|t| Template::parse(t.pick(locale)).is_ok_and(|t| t.uses("code_expires")));
    let code = g.code.as_ref().map(|c| ShownCode {
        value: c.value.clone(),
        issue_url: c.issue_url.clone(),
        expires_at: expiry.map(format_instant),
        expires_ms: expiry,
        expires_text: expiry.filter(|_| !says_expiry).map(|e| fmt.date(e)),
        share: c.share,
        apply_url: c.apply_url.as_ref().map(|u| match &c.value {
            Some(code) => u.replace("{code}", &percent_encode(code)),
            None => u.clone(),
        }),
    });
    let link = rec.or(g.link.as_ref()).map(|l| ShownLink {
        label: t(&l.label),
        url: l.url.clone(),
    });
    let feedback = g.feedback.as_ref().map(|f| ShownFeedback {
        question: t(&f.question),
        scale: f.scale,
        comment: f
            .comment
            .as_ref()
            .map(t)
            .or_else(|| (f.scale == Scale::Text).then(|| t(&f.question))),
        thanks: t(&f.thanks),
        sent_to_store: config.endpoints.feedback.is_some() && !preview,
    });
    let (title, title_lang) = in_lang(&g.title);
    let (text, text_lang) = g.text.as_ref().map(in_lang).unwrap_or_default();
    Shown {
        id: g.id.clone(),
        kind: g.kind,
        role: g.role(),
        title,
        text,
        title_lang,
        text_lang,
        code,
        link,
        feedback,
        modal: g.modal,
        format: g.format,
        inline: g.inline.clone(),
        why: why.iter().map(|w| w.for_shopper(fmt)).collect(),
        preview,
    }
}
