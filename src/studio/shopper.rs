//! The sample shopper's form: who the preview and the rehearsal's new steps are filled from.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::sample::Sample;

/// Props of [`SampleForm`].
#[derive(Properties, PartialEq)]
pub struct SampleFormProps {
    /// The shopper.
    pub sample: Rc<Sample>,
    /// A field changed.
    pub on_change: Callback<Sample>,
}

type Setter = fn(&mut Sample, String);

/// The sample shopper, editable.
#[component]
pub fn SampleForm(props: &SampleFormProps) -> Html {
    let s = &props.sample;
    let fields: [(&str, &str, String, Setter, Option<&str>); 8] = [
        (
            "first_name",
            "First name",
            s.first_name.clone(),
            |s, v| s.first_name = v,
            None,
        ),
        (
            "orders",
            "Orders",
            s.orders.to_string(),
            |s, v| s.orders = v.trim().parse().unwrap_or(0),
            Some("numeric"),
        ),
        (
            "spent",
            "Spent in all",
            s.spent.to_string(),
            |s, v| s.spent = v.trim().parse().unwrap_or(0.0),
            Some("decimal"),
        ),
        (
            "last_items",
            "Last items (comma-separated)",
            s.last_items.clone(),
            |s, v| s.last_items = v,
            None,
        ),
        (
            "category",
            "Their category",
            s.category.clone(),
            |s, v| s.category = v,
            None,
        ),
        (
            "birthday",
            "Birthday (MM-DD)",
            s.birthday.clone(),
            |s, v| s.birthday = v,
            None,
        ),
        (
            "days_away",
            "Days since the last visit",
            s.days_away.to_string(),
            |s, v| s.days_away = v.trim().parse().unwrap_or(0),
            Some("numeric"),
        ),
        (
            "years",
            "Years since the first order",
            s.years_a_customer.to_string(),
            |s, v| s.years_a_customer = v.trim().parse().unwrap_or(0),
            Some("numeric"),
        ),
    ];
    html! {
        <details class="st-sample" data-testid="sample-shopper">
            <summary>{ format!("Sample shopper: {}, {} orders", if s.first_name.is_empty() { "anonymous" } else { &s.first_name }, s.orders) }</summary>
            <div class="st-grid">
                { for fields.into_iter().map(|(key, label, value, setter, mode)| {
                    let id = format!("st-sample-{key}");
                    let sample = props.sample.clone();
                    let on_change = props.on_change.clone();
                    let oninput = Callback::from(move |e: InputEvent| {
                        let mut next = (*sample).clone();
                        setter(&mut next, e.target_unchecked_into::<HtmlInputElement>().value());
                        on_change.emit(next);
                    });
                    html! {
                        <div class="st-field" key={key}>
                            <label for={id.clone()}>{ label }</label>
                            <input type="text" id={id} {value} {oninput} inputmode={mode} />
                        </div>
                    }
                }) }
            </div>
        </details>
    }
}
