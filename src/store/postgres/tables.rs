//! UNBUILT: the TableReader part of the store interface on PostgreSQL, to be written.

use super::register::PgRegister;
use super::unbuilt;
use crate::store::interface::TableReader;
use crate::store::StoreError;

macro_rules! unbuilt_table_reader {
    ($($(#[$doc:meta])* $method:ident: $record:ty),* $(,)?) => {
        impl TableReader for PgRegister {
            $(
                fn $method<E: From<StoreError>>(
                    &self,
                    _each: impl FnMut($record) -> std::result::Result<(), E>,
                ) -> std::result::Result<(), E> {
                    unbuilt!()
                }
            )*
        }
    };
}

crate::with_table_readers!(unbuilt_table_reader);
