//! The reference data every council starts with (product.md §3), inserted on first start and
//! never duplicated on later starts.

use diesel::QueryResult;

use super::model::{FrameworkRow, GradeRow, GradeScaleRow, StandardRow};
use super::repo;
use crate::db::types::{FrameworkId, GradeId, GradeScaleId, StandardId};
use crate::db::DbConn;

/// Name of the seeded practice-standards framework.
pub const FRAMEWORK_NAME: &str = "Practice Standards 2024";

/// Name of the seeded grade scale.
pub const GRADE_SCALE_NAME: &str = "Ofsted four-point";

/// The council's ten practice standards: (number, short title, the council's words).
pub const PRACTICE_STANDARDS: [(i32, &str, &str); 10] = [
    (1, "Risk", "Risks to children will be identified, responded to and reduced in an effective and timely manner to make a difference to each individual child"),
    (2, "Assessment", "Children's assessments will include all relevant information to illustrate what it is like to be this child, will be up to date and will involve the child, family and carers"),
    (3, "Planning", "Children's plans will be bespoke, SMART, influenced by the views of the child, family and carers and develop in line with the child's journey"),
    (4, "Visits", "Visits to children, families and carers will have a clear purpose, and will progress the plan with appropriate use of direct work and tools"),
    (5, "Lived experience", "Children's records will detail the child's lived experience and what they would like to be different, with evidence that our intervention is influenced by these views"),
    (6, "Identity and relationships", "All aspects of children's identities and significant people in their lives will be routinely considered throughout their involvement with Children's Services"),
    (7, "Multi-agency working", "All relevant professionals will be involved in the assessment, planning and review process with robust professional challenge in the interests of the child where appropriate"),
    (8, "Children in care", "Children in care will be in stable placements that meet their needs and take account of their wishes, will be supported to achieve their outcomes and prepared for independence"),
    (9, "Management oversight", "Children's records will have evidence of effective management oversight and reflective supervision to drive progression of the case and professional development"),
    (10, "Recording and impact", "Case recording will be timely, clear and reflective of all work undertaken, with evidence that intervention from Children's Services has had a positive impact on the child's future outcomes"),
];

/// The Ofsted four-point scale: (code, label, rank, triggers escalation).
pub const OFSTED_GRADES: [(&str, &str, i32, bool); 4] = [
    ("outstanding", "Outstanding", 4, false),
    ("good", "Good", 3, false),
    (
        "requires_improvement",
        "Requires improvement to be good",
        2,
        false,
    ),
    ("inadequate", "Inadequate", 1, true),
];

/// Inserts the seeded framework and grade scale when they are absent.
pub fn seed_reference_data(conn: &mut DbConn) -> QueryResult<()> {
    crate::db::write_tx(conn, |conn| {
        let now = crate::dates::now_utc();
        if !repo::has_framework(conn, FRAMEWORK_NAME)? {
            let framework = FrameworkRow {
                id: FrameworkId::new(),
                name: FRAMEWORK_NAME.into(),
                version: 1,
                is_current: true,
                created_at: now,
                updated_at: now,
            };
            let standards: Vec<StandardRow> = PRACTICE_STANDARDS
                .iter()
                .map(|(number, title, text)| StandardRow {
                    id: StandardId::new(),
                    framework_id: framework.id,
                    number: *number,
                    title: (*title).into(),
                    text: (*text).into(),
                })
                .collect();
            repo::insert_framework(conn, &framework, &standards)?;
        }
        if !repo::has_grade_scale(conn, GRADE_SCALE_NAME)? {
            let scale = GradeScaleRow {
                id: GradeScaleId::new(),
                name: GRADE_SCALE_NAME.into(),
                version: 1,
                is_current: true,
                created_at: now,
                updated_at: now,
            };
            let scale_grades: Vec<GradeRow> = OFSTED_GRADES
                .iter()
                .map(|(code, label, rank, triggers)| GradeRow {
                    id: GradeId::new(),
                    grade_scale_id: scale.id,
                    code: (*code).into(),
                    label: (*label).into(),
                    rank: *rank,
                    triggers_escalation: *triggers,
                })
                .collect();
            repo::insert_grade_scale(conn, &scale, &scale_grades)?;
        }
        Ok(())
    })
}
