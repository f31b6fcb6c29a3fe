//! The store's contract, written once and run against every backend: what the application
//! layer may rely on whichever database holds the register (ARCHITECTURE.md, "The store
//! interface"). Each test is a function generic over [`RegisterStore`]; `contract!` below
//! makes one `#[test]` of it per backend: the SQLite register (`sqlite::…`) and the shared
//! register on PostgreSQL (`postgres::…`, on the server `cargo xtask test` starts).
//!
//! What only one backend has (SQLite's file checks, its triggers against raw SQL, backups)
//! is tested beside that backend (`tests/it/store.rs`, `tests/it/plans.rs`, …).

mod annual_analysis;
mod backends;
mod calculations;
mod harvest;
mod deviations;
mod evaluations;
mod import_staging;
mod initiatives;
mod lists;
mod measurements;
mod plans;
mod supply;
mod transfer;

use crate::support::{calc_examples, plan_examples};

use nytta::model::initiative::{InitiativeFields, OrganisationKind};
use nytta::store::RegisterStore;

use backends::Backend;

/// One `#[test]` per backend for each contract function: `contract!(module::function, …)`.
macro_rules! contract {
    ($($module:ident :: $test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $test() {
                    let backend = super::backends::Sqlite::new();
                    super::$module::$test(&backend);
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $test() {
                    let Some(backend) = super::backends::Postgres::new() else { return };
                    super::$module::$test(&backend);
                }
            )*
        }
    };
}

