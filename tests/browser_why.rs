//! Browser tests of the `WhyPanel`: a disclosure listing the reasons, and forget.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]

mod browser;

use std::cell::Cell;
use std::rc::Rc;

use browser::*;
use reciprocity::ui::strings::strings;
use reciprocity::ui::why::WhyPanel;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct Props {
    forgets: Rc<Cell<u32>>,
}

#[component]
fn Harness(props: &Props) -> Html {
    let open = use_state(|| false);
    let forgotten = use_state(|| false);
    let reasons: Rc<[AttrValue]> = Rc::from(vec![
        AttrValue::from("your birthday is around now"),
        AttrValue::from("<script>x</script>"),
    ]);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let forget = {
        let (forgotten, n) = (forgotten.clone(), props.forgets.clone());
        Callback::from(move |_| {
            n.set(n.get() + 1);
            forgotten.set(true);
        })
    };
    html! { <WhyPanel reasons={reasons} strings={strings("fr")} open={*open} forgotten={*forgotten} on_toggle={toggle} on_forget={forget} /> }
}

#[wasm_bindgen_test]
async fn discloses_reasons_and_forgets() {
    let root = mount_point();
    let forgets = Rc::new(Cell::new(0));
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        Props {
            forgets: forgets.clone(),
        },
    )
    .render();
    settle().await;
    let toggle = root
        .query_selector("[data-testid=why-toggle]")
        .unwrap()
        .unwrap();
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        toggle.text_content().as_deref(),
        Some("Pourquoi ce message ?")
    );
    assert!(root
        .query_selector("[data-testid=why-panel]")
        .unwrap()
        .is_none());
    click(&root, "[data-testid=why-toggle]");
    settle().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let panel_id = toggle.get_attribute("aria-controls").unwrap();
    assert!(root
        .query_selector(&format!("#{panel_id}"))
        .unwrap()
        .is_some());
    let items = root.query_selector_all("li").unwrap();
    assert_eq!(items.length(), 2);
    assert!(root.query_selector("script").unwrap().is_none());
    click(&root, "[data-testid=forget]");
    settle().await;
    assert_eq!(forgets.get(), 1);
    assert!(text(&root, "[role=status]")
        .unwrap()
        .contains("ne retient plus"));
}
