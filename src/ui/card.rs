//! The frame every gesture shares: its root element (with `data-gesture-id` and
//! `data-gesture-kind`), heading, text, close button, "why" panel, preview badge, and either
//! a polite banner or a real modal dialog (focus trap, Escape, focus returned on close).

use std::rc::Rc;

use yew::prelude::*;

use super::data::GestureView;
use super::host;
use super::strings::Strings;
use super::why::WhyPanel;
use crate::engine::config::{Format, Position};
use crate::engine::locale::is_rtl;

/// Props of [`Card`].
#[derive(Properties, PartialEq)]
pub struct CardProps {
    /// The gesture.
    pub gesture: Rc<GestureView>,
    /// Chrome strings.
    pub strings: &'static Strings,
    /// Where it sits.
    #[prop_or_default]
    pub placement: Position,
    /// Whether the why panel is open.
    #[prop_or_default]
    pub why_open: bool,
    /// Whether the device forgot.
    #[prop_or_default]
    pub forgotten: bool,
    /// Close (dismiss) pressed, or Escape in a dialog.
    pub on_dismiss: Callback<()>,
    /// Why panel toggled.
    pub on_why: Callback<()>,
    /// Forget pressed.
    pub on_forget: Callback<()>,
    /// "Stop showing me these" pressed.
    #[prop_or_default]
    pub on_opt_out: Callback<()>,
    /// Collapsed to the tab (non-modal gestures only).
    #[prop_or_default]
    pub minimised: bool,
    /// Minimise (`true`) or open again from the tab (`false`).
    #[prop_or_default]
    pub on_minimise: Callback<bool>,
    /// The page's primary actions not to cover on a phone (`None`: [`host::KEEP_CLEAR`]).
    #[prop_or_default]
    pub keep_clear: Option<AttrValue>,
    /// In the top layer, as a popover (on the storefront; not in the studio's frame).
    #[prop_or_default]
    pub top_layer: bool,
    /// Hide the heading and text (after a feedback is sent).
    #[prop_or_default]
    pub compact: bool,
    /// The gesture's own content (code, form, link).
    #[prop_or_default]
    pub children: Html,
}

fn placement_class(p: Position) -> &'static str {
    match p {
        Position::BottomEnd => "rc-at-bottom-end",
        Position::BottomStart => "rc-at-bottom-start",
        Position::Top => "rc-at-top",
        Position::Bottom => "rc-at-bottom",
    }
}

/// The class that places a gesture of `format` (a bar by `theme.position`: top or bottom).
fn format_class(format: Format, p: Position) -> &'static str {
    match format {
        Format::Bar if p == Position::Top => "rc-at-top",
        Format::Bar => "rc-at-bottom",
        Format::SlideIn => "rc-slide",
        Format::Inline => "rc-inline",
        Format::Card | Format::Tab => placement_class(p),
    }
}

