//! Which language: every choice made from a locale goes through here, so that `FR`, `fr`,
//! `fr-CA` and `fr_CA` read as French everywhere (the gesture texts, the shopper's reasons,
//! the widget's buttons, number words, text direction).
//!
//! A locale comes from the page (`<html lang>`, `navigator.language`), from the store's
//! `store.locale` or from the CLI. Tags are compared without regard to case, and `_` is read
//! as `-`, as pages and operating systems write them both ways.

use std::fmt;

/// A primary language subtag, lowercase (`fr` for `FR-ca`): at most 8 ASCII letters or
/// digits, held inline so that it costs no allocation. Empty when the locale has none.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language {
    bytes: [u8; 8],
    len: u8,
}

impl Language {
    /// The subtag, e.g. `"fr"`; `""` when the locale has no readable language.
    pub fn as_str(&self) -> &str {
        // Only ASCII alphanumerics are ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compared by bytes, not through [`Language::as_str`]: the UI module compares languages
/// only, and `str::from_utf8` would be there for this alone (347 bytes, brotli).
impl PartialEq<&str> for Language {
    fn eq(&self, other: &&str) -> bool {
        &self.bytes[..usize::from(self.len)] == other.as_bytes()
    }
}

/// The subtags of a locale: `-` and `_` both separate, surrounding blanks are ignored.
fn subtags(locale: &str) -> impl Iterator<Item = &str> {
    locale.trim().split(['-', '_'])
}

/// The lowercase primary language of a locale: `fr` for `FR`, `fr-CA` and `fr_CA`; empty for
/// a locale that does not start with one (`""`, `"en US"`).
pub fn language(locale: &str) -> Language {
    let mut lang = Language {
        bytes: [0; 8],
        len: 0,
    };
    let first = subtags(locale).next().unwrap_or("");
    if (1..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphanumeric()) {
        for (slot, b) in lang.bytes.iter_mut().zip(first.bytes()) {
            *slot = b.to_ascii_lowercase();
        }
        lang.len = first.len() as u8;
    }
    lang
}

/// A locale as `Intl` accepts it: `fr_CA` becomes `fr-CA` (the case is left to `Intl`,
/// which ignores it), blanks around it are dropped.
pub fn tag(locale: &str) -> String {
    locale.trim().replace('_', "-")
}

/// The languages the widget itself speaks (its buttons and the shopper's reasons).
pub const SPOKEN: [&str; 5] = ["en", "fr", "de", "es", "ar"];

/// The widget's own language for a locale: its primary language when the widget speaks it
/// (see [`SPOKEN`]), English otherwise. The buttons and the "why" reasons both ask here, so
/// they never disagree.
pub fn spoken(locale: &str) -> &'static str {
    let lang = language(locale);
    SPOKEN.iter().find(|l| lang == **l).copied().unwrap_or("en")
}

/// Whether two language tags are the same, ignoring case and reading `_` as `-`.
pub fn same_tag(a: &str, b: &str) -> bool {
    let norm = |b: u8| {
        if b == b'_' {
            b'-'
        } else {
            b.to_ascii_lowercase()
        }
    };
    let (a, b) = (a.trim(), b.trim());
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| norm(x) == norm(y))
}

/// Of the language tags on offer (the keys of a config text), the one to use for `locale`:
/// the same tag, then the locale's primary language (`fr` for `fr-CA`), then `en`, then the
/// first; `None` only when none is on offer.
pub fn best<'a, I>(locale: &str, tags: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let tags = tags.into_iter();
    let find = |want: &str| tags.clone().find(|t| same_tag(t, want));
    let primary = language(locale);
    find(locale)
        .or_else(|| find(primary.as_str()))
        .or_else(|| find("en"))
        .or_else(|| tags.clone().next())
}

/// Languages written right to left by default (their usual script is Arabic, Hebrew,
/// Thaana, Syriac or N'Ko).
const RTL_LANGUAGES: [&str; 27] = [
    "ar", "arc", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "khw", "ks",
    "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "sdh", "skr", "syr", "ug", "ur", "yi",
];

/// Right-to-left scripts, as ISO 15924 codes in a tag's script subtag (`uz-Arab`).
const RTL_SCRIPTS: [&str; 10] = [
    "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "samr", "mand", "mend",
];

