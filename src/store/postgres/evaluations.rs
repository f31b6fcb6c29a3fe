//! Evaluations on the shared register: the file register's rules (`store/evaluations.rs`,
//! `store/versions.rs`) with PostgreSQL's statements; row-level security (migration 0010)
//! lets a beställare draft and a godkännare approve.

use super::register::PgRegister;
use super::versions::Pg;
use crate::model::evaluation::{EvaluationVersion, FinalEvaluation};
use crate::model::Approval;
use crate::store::evaluations::{approval_columns, draft_body, draft_note, normalised};
use crate::store::versions::{self, resaved};
use crate::store::{EvaluationStore, Result};

impl EvaluationStore for PgRegister {
    fn evaluation_versions(&self, initiative_id: i64) -> Result<Vec<EvaluationVersion>> {
        versions::versions_of(&mut Pg(&mut *self.client()), initiative_id)
    }

    fn evaluation_by_id(&self, id: i64) -> Result<EvaluationVersion> {
        versions::version_by_id(&mut Pg(&mut *self.client()), id)
    }

    fn create_evaluation(&mut self, initiative_id: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion> {
        let evaluation = normalised(evaluation);
        let text = draft_body(&evaluation)?;
        self.write(|tx, author| versions::create(&mut Pg(tx), author, initiative_id, std::slice::from_ref(&text)))
    }

    fn save_evaluation_draft(&mut self, id: i64, row_version: i64, evaluation: &FinalEvaluation) -> Result<EvaluationVersion> {
        let evaluation = normalised(evaluation);
        let text = draft_body(&evaluation)?;
        self.write(|tx, author| {
            let prepare = |_: &mut Pg<_>, _: &EvaluationVersion| Ok(vec![text.clone()]);
            versions::save(&mut Pg(tx), author, (id, row_version), &evaluation, |_| resaved(), prepare, draft_note)
        })
    }

    fn approve_evaluation(&mut self, id: i64, row_version: i64, approval: &Approval) -> Result<EvaluationVersion> {
        let approval = versions::checked_approval::<EvaluationVersion>(approval)?;
        self.write(|tx, author| {
            versions::approve(&mut Pg(tx), author, (id, row_version), &approval, |_, before| approval_columns(before))
        })
    }

    fn new_evaluation_version(&mut self, initiative_id: i64, reason: &str) -> Result<EvaluationVersion> {
        let reason = versions::checked_reason::<EvaluationVersion>(reason)?;
        self.write(|tx, author| versions::new_version(&mut Pg(tx), author, initiative_id, &reason))
    }

    fn delete_evaluation_draft(&mut self, id: i64, row_version: i64) -> Result<()> {
        self.write(|tx, author| versions::delete::<EvaluationVersion>(&mut Pg(tx), author, id, row_version))
    }
}
