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
//! Spanish.

use std::collections::BTreeMap;

use thiserror::Error;

use super::event::Cents;
use super::time::{Date, Millis};

/// Tokens a text may use.
pub const TOKENS: [&str; 15] = [
    "first_name",
    "store",
    "orders_count",
    "total_spent",
    "average_spend",
    "last_order_value",
    "last_item",
    "last_items",
    "favourite_category",
    "days_since_last_order",
    "anniversary_years",
    "code",
    "code_expires",
    "recommendation",
    "feedback_count",
];

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
    #[error("unknown token {{{0}}}; known tokens: {known}", known = TOKENS.join(", "))]
    Token(String),
    /// A format other than ordinal, money, date, number, plural.
    #[error("unknown format {0:?} in {{{1}}}: use ordinal, money, date, number or plural")]
    Format(String, String),
    /// A plural without an `other` form, or with a bad form.
    #[error("plural in {{{0}}} needs forms like `one {{# order}} other {{# orders}}`")]
    Plural(String),
}

/// CLDR plural categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PluralCategory {
    /// zero
    Zero,
    /// one
    One,
    /// two
    Two,
    /// few
    Few,
    /// many
    Many,
    /// other
    Other,
}

impl PluralCategory {
    /// From the CLDR keyword.
    pub fn from_keyword(s: &str) -> Option<PluralCategory> {
        Some(match s {
            "zero" => PluralCategory::Zero,
            "one" => PluralCategory::One,
            "two" => PluralCategory::Two,
            "few" => PluralCategory::Few,
            "many" => PluralCategory::Many,
            "other" => PluralCategory::Other,
            _ => return None,
        })
    }
}

/// Locale-aware formatting.
pub trait Formatter {
    /// The BCP 47 locale.
    fn locale(&self) -> &str;
    /// An integer, grouped.
    fn number(&self, n: i64) -> String;
    /// An amount of money.
    fn money(&self, cents: Cents, currency: &str) -> String;
    /// A date (long month name).
    fn date(&self, at: Millis) -> String;
    /// A list joined with the locale's "and".
    fn list(&self, items: &[String]) -> String;
    /// The cardinal plural category of `n`.
    fn plural(&self, n: i64) -> PluralCategory;
    /// An ordinal number ("3rd").
    fn ordinal(&self, n: i64) -> String {
        ordinal(self.locale(), n, &self.number(n))
    }
}

fn language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or("en")
}

/// Ordinal numbers by language: English suffixes, French `1er`/`2e`, German `3.`,
/// Spanish, Portuguese and Italian `3.º`/`3º`, Dutch `3e`; other languages get the bare
/// number.
pub fn ordinal(locale: &str, n: i64, digits: &str) -> String {
    match language(locale) {
        "en" => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{digits}{suffix}")
        }
        "fr" if n == 1 => format!("{digits}er"),
        "fr" | "nl" => format!("{digits}e"),
        "de" | "da" | "nb" | "no" | "fi" | "cs" | "pl" => format!("{digits}."),
        "es" => format!("{digits}.º"),
        "it" | "pt" => format!("{digits}º"),
        _ => digits.to_string(),
    }
}

/// A formatter without `Intl`, for the native tool and tests.
#[derive(Debug, Clone)]
pub struct PlainFormatter {
    locale: String,
}

impl PlainFormatter {
    /// A formatter for a locale.
    pub fn new(locale: &str) -> PlainFormatter {
        PlainFormatter {
            locale: locale.to_string(),
        }
    }
}

const MONTHS: [(&str, [&str; 12]); 4] = [
    (
        "en",
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    ),
    (
        "fr",
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
    ),
    (
        "de",
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    ),
    (
        "es",
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
    ),
];

fn group(n: u64, sep: &str) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

impl Formatter for PlainFormatter {
    fn locale(&self) -> &str {
        &self.locale
    }

    fn number(&self, n: i64) -> String {
        let sep = match language(&self.locale) {
            "fr" => "\u{202f}",
            "de" | "es" => ".",
            _ => ",",
        };
        let sign = if n < 0 { "-" } else { "" };
        format!("{sign}{}", group(n.unsigned_abs(), sep))
    }