/// Whether a locale is written right to left: its script subtag decides when it has one
/// (`uz-Arab` is, `sd-Deva` is not), otherwise its language (`ar`, `he`, `fa`, `ur`, ...).
pub fn is_rtl(locale: &str) -> bool {
    let script = subtags(locale)
        .skip(1)
        .take_while(|s| s.len() > 1) // a singleton starts an extension (`-u-nu-latn`)
        .find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic()));
    match script {
        Some(s) => RTL_SCRIPTS.iter().any(|r| r.eq_ignore_ascii_case(s)),
        None => {
            let lang = language(locale);
            RTL_LANGUAGES.iter().any(|l| lang == *l)
        }
    }
}

/// Whether `s` has the shape of a BCP 47 language tag as `Intl` takes it (`en-US`,
/// `zh-Hant-TW`): subtags of 1 to 8 letters or digits separated by `-` (not `_`, which
/// `Intl` refuses), at most 35 characters.
pub fn is_tag(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 35
        && s.split('-')
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {

    #[test]
    fn ok_tag_for_intl() {
        assert_eq!(super::tag("fr_CA"), "fr-CA");
        assert_eq!(super::tag(" zh-Hant-TW "), "zh-Hant-TW");
        assert_eq!(super::tag("FR"), "FR");
    }

    use super::*;

    #[test]
    fn ok_language_any_case_and_separator() {
        for (locale, lang) in [
            ("FR", "fr"),
            ("fr_CA", "fr"),
            ("fr-ca", "fr"),
            ("pt-BR", "pt"),
            ("zh-Hant-TW", "zh"),
            (" De-AT ", "de"),
            ("AR_eg", "ar"),
        ] {
            assert_eq!(language(locale), lang, "{locale}");
        }
    }

    #[test]
    fn ok_spoken_or_english() {
        assert_eq!(spoken("FR"), "fr");
        assert_eq!(spoken("fr_CA"), "fr");
        assert_eq!(spoken("ar-EG"), "ar");
        assert_eq!(spoken("pt-BR"), "en");
        assert_eq!(spoken("zh-Hant-TW"), "en");
        assert_eq!(spoken(""), "en");
    }

    #[test]
    fn err_language_unreadable_is_empty() {
        for locale in ["", "en US", "-fr", "toolonglanguage", "é"] {
            assert_eq!(language(locale).as_str(), "", "{locale:?}");
        }
    }

    #[test]
    fn ok_best_tag_exact_then_primary_then_en_then_first() {
        let offer = ["de", "en", "fr", "fr-CA", "pt-BR"];
        let pick = |l: &str| best(l, offer);
        assert_eq!(pick("fr_CA"), Some("fr-CA"));
        assert_eq!(pick("FR-ca"), Some("fr-CA"));
        assert_eq!(pick("FR"), Some("fr"));
        assert_eq!(pick("fr-BE"), Some("fr"));
        assert_eq!(pick("pt_br"), Some("pt-BR"));
        assert_eq!(pick("zh-Hant-TW"), Some("en"));
        assert_eq!(pick("pt-PT"), Some("en"));
        assert_eq!(best("ja", ["es", "it"]), Some("es"));
    }

    #[test]
    fn err_best_nothing_on_offer() {
        assert_eq!(best("fr", []), None);
    }

    #[test]
    fn ok_rtl_by_language_or_script() {
        for locale in [
            "ar",
            "AR-eg",
            "he_IL",
            "fa",
            "ur-PK",
            "yi",
            "uz-Arab",
            "pa-Arab-PK",
        ] {
            assert!(is_rtl(locale), "{locale}");
        }
        for locale in [
            "en",
            "FR",
            "fr_CA",
            "pt-BR",
            "zh-Hant-TW",
            "sd-Deva",
            "ar-Latn",
        ] {
            assert!(!is_rtl(locale), "{locale}");
        }
        // An extension is not a script.
        assert!(is_rtl("ar-u-nu-latn"));
    }

    #[test]
    fn ok_tags() {
        for tag in ["en", "en-US", "zh-Hant-TW", "de-CH-1996"] {
            assert!(is_tag(tag), "{tag}");
        }
    }

    #[test]
    fn err_tags() {
        for tag in ["", "en US", "fr_CA", "en-", "abcdefghi", "é"] {
            assert!(!is_tag(tag), "{tag:?}");
        }
    }
}
