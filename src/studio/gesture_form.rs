//! The form of one gesture, grouped as an owner thinks of it: what it is, what it says,
//! when it is due, how often, and what it gives or asks.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::doc::Action;
use super::fields::{DocHandle, Field, FieldKind as K, Problems};
use super::texts::TextField;

const KINDS: &[&str] = &["thank_you", "code", "feedback", "banner"];
const ROLES: &[&str] = &["give", "ask", "inform"];
const OCCASIONS: &[&str] = &[
    "first_visit",
    "just_purchased",
    "anniversary",
    "birthday",
    "lapsed_return",
];
const PERIODS: &[&str] = &["order", "session", "day", "week", "year", "lifetime"];
const SCALES: &[&str] = &["stars", "nps", "text"];

/// Tokens a text may use, for the hints.
const TOKENS: &str = "Tokens: {first_name|fallback}, {store}, {orders_count, ordinal}, {total_spent, money}, {last_item}, {last_items}, {days_since_last_order}, {anniversary_years}, {code}, {code_expires, date}, {recommendation}";

/// The paths (below `gestures[i].`) the form has a field or a group for; a problem at any
/// other path (a misspelt key) is listed at the top of the form.
const PLACES: &[&str] = &[
    "id",
    "kind",
    "role",
    "priority",
    "modal",
    "title",
    "text",
    "when",
    "when.event",
    "when.occasion",
    "when.nth_order",
    "when.stage",
    "when.orders_min",
    "when.orders_max",
    "when.spent_min",
    "when.spent_max",
    "when.days_since_order_min",
    "when.days_since_order_max",
    "when.days_since_visit_min",
    "when.days_since_feedback_min",
    "when.favourite_category",
    "when.bought_category",
    "when.feedback_given",
    "when.identified",
    "when.counts_min",
    "when.url",
    "when.url_not",
    "when.owed_hours",
    "cap",
    "cap.max_shows",
    "cap.per",
    "cap.cooldown_hours",
    "cap.stop_after_dismiss",
    "cap.stop_after_action",
    "schedule",
    "schedule.start",
    "schedule.end",
    "code",
    "code.value",
    "code.issue_url",
    "code.valid_days",
    "code.expires_at",
    "code.apply_url",
    "feedback",
    "feedback.scale",
    "link",
    "link.url",
];

/// Texts (their languages below them are theirs too).
const TEXTS: &[&str] = &[
    "title",
    "text",
    "link.label",
    "feedback.question",
    "feedback.comment",
    "feedback.thanks",
];

/// Whether a problem at `suffix` (below the gesture) is shown at a field or group.
pub fn has_place(suffix: &str) -> bool {
    PLACES.contains(&suffix)
        || TEXTS
            .iter()
            .any(|t| suffix == *t || suffix.strip_prefix(t).is_some_and(|r| r.starts_with('.')))
        || suffix.starts_with("recommend")
}

/// Props of [`GestureForm`].
#[derive(Properties, PartialEq)]
pub struct GestureFormProps {
    /// The config.
    pub doc: DocHandle,
    /// Which gesture.
    pub index: usize,
    /// The config's languages.
    pub languages: Rc<[String]>,
    /// The owner adds a language to write texts in.
    pub on_add_language: Callback<String>,
}

/// A titled group of fields, with the problems reported at the group's own path.
#[derive(Properties, PartialEq)]
pub struct SectionProps {
    /// The config.
    pub doc: DocHandle,
    /// Heading.
    pub title: AttrValue,
    /// The group's path (problems such as `gestures[0].when: orders_min is greater…`).
    pub path: AttrValue,
    /// The fields.
    pub children: Html,
    /// Folded at first.
    #[prop_or_default]
    pub folded: bool,
}

/// A group of fields under a heading, foldable.
#[component]
pub fn Section(props: &SectionProps) -> Html {
    let id = format!("{}-problems", super::fields::field_id(&props.path));
    let problems = props.doc.errors_at(&props.path).len()
        + props
            .doc
            .errors
            .iter()
            .filter(|e| e.path.starts_with(&format!("{}.", props.path)))
            .count();
    html! {
        <details class="st-section" open={!props.folded || problems > 0}>
            <summary>
                <h3>{ &props.title }</h3>
                if problems > 0 { <span class="st-badge st-badge-problem">{ format!("{problems} to fix") }</span> }
            </summary>
            <Problems doc={props.doc.clone()} path={props.path.clone()} id={id} />
            <div class="st-grid">{ props.children.clone() }</div>
        </details>
    }
}

