//! Texts in the config: one for every language, or one per language tag.

use crate::engine::small::SmallMap;

use serde::{de::Error as _, Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::engine::locale;

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// A text, or texts by language (`{"en": "Thank you", "fr": "Merci"}`); the shopper's
/// language is matched by full tag, then by primary language, then `en`, then the first
/// (see [`locale::best`]: case and `-`/`_` do not matter).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(untagged)]
pub enum Text {
    /// One text for every language.
    Plain(String),
    /// Texts by BCP 47 language tag.
    ByLanguage(SmallMap<String, String>),
}

/// Read as serde's untagged derive reads it (a string, else texts by language, else the
/// derive's error), from a JSON value instead of serde's buffered content: that machinery
/// then leaves the wasm (see `OneOrMany`).
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let no = || D::Error::custom("data did not match any variant of untagged enum Text");
        match Value::deserialize(d)? {
            Value::String(s) => Ok(Text::Plain(s)),
            v @ Value::Object(_) => crate::engine::json::from_value(v)
                .map(Text::ByLanguage)
                .map_err(|_| no()),
            _ => Err(no()),
        }
    }
}

impl Text {
    /// The text for a locale.
    pub fn pick(&self, locale: &str) -> &str {
        self.pick_in(locale, "").0
    }

    /// The text for a locale, with the language it is written in: its tag, or `plain` (the
    /// store's language) for one text for every language. A page whose language the text
    /// lacks gets a fallback in another language, which must be shown as that language.
    pub fn pick_in<'a>(&'a self, locale: &str, plain: &'a str) -> (&'a str, &'a str) {
        match self {
            Text::Plain(s) => (s, plain),
            Text::ByLanguage(m) => locale::best(locale, m.keys().map(String::as_str))
                .and_then(|tag| Some((m.get(tag)?.as_str(), tag)))
                .unwrap_or(("", plain)),
        }
    }

    /// Every text with the JSON path suffix it sits under (`.fr`, or nothing).
    pub(super) fn all(&self) -> Vec<(String, &str)> {
        match self {
            Text::Plain(s) => vec![(String::new(), s.as_str())],
            Text::ByLanguage(m) => m
                .iter()
                .map(|(k, v)| (format!(".{k}"), v.as_str()))
                .collect(),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn ok_text_pick() {
        let t = Text::ByLanguage(
            [
                ("en".to_string(), "Thanks".to_string()),
                ("ar".into(), "شكرا".into()),
            ]
            .into(),
        );
        assert_eq!(t.pick("ar-EG"), "شكرا");
        assert_eq!(t.pick("AR_eg"), "شكرا");
        assert_eq!(t.pick("fr"), "Thanks");
    }
}
