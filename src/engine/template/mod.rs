// Longer than 400 lines: the parser and renderer are about 250; the rest are the tests that
// pin every format, fallback, plural and the isolation of inserted values.

//! Gesture texts: tokens with fallbacks, plurals, ordinals, money and dates.
//!
//! Syntax (a small subset of ICU MessageFormat, plus fallbacks):
//!
//! - `{first_name}`: a token; `{first_name|there}` with a fallback when it is unknown;
//! - `{orders_count, ordinal}` → "3rd" / "3e" / "3." / "3.º" by locale;
//! - `{total_spent, money}`, `{code_expires, date}`, `{orders_count, number}`;
//! - `{orders_count, plural, one {# order} other {# orders}}` (`#` is the number);
//! - `{{` and `}}` for literal braces.
//!
//! The output is plain text. The browser inserts it as text, never as HTML.
//! Numbers, money, dates, lists and plural categories come from a [`Formatter`]: the browser
//! backs it with `Intl`, natively [`PlainFormatter`] covers English, French, German and
//! Spanish (both in `formatter.rs`; this file parses and renders).

use crate::engine::small::SmallMap;

use thiserror::Error;

use crate::engine::event::Cents;
use crate::engine::locale::is_rtl;
use crate::engine::time::Millis;

mod formatter;

pub use formatter::{ordinal, Formatter, PlainFormatter, PluralCategory};

/// Tokens a text may use.
pub const TOKENS: [&str; 16] = [
    "first_name",
    "store",
    "orders_count",
    "total_spent",
    "average_spend",
    "last_order_value",
    "last_item",
    "last_items",
    "last_items_count",
    "favourite_category",
    "days_since_last_order",
    "anniversary_years",
    "code",
    "code_expires",
    "recommendation",
    "feedback_count",
];

/// The known tokens as a list, `first_name, store, …`: written out, as this was the last
/// `join` in the recorder (128 bytes, brotli).
struct KnownTokens;

impl std::fmt::Display for KnownTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, t) in TOKENS.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(t)?;
        }
        Ok(())
    }
}

/// A problem in a template.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// A `{` without its `}`.
    #[error("unclosed '{{' at character {0} (write '{{{{' for a literal brace)")]
    Unclosed(usize),
    /// A `}` without a `{`.
    #[error("'}}' without '{{' at character {0} (write '}}}}' for a literal brace)")]
    Stray(usize),
    /// A token no gesture provides.
    #[error("unknown token {{{0}}}; known tokens: {KnownTokens}")]
    Token(String),
    /// A format other than ordinal, money, date, number, plural.
    #[error("unknown format {0:?} in {{{1}}}: use ordinal, money, date, number or plural")]
    Format(String, String),
    /// A plural without an `other` form, or with a bad form.
    #[error("plural in {{{0}}} needs forms like `one {{# order}} other {{# orders}}`")]
    Plural(String),
}

/// A value a token stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenValue {
    /// Text.
    Text(String),
    /// A whole number.
    Number(i64),
    /// Money in cents with its currency.
    Money(Cents, String),
    /// An instant.
    Date(Millis),
    /// Names, joined as a list.
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
enum Format {
    Plain,
    Ordinal,
    Money,
    Date,
    Number,
    Plural(Vec<(PluralCategory, String)>),
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    Token {
        name: String,
        fallback: Option<String>,
        format: Format,
    },
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    segments: Vec<Segment>,
}

fn parse_plural(name: &str, body: &str) -> Result<Format, TemplateError> {
    let err = || TemplateError::Plural(name.to_string());
    let mut forms = Vec::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        let open = rest.find('{').ok_or_else(err)?;
        let key = rest[..open].trim();
        let cat = PluralCategory::from_keyword(key).ok_or_else(err)?;
        let close = rest[open..].find('}').ok_or_else(err)? + open;
        forms.push((cat, rest[open + 1..close].to_string()));
        rest = rest[close + 1..].trim_start();
    }
    if !forms.iter().any(|(c, _)| *c == PluralCategory::Other) {
        return Err(err());
    }
    Ok(Format::Plural(forms))
}

