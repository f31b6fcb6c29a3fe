//! What the user may do in the open register, so the window can say so before they try:
//! disabled buttons with the reason, not a refusal after the work is typed.
//!
//! A register file belongs to whoever may open it: everything is allowed. In the shared
//! register the person's roles per organisation decide (docs/delat-register.md), and
//! PostgreSQL's row-level security enforces them whatever the app shows; the rules here
//! mirror the policies in `migrations/postgres/` so that the window and the server agree.
//! They are a courtesy, never the protection.

use serde::Serialize;

use crate::model::initiative::{Initiative, Organisation};
use crate::store::postgres::MemberRole;

/// The roles the user holds, or everything for a register file.
#[derive(Debug, Clone, PartialEq)]
pub enum Rights {
    /// A register file: its user may do everything.
    Everything,
    /// The shared register: the session user's memberships, (organisation id — none for the
    /// register-wide roles — and role).
    Roles(Vec<(Option<i64>, MemberRole)>),
}

/// One thing the user may or may not do, with the reason when not, for the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Permission {
    pub allowed: bool,
    /// Why not, in Swedish, naming the role it takes: shown beside the disabled button.
    pub reason: Option<String>,
}

impl Permission {
    fn allowed() -> Permission {
        Permission { allowed: true, reason: None }
    }

    fn refused(reason: String) -> Permission {
        Permission { allowed: false, reason: Some(reason) }
    }
}

/// What the user may do with one initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiativePermissions {
    /// Change its fields, customers and financing (beställare).
    pub edit: Permission,
    /// Status reports, costs and measurements (registrerare).
    pub record: Permission,
    /// Drafts of the calculation and the plan, new versions (beställare).
    pub draft: Permission,
    /// Orsak, åtgärd and closure of its benefit deviations (registrerare, beställare).
    pub deviations: Permission,
    /// Approve a calculation or plan (godkännare).
    pub approve: Permission,
    /// Mark it särskilt följd (registeradministratör).
    pub council_tracked: Permission,
    /// Record and change its harvest decisions, effekthemtagning (beställare, as the plan;
    /// migration 0008's policy).
    pub harvest: Permission,
}

/// What the user may do in the register as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterPermissions {
    /// Whether this is the shared register (the window shows the roles then).
    pub shared: bool,
    /// The user's roles, in words: "beställare i Intraservice", "stadsläsare".
    pub roles: Vec<String>,
    pub create_initiative: Permission,
    /// Organisations, the register's lists and settings, the calculation factors.
    pub administer: Permission,
    /// Record status reports, costs and measurements in some initiative (registrerare
    /// somewhere): whether the import of measurements is worth offering at all. Each row is
    /// still checked against its own initiative by the server.
    pub record: Permission,
    /// Per organisation: a new initiative it supplies (the form follows the supplier chosen)
    /// and its own lists and settings.
    pub by_organisation: Vec<OrganisationPermissions>,
}

/// What the user may do in one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationPermissions {
    pub organisation_id: i64,
    /// Create an initiative it supplies (beställare or registeradministratör in it).
    pub create_initiative: Permission,
    /// Mark such a new initiative särskilt följd (registeradministratör in it).
    pub council_tracked: Permission,
    /// Its own settings and base services (registeradministratör in it or of the register).
    pub administer: Permission,
}

/// The Swedish word for a role.
pub fn role_word(role: MemberRole) -> &'static str {
    match role {
        MemberRole::Lasare => "läsare",
        MemberRole::Registrerare => "registrerare",
        MemberRole::Bestallare => "beställare",
        MemberRole::Godkannare => "godkännare",
        MemberRole::Registeradministrator => "registeradministratör",
        MemberRole::Stadslasare => "stadsläsare",
    }
}

impl Rights {
    /// Whether the user holds one of `roles` in one of `organisations`; a register-wide
    /// administrator counts wherever the administrator role does (as `may_on_initiative`).
    fn holds(&self, roles: &[MemberRole], organisations: &[i64]) -> bool {
        match self {
            Rights::Everything => true,
            Rights::Roles(memberships) => memberships.iter().any(|(org, role)| {
                roles.contains(role)
                    && match org {
                        Some(org) => organisations.contains(org),
                        None => *role == MemberRole::Registeradministrator,
                    }
            }),
        }
    }

