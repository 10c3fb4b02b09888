//! Compact JSON for the reports: the very bytes `serde_json::to_writer` writes, in less time.
//! serde_json escapes every field name and string a byte at a time through a table (the
//! largest single function in the profile of a large document's check, nearly all of it on
//! text with nothing to escape); here a string is looked through eight bytes at a time and
//! copied whole when nothing in it needs an escape, which is nearly always. Numbers are still
//! written by serde_json itself, and a map key that is no string is written (or refused) as
//! serde_json writes it, so both are its own to the byte. The tests compare the two writers on
//! every ASCII byte at every place in a word, on every kind of serde value and on arbitrary
//! strings; `tests/stream.rs` compares them on every fixture's report.

use serde::ser::{self, Serialize};

/// Appends `value` as compact JSON to `out` (text all the way: whole strings and ASCII are
/// appended, so nothing is checked again as UTF-8 after).
pub fn write<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    value.serialize(&mut Writer { out })
}

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(128);
    write(&mut out, value)?;
    Ok(out)
}

/// Why a value could not be written (a `Serialize` impl's own error, or a map key that is no
/// string, number or boolean, as serde_json refuses it).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error(e.to_string())
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        std::io::Error::other(e)
    }
}

/// `"` `s` `"`, escaped as serde_json escapes it: `"` and `\\` with a backslash, the control
/// characters U+0000–U+001F as `\\b \\t \\n \\f \\r` or `\\u00xx` (lowercase), nothing else.
/// Inlined where it is written (a value's text, a map key): a plain string, nearly every one,
/// is one look, one reserve and three appends, without a call.
#[inline]
fn string(out: &mut String, s: &str) {
    if is_plain(s.as_bytes()) {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        quoted_escaped(out, s);
    }
}

/// [`string`] of a string that holds something to escape.
#[cold]
fn quoted_escaped(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    escaped(out, s);
    out.push('"');
}

/// The bytes of a string that holds something to escape, escaped.
#[cold]
fn escaped(out: &mut String, s: &str) {
    let mut start = 0;
    // Every byte escaped is ASCII, so the text between two of them is whole characters.
    for (at, &b) in s.as_bytes().iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0C => "\\f",
            b'\r' => "\\r",
            0..0x20 => "\\u00",
            _ => continue,
        };
        out.push_str(&s[start..at]);
        out.push_str(escape);
        if escape == "\\u00" {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
        start = at + 1;
    }
    out.push_str(&s[start..]);
}

/// Whether no byte of `bytes` needs an escape, looked at eight bytes at a time (a short
/// string, or the end of a long one, read as one word with overlaps, so never a byte at a time).
fn is_plain(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `x` is zero: exact for the word as a whole.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    // A byte below 0x20 (no byte at or above 0x80 counts), a `"`, a `\`.
    let needs = |x: u64| {
        x.wrapping_sub(ONES * 0x20) & !x & HIGH
            | zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\\')))
    };
    let n = bytes.len();
    if n < 8 {
        return needs(short_word(bytes)) == 0;
    }
    // Eight bytes of Chinese text (each at or above 0x80) need nothing, told by one mask.
    let plain = |x: u64| x & HIGH == HIGH || needs(x) == 0;
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let mut at = 0;
    while at + 8 <= n {
        if !plain(word(at)) {
            return false;
        }
        at += 8;
    }
    at == n || plain(word(n - 8))
}

/// Up to eight bytes as one word, each of them in it at least once and the rest spaces
/// (which need no escape).
fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let u32_at =
        |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4")));
    match n {
        4.. => u32_at(0) | u32_at(n - 4) << 32,
        1.. => {
            let b = |at: usize| u64::from(bytes[at]);
            b(0) | b(n / 2) << 8 | b(n - 1) << 16 | 0x2020_2020_2000_0000
        }
        0 => 0x2020_2020_2020_2020,
    }
}

/// A struct's field name and its colon, after a comma where `comma` is set: `,"name":`. A
/// field name is an identifier nearly always, written with one reserve; one that holds
/// something to escape (a `rename` may) is escaped as any string is. Inlined in each field's
/// writing on the command line (a call cost as much as the rest); the page's module, built for
/// size, calls it (inlined in every field of every struct it is 1.7 KiB gzip).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn name(out: &mut String, comma: bool, name: &str) {
    if is_plain(name.as_bytes()) {
        out.reserve(name.len() + 4);
        if comma {
            out.push(',');
        }
        out.push('"');
        out.push_str(name);
        out.push_str("\":");
    } else {
        if comma {
            out.push(',');
        }
        quoted_escaped(out, name);
        out.push(':');
    }
}

struct Writer<'a> {
    out: &'a mut String,
}

