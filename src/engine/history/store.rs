//! Where the serialized history lives, behind a trait: `localStorage` in the browser
//! (`platform::LocalStore`), memory in tests and the CLI.

use thiserror::Error;

use super::History;

/// Why a stored history could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoreError {
    /// The browser refused access to storage (blocked cookies, sandboxed frame).
    #[error("storage is blocked: {0}")]
    Blocked(String),
    /// The storage quota is full.
    #[error("storage is full: {0}")]
    Quota(String),
    /// The stored value cannot be read at all.
    #[error("stored history is corrupt: {0}")]
    Corrupt(String),
    /// The stored value was written by a newer version of reciprocity and is left untouched.
    #[error("stored history has format {found}, newer than {supported}: left untouched")]
    Newer {
        /// The version found.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
}

/// A `Result` with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where the serialized history lives: `localStorage` in the browser, memory in tests.
pub trait Store {
    /// The stored value, if any.
    fn load(&self) -> Result<Option<String>>;
    /// Replaces the stored value.
    fn save(&mut self, value: &str) -> Result<()>;
    /// Removes the stored value.
    fn clear(&mut self) -> Result<()>;
}

/// One store in memory shared by its clones, as one `localStorage` is shared by the tabs of
/// a store: two devices opened on clones see each other's writes (tests of several tabs).
#[derive(Debug, Clone, Default)]
pub struct SharedStore(std::rc::Rc<std::cell::RefCell<Option<String>>>);

impl Store for SharedStore {
    fn load(&self) -> Result<Option<String>> {
        Ok(self.0.borrow().clone())
    }
    fn save(&mut self, value: &str) -> Result<()> {
        *self.0.borrow_mut() = Some(value.to_string());
        Ok(())
    }
    fn clear(&mut self) -> Result<()> {
        *self.0.borrow_mut() = None;
        Ok(())
    }
}

/// A [`Store`] in memory.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    /// The current value.
    pub value: Option<String>,
}

impl Store for MemoryStore {
    fn load(&self) -> Result<Option<String>> {
        Ok(self.value.clone())
    }
    fn save(&mut self, value: &str) -> Result<()> {
        self.value = Some(value.to_string());
        Ok(())
    }
    fn clear(&mut self) -> Result<()> {
        self.value = None;
        Ok(())
    }
}

/// Loads the history from a store. Returns the history, whether it may be written back
/// (not when the stored value is from a newer version), and the problems met.
pub fn load(store: &dyn Store, fresh_id: &str) -> (History, bool, Vec<StoreError>) {
    match store.load() {
        Ok(None) => (History::new(fresh_id), true, Vec::new()),
        Ok(Some(s)) => match History::decode(&s, fresh_id) {
            Ok(d) => {
                let problems = d.problems.into_iter().map(StoreError::Corrupt).collect();
                (d.history, true, problems)
            }
            Err(e @ StoreError::Newer { .. }) => (History::new(fresh_id), false, vec![e]),
            Err(e) => (History::new(fresh_id), true, vec![e]),
        },
        Err(e) => (History::new(fresh_id), false, vec![e]),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn err_newer_version_untouched() {
        let mut store = MemoryStore {
            value: Some(r#"{"v":99,"id":"x","future":true}"#.into()),
        };
        let (_, writable, problems) = load(&store, "fresh");
        assert!(!writable);
        insta::assert_snapshot!(problems[0], @"stored history has format 99, newer than 2: left untouched");
        assert!(store.save("x").is_ok());
    }
}