contract!(
    initiatives::a_new_register_has_its_name_and_an_author,
    initiatives::a_stale_edit_is_refused_and_names_what_changed,
    initiatives::every_change_is_in_the_audit_log_with_before_and_after,
    initiatives::invalid_input_changes_nothing,
    initiatives::a_status_report_needs_cause_and_action_when_not_green,
    initiatives::costs_are_one_row_per_year_and_type,
    initiatives::every_initiatives_reports_and_costs_are_read_at_once_as_one_by_one,
    initiatives::the_summaries_say_which_initiatives_lack_effect_goals_or_a_calculation,
    initiatives::every_field_reads_back_as_saved,
    initiatives::organisations_and_missing_rows_are_said_alike,
    calculations::a_new_register_starts_with_the_public_default_factors,
    calculations::an_approved_version_is_frozen_and_the_store_says_so,
    calculations::a_change_after_approval_is_a_new_version_with_a_required_reason,
    calculations::a_stale_save_is_refused_and_changes_nothing,
    calculations::an_invalid_draft_is_refused_with_field_paths,
    calculations::approval_needs_lines_an_approver_and_a_decision,
    calculations::approved_results_keep_their_factor_values_when_the_register_factor_changes,
    calculations::a_discarded_draft_and_missing_versions_are_refused_in_swedish,
    calculations::a_saved_factor_is_logged_with_before_and_after_and_an_unchanged_one_is_not,
    calculations::the_first_approved_version_of_each_initiative_is_read_at_once,
    calculations::the_newest_drafts_of_all_initiatives_are_read_at_once,
    calculations::the_versions_of_several_initiatives_are_read_at_once,
    evaluations::an_evaluation_is_drafted_approved_with_what_was_learnt_and_then_frozen,
    evaluations::closing_while_a_checkpoint_is_kommande_needs_a_reason,
    plans::a_draft_can_be_saved_incomplete_but_not_approved,
    plans::approval_freezes_the_plan_in_the_store,
    plans::a_change_after_approval_is_a_new_version_with_a_reason_and_shows_in_the_target_history,
    plans::a_discarded_draft_leaves_the_approved_versions,
    plans::the_newest_plan_drafts_of_all_initiatives_are_read_at_once,
    plans::the_plan_versions_of_several_initiatives_are_read_at_once,
    plans::a_plan_s_saves_approvals_and_discards_are_logged_by_version,
    plans::editing_a_measurement_keeps_the_old_value_in_the_audit_log,
    plans::a_measurement_that_fed_an_approved_checkpoint_needs_a_reason_to_change,
    plans::a_second_measurement_on_the_same_day_is_refused_unless_identical,
    plans::measurements_must_belong_to_an_indicator_and_lie_in_its_range,
    plans::the_followup_reads_sorted_series_of_initiatives_with_an_approved_plan,
    import_staging::a_dry_run_compares_and_writes_nothing,
    import_staging::rows_are_stored_only_when_applied,
    import_staging::duplicates_are_found_and_replacements_logged,
    import_staging::targets_know_the_plans_indicators,
    measurements::a_large_import_finds_every_duplicate_and_stores_every_row,
    measurements::an_import_logs_each_replacement_as_an_edit_would,
    measurements::measurements_and_the_followup_are_read_in_the_file_registers_order,
    measurements::the_status_read_gives_the_same_portfolio_as_reading_every_measurement,
    measurements::the_status_read_of_a_large_portfolio_gives_the_same_portfolio,
    measurements::the_status_read_equals_reading_every_measurement_on_random_registers,
    measurements::missing_measurements_and_initiatives_are_not_found,
    measurements::rebuilding_what_is_derived_changes_no_row_and_no_status,
    transfer::a_register_carried_to_an_empty_one_reads_the_same,
    transfer::records_go_only_into_an_empty_register,
    transfer::every_table_is_read_row_by_row,
    transfer::a_file_register_moved_in_reads_the_same_and_moves_back_out,
    supply::customers_and_financing_are_stored_and_logged_with_before_and_after,
    supply::customers_and_allocation_key_are_checked_by_field,
    supply::each_benefit_is_realised_by_a_customer,
    annual_analysis::analysis_texts_are_saved_per_section_with_row_versions_and_audit_rows,
    annual_analysis::a_stale_analysis_save_is_refused_naming_the_section,
    annual_analysis::an_analysis_text_is_checked_by_field,
    harvest::harvest_decisions_are_stored_per_benefit_with_row_versions_and_audit_rows,
    harvest::a_stale_harvest_save_is_refused_naming_the_decision,
    harvest::a_harvest_decision_is_checked_by_field_and_against_the_approved_plan,
    deviations::deviation_notes_are_saved_whole_with_row_versions_and_audit_rows,
    deviations::a_stale_deviation_save_is_refused_naming_the_fields,
    deviations::a_deviation_note_is_checked_by_field,
    lists::a_base_service_is_chosen_from_the_suppliers_list_and_renamed_with_its_initiatives,
    lists::a_retired_entry_stays_on_its_initiatives_but_cannot_be_chosen_for_another,
    lists::settings_are_saved_with_row_versions_and_audit_rows_and_the_period_sets_the_due_date,
    lists::a_new_register_names_the_citys_strategic_coordination_group,
    lists::the_lists_are_in_swedish_alphabetical_order_whatever_the_case,
);

/// A fresh register with one organisation and one initiative per (code, go-live).
pub fn register_with<B: Backend>(backend: &B, initiatives: &[(&str, Option<chrono::NaiveDate>)]) -> (B::Store, Vec<i64>) {
    let mut register = backend.fresh("Test");
    let ids = plan_examples::populate(&mut register, initiatives);
    (register, ids)
}

/// A fresh register with one organisation and the initiatives `codes`, not yet started.
pub fn register_with_codes<B: Backend>(backend: &B, codes: &[&str]) -> (B::Store, Vec<i64>) {
    let mut register = backend.fresh("Test");
    let ids = calc_examples::populate(&mut register, codes);
    (register, ids)
}

/// An organisation and a register author, ready for initiatives.
pub fn with_organisation<S: RegisterStore>(register: &mut S) -> i64 {
    register.set_author("testare");
    register.add_organisation("Intraservice", OrganisationKind::Forvaltning, "Nämnden").unwrap()
}

pub fn fields(code: &str, organisation: i64) -> InitiativeFields {
    InitiativeFields { code: code.into(), name: format!("Insats {code}"), ..InitiativeFields::blank(organisation) }
}
