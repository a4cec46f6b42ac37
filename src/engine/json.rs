// Longer than 400 lines: one serde deserializer (the value, its list, map and enum access,
// its error, about 400 lines with the small JSON writers beside it) and the tests, about 150
// lines, that compare every result and error text with serde_json's and the derives' own.

//! Typed values read from a parsed `serde_json::Value` (the config, the stored history).
//!
//! Written by hand instead of `serde_json::from_value` because it is smaller in the wasm: it
//! reads a `Value` as serde_json's own deserializer does (same visits, same error texts),
//! but its error type prints serde's `Unexpected` itself. serde_json's error prints it
//! through serde's `Display`, whose float arm brings core's whole `f64` formatting (the
//! Grisu and Dragon paths, shortest and exact) into every module that reads a typed value;
//! a float here is printed by serde_json's own `Number`. A struct written as a list (which
//! serde accepts) is read as the object of its fields, so that no struct carries serde's
//! reading from a sequence. Measured when it came in (brotli, wasm-opt'd): the recorder
//! 144,416 → 129,183 bytes, the one module 213,461 → 198,279.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde_json::{Map, Value};

/// Why a value could not be read: the same text serde_json's error would give. Boxed, as
/// serde_json's is, so that every `Result` of the reader stays one word wide.
/// (A `Box<str>` is two words; a plain `String` three: 3.8 KB more in the recorder.)
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::box_collection)]
pub struct Error(Box<String>);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(Box::new(msg.to_string()))
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Error(Box::new(format!(
            "invalid type: {}, expected {}",
            Shown(unexp),
            exp
        )))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Error(Box::new(format!(
            "invalid value: {}, expected {}",
            Shown(unexp),
            exp
        )))
    }
}

/// serde's `Unexpected`, printed as serde_json prints it (`null` for a unit, a float by
/// serde_json's `Number`), without serde's `Display` and its `f64` formatting.
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Float(v) => {
                f.write_str("floating point `")?;
                match serde_json::Number::from_f64(v) {
                    Some(n) => fmt::Display::fmt(&n, f)?,
                    None if v.is_nan() => f.write_str("NaN")?,
                    None if v > 0.0 => f.write_str("inf")?,
                    None => f.write_str("-inf")?,
                }
                f.write_str("`")
            }
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// A number from a config in a message, as `Display` prints the values a config holds (`80`,
/// `12.5`) but without core's `f64` formatting: an integer below 2^53 by its integer, any
/// other number by serde_json's shortest form (the same digits; `1e-7` where `Display`
/// writes `0.0000001`).
pub fn float_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        (v as i64).to_string()
    } else {
        serde_json::Number::from_f64(v).map_or_else(|| "NaN".into(), |n| n.to_string())
    }
}

/// A JSON object written from its entries, each value already JSON (see [`text`]), keys in
/// the order given: the few small documents the recorder sends (a close, a code request, a
/// feedback answer), without building a `Value` to print (its printing is then left out of
/// the wasm). Give the keys in sorted order to write what `json!` wrote.
pub fn object(entries: &[(&str, String)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&text(k));
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
    out
}

/// A string as JSON text (quoted, escaped).
pub fn text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Reads a typed value from a JSON value.
pub fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, Error> {
    T::deserialize(De(v))
}

/// A JSON value as a serde deserializer.
pub struct De(pub Value);

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (_, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

fn visit_array<'de, V: Visitor<'de>>(a: Vec<Value>, visitor: V) -> Result<V::Value, Error> {
    let len = a.len();
    let mut seq = Seq(a.into_iter());
    let out = visitor.visit_seq(&mut seq)?;
    if seq.0.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in array"))
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    o: Map<String, Value>,
    visitor: V,
) -> Result<V::Value, Error> {
    let len = o.len();
    let mut map = Entries(o.into_iter(), None);
    let out = visitor.visit_map(&mut map)?;
    if map.0.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in map"))
    }
}

/// Numbers as serde_json reads them: an integer as `u64` (or `i64` when negative), any
/// other number as `f64`; anything else is the wrong type.
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.number(visitor)
        }
    )*};
}

impl De {
    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            other => Err(other.invalid_type(&visitor)),
        }
    }
}