/// Every field of one gesture.
#[component]
pub fn GestureForm(props: &GestureFormProps) -> Html {
    let doc = &props.doc;
    let i = props.index;
    let new_lang = use_state(String::new);
    let new_cat = use_state(String::new);
    let Some(g) = doc.gestures().get(i).cloned() else {
        return html! { <p>{ "No gesture selected." }</p> };
    };
    let p = format!("gestures[{i}]");
    let f = |field: &str, label: &str, kind: K| {
        html! { <Field doc={doc.clone()} path={format!("{p}.{field}")} label={label.to_string()} {kind} /> }
    };
    let hint = |field: &str, label: &str, kind: K, hint: &str| {
        html! { <Field doc={doc.clone()} path={format!("{p}.{field}")} label={label.to_string()} {kind} hint={hint.to_string()} /> }
    };
    let text = |field: &str, label: &str, multiline: bool| {
        let hint = (field == "title").then_some(AttrValue::Static(TOKENS));
        html! { <TextField doc={doc.clone()} path={format!("{p}.{field}")} label={label.to_string()}
        languages={props.languages.clone()} {multiline} {hint} /> }
    };
    let kind = g["kind"].as_str().unwrap_or("");
    let id = g["id"].as_str().unwrap_or("").to_string();
    let remove = {
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| doc.dispatch(Action::RemoveGesture(i)))
    };
    let duplicate = {
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| doc.dispatch(Action::DuplicateGesture(i)))
    };
    let has = |k: &str| g.get(k).is_some_and(|v| !v.is_null());
    let since_list = g["when"]["since"].is_array();
    let set = |path: String, v: Option<Value>| {
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| doc.dispatch(Action::Set(path.clone(), v.clone())))
    };
    let leftovers: Vec<_> = doc
        .errors
        .iter()
        .filter(|e| {
            e.path
                .strip_prefix(&format!("{p}."))
                .is_some_and(|suffix| !has_place(suffix))
        })
        .cloned()
        .collect();
    let on_new_lang = {
        let new_lang = new_lang.clone();
        Callback::from(move |e: InputEvent| {
            new_lang.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let add_lang = {
        let new_lang = new_lang.clone();
        let on_add = props.on_add_language.clone();
        Callback::from(move |_: MouseEvent| {
            let tag = new_lang.trim().to_string();
            if !tag.is_empty() {
                on_add.emit(tag);
                new_lang.set(String::new());
            }
        })
    };
    let on_new_cat = {
        let new_cat = new_cat.clone();
        Callback::from(move |e: InputEvent| {
            new_cat.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let add_cat = {
        let new_cat = new_cat.clone();
        let doc = doc.clone();
        let p = p.clone();
        Callback::from(move |_: MouseEvent| {
            let cat = new_cat.trim().to_string();
            if !cat.is_empty() && !cat.contains(['.', '[']) {
                let link = serde_json::json!({"label": "our pick for you", "url": "/"});
                doc.dispatch(Action::Set(format!("{p}.recommend.{cat}"), Some(link)));
                new_cat.set(String::new());
            }
        })
    };
    let recommend: Vec<String> = g["recommend"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    html! {
        <div class="st-gesture-form" data-testid="gesture-form">
            <div class="st-form-head">
                <h2>{ format!("Gesture “{id}”") }</h2>
                <div class="st-actions">
                    <button type="button" onclick={duplicate}>{ "Duplicate" }</button>
                    <button type="button" class="st-danger" onclick={remove}>{ "Remove" }</button>
                </div>
            </div>
            <Problems doc={doc.clone()} path={p.clone()} id={format!("{}-problems", super::fields::field_id(&p))} />
            if !leftovers.is_empty() {
                <ul class="st-problems" data-testid="other-problems">
                    { for leftovers.iter().enumerate().map(|(n, e)| html! {
                        <li key={n}><code>{ &e.path }</code>{ ": " }{ &e.message }</li>
                    }) }
                </ul>
            }
            <Section doc={doc.clone()} title="What it is" path={format!("{p}.kind-section")}>
                { hint("id", "Id", K::Text, "Letters, digits, - and _; shown to analytics as gesture_id.") }
                { f("kind", "Kind", K::Select(KINDS)) }
                { hint("role", "Role", K::Select(ROLES), "By default thank-yous and codes give, feedback asks.") }
                { hint("priority", "Priority", K::Number, "Higher wins when several are due.") }
                { f("modal", "Show as a dialog (questions only)", K::Bool(false)) }
            </Section>
            <Section doc={doc.clone()} title="What it says" path={format!("{p}.texts")}>
                { text("title", "Title", false) }
                { text("text", "Text", true) }
                <div class="st-inline-add">
                    <label for="st-new-lang">{ "Another language (tag)" }</label>
                    <input id="st-new-lang" type="text" class="st-narrow" value={(*new_lang).clone()} oninput={on_new_lang} spellcheck="false" />
                    <button type="button" onclick={add_lang}>{ "Add the language" }</button>
                </div>
            </Section>
            <Section doc={doc.clone()} title="When it is due" path={format!("{p}.when")}>
                { hint("when.event", "Event that just happened", K::OneOrMany, "purchase, page_view, review, referral, … (comma-separated)") }
                { f("when.occasion", "Occasion", K::Select(OCCASIONS)) }
                { hint("when.nth_order", "Order milestones", K::Numbers, "e.g. 3, 5, 10") }
                { hint("when.stage", "Lifecycle stages", K::Strings, "new_visitor, browsing, first_time_buyer, repeat, loyal, lapsed") }
                { f("when.orders_min", "Orders at least", K::Number) }
                { f("when.orders_max", "Orders at most", K::Number) }
                { f("when.spent_min", "Spent at least", K::Number) }
                { f("when.spent_max", "Spent at most", K::Number) }
                { f("when.days_since_order_min", "Days since last order, at least", K::Number) }
                { f("when.days_since_order_max", "Days since last order, at most", K::Number) }
                { f("when.days_since_visit_min", "Days since last visit, at least", K::Number) }
                { f("when.days_since_feedback_min", "Days since feedback, at least", K::Number) }
                { f("when.favourite_category", "Favourite category", K::OneOrMany) }
                { f("when.bought_category", "Bought in category", K::OneOrMany) }
                { f("when.feedback_given", "Has given feedback", K::Tri) }
                { f("when.identified", "Identified by the store", K::Tri) }
                { hint("when.counts_min", "Events recorded at least", K::Counts, "e.g. review: 1") }
                { hint("when.owed_hours", "Owed for (hours)", K::Number, "How long a held-back moment waits; 0 lets it pass.") }
                if since_list {
                    <p class="st-hint st-wide">{ "Time since events: several conditions, edit them in the JSON." }</p>
                } else {
                    { hint("when.since.event", "Time since the event", K::Text, "e.g. sign_up, view_item, review") }
                    { f("when.since.days_min", "…at least (days)", K::Number) }
                    { f("when.since.days_max", "…at most (days)", K::Number) }
                    { f("when.since.category", "…with an item in category", K::Text) }
                    { f("when.since.first", "…counting from its first time", K::Bool(false)) }
                }
            </Section>
            <Section doc={doc.clone()} title="On the page" path={format!("{p}.trigger")} folded=true>
                { hint("when.url", "Page matches", K::OneOrMany, "URL patterns; * matches anything") }
                { f("when.url_not", "Page does not match", K::OneOrMany) }
                { hint("when.device", "Devices", K::Strings, "phone, tablet, desktop") }
                { hint("when.language", "Page languages", K::OneOrMany, "fr matches fr-CA") }
                { f("when.utm_source", "Landing utm_source", K::OneOrMany) }
                { f("when.utm_medium", "Landing utm_medium", K::OneOrMany) }
                { f("when.utm_campaign", "Landing utm_campaign", K::OneOrMany) }
                { hint("when.referrer", "Came from sites", K::OneOrMany, "instagram.com also matches l.instagram.com") }
                { f("trigger.seconds_on_page", "After seconds on the page", K::Number) }
                { f("trigger.scroll_percent", "After scrolling (%)", K::Number) }
                { f("trigger.idle_seconds", "After idle seconds", K::Number) }
                { f("trigger.page_views_min", "From the nth page of the visit", K::Number) }
                { f("trigger.exit_intent", "On exit intent (desktop)", K::Bool(false)) }
            </Section>
            <Section doc={doc.clone()} title="How often" path={format!("{p}.cap")} folded=true>
                { f("cap.max_shows", "Most shows", K::Number) }
                { f("cap.per", "Per", K::Select(PERIODS)) }
                { f("cap.cooldown_hours", "Hours between shows", K::Number) }
                { f("cap.stop_after_dismiss", "Stop after a dismissal", K::Bool(true)) }
                { f("cap.stop_after_action", "Stop once used", K::Bool(true)) }
                { hint("schedule.start", "Campaign starts", K::Text, "YYYY-MM-DD or RFC 3339") }
                { f("schedule.end", "Campaign ends", K::Text) }
                <Problems doc={doc.clone()} path={format!("{p}.schedule")} id={format!("{}-schedule-problems", super::fields::field_id(&p))} />
            </Section>
            if kind == "code" || has("code") {
                <Section doc={doc.clone()} title="Code" path={format!("{p}.code")}>
                    { hint("code.value", "Code", K::Text, "Public: anyone can read the config.") }
                    { hint("code.issue_url", "Or a URL that issues one", K::Text, "https, fetched only when the shopper reveals it") }
                    { f("code.valid_days", "Valid for (days)", K::Number) }
                    { f("code.expires_at", "Expires at", K::Text) }
                    { hint("code.apply_url", "Link that applies it", K::Text, "{code} is replaced") }
                    { f("code.share", "Offer to share it (a friend's code)", K::Bool(false)) }
                    if kind != "code" {
                        <div class="st-inline-add">
                            <button type="button" class="st-danger" onclick={set(format!("{p}.code"), None)}>{ "Remove the gift code" }</button>
                        </div>
                    }
                </Section>
            } else {
                <div class="st-inline-add">
                    <button type="button" onclick={set(format!("{p}.code"), Some(serde_json::json!({"value": "THANKYOU10", "valid_days": 30})))}>{ "Add a gift code" }</button>
                </div>
            }
            if kind == "feedback" || has("feedback") {
                <Section doc={doc.clone()} title="Feedback question" path={format!("{p}.feedback")}>
                    { text("feedback.question", "Question", false) }
                    { f("feedback.scale", "Scale", K::Select(SCALES)) }
                    { text("feedback.comment", "Comment label", false) }
                    { text("feedback.thanks", "Thanks after sending", false) }
                </Section>
            }
            <Section doc={doc.clone()} title="Link" path={format!("{p}.link")} folded={!has("link")}>
                { text("link.label", "Link text", false) }
                { hint("link.url", "Link URL", K::Text, "https://… or a path on the store, /…") }
            </Section>
            <Section doc={doc.clone()} title="Recommendations by category" path={format!("{p}.recommend")} folded={recommend.is_empty()}>
                <p class="st-hint st-wide">{ "A link for the category of the latest order, as {recommendation} in the texts." }</p>
                { for recommend.iter().map(|cat| html! {
                    <div key={cat.clone()} class="st-subgroup">
                        { text(&format!("recommend.{cat}.label"), &format!("For {cat}: link text"), false) }
                        { f(&format!("recommend.{cat}.url"), &format!("For {cat}: URL"), K::Text) }
                        <div><button type="button" class="st-danger" onclick={set(format!("{p}.recommend.{cat}"), None)}>{ format!("Remove {cat}") }</button></div>
                    </div>
                }) }
                <div class="st-inline-add">
                    <label for="st-new-cat">{ "Category" }</label>
                    <input id="st-new-cat" type="text" value={(*new_cat).clone()} oninput={on_new_cat} />
                    <button type="button" onclick={add_cat}>{ "Add a recommendation" }</button>
                </div>
            </Section>
        </div>
    }
}

/// The short line of a gesture in the list: its id and kind.
pub fn summary(g: &Value) -> (String, String) {
    (
        g["id"].as_str().unwrap_or("(no id)").to_string(),
        g["kind"].as_str().unwrap_or("?").replace('_', " "),
    )
}
