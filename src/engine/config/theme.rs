//! The look: colours, font, corner radius and placement, applied as CSS custom properties.
//! The values are checked here so that nothing can close a declaration or load a resource.

use serde::{Deserialize, Serialize};

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// Where gestures appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// Bottom right corner (bottom left in right-to-left languages).
    #[default]
    BottomEnd,
    /// Bottom left corner (bottom right in right-to-left languages).
    BottomStart,
    /// A bar across the top.
    Top,
    /// A bar across the bottom.
    Bottom,
}

impl Position {
    /// The position's name (its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Position::BottomEnd => "bottom-end",
            Position::BottomStart => "bottom-start",
            Position::Top => "top",
            Position::Bottom => "bottom",
        }
    }

    /// The position of that name.
    pub fn from_name(name: &str) -> Option<Position> {
        [
            Position::BottomEnd,
            Position::BottomStart,
            Position::Top,
            Position::Bottom,
        ]
        .into_iter()
        .find(|p| p.as_str() == name)
    }
}

/// Colours, font and shape, applied as CSS custom properties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    /// Accent colour (buttons, highlights), e.g. `#1d4ed8`.
    pub accent: Option<String>,
    /// Text colour on the accent.
    pub on_accent: Option<String>,
    /// Panel background.
    pub background: Option<String>,
    /// Panel text colour.
    pub text: Option<String>,
    /// Font family list.
    pub font: Option<String>,
    /// Corner radius, e.g. `12px`.
    pub radius: Option<String>,
    /// Placement.
    pub position: Position,
    /// CSS selectors of the page's primary actions (an Add to cart button) that a gesture
    /// must never cover on a phone: it moves to the other edge, else collapses to a tab. By
    /// default `[data-reciprocity-keep-clear]` and the usual add-to-cart buttons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_clear: Option<Vec<String>>,
}

/// Accepts `#rgb`, `#rrggbb(aa)`, `rgb()/rgba()/hsl()/hsla()` with numbers, and plain
/// colour names: nothing that could close a declaration or load a resource.
pub(super) fn is_css_colour(s: &str) -> bool {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    for f in ["rgb(", "rgba(", "hsl(", "hsla("] {
        if let Some(inner) = s.strip_prefix(f).and_then(|r| r.strip_suffix(')')) {
            return inner
                .bytes()
                .all(|b| b.is_ascii_digit() || b" .,%/deg".contains(&b));
        }
    }
    !s.is_empty() && s.len() <= 30 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

pub(super) fn is_css_length(s: &str) -> bool {
    let n = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &s[n.len()..];
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && ["px", "rem", "em"].contains(&unit)
}

/// A CSS selector the widget may hand to `querySelectorAll`: 1 to 200 characters, nothing
/// that could end a rule or open a block.
pub(super) fn is_selector(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.len() <= 200
        && !s
            .chars()
            .any(|c| matches!(c, '{' | '}' | ';' | '<' | '@' | '\\') || c.is_control())
}

pub(super) fn is_font_list(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ,-_'\"".contains(c))
}