impl<'de> de::Deserializer<'de> for De {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            n @ Value::Number(_) => De(n).number(visitor),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(a) => visit_array(a, visitor),
            Value::Object(o) => visit_object(o, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(variant) => visitor.visit_enum(Enum(variant, None)),
            Value::Object(o) => {
                let mut entries = o.into_iter();
                match (entries.next(), entries.next()) {
                    (Some((variant, value)), None) => {
                        visitor.visit_enum(Enum(variant, Some(value)))
                    }
                    _ => Err(de::Error::invalid_value(
                        Unexpected::Map,
                        &"map with a single key",
                    )),
                }
            }
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"string or map",
            )),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        drop(self);
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_string(s),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(a) => visit_array(a, visitor),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(o) => visit_object(o, visitor),
            other => Err(other.invalid_type(&visitor)),
        }
    }

    /// A struct written as a list (which serde accepts) is read as the object of its fields
    /// in order, so that no struct carries serde's reading from a sequence: 8.0 KB (brotli)
    /// of the recorder.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let o = match self.0 {
            Value::Array(a) => by_name(a, fields)?,
            Value::Object(o) => o,
            other => return Err(other.invalid_type(&visitor)),
        };
        visit_object(o, visitor)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct
    }
}

/// The values of a struct written as a list, named by its fields in order.
fn by_name(a: Vec<Value>, fields: &'static [&'static str]) -> Result<Map<String, Value>, Error> {
    if a.len() > fields.len() {
        return Err(de::Error::invalid_length(
            a.len(),
            &"fewer elements in array",
        ));
    }
    // Inserted one by one: collecting into the map would sort, with a sort of its own.
    let mut o = Map::new();
    for (f, v) in fields.iter().zip(a) {
        o.insert(f.to_string(), v);
    }
    Ok(o)
}

/// A value's kind in an error, as serde_json words it.
trait Invalid {
    fn invalid_type(&self, exp: &dyn Expected) -> Error;
}

impl Invalid for Value {
    #[cold]
    fn invalid_type(&self, exp: &dyn Expected) -> Error {
        de::Error::invalid_type(unexpected(self), exp)
    }
}

struct Seq(std::vec::IntoIter<Value>);

