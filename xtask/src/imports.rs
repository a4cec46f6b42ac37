//! Short import names for a module and its glue. wasm-bindgen names each function the wasm
//! imports from its glue after the Rust item and a 16-digit hash
//! (`__wbg_addEventListener_f2d27251d333a631`), and writes every name twice: in the wasm's
//! import section and as a key of the glue's import object. The hashes do not compress; with
//! names of one or two letters the one module is about 4 KB (brotli) lighter (wasm 2.2 KB,
//! glue 1.7 KB, measured on 161 imports).
//!
//! Written by hand: it rewrites the import section and copies every other section's bytes as
//! they were (a wasm library would decode and re-encode the whole module); wasm-opt reads
//! and checks the result when `dist` optimises it.

use std::fs;
use std::path::Path;

use crate::Result;

/// Renames the glue's own imports in `wasm` and the matching keys of `glue`, in place.
pub(crate) fn shorten(wasm: &Path, glue: &Path, module: &str) -> Result {
    let bytes = fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let mut js = fs::read_to_string(glue).map_err(|e| format!("{}: {e}", glue.display()))?;
    let (bytes, renamed) = rename_imports(&bytes, module)
        .map_err(|e| format!("{}: import section: {e}", wasm.display()))?;
    for (old, new) in &renamed {
        // Each import is one key of the import object (`name: function(…) {`).
        let key = format!("{old}:");
        if js.matches(&key).count() != 1 {
            return Err(format!(
                "{}: the import {old} is not one key of the glue's import object",
                glue.display()
            ));
        }
        js = js.replacen(&key, &format!("{new}:"), 1);
    }
    fs::write(wasm, bytes).map_err(|e| format!("{}: {e}", wasm.display()))?;
    fs::write(glue, js).map_err(|e| format!("{}: {e}", glue.display()))?;
    Ok(())
}

/// The `n`th short name: `a`…`z`, `A`…`Z`, then two letters.
fn short(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut s = Vec::new();
    loop {
        s.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn leb(b: &[u8], at: &mut usize) -> std::result::Result<u32, String> {
    let (mut value, mut shift) = (0u32, 0u32);
    loop {
        let byte = *b.get(*at).ok_or("truncated")?;
        *at += 1;
        value |= u32::from(byte & 0x7f)
            .checked_shl(shift)
            .ok_or("LEB128 too long")?;
        if byte < 0x80 {
            return Ok(value);
        }
        shift += 7;
    }
}

fn push_leb(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name<'a>(b: &'a [u8], at: &mut usize) -> std::result::Result<&'a [u8], String> {
    let len = leb(b, at)? as usize;
    let s = b.get(*at..*at + len).ok_or("truncated name")?;
    *at += len;
    Ok(s)
}

/// Old and new names, in the order of the import section.
type Renames = Vec<(String, String)>;

/// The module with the imports from `./{module}_bg.js` renamed, and the renames in order.
fn rename_imports(wasm: &[u8], module: &str) -> std::result::Result<(Vec<u8>, Renames), String> {
    let header = wasm.get(..8).ok_or("not a wasm module")?;
    if &header[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let own = format!("./{module}_bg.js");
    let mut out = header.to_vec();
    let mut renamed = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at)? as usize;
        let body = wasm.get(at..at + size).ok_or("truncated section")?;
        at += size;
        if id != 2 {
            out.push(id);
            push_leb(&mut out, size as u32);
            out.extend_from_slice(body);
            continue;
        }
        let mut p = 0;
        let count = leb(body, &mut p)?;
        let mut section = Vec::new();
        push_leb(&mut section, count);
        for _ in 0..count {
            let from = name(body, &mut p)?;
            let field = name(body, &mut p)?;
            let start = p;
            let kind = *body.get(p).ok_or("truncated import")?;
            p += 1;
            match kind {
                0 => drop(leb(body, &mut p)?), // a function: its type
                1 | 2 => {
                    // a table (element type, then limits) or a memory (limits)
                    if kind == 1 {
                        p += 1;
                    }
                    let flags = *body.get(p).ok_or("truncated limits")?;
                    p += 1;
                    leb(body, &mut p)?;
                    if flags & 1 == 1 {
                        leb(body, &mut p)?;
                    }
                }
                3 => p += 2, // a global: its type and mutability
                4 => {
                    p += 1; // a tag: its attribute and type
                    leb(body, &mut p)?;
                }
                k => return Err(format!("unknown import kind {k}")),
            }
            let field = String::from_utf8(field.to_vec()).map_err(|e| e.to_string())?;
            let new = if from == own.as_bytes() && kind == 0 {
                let new = short(renamed.len());
                renamed.push((field, new.clone()));
                new
            } else {
                field
            };
            push_leb(&mut section, from.len() as u32);
            section.extend_from_slice(from);
            push_leb(&mut section, new.len() as u32);
            section.extend_from_slice(new.as_bytes());
            section.extend_from_slice(body.get(start..p).ok_or("truncated import")?);
        }
        if p != body.len() {
            return Err("bytes after the last import".into());
        }
        out.push(2);
        push_leb(&mut out, section.len() as u32);
        out.extend(section);
    }
    Ok((out, renamed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..3000).map(short).collect();
        assert_eq!(
            (&names[0][..], &names[51][..], &names[52][..]),
            ("a", "Z", "aa")
        );
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_alphabetic())));
    }

    #[test]
    fn renames_only_the_glues_functions() {
        // (module "./m_bg.js" "__wbg_x_0123" (func 0)), (module "./m_bg.js" "mem" (memory 1)),
        // (module "env" "f" (func 0)), then a type section left as it was.
        let mut import = vec![3u8];
        for (from, field, desc) in [
            ("./m_bg.js", "__wbg_x_0123", vec![0u8, 0]),
            ("./m_bg.js", "mem", vec![2u8, 0, 1]),
            ("env", "f", vec![0u8, 0]),
        ] {
            import.push(from.len() as u8);
            import.extend(from.bytes());
            import.push(field.len() as u8);
            import.extend(field.bytes());
            import.extend(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1u8, 4, 1, 0x60, 0, 0]); // types: one () -> ()
        wasm.push(2);
        wasm.push(import.len() as u8);
        wasm.extend(&import);
        let (out, renamed) = rename_imports(&wasm, "m").unwrap();
        assert_eq!(renamed, vec![("__wbg_x_0123".into(), "a".into())]);
        assert_eq!(out.len(), wasm.len() - "__wbg_x_0123".len() + 1);
        assert_eq!(&out[..14], &wasm[..14]);
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("mem") && text.contains("env") && !text.contains("__wbg"));
        assert!(rename_imports(b"nope", "m").is_err());
        assert!(rename_imports(&wasm[..wasm.len() - 3], "m").is_err());
    }
}