fn parse_token(inner: &str) -> Result<Segment, TemplateError> {
    let (head, format) = match inner.split_once(',') {
        None => (inner, None),
        Some((h, f)) => (h, Some(f.trim())),
    };
    let (name, fallback) = match head.split_once('|') {
        None => (head.trim(), None),
        Some((n, f)) => (n.trim(), Some(f.to_string())),
    };
    if !TOKENS.contains(&name) {
        return Err(TemplateError::Token(name.to_string()));
    }
    let format = match format {
        None => Format::Plain,
        Some("ordinal") => Format::Ordinal,
        Some("money") => Format::Money,
        Some("date") => Format::Date,
        Some("number") => Format::Number,
        Some(f) => match f.strip_prefix("plural") {
            Some(rest) => parse_plural(name, rest.trim_start().trim_start_matches(',').trim())?,
            None => return Err(TemplateError::Format(f.to_string(), name.to_string())),
        },
    };
    Ok(Segment::Token {
        name: name.to_string(),
        fallback,
        format,
    })
}

impl Template {
    /// Parses a template.
    pub fn parse(s: &str) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        let mut lit = String::new();
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            let next = chars.get(i + 1).map(|x| x.1);
            match c {
                '{' if next == Some('{') => {
                    lit.push('{');
                    i += 2;
                }
                '}' if next == Some('}') => {
                    lit.push('}');
                    i += 2;
                }
                '}' => return Err(TemplateError::Stray(i)),
                '{' => {
                    // Find the matching close brace, allowing one level of nesting (plural).
                    let mut depth = 0;
                    let mut j = i;
                    loop {
                        match chars.get(j).map(|x| x.1) {
                            None => return Err(TemplateError::Unclosed(i)),
                            Some('{') => depth += 1,
                            Some('}') => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    if !lit.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut lit)));
                    }
                    let inner = &s[chars[i].0 + 1..chars[j].0];
                    segments.push(parse_token(inner)?);
                    i = j + 1;
                }
                c => {
                    lit.push(c);
                    i += 1;
                }
            }
        }
        if !lit.is_empty() {
            segments.push(Segment::Literal(lit));
        }
        Ok(Template { segments })
    }

    /// Whether the template writes the token `name`.
    pub fn uses(&self, name: &str) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s, Segment::Token { name: n, .. } if n == name))
    }

    /// Renders with the values known; an unknown token gives its fallback or nothing.
    pub fn render(
        &self,
        values: &SmallMap<&'static str, TokenValue>,
        fmt: &dyn Formatter,
    ) -> String {
        let mut out = String::new();
        let rtl = is_rtl(fmt.locale());
        for seg in &self.segments {
            match seg {
                Segment::Literal(s) => out.push_str(s),
                Segment::Token {
                    name,
                    fallback,
                    format,
                } => {
                    let text = values
                        .get(name.as_str())
                        // A code is copied from the text as well: no invisible characters in it.
                        .and_then(|v| render_value(v, format, fmt, rtl && name != "code"));
                    match (text, fallback) {
                        (Some(t), _) => out.push_str(&t),
                        (None, Some(f)) => out.push_str(f),
                        (None, None) => {}
                    }
                }
            }
        }
        tidy(&out)
    }
}

/// A value inserted into a sentence, isolated from the sentence's direction (Unicode's
/// first-strong isolate, what `<bdi>` does in HTML): in a right-to-left sentence every value,
/// in a left-to-right one a value with right-to-left letters. A Latin product name inside
/// Arabic, or an Arabic one inside English, then keeps its own order and does not pull the
/// punctuation around it. The texts stay plain text.
fn isolated(s: String, rtl: bool) -> String {
    if rtl || has_rtl(&s) {
        format!("\u{2068}{s}\u{2069}")
    } else {
        s
    }
}

