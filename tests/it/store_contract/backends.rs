//! The backends the contract runs against: a fresh, empty register, a second handle on it
//! (another user's window, for lost-update tests) and a restore of what was saved of it.

use std::path::PathBuf;

use nytta::store::postgres::{ConnInfo, PgRegister};
use nytta::store::{DocumentTransfer, Register, RegisterStore};

use crate::shared_register::server::TestDatabase;

/// A place that holds registers for one test.
pub trait Backend {
    type Store: RegisterStore;
    /// A new, empty register named `name`.
    fn fresh(&self, name: &str) -> Self::Store;
    /// A second handle on the register `fresh` made last, as another program would open it.
    fn second_handle(&self) -> Self::Store;
    /// What is kept of a register to bring it back later.
    type Saved;
    /// Saves the register `fresh` made last, `register`, as its backup is taken.
    fn save(&self, register: &Self::Store) -> Self::Saved;
    /// The saved register brought back into a new place, as a restore does.
    fn restore(&self, saved: &Self::Saved) -> Self::Store;
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

    /// A backup file (`nytta backup`).
    type Saved = PathBuf;

    fn save(&self, _register: &Register) -> PathBuf {
        let source = self.last.borrow().clone().expect("a register made first");
        let number = std::fs::read_dir(self.dir.path()).unwrap().count();
        let backup = self.dir.path().join(format!("backup-{number}.nytta"));
        nytta::store::backup_to(&source, &backup).unwrap();
        backup
    }

    /// The backup restored to a new file (`nytta restore`), opened.
    fn restore(&self, saved: &PathBuf) -> Register {
        let number = std::fs::read_dir(self.dir.path()).unwrap().count();
        let path = self.dir.path().join(format!("aterstalld-{number}.nytta"));
        nytta::store::restore(saved, &path, false).unwrap();
        *self.last.borrow_mut() = Some(path.clone());
        Register::open(&path).unwrap()
    }
}

/// Shared registers on the test server (`NYTTA_PG_URL`): a database of its own for each
/// register, migrated and opened as its owner, whose rights reach every row (the rights of
/// the other roles are the shared register's own tests, `tests/it/shared_register/`).
pub struct Postgres {
    databases: std::cell::RefCell<Vec<TestDatabase>>,
}

impl Postgres {
    /// `None` when the run leaves PostgreSQL out (`NYTTA_PG=off`).
    pub fn new() -> Option<Self> {
        crate::shared_register::server::enabled().then(|| Postgres { databases: Default::default() })
    }

    fn open_last(&self) -> PgRegister {
        let databases = self.databases.borrow();
        let database = databases.last().expect("a register made first");
        PgRegister::open(&ConnInfo::parse(&database.owner_url()).unwrap()).unwrap()
    }
}

impl Backend for Postgres {
    type Store = PgRegister;

    fn fresh(&self, name: &str) -> PgRegister {
        let database = TestDatabase::new().expect("the server is on").migrated();
        self.databases.borrow_mut().push(database);
        let mut register = self.open_last();
        register.set_name(name).unwrap();
        register
    }

    fn second_handle(&self) -> PgRegister {
        self.open_last()
    }

    /// The register's document: a shared register is brought back from it (`nytta export
    /// json`, then `nytta import json` into an empty one), not from a file.
    type Saved = nytta::model::records::RegisterRecords;

    fn save(&self, register: &PgRegister) -> Self::Saved {
        register.read_records().unwrap()
    }

    fn restore(&self, saved: &Self::Saved) -> PgRegister {
        let mut register = self.fresh("Återställt");
        register.import_records(saved.content()).unwrap();
        register
    }
}