    fn administers_register(&self) -> bool {
        match self {
            Rights::Everything => true,
            Rights::Roles(memberships) => {
                memberships.iter().any(|(org, role)| org.is_none() && *role == MemberRole::Registeradministrator)
            }
        }
    }

    /// A permission for `what`, which takes one of `roles` in the initiative's organisations.
    fn permission(&self, what: &str, roles: &[MemberRole], organisations: &[i64]) -> Permission {
        if self.holds(roles, organisations) {
            return Permission::allowed();
        }
        let words: Vec<&str> = roles.iter().map(|r| role_word(*r)).collect();
        Permission::refused(format!(
            "Att {what} kräver att du är {} i insatsens leverantör eller i en av dess kunder.",
            join_or(&words)
        ))
    }

    /// What the user may do with `initiative`.
    pub fn on_initiative(&self, initiative: &Initiative) -> InitiativePermissions {
        use MemberRole::*;
        let mut organisations = vec![initiative.fields.organisation_id];
        organisations.extend(initiative.fields.customer_ids.iter().copied());
        InitiativePermissions {
            edit: self.permission("ändra insatsen", &[Bestallare, Registeradministrator], &organisations),
            record: self.permission(
                "registrera statusrapporter, kostnader och mätningar",
                &[Registrerare, Registeradministrator],
                &organisations,
            ),
            draft: self.permission("arbeta med utkast till kalkyl och plan", &[Bestallare, Registeradministrator], &organisations),
            deviations: self.permission(
                "skriva orsak och åtgärd för nyttoavvikelser",
                &[Registrerare, Bestallare, Registeradministrator],
                &organisations,
            ),
            approve: self.permission("godkänna kalkyl och plan", &[Godkannare], &organisations),
            council_tracked: self.permission("markera insatsen som särskilt följd", &[Registeradministrator], &organisations),
            harvest: self.permission(
                "registrera beslut om effekthemtagning",
                &[Bestallare, Registeradministrator],
                &organisations,
            ),
        }
    }

    /// What the user may do in the register as a whole; `organisations` names the roles'
    /// organisations.
    pub fn on_register(&self, organisations: &[Organisation]) -> RegisterPermissions {
        let name = |id: i64| organisations.iter().find(|o| o.id == id).map(|o| o.name.as_str()).unwrap_or("?");
        let (shared, roles) = match self {
            Rights::Everything => (false, Vec::new()),
            Rights::Roles(memberships) => (
                true,
                memberships
                    .iter()
                    .map(|(org, role)| match org {
                        Some(org) => format!("{} i {}", role_word(*role), name(*org)),
                        None if *role == MemberRole::Registeradministrator => "registeradministratör för hela registret".into(),
                        None => role_word(*role).to_string(),
                    })
                    .collect(),
            ),
        };
        let creates = match self {
            Rights::Everything => true,
            Rights::Roles(memberships) => memberships.iter().any(|(org, role)| {
                matches!(role, MemberRole::Bestallare | MemberRole::Registeradministrator)
                    && (org.is_some() || *role == MemberRole::Registeradministrator)
            }),
        };
        RegisterPermissions {
            shared,
            roles,
            create_initiative: if creates {
                Permission::allowed()
            } else {
                Permission::refused("Att lägga till insatser kräver att du är beställare i en organisation.".into())
            },
            administer: if self.administers_register() {
                Permission::allowed()
            } else {
                Permission::refused(
                    "Registrets organisationer, listor och inställningar ändras av en registeradministratör.".into(),
                )
            },
            record: if self.holds_anywhere(&[MemberRole::Registrerare, MemberRole::Registeradministrator]) {
                Permission::allowed()
            } else {
                Permission::refused(
                    "Att registrera mätningar kräver att du är registrerare i insatsens leverantör eller i en av dess kunder; \
                     du är inte registrerare i någon organisation."
                        .into(),
                )
            },
            by_organisation: organisations.iter().map(|o| self.on_organisation(o)).collect(),
        }
    }