impl Writer<'_> {
    /// A value serde_json writes as it would anywhere (floats, bytes).
    fn by_serde_json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.out.push_str(&serde_json::to_string(value)?);
        Ok(())
    }

    /// An integer, as serde_json writes it (with the same `itoa`).
    fn integer<I: itoa::Integer>(&mut self, v: I) {
        self.out.push_str(itoa::Buffer::new().format(v));
    }

    /// `{"variant":` before a variant's value.
    fn open_variant(&mut self, variant: &str) {
        self.out.push('{');
        string(self.out, variant);
        self.out.push(':');
    }

    fn compound(&mut self, open: char, close: &'static str) -> Compound<'_> {
        self.out.push(open);
        Compound {
            out: self.out,
            first: true,
            close,
        }
    }
}

/// What a value and a map key write alike: strings, characters, a unit variant's name, a
/// newtype's inside.
macro_rules! strings {
    () => {
        fn serialize_str(self, v: &str) -> Result<(), Error> {
            string(self.out, v);
            Ok(())
        }

        fn serialize_char(self, v: char) -> Result<(), Error> {
            string(self.out, v.encode_utf8(&mut [0; 4]));
            Ok(())
        }

        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<(), Error> {
            self.serialize_str(variant)
        }

        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            value: &T,
        ) -> Result<(), Error> {
            value.serialize(self)
        }
    };
}

/// Integers written by `itoa`, as serde_json writes them.
macro_rules! integers {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.integer(v);
            Ok(())
        })*
    };
}

impl<'w> ser::Serializer for &'w mut Writer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    strings!();

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);

    // Floats go to serde_json: its float writing (and `null` for NaN and infinities).
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.by_serde_json(&v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.by_serde_json(&v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.by_serde_json(&serde_bytes_as_serde_json(v))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.compound('[', "]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.open_variant(variant);
        Ok(self.compound('[', "]}"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.compound('{', "}"))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'w>, Error> {
        Ok(self.compound('{', "}"))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, Error> {
        self.open_variant(variant);
        Ok(self.compound('{', "}}"))
    }
}

/// Bytes as serde_json writes them (an array of numbers).
fn serde_bytes_as_serde_json(v: &[u8]) -> impl Serialize + '_ {
    struct Bytes<'b>(&'b [u8]);
    impl Serialize for Bytes<'_> {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
    Bytes(v)
}

/// An array, object or variant being written: a comma before each item but the first.
pub struct Compound<'w> {
    out: &'w mut String,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(',');
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut Writer { out: self.out })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        name(self.out, !std::mem::take(&mut self.first), key);
        value.serialize(&mut Writer { out: self.out })
    }

    fn close(self) -> Result<(), Error> {
        self.out.push_str(self.close);
        Ok(())
    }
}

/// The serde traits of an array's items (a sequence, a tuple, a tuple struct or variant), each
/// the same: a comma, the item; the closing bracket.
macro_rules! items {
    ($($trait:ident::$method:ident),*) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close()
            }
        })*
    };
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(Key { out: self.out })?;
        self.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut Writer { out: self.out })
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// The serde traits of an object's fields (a struct or a struct variant), each the same.
macro_rules! fields {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.close()
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

/// A map's key: a string (or a unit variant's name, a newtype's or an option's string)
/// written here; a number or boolean as serde_json writes it (quoted); anything else refused.
struct Key<'o> {
    out: &'o mut String,
}

impl Key<'_> {
    /// The key as serde_json writes it: `{key:null}` made by serde_json, the key cut out.
    fn by_serde_json<T: Serialize + ?Sized>(self, key: &T) -> Result<(), Error> {
        struct One<'k, K: ?Sized>(&'k K);
        impl<K: Serialize + ?Sized> Serialize for One<'_, K> {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(self.0, &())?;
                map.end()
            }
        }
        let whole = serde_json::to_string(&One(key))?;
        self.out.push_str(&whole[1..whole.len() - ":null}".len()]);
        Ok(())
    }
}

/// Keys serde_json writes (or refuses) itself.
macro_rules! other_keys {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.by_serde_json(&v)
        })*
    };
}

/// A value's place as a map key: refused, as serde_json refuses it.
type Refused = ser::Impossible<(), Error>;

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = Refused;
    type SerializeStructVariant = Refused;

    strings!();

    other_keys!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_i128: i128, serialize_u8: u8,
        serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128,
        serialize_f32: f32, serialize_f64: f64);

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Refused, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Refused, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Refused, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Refused, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Refused, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Refused, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Refused, Error> {
        Err(key_must_be_a_string())
    }
}

