//! "Why am I seeing this": the engine's reasons, a button that forgets everything and one
//! that stops the gestures on this device.

use std::rc::Rc;

use yew::prelude::*;

use super::strings::Strings;

/// Props of [`WhyPanel`].
#[derive(Properties, PartialEq)]
pub struct WhyProps {
    /// The reasons, in plain words.
    pub reasons: Rc<[AttrValue]>,
    /// Chrome strings.
    pub strings: &'static Strings,
    /// Whether the panel is open.
    pub open: bool,
    /// Whether the device already forgot.
    #[prop_or_default]
    pub forgotten: bool,
    /// Whether the gesture sends an answer to the store (a feedback prompt with an endpoint).
    #[prop_or_default]
    pub sent_to_store: bool,
    /// Toggle open/closed.
    pub on_toggle: Callback<()>,
    /// Forget everything.
    pub on_forget: Callback<()>,
    /// Stop showing gestures on this device (forgets everything, keeps only that choice).
    #[prop_or_default]
    pub on_opt_out: Callback<()>,
    /// Id of the panel (unique within the shadow root).
    #[prop_or(AttrValue::Static("rc-why"))]
    pub panel_id: AttrValue,
}

/// A disclosure button and the panel it controls.
#[component]
pub fn WhyPanel(props: &WhyProps) -> Html {
    let s = props.strings;
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    let forget = props.on_forget.reform(|_: MouseEvent| ());
    let opt_out = props.on_opt_out.reform(|_: MouseEvent| ());
    html! {
        <div class="rc-why">
            <button type="button" class="rc-why-toggle" aria-expanded={props.open.to_string()}
                aria-controls={props.panel_id.clone()} onclick={toggle} data-testid="why-toggle">
                { s.why }
            </button>
            if props.open {
                <div id={props.panel_id.clone()} class="rc-why-panel" data-testid="why-panel">
                    <p class="rc-why-title">{ s.why_title }</p>
                    <ul class="rc-why-list">
                        { for props.reasons.iter().enumerate().map(|(i, r)| html! {
                            <li key={format!("{i}:{r}")}>{ r.clone() }</li>
                        }) }
                    </ul>
                    <p class="rc-why-device" data-testid="why-device">
                        { s.why_device }{ " " }{ if props.sent_to_store { s.why_sent } else { s.why_local } }
                    </p>
                    if props.forgotten {
                        <p class="rc-why-done" role="status">{ s.forgotten }</p>
                    } else {
                        <div class="rc-why-actions">
                            <button type="button" class="rc-button rc-secondary" onclick={forget} data-testid="forget">
                                { s.forget }
                            </button>
                            <button type="button" class="rc-button rc-secondary" onclick={opt_out} data-testid="opt-out">
                                { s.stop }
                            </button>
                        </div>
                    }
                </div>
            }
        </div>
    }
}