    fn money(&self, cents: Cents, currency: &str) -> String {
        let whole = self.number(cents / 100);
        let frac = (cents % 100).abs();
        let symbol = match currency {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "JPY" => "¥",
            other => other,
        };
        match language(&self.locale) {
            "en" if symbol.len() < 3 || symbol.chars().count() == 1 => {
                format!("{symbol}{whole}.{frac:02}")
            }
            "en" => format!("{symbol} {whole}.{frac:02}"),
            _ => format!("{whole},{frac:02}\u{a0}{symbol}"),
        }
    }

    fn date(&self, at: Millis) -> String {
        let d = Date::of_instant(at, 0);
        let lang = language(&self.locale);
        let months = MONTHS
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(MONTHS[0].1, |(_, m)| *m);
        let month = months[usize::from(d.month - 1)];
        match lang {
            "fr" => format!("{} {month} {}", d.day, d.year),
            "de" => format!("{}. {month} {}", d.day, d.year),
            "es" => format!("{} de {month} de {}", d.day, d.year),
            _ => format!("{month} {}, {}", d.day, d.year),
        }
    }

    fn list(&self, items: &[String]) -> String {
        let and = match language(&self.locale) {
            "fr" => "et",
            "de" => "und",
            "es" => "y",
            _ => "and",
        };
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
        }
    }

    fn plural(&self, n: i64) -> PluralCategory {
        match (language(&self.locale), n) {
            ("fr", 0 | 1) => PluralCategory::One,
            (_, 1) => PluralCategory::One,
            _ => PluralCategory::Other,
        }
    }
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

    /// Renders with the values known; an unknown token gives its fallback or nothing.
    pub fn render(
        &self,
        values: &BTreeMap<&'static str, TokenValue>,
        fmt: &dyn Formatter,
    ) -> String {
        let mut out = String::new();
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
                        .and_then(|v| render_value(v, format, fmt));
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

fn render_value(v: &TokenValue, format: &Format, fmt: &dyn Formatter) -> Option<String> {
    let text = match (v, format) {
        (TokenValue::Number(n), Format::Ordinal) => fmt.ordinal(*n),
        (TokenValue::Number(n), Format::Plural(forms)) => {
            let cat = fmt.plural(*n);
            let form = forms
                .iter()
                .find(|(c, _)| *c == cat)
                .or_else(|| forms.iter().find(|(c, _)| *c == PluralCategory::Other))?;
            form.1.replace('#', &fmt.number(*n))
        }
        (TokenValue::Number(n), _) => fmt.number(*n),
        (TokenValue::Money(c, cur), _) => fmt.money(*c, cur),
        (TokenValue::Date(t), _) => fmt.date(*t),
        (TokenValue::List(items), _) => fmt.list(items),
        (TokenValue::Text(s), _) => s.clone(),
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
        let values: BTreeMap<_, _> = values.iter().cloned().collect();
        Template::parse(t)
            .unwrap()
            .render(&values, &PlainFormatter::new(locale))
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

    #[test]
    fn ok_ordinals_per_locale() {
        let rows: Vec<String> = ["en", "fr", "de", "es"]
            .iter()
            .map(|l| {
                let xs: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
                    .iter()
                    .map(|n| {
                        render(
                            "{orders_count, ordinal}",
                            l,
                            &[("orders_count", TokenValue::Number(*n))],
                        )
                    })
                    .collect();
                format!("{l}: {}", xs.join(" "))
            })
            .collect();
        insta::assert_snapshot!(rows.join("\n"), @r"
        en: 1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th
        fr: 1er 2e 3e 4e 11e 12e 13e 21e 22e 23e 101e 111e
        de: 1. 2. 3. 4. 11. 12. 13. 21. 22. 23. 101. 111.
        es: 1.º 2.º 3.º 4.º 11.º 12.º 13.º 21.º 22.º 23.º 101.º 111.º
        ");
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