    /// Whether the user holds one of `roles` in some organisation (or is the register-wide
    /// administrator, when that is one of them).
    fn holds_anywhere(&self, roles: &[MemberRole]) -> bool {
        match self {
            Rights::Everything => true,
            Rights::Roles(memberships) => memberships.iter().any(|(org, role)| {
                roles.contains(role) && (org.is_some() || *role == MemberRole::Registeradministrator)
            }),
        }
    }

    /// What the user may do in `supplier`: a new initiative it supplies (the policy `skapa`
    /// on initiative, the trigger `council_tracked_by_administrators`), its own settings and
    /// base services (the policies of migration 0006).
    pub fn on_organisation(&self, supplier: &Organisation) -> OrganisationPermissions {
        use MemberRole::*;
        let create = if self.holds(&[Bestallare, Registeradministrator], &[supplier.id]) {
            Permission::allowed()
        } else {
            Permission::refused(format!(
                "Att lägga till en insats med {} som leverantör kräver att du är beställare eller registeradministratör i {}.",
                supplier.name, supplier.name
            ))
        };
        let council_tracked = if self.holds(&[Registeradministrator], &[supplier.id]) {
            Permission::allowed()
        } else {
            Permission::refused(format!(
                "Att markera insatsen som särskilt följd kräver att du är registeradministratör i {}.",
                supplier.name
            ))
        };
        let administer = if self.holds(&[Registeradministrator], &[supplier.id]) {
            Permission::allowed()
        } else {
            Permission::refused(format!(
                "Ändras av en registeradministratör i {} eller för hela registret.",
                supplier.name
            ))
        };
        OrganisationPermissions { organisation_id: supplier.id, create_initiative: create, council_tracked, administer }
    }
}

