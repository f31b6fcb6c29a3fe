//! The backends the contract runs against: a fresh, empty register and a second handle on
//! it (another user's window, for lost-update tests).

use std::path::PathBuf;

use nytta::store::{Register, RegisterStore};

/// A place that holds registers for one test.
pub trait Backend {
    type Store: RegisterStore;
    /// A new, empty register named `name`.
    fn fresh(&self, name: &str) -> Self::Store;
    /// A second handle on the register `fresh` made last, as another program would open it.
    fn second_handle(&self) -> Self::Store;
}

/// Register files in a temporary folder.
pub struct Sqlite {
    dir: tempfile::TempDir,
    last: std::cell::RefCell<Option<PathBuf>>,
}

impl Sqlite {
    pub fn new() -> Self {
        Sqlite { dir: tempfile::tempdir().unwrap(), last: Default::default() }
    }
}

impl Backend for Sqlite {
    type Store = Register;

    fn fresh(&self, name: &str) -> Register {
        // Each register its own file, even when a test makes two of the same name.
        let number = std::fs::read_dir(self.dir.path()).unwrap().count();
        let path = self.dir.path().join(format!("{name}-{number}.nytta"));
        *self.last.borrow_mut() = Some(path.clone());
        Register::create(&path, name).unwrap()
    }

    fn second_handle(&self) -> Register {
        Register::open(self.last.borrow().as_ref().expect("a register made first")).unwrap()
    }
}