/// Whether `s` has letters of a right-to-left script (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko, and their presentation forms).
pub fn has_rtl(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
    })
}

fn render_value(v: &TokenValue, format: &Format, fmt: &dyn Formatter, rtl: bool) -> Option<String> {
    if let (TokenValue::Number(n), Format::Plural(forms)) = (v, format) {
        // The form is the sentence's own words.
        let cat = fmt.plural(*n);
        let form = forms
            .iter()
            .find(|(c, _)| *c == cat)
            .or_else(|| forms.iter().find(|(c, _)| *c == PluralCategory::Other))?;
        return Some(form.1.replace('#', &fmt.number(*n)));
    }
    let text = match (v, format) {
        (TokenValue::Number(n), Format::Ordinal) => isolated(fmt.ordinal(*n), rtl),
        (TokenValue::Number(n), _) => isolated(fmt.number(*n), rtl),
        (TokenValue::Money(c, cur), _) => isolated(fmt.money(*c, cur), rtl),
        (TokenValue::Date(t), _) => isolated(fmt.date(*t), rtl),
        (TokenValue::List(items), _) => {
            let items: Vec<String> = items
                .iter()
                .filter(|i| !i.is_empty())
                .map(|i| isolated(i.clone(), rtl))
                .collect();
            fmt.list(&items)
        }
        (TokenValue::Text(s), _) if s.is_empty() => String::new(),
        (TokenValue::Text(s), _) => isolated(s.clone(), rtl),
    };
    (!text.is_empty()).then_some(text)
}