/// "a", "a eller b", "a, b eller c".
fn join_or(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} eller {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::initiative::InitiativeFields;

    fn initiative(supplier: i64, customers: &[i64]) -> Initiative {
        let fields = InitiativeFields { customer_ids: customers.to_vec(), ..InitiativeFields::blank(supplier) };
        Initiative { id: 1, row_version: 1, fields }
    }

    #[test]
    fn a_register_file_allows_everything() {
        let p = Rights::Everything.on_initiative(&initiative(1, &[]));
        assert!(p.edit.allowed && p.record.allowed && p.draft.allowed && p.approve.allowed && p.council_tracked.allowed);
        assert!(!Rights::Everything.on_register(&[]).shared);
    }

    #[test]
    fn roles_count_in_the_supplier_and_the_customers_only() {
        let rights = Rights::Roles(vec![(Some(2), MemberRole::Registrerare), (Some(3), MemberRole::Bestallare)]);
        let theirs = rights.on_initiative(&initiative(1, &[2]));
        assert!(theirs.record.allowed, "registrerare in a customer");
        assert!(!theirs.edit.allowed);
        assert!(!theirs.approve.allowed);
        assert!(!theirs.harvest.allowed, "a registrerare does not decide the harvest (migration 0008)");
        let reason = theirs.edit.reason.unwrap();
        assert_eq!(reason, "Att ändra insatsen kräver att du är beställare eller registeradministratör i insatsens leverantör eller i en av dess kunder.");
        let other = rights.on_initiative(&initiative(4, &[]));
        assert!(!other.record.allowed && !other.edit.allowed);
        assert!(rights.on_initiative(&initiative(3, &[])).draft.allowed);
        assert!(rights.on_initiative(&initiative(4, &[3])).harvest.allowed, "beställare in a customer");
    }

    #[test]
    fn a_register_wide_administrator_administers_but_does_not_approve() {
        let rights = Rights::Roles(vec![(None, MemberRole::Registeradministrator)]);
        let p = rights.on_initiative(&initiative(7, &[]));
        assert!(p.edit.allowed && p.record.allowed && p.council_tracked.allowed);
        assert!(!p.approve.allowed, "approving takes a godkännare, as the policy says");
        let register = rights.on_register(&[]);
        assert!(register.administer.allowed && register.create_initiative.allowed);
        assert_eq!(register.roles, ["registeradministratör för hela registret"]);
    }

    #[test]
    fn the_city_wide_reader_reads_and_may_do_nothing() {
        let rights = Rights::Roles(vec![(None, MemberRole::Stadslasare)]);
        let p = rights.on_initiative(&initiative(1, &[2]));
        assert!(!p.edit.allowed && !p.record.allowed && !p.draft.allowed && !p.approve.allowed);
        let register = rights.on_register(&[]);
        assert!(!register.create_initiative.allowed && !register.administer.allowed);
        assert_eq!(register.roles, ["stadsläsare"]);
        assert!(!register.record.allowed, "nothing to import either");
    }

    fn organisation(id: i64, name: &str) -> Organisation {
        Organisation { id, name: name.into(), kind: crate::model::initiative::OrganisationKind::Forvaltning, committee: String::new() }
    }

    #[test]
    fn a_new_initiative_follows_the_supplier_chosen() {
        let organisations = [organisation(1, "Intraservice"), organisation(2, "Stadsbyggnad")];
        let rights = Rights::Roles(vec![(Some(1), MemberRole::Bestallare), (Some(2), MemberRole::Registrerare)]);
        let register = rights.on_register(&organisations);
        assert!(register.create_initiative.allowed);
        assert!(register.record.allowed, "registrerare in Stadsbyggnad");
        let by_supplier = |id: i64| register.by_organisation.iter().find(|n| n.organisation_id == id).unwrap();
        assert!(by_supplier(1).create_initiative.allowed);
        assert!(!by_supplier(1).council_tracked.allowed);
        assert!(!by_supplier(1).administer.allowed);
        let local_admin = Rights::Roles(vec![(Some(2), MemberRole::Registeradministrator)]).on_register(&organisations);
        assert!(local_admin.by_organisation[1].administer.allowed && !local_admin.by_organisation[0].administer.allowed);
        assert!(!local_admin.administer.allowed, "the register's own lists are the register-wide administrator's");
        assert_eq!(
            by_supplier(2).create_initiative.reason.as_deref(),
            Some("Att lägga till en insats med Stadsbyggnad som leverantör kräver att du är beställare eller registeradministratör i Stadsbyggnad.")
        );
        assert_eq!(register.roles, ["beställare i Intraservice", "registrerare i Stadsbyggnad"]);

        let file = Rights::Everything.on_register(&organisations);
        assert!(file.record.allowed && file.by_organisation.iter().all(|n| n.create_initiative.allowed && n.council_tracked.allowed && n.administer.allowed));
        let admin = Rights::Roles(vec![(None, MemberRole::Registeradministrator)]).on_register(&organisations);
        assert!(admin.by_organisation.iter().all(|n| n.create_initiative.allowed && n.council_tracked.allowed && n.administer.allowed));
        assert!(admin.record.allowed);
    }

    #[test]
    fn a_reader_may_record_nothing() {
        let register = Rights::Roles(vec![(Some(1), MemberRole::Lasare)]).on_register(&[organisation(1, "Intraservice")]);
        assert!(!register.record.allowed && !register.create_initiative.allowed && !register.administer.allowed);
        assert!(register.record.reason.unwrap().contains("registrerare"));
        assert_eq!(register.roles, ["läsare i Intraservice"]);
    }
}

#[cfg(test)]
mod deviation_tests {
    use super::*;

    #[test]
    fn those_who_follow_up_write_about_deviations_and_a_reader_does_not() {
        let fields = crate::model::initiative::InitiativeFields { customer_ids: vec![2], ..crate::model::initiative::InitiativeFields::blank(1) };
        let initiative = Initiative { id: 1, row_version: 1, fields };
        for role in [MemberRole::Registrerare, MemberRole::Bestallare, MemberRole::Registeradministrator] {
            assert!(Rights::Roles(vec![(Some(2), role)]).on_initiative(&initiative).deviations.allowed, "{role:?}");
        }
        let reader = Rights::Roles(vec![(Some(1), MemberRole::Lasare), (Some(1), MemberRole::Godkannare)]).on_initiative(&initiative);
        assert!(!reader.deviations.allowed);
        assert_eq!(
            reader.deviations.reason.as_deref(),
            Some("Att skriva orsak och åtgärd för nyttoavvikelser kräver att du är registrerare, beställare eller registeradministratör i insatsens leverantör eller i en av dess kunder.")
        );
    }
}