/// serde_json's words for a key that is no string, number or boolean.
fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// Ours and serde_json's bytes for `value`, which must be the same.
    fn same<T: Serialize + ?Sized>(value: &T) {
        let ours = to_string(value).map_err(|e| e.to_string());
        let theirs = serde_json::to_string(value).map_err(|e| e.to_string());
        assert_eq!(ours, theirs);
    }

    #[test]
    fn every_byte_below_0x80_and_others_are_escaped_as_serde_json_escapes_them() {
        for c in (0u32..0x80).chain([0x7F, 0x80, 0x2028, 0x2029, 0xFEFF, 0x1F600]) {
            let c = char::from_u32(c).unwrap();
            // Alone, and at each place of words of every length up to 17 (one word, a short
            // string read in two overlapping halves, the end of a long one).
            same(&c);
            for len in 1..=17 {
                for at in 0..len {
                    let s: String = (0..len).map(|i| if i == at { c } else { '评' }).collect();
                    same(&s);
                    let s: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    same(&s);
                }
            }
        }
    }

    #[derive(Debug, Serialize)]
    enum Kinds {
        Unit,
        Newtype(String),
        Tuple(u8, Option<i64>),
        Struct {
            #[serde(rename = "a\"b\\c\n")]
            odd: bool,
            plain: (),
        },
    }

    #[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Unit;

    #[derive(Debug, Serialize)]
    struct Newtype(i32);

    #[derive(Debug, Serialize)]
    struct Flat {
        first: u16,
        #[serde(flatten)]
        rest: BTreeMap<String, Kinds>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    /// A map of any keys, in the order given.
    struct Map<'a, K, V>(&'a [(K, V)]);

    impl<K: Serialize, V: Serialize> Serialize for Map<'_, K, V> {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it() {
        same(&Kinds::Unit);
        same(&Kinds::Newtype("x\"y".into()));
        same(&Kinds::Tuple(7, None));
        same(&Kinds::Tuple(0, Some(-3)));
        same(&Kinds::Struct {
            odd: true,
            plain: (),
        });
        same(&(
            Unit,
            Newtype(-1),
            'é',
            [1.5f64, f64::NAN, -0.0, 1e300],
            2.5f32,
        ));
        same(&(i128::MIN, u128::MAX, i8::MIN, u64::MAX));
        same(&serde_bytes_as_serde_json(b"\x00\xffab"));
        same(&Vec::<u8>::new());
        same(&BTreeMap::<u8, u8>::new());
        same(&Flat {
            first: 1,
            rest: [
                ("k\t".to_owned(), Kinds::Unit),
                ("j".into(), Kinds::Newtype("".into())),
            ]
            .into(),
            skipped: None,
        });
        // Keys that are numbers or booleans are quoted; other keys are refused, as serde_json
        // refuses them.
        same(&BTreeMap::from([(1i32, "a"), (-2, "b")]));
        same(&BTreeMap::from([(true, 1), (false, 2)]));
        same(&BTreeMap::from([('c', 1)]));
        same(&Map(&[(1.5f64, 1), (-0.0, 2), (1e300, 3)]));
        assert!(to_string(&Map(&[(f64::NAN, 1)])).is_err());
        assert!(serde_json::to_string(&Map(&[(f64::NAN, 1)])).is_err());
        assert!(to_string(&BTreeMap::from([((1, 2), 1)])).is_err());
        assert!(serde_json::to_string(&BTreeMap::from([((1, 2), 1)])).is_err());
        assert!(to_string(&BTreeMap::from([(Unit, 1)])).is_err());
        same(&BTreeMap::from([(Some(1), 1)]));
        same(&BTreeMap::from([(None::<u8>, 1)]));
    }

    /// A struct of two fields, both named `name` (which may need escapes).
    struct Named(&'static str);

    impl Serialize for Named {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use ser::SerializeStruct;
            let mut st = s.serialize_struct("Named", 2)?;
            st.serialize_field(self.0, &1)?;
            st.serialize_field(self.0, "v")?;
            st.end()
        }
    }

    #[test]
    fn field_names_of_every_length_and_byte_are_written_as_serde_json_writes_them() {
        // Plain names of every length up to 17 (each way `is_plain` reads them), and the same
        // with each byte below 0x80 at the start, the middle and the end.
        for len in 0..=17 {
            let plain: String = "abcdefghijklmnopq"[..len].into();
            same(&Named(Box::leak(plain.clone().into_boxed_str())));
            same(&Named(Box::leak(plain.replace('a', "评").into_boxed_str())));
            for b in 0u8..0x80 {
                for at in [0, len / 2, len.saturating_sub(1)] {
                    let mut name = plain.clone().into_bytes();
                    if len == 0 {
                        name.push(b);
                    } else {
                        name[at] = b;
                    }
                    let name = String::from_utf8(name).unwrap();
                    same(&Named(Box::leak(name.into_boxed_str())));
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_string_and_nesting_is_written_as_serde_json_writes_it(
            text in any::<String>(),
            controls in "[\\x00-\\x1f\"\\\\a评]{0,24}",
            keys in proptest::collection::btree_map(any::<String>(), any::<Option<u32>>(), 0..4),
        ) {
            same(&text);
            same(&controls);
            same(&(&text, vec![&controls, &text], &keys));
        }
    }
}
