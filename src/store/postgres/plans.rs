//! Nyttorealiseringsplaner on the shared register: the versioned plan of each initiative.
//! The rules are the file register's (`store/plans.rs`, `store/versions.rs`); only the
//! statements are here.

use postgres::GenericClient;

use super::register::PgRegister;
use super::versions::{query, Pg};
use crate::model::plan::Plan;
use crate::model::{target_history, Approval, IndicatorTargetHistory, PlanVersion};
use crate::store::plans::{approval_columns, body, draft_note, names_realisers, normalised, realised_by_customers};
use crate::store::versions::{self, resaved, Document};
use crate::store::{PlanStore, Result};

/// The latest approved plan of an initiative, read inside a transaction or not.
pub(super) fn latest_approved(client: &mut impl GenericClient, initiative_id: i64) -> Result<Option<PlanVersion>> {
    Ok(query(client, "initiative_id = $1 AND status = 'approved'", initiative_id)?.pop())
}

/// The latest version, approved or not.
#[allow(dead_code)] // for the measurements, which accept a draft's indicators
pub(super) fn latest_any(client: &mut impl GenericClient, initiative_id: i64) -> Result<Option<PlanVersion>> {
    Ok(query(client, "initiative_id = $1", initiative_id)?.pop())
}

/// Refuses benefits realised by an organisation that is not one of the initiative's
/// customers (the rule is the file register's).
fn check_realised_by(client: &mut impl GenericClient, initiative_id: i64, plan: &Plan) -> Result<()> {
    if !names_realisers(plan) {
        return Ok(());
    }
    let customers: Vec<i64> = client
        .query("SELECT organisation_id FROM initiative_customer WHERE initiative_id = $1", &[&initiative_id])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    realised_by_customers(plan, &customers)
}

impl PlanStore for PgRegister {
    // ---- reading ----------------------------------------------------------------------

    fn plan_versions(&self, initiative_id: i64) -> Result<Vec<PlanVersion>> {
        versions::versions_of(&mut Pg(&mut *self.client()), initiative_id)
    }

    fn plan_by_id(&self, id: i64) -> Result<PlanVersion> {
        versions::version_by_id(&mut Pg(&mut *self.client()), id)
    }

    fn plan_versions_of(&self, initiative_ids: &[i64]) -> Result<Vec<PlanVersion>> {
        super::versions::versions_of_all(&mut *self.client(), initiative_ids)
    }

    fn newest_plan_drafts(&self) -> Result<Vec<(i64, u32)>> {
        super::versions::newest_drafts(&mut *self.client(), PlanVersion::KIND.table)
    }

    fn latest_approved_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        let mut client = self.client();
        // The initiative's existence is asked only when no approved plan was found (see
        // `versions::versions_of`).
        let found = latest_approved(&mut *client, initiative_id)?;
        if found.is_none() {
            versions::code_of(&mut Pg(&mut *client), initiative_id)?;
        }
        Ok(found)
    }

    fn draft_plan(&self, initiative_id: i64) -> Result<Option<PlanVersion>> {
        Ok(versions::draft(self.plan_versions(initiative_id)?))
    }

    fn target_history(&self, initiative_id: i64) -> Result<Vec<IndicatorTargetHistory>> {
        Ok(target_history(&self.plan_versions(initiative_id)?))
    }

    // ---- writing ----------------------------------------------------------------------

    fn create_plan(&mut self, initiative_id: i64, plan: &Plan) -> Result<PlanVersion> {
        let plan = normalised(plan);
        let text = body(&plan)?;
        self.write(|tx, author| {
            check_realised_by(tx, initiative_id, &plan)?;
            versions::create(&mut Pg(tx), author, initiative_id, std::slice::from_ref(&text))
        })
    }

    /// Saves the draft; an incomplete plan is saved, what stops approval is in its problems.
    fn save_plan_draft(&mut self, id: i64, row_version: i64, plan: &Plan) -> Result<PlanVersion> {
        let plan = normalised(plan);
        let text = body(&plan)?;
        self.write(|tx, author| {
            let check = |s: &mut Pg<_>, before: &PlanVersion| {
                check_realised_by(s.0, before.initiative_id, &plan)?;
                Ok(vec![text.clone()])
            };
            versions::save(&mut Pg(tx), author, (id, row_version), &plan, |_| resaved(), check, draft_note)
        })
    }

    fn approve_plan(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<PlanVersion> {
        let approval = versions::checked_approval::<PlanVersion>(approval)?;
        self.write(|tx, author| {
            versions::approve(&mut Pg(tx), author, (id, row_version), &approval, |_, before| approval_columns(before))
        })
    }

    fn new_plan_version(&mut self, initiative_id: i64, reason: &str) -> Result<PlanVersion> {
        let reason = versions::checked_reason::<PlanVersion>(reason)?;
        self.write(|tx, author| versions::new_version(&mut Pg(tx), author, initiative_id, &reason))
    }

    fn delete_plan_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| versions::delete::<PlanVersion>(&mut Pg(tx), author, id, row_version))
    }
}