/// Collapses the runs of spaces an empty token leaves behind, and spaces before
/// punctuation ("Thanks , Ana" → "Thanks, Ana").
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if matches!(c, ',' | '.' | '!' | '?') && out.ends_with(' ') && !out.ends_with("  ") {
            // Only drop a space that an empty token left before a comma or full stop; French
            // keeps its space before '!' and '?'.
            if matches!(c, ',' | '.') {
                out.pop();
            }
        }
        out.push(c);
    }
    out.trim().to_string()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn render(t: &str, locale: &str, values: &[(&'static str, TokenValue)]) -> String {
        let values: SmallMap<_, _> = values.iter().cloned().collect();
        Template::parse(t)
            .unwrap()
            .render(&values, &PlainFormatter::new(locale))
    }

    /// Every value inside a right-to-left sentence is isolated; in a left-to-right one only
    /// a value with right-to-left letters is, so English texts stay as they were.
    #[test]
    fn ok_values_isolated_from_the_sentence_direction() {
        let name = ("first_name", TokenValue::Text("Ana".into()));
        assert_eq!(
            render("شكرًا يا {first_name}!", "ar", std::slice::from_ref(&name)),
            "شكرًا يا \u{2068}Ana\u{2069}!"
        );
        assert_eq!(
            render("Thanks, {first_name}!", "en", &[name]),
            "Thanks, Ana!"
        );
        let items = (
            "last_items",
            TokenValue::List(vec!["شاي أخضر".into(), "Sencha".into()]),
        );
        assert_eq!(
            render("You bought {last_items}.", "en", &[items]),
            "You bought \u{2068}شاي أخضر\u{2069} and Sencha."
        );
        // A code is copied from the text too: never wrapped.
        let code = ("code", TokenValue::Text("FRIEND-FERN15".into()));
        assert_eq!(render("رمزك {code}", "ar", &[code]), "رمزك FRIEND-FERN15");
        let spent = ("total_spent", TokenValue::Money(9600, "EUR".into()));
        assert_eq!(
            render("أنفقت {total_spent, money}", "ar", &[spent]),
            format!(
                "أنفقت \u{2068}{}\u{2069}",
                PlainFormatter::new("ar").money(9600, "EUR")
            )
        );
    }

    /// The item count agrees the verb with the items; without items, the fallback.
    #[test]
    fn ok_item_count_agrees() {
        let t = "Your {last_items|order} {last_items_count|is, plural, one {is} other {are}} being packed.";
        let two = [
            (
                "last_items",
                TokenValue::List(vec!["Sencha".into(), "Darjeeling".into()]),
            ),
            ("last_items_count", TokenValue::Number(2)),
        ];
        assert_eq!(
            render(t, "en", &two),
            "Your Sencha and Darjeeling are being packed."
        );
        let one = [
            ("last_items", TokenValue::List(vec!["Sencha".into()])),
            ("last_items_count", TokenValue::Number(1)),
        ];
        assert_eq!(render(t, "en", &one), "Your Sencha is being packed.");
        assert_eq!(render(t, "en", &[]), "Your order is being packed.");
    }

    #[test]
    fn ok_fallbacks() {
        assert_eq!(
            render("Thanks, {first_name|there}!", "en", &[]),
            "Thanks, there!"
        );
        assert_eq!(
            render(
                "Thanks, {first_name|there}!",
                "en",
                &[("first_name", TokenValue::Text("Ana".into()))]
            ),
            "Thanks, Ana!"
        );
        assert_eq!(
            render("Thanks {first_name}, see you", "en", &[]),
            "Thanks, see you"
        );
        assert_eq!(render("{{literal}}", "en", &[]), "{literal}");
    }

    /// Arabic's six plural forms, each chosen natively as `Intl.PluralRules` does in the
    /// browser.
    #[test]
    fn ok_arabic_plural_forms_render() {
        let t = "{orders_count, plural, zero {لا طلبات} one {طلب واحد} two {طلبان} few {# طلبات} many {# طلبًا} other {# طلب}}";
        let out: Vec<String> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|n| render(t, "ar", &[("orders_count", TokenValue::Number(*n))]))
            .collect();
        assert_eq!(
            out,
            [
                "لا طلبات",
                "طلب واحد",
                "طلبان",
                "3 طلبات",
                "11 طلبًا",
                "100 طلب"
            ]
        );
    }

    #[test]
    fn ok_plurals_money_dates_lists() {
        let t = "{orders_count, plural, one {# order} other {# orders}} · {total_spent, money} · {code_expires, date} · {last_items}";
        let vals = |n| {
            vec![
                ("orders_count", TokenValue::Number(n)),
                ("total_spent", TokenValue::Money(123_456, "EUR".into())),
                ("code_expires", TokenValue::Date(1_772_323_200_000)),
                (
                    "last_items",
                    TokenValue::List(vec!["Mug".into(), "Tea".into(), "Spoon".into()]),
                ),
            ]
        };
        let out: Vec<String> = [
            ("en", 1),
            ("en", 0),
            ("fr", 0),
            ("fr", 2),
            ("de", 1),
            ("es", 5),
        ]
        .iter()
        .map(|(l, n)| format!("{l}: {}", render(t, l, &vals(*n))))
        .collect();
        insta::assert_snapshot!(out.join("\n"));
    }

    #[test]
    fn ok_hostile_values_stay_text() {
        let v = [(
            "first_name",
            TokenValue::Text("<img src=x onerror=alert(1)>".into()),
        )];
        assert_eq!(
            render("Hi {first_name}", "en", &v),
            "Hi <img src=x onerror=alert(1)>"
        );
    }

    #[test]
    fn err_templates() {
        let errs: Vec<String> = [
            "Hi {first_name",
            "Hi }",
            "{firstname}",
            "{orders_count, roman}",
            "{orders_count, plural, one {# x}}",
        ]
        .iter()
        .map(|t| format!("{t} => {}", Template::parse(t).unwrap_err()))
        .collect();
        insta::assert_snapshot!(errs.join("\n"));
    }
}
