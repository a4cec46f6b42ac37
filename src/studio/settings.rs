//! The store-wide settings: the store, the attention budget, the shopper lifecycle, holdout,
//! consent, endpoints and the theme.

use yew::prelude::*;

use super::fields::{DocHandle, Field, FieldKind as K};
use super::gesture_form::Section;

/// The store-wide paths the form has a field or group for; a problem elsewhere (a misspelt
/// key) is listed at the top of the form.
const PLACES: &[&str] = &[
    ".",
    "$schema",
    "store",
    "store.name",
    "store.currency",
    "store.locale",
    "budget",
    "budget.max_per_session",
    "budget.max_per_week",
    "budget.min_gap_minutes",
    "budget.quiet_after_dismiss_hours",
    "budget.never_on",
    "budget.never_after_events",
    "give_before_ask",
    "profile",
    "profile.loyal_orders",
    "profile.vip_spend",
    "profile.lapsed_days",
    "profile.birthday_window_days",
    "profile.anniversary_window_days",
    "holdout",
    "holdout.percent",
    "holdout.salt",
    "consent",
    "endpoints",
    "endpoints.feedback",
    "theme",
    "theme.accent",
    "theme.on_accent",
    "theme.background",
    "theme.text",
    "theme.font",
    "theme.radius",
    "theme.position",
];

const POSITIONS: &[&str] = &["bottom-end", "bottom-start", "top", "bottom"];
const CONSENT: &[&str] = &["implied", "required"];

/// Props of [`SettingsForm`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The config.
    pub doc: DocHandle,
}

/// Every store-wide field.
#[component]
pub fn SettingsForm(props: &SettingsProps) -> Html {
    let doc = &props.doc;
    let f = |path: &str, label: &str, kind: K| {
        html! { <Field doc={doc.clone()} path={path.to_string()} label={label.to_string()} {kind} /> }
    };
    let hint = |path: &str, label: &str, kind: K, hint: &str| {
        html! { <Field doc={doc.clone()} path={path.to_string()} label={label.to_string()} {kind} hint={hint.to_string()} /> }
    };
    let leftovers: Vec<_> = doc
        .errors
        .iter()
        .filter(|e| !e.path.starts_with("gestures") && !PLACES.contains(&e.path.as_str()))
        .cloned()
        .collect();
    html! {
        <div class="st-settings" data-testid="settings-form">
            <div class="st-form-head"><h2>{ "Store settings" }</h2></div>
            if !leftovers.is_empty() {
                <ul class="st-problems" data-testid="other-problems">
                    { for leftovers.iter().enumerate().map(|(n, e)| html! {
                        <li key={n}><code>{ &e.path }</code>{ ": " }{ &e.message }</li>
                    }) }
                </ul>
            }
            <Section doc={doc.clone()} title="Store" path="store">
                { hint("store.name", "Store name", K::Text, "Shown in texts as {store}.") }
                { hint("store.currency", "Currency", K::Text, "ISO 4217, e.g. EUR") }
                { hint("store.locale", "Main language", K::Text, "e.g. en, fr-CA; texts fall back to it") }
            </Section>
            <Section doc={doc.clone()} title="Attention budget" path="budget">
                { hint("budget.max_per_session", "Most gestures per visit", K::Number, "By default 1.") }
                { hint("budget.max_per_week", "Most gestures per week", K::Number, "By default 3.") }
                { hint("budget.min_gap_minutes", "Minutes between two gestures", K::Number, "By default 0.") }
                { hint("budget.quiet_after_dismiss_hours", "Quiet hours after a dismissal", K::Number, "By default 24.") }
                { hint("budget.never_on", "Never on pages", K::Strings, "URL patterns, comma-separated; by default */checkout*") }
                { hint("budget.never_after_events", "Never during", K::Strings, "By default begin_checkout, add_shipping_info, add_payment_info") }
                { f("give_before_ask", "Give before asking (no question before a thank-you or gift)", K::Bool(true)) }
            </Section>
            <Section doc={doc.clone()} title="Shopper lifecycle" path="profile" folded=true>
                { f("profile.loyal_orders", "Loyal from this many orders", K::Number) }
                { f("profile.vip_spend", "Loyal from this much spent", K::Number) }
                { f("profile.lapsed_days", "Lapsed after days without an order", K::Number) }
                { f("profile.birthday_window_days", "Birthday window (days)", K::Number) }
                { f("profile.anniversary_window_days", "Anniversary window (days)", K::Number) }
            </Section>
            <Section doc={doc.clone()} title="Holdout and consent" path="holdout" folded=true>
                { hint("holdout.percent", "Holdout share (%)", K::Number, "Shoppers who never see a gesture, to measure lift (0 to 50).") }
                { hint("holdout.salt", "Holdout salt", K::Text, "Change it to draw a new group.") }
                { hint("consent", "Consent without Consent Mode", K::Select(CONSENT), "implied records unless told no; required waits for reciprocity('consent', true)") }
            </Section>
            <Section doc={doc.clone()} title="Endpoints" path="endpoints" folded=true>
                { hint("endpoints.feedback", "Feedback answers go to", K::Text, "https URL or a path on the store; nothing is sent when empty") }
            </Section>
            <Section doc={doc.clone()} title="Theme" path="theme">
                { hint("theme.accent", "Accent colour", K::Colour, "e.g. #1d4ed8 or rgb(29 78 216)") }
                { f("theme.on_accent", "Text on the accent", K::Colour) }
                { f("theme.background", "Background", K::Colour) }
                { f("theme.text", "Text colour", K::Colour) }
                { hint("theme.font", "Font", K::Text, "e.g. Georgia, serif") }
                { hint("theme.radius", "Corner radius", K::Text, "e.g. 12px") }
                { f("theme.position", "Position", K::Select(POSITIONS)) }
            </Section>
        </div>
    }
}
