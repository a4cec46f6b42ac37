//! Locale-aware numbers, money, dates, lists, plural categories and ordinals: the
//! [`Formatter`] trait a template renders through, and [`PlainFormatter`], the one without
//! `Intl` used natively and in tests.

use crate::engine::event::Cents;
use crate::engine::locale::language;
use crate::engine::time::{Date, Millis};

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
    /// The same kind of formatter for another locale (a sentence written in a fallback
    /// language formats its numbers, money and dates in that language).
    fn relocale(&self, locale: &str) -> Box<dyn Formatter>;
    /// An ordinal number ("3rd").
    fn ordinal(&self, n: i64) -> String {
        ordinal(self.locale(), n, &self.number(n))
    }
}

/// Ordinal numbers by language: English suffixes, French `1er`/`2e`, German `3.`,
/// Spanish, Portuguese and Italian `3.º`/`3º`, Dutch `3e`; other languages get the bare
/// number.
pub fn ordinal(locale: &str, n: i64, digits: &str) -> String {
    match language(locale).as_str() {
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

    fn relocale(&self, locale: &str) -> Box<dyn Formatter> {
        Box::new(PlainFormatter::new(locale))
    }

    fn number(&self, n: i64) -> String {
        let sep = match language(&self.locale).as_str() {
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
        match language(&self.locale).as_str() {
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
        let lang = lang.as_str();
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
        let and = match language(&self.locale).as_str() {
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

    /// CLDR's rules for whole numbers: Arabic's six forms, French's 0 and 1, and one/other
    /// for the rest (what `Intl.PluralRules` answers in the browser, but for the `many` of
    /// French and Spanish millions).
    fn plural(&self, n: i64) -> PluralCategory {
        let n = n.unsigned_abs();
        match (language(&self.locale).as_str(), n, n % 100) {
            ("ar", 0, _) => PluralCategory::Zero,
            ("ar", 2, _) => PluralCategory::Two,
            ("ar", _, 3..=10) => PluralCategory::Few,
            ("ar", _, 11..=99) => PluralCategory::Many,
            ("fr", 0 | 1, _) | (_, 1, _) => PluralCategory::One,
            _ => PluralCategory::Other,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn ok_ordinals_per_locale() {
        let rows: Vec<String> = ["en", "fr", "de", "es"]
            .iter()
            .map(|l| {
                let xs: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
                    .iter()
                    .map(|n| PlainFormatter::new(l).ordinal(*n))
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
    fn ok_arabic_plural_forms() {
        let f = PlainFormatter::new("ar-EG");
        let said: Vec<String> = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000]
            .iter()
            .map(|n| format!("{n}:{:?}", f.plural(*n)))
            .collect();
        insta::assert_snapshot!(said.join(" "), @"0:Zero 1:One 2:Two 3:Few 10:Few 11:Many 99:Many 100:Other 101:Other 102:Other 103:Few 111:Many 1000:Other");
    }

    #[test]
    fn ok_language_any_case_and_separator() {
        for l in ["FR", "fr_CA", "Fr-be"] {
            let f = PlainFormatter::new(l);
            assert_eq!(f.ordinal(2), "2e");
            assert_eq!(f.number(1234), "1\u{202f}234");
            assert_eq!(f.plural(0), PluralCategory::One);
        }
        assert_eq!(PlainFormatter::new("pt-BR").ordinal(3), "3º");
        assert_eq!(PlainFormatter::new("zh-Hant-TW").ordinal(3), "3");
    }
}