impl<'de> SeqAccess<'de> for Seq {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(v) => seed.deserialize(De(v)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries(serde_json::map::IntoIter, Option<Value>);

impl Entries {
    /// The next key, its value kept for `value`: out of line, so that the code of each
    /// field of each struct is the call and the typed read only.
    #[inline(never)]
    fn key(&mut self) -> Option<String> {
        let (key, value) = self.0.next()?;
        self.1 = Some(value);
        Some(key)
    }

    #[inline(never)]
    fn value(&mut self) -> Result<Value, Error> {
        self.1
            .take()
            .ok_or_else(|| de::Error::custom("value is missing"))
    }
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.key() {
            Some(key) => seed
                .deserialize(IntoDeserializer::<Error>::into_deserializer(key))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(De(self.value()?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Enum(String, Option<Value>);

impl<'de> de::EnumAccess<'de> for Enum {
    type Error = Error;
    type Variant = Variant;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Variant), Error> {
        let variant = seed.deserialize(IntoDeserializer::<Error>::into_deserializer(self.0))?;
        Ok((variant, Variant(self.1)))
    }
}

struct Variant(Option<Value>);

impl<'de> VariantAccess<'de> for Variant {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            Some(v) => de::Deserialize::deserialize(De(v)),
            None => Ok(()),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(v) => seed.deserialize(De(v)),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(Value::Array(a)) if a.is_empty() => visitor.visit_unit(),
            Some(Value::Array(a)) => visit_array(a, visitor),
            Some(other) => Err(de::Error::invalid_type(
                unexpected(&other),
                &"tuple variant",
            )),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Some(Value::Object(o)) => visit_object(o, visitor),
            Some(other) => Err(de::Error::invalid_type(
                unexpected(&other),
                &"struct variant",
            )),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct S {
        a: u32,
        #[serde(default)]
        b: Option<Vec<String>>,
        #[serde(default)]
        e: Option<E>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum E {
        One,
        Two(u8),
    }

    /// Every error text is serde_json's own, for the same values.
    #[test]
    fn ok_same_results_and_texts_as_serde_json() {
        for v in [
            json!({"a": 1}),
            json!({"a": 1, "b": ["x"], "e": "one"}),
            json!({"a": 1, "e": {"two": 3}}),
            json!([1, null, null]),
            json!([1, ["x", "y"], "one"]),
            json!([2]),
            json!({"a": "2"}),
            json!({"a": 1.5}),
            json!({"a": 1e300}),
            json!({"a": -3}),
            json!({"a": 5_000_000_000u64}),
            json!({"a": null}),
            json!({"a": true}),
            json!({"a": [1]}),
            json!({"a": {}}),
            json!({"a": 1, "c": 2}),
            json!({"a": 1, "e": "three"}),
            json!({"a": 1, "e": 1.25}),
            json!({"a": 1, "e": {"two": 3, "one": null}}),
            json!({"a": 1, "e": {"two": 300}}),
            json!({"a": 1, "b": "x"}),
            json!({"b": []}),
            json!([1, null, null, 4]),
            json!("x\"y"),
            json!(null),
        ] {
            let ours = from_value::<S>(v.clone()).map_err(|e| e.to_string());
            let theirs = serde_json::from_value::<S>(v.clone()).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{v}");
        }
    }

    /// The derives `Text` and `OneOrMany` had (their names are in the derive's error text;
    /// their values are compared through `Debug`).
    #[allow(dead_code)]
    mod derived {
        use serde::Deserialize;

        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        pub enum Text {
            Plain(String),
            ByLanguage(crate::engine::small::SmallMap<String, String>),
        }

        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        pub enum OneOrMany<T> {
            One(T),
            Many(Vec<T>),
        }
    }

    /// `Text` and `OneOrMany`, read from a JSON value by hand, give the untagged derive's
    /// results and texts.
    #[test]
    fn ok_untagged_as_derived() {
        use crate::engine::config::{OneOrMany, Since, Text};
        let cases = [
            json!("x"),
            json!({"en": "a", "fr": "b"}),
            json!({"en": 1}),
            json!({}),
            json!(5),
            json!(null),
            json!(["a", "b"]),
            json!([]),
            json!({"event": "purchase"}),
            json!([{"event": "purchase", "days_min": 3}, {"event": "x"}]),
            json!(["purchase", true]),
            json!({"event": "purchase", "nope": 1}),
            json!([{"event": 1}]),
        ];
        fn same<A: std::fmt::Debug, B: std::fmt::Debug>(
            ours: Result<A, String>,
            theirs: Result<B, String>,
        ) -> bool {
            match (ours, theirs) {
                (Ok(a), Ok(b)) => {
                    format!("{a:?}").split_once('(').map(|x| x.1.to_string())
                        == format!("{b:?}").split_once('(').map(|x| x.1.to_string())
                }
                (Err(a), Err(b)) => a == b,
                _ => false,
            }
        }
        let err = |e: serde_json::Error| e.to_string();
        for v in cases {
            let theirs = serde_json::from_value::<derived::Text>(v.clone()).map_err(err);
            let ours = serde_json::from_value::<Text>(v.clone()).map_err(err);
            assert!(same(ours, theirs), "Text {v}");
            let theirs =
                serde_json::from_value::<derived::OneOrMany<String>>(v.clone()).map_err(err);
            let ours = serde_json::from_value::<OneOrMany<String>>(v.clone()).map_err(err);
            assert!(same(ours, theirs), "OneOrMany<String> {v}");
            let theirs =
                serde_json::from_value::<derived::OneOrMany<Since>>(v.clone()).map_err(err);
            let ours = serde_json::from_value::<OneOrMany<Since>>(v.clone()).map_err(err);
            assert!(same(ours, theirs), "OneOrMany<Since> {v}");
            let ours = from_value::<OneOrMany<Since>>(v.clone()).map_err(|e| e.to_string());
            let theirs =
                serde_json::from_value::<derived::OneOrMany<Since>>(v.clone()).map_err(err);
            assert!(same(ours, theirs), "json::from_value OneOrMany<Since> {v}");
        }
    }

    #[test]
    fn ok_object_as_json_macro() {
        let o = object(&[
            ("a", text("x\"\n")),
            ("b", "null".into()),
            ("c", "9".into()),
        ]);
        assert_eq!(o, json!({"a": "x\"\n", "b": null, "c": 9}).to_string());
        assert_eq!(object(&[]), "{}");
    }

    #[test]
    fn ok_float_text_as_display() {
        for v in [0.0, 80.0, -3.0, 12.5, 50.25, 0.1, 1e15, 123456.789] {
            assert_eq!(float_text(v), v.to_string());
        }
    }
}