/// The direction of a text written in `lang` (a fallback in another language than the
/// page's keeps its own).
fn dir_of(lang: &str) -> &'static str {
    if is_rtl(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The gesture's root.
#[component]
pub fn Card(props: &CardProps) -> Html {
    let g = &props.gesture;
    let s = props.strings;
    let node = use_node_ref();
    let heading = use_node_ref();
    let modal = g.modal;
    let tab = use_node_ref();
    let minimise = use_node_ref();
    let backdrop = use_node_ref();
    // Moved to the other edge: the card covered the page's primary action.
    let flip = use_state(|| false);
    // Focus follows the shopper's own minimise or reopen (not an automatic collapse).
    let follow = use_mut_ref(|| false);
    // Opened again by the shopper: not collapsed automatically any more.
    let reopened = use_mut_ref(|| false);
    let fixed = !modal && g.format != Format::Inline;
    let minimised = props.minimised && !modal;
    {
        let (node, tab, minimise, backdrop) = (
            node.clone(),
            tab.clone(),
            minimise.clone(),
            backdrop.clone(),
        );
        let (flip, reopened, follow) = (flip.clone(), reopened.clone(), follow.clone());
        let (top_layer, keep_clear) = (props.top_layer, props.keep_clear.clone());
        let on_minimise = props.on_minimise.clone();
        use_effect(move || {
            let shown = if minimised {
                tab.cast::<web_sys::Element>()
            } else if modal {
                backdrop.cast::<web_sys::Element>()
            } else {
                node.cast::<web_sys::Element>()
            };
            if let (Some(el), true) = (&shown, top_layer && (fixed || modal)) {
                host::show_popover(el);
            }
            if follow.replace(false) {
                let target = if minimised {
                    tab.cast::<web_sys::Element>()
                } else {
                    minimise.cast::<web_sys::Element>()
                };
                if let Some(el) = target {
                    host::focus(&el);
                }
            }
            // On a phone, never over the page's primary action: to the other edge, else
            // down to the tab (and the tab to the other edge).
            if let (Some(el), true) = (&shown, fixed) {
                let keep = keep_clear.as_deref().unwrap_or(host::KEEP_CLEAR);
                if host::phone_width() && host::covers(el, keep) {
                    if !*flip {
                        flip.set(true);
                    } else if !minimised && !*reopened.borrow() {
                        on_minimise.emit(true);
                    }
                }
            }
        });
    }
    {
        // A resize re-renders, and the check above runs again.
        let update = use_force_update();
        use_effect_with(fixed, move |fixed| {
            let guard = fixed.then(|| host::OnResize::new(move || update.force_update()));
            move || drop(guard)
        });
    }
    // A dialog takes focus on open and gives it back on close.
    {
        let heading = heading.clone();
        use_effect_with(modal, move |modal| {
            let previous = if *modal { host::active_element() } else { None };
            if *modal {
                // The heading, not the first control: a focus ring on the first score would
                // read as a score already chosen.
                if let Some(el) = heading.cast::<web_sys::Element>() {
                    host::focus(&el);
                }
            }
            move || {
                if let Some(p) = previous {
                    host::focus(&p);
                }
            }
        });
    }
    let onkeydown = {
        let node = node.clone();
        let dismiss = props.on_dismiss.clone();
        Callback::from(move |e: KeyboardEvent| {
            if !modal {
                if e.key() == "Escape" {
                    dismiss.emit(());
                }
                return;
            }
            match e.key().as_str() {
                "Escape" => {
                    e.prevent_default();
                    dismiss.emit(());
                }
                "Tab" => {
                    let Some(el) = node.cast::<web_sys::Element>() else {
                        return;
                    };
                    let items = host::focusables(&el);
                    let (Some(first), Some(last)) = (items.first(), items.last()) else {
                        return;
                    };
                    let active = host::focused_near(&el);
                    if e.shift_key() && active.as_ref() == Some(first) {
                        e.prevent_default();
                        host::focus(last);
                    } else if (!e.shift_key() && active.as_ref() == Some(last))
                        || active.as_ref().is_none_or(|a| !el.contains(Some(a)))
                    {
                        e.prevent_default();
                        host::focus(first);
                    }
                }
                _ => {}
            }
        })
    };
    let close = props.on_dismiss.reform(|_: MouseEvent| ());
    let on_min = {
        let (follow, on_minimise) = (follow.clone(), props.on_minimise.clone());
        Callback::from(move |_: MouseEvent| {
            *follow.borrow_mut() = true;
            on_minimise.emit(true);
        })
    };
    if minimised {
        let on_open = {
            let (follow, on_minimise) = (follow.clone(), props.on_minimise.clone());
            Callback::from(move |_: MouseEvent| {
                *follow.borrow_mut() = true;
                *reopened.borrow_mut() = true;
                on_minimise.emit(false);
            })
        };
        return html! {
            <button ref={tab} type="button" class={classes!("rc-tab", flip.then_some("rc-flip"))} aria-expanded="false"
                popover={props.top_layer.then_some("manual")}
                data-gesture-id={g.id.clone()} data-gesture-kind={g.kind.as_str()} data-testid="tab"
                onclick={on_open}>
                <span lang={g.title_lang.clone()} dir={g.title_lang.as_deref().map(dir_of)}>{ g.title.clone() }</span>
            </button>
        };
    }
    let title_id = format!("rc-title-{}", g.id);
    let text_id = format!("rc-text-{}", g.id);
    let card = html! {
        <section
            ref={node}
            class={classes!("rc-card", format_class(g.format, props.placement), modal.then_some("rc-modal"), g.preview.then_some("rc-is-preview"), flip.then_some("rc-flip"))}
            popover={(props.top_layer && fixed).then_some("manual")}
            data-gesture-id={g.id.clone()}
            data-gesture-kind={g.kind.as_str()}
            data-testid="gesture"
            role={modal.then_some("dialog")}
            aria-modal={modal.then_some("true")}
            aria-labelledby={title_id.clone()}
            aria-describedby={(!g.text.is_empty() && !props.compact).then(|| text_id.clone())}
            tabindex={modal.then_some("-1")}
            {onkeydown}
        >
            if g.preview {
                <p class="rc-badge" data-testid="preview-badge">{ s.preview }</p>
            }
            <button type="button" class="rc-close" aria-label={s.close} onclick={close} data-testid="dismiss">
                <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" focusable="false">
                    <path d="M3 3l10 10M13 3L3 13" />
                </svg>
            </button>
            if !modal {
                <button ref={minimise} type="button" class="rc-min" aria-label={s.minimise} aria-expanded="true"
                    onclick={on_min} data-testid="minimise">
                    <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" focusable="false">
                        <path d="M3 11h10" />
                    </svg>
                </button>
            }
            <h2 ref={heading} id={title_id} class="rc-title" tabindex={modal.then_some("-1")}
                lang={g.title_lang.clone()} dir={g.title_lang.as_deref().map(dir_of)}>{ g.title.clone() }</h2>
            if !g.text.is_empty() && !props.compact {
                <p id={text_id} class="rc-text" lang={g.text_lang.clone()} dir={g.text_lang.as_deref().map(dir_of)}>{ g.text.clone() }</p>
            }
            { props.children.clone() }
            if !g.why.is_empty() {
                <WhyPanel reasons={g.why.clone()} strings={s} open={props.why_open} forgotten={props.forgotten}
                    sent_to_store={g.feedback.as_ref().is_some_and(|f| f.sent_to_store)}
                    on_toggle={props.on_why.clone()} on_forget={props.on_forget.clone()}
                    on_opt_out={props.on_opt_out.clone()}
                    panel_id={AttrValue::from(format!("rc-why-{}", g.id))} />
            }
        </section>
    };
    if modal {
        html! {
            <div ref={backdrop} class="rc-backdrop" popover={props.top_layer.then_some("manual")}>{ card }</div>
        }
    } else {
        card
    }
}
