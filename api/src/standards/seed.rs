//! The reference data every council starts with (product.md §3), inserted on first start and
//! never duplicated on later starts.

use diesel::prelude::*;

use crate::db::schema::{frameworks, grade_scales, grades, practice_standards};
use crate::db::DbConn;
use crate::ids::new_id;

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
        let has_framework: i64 = frameworks::table
            .filter(frameworks::name.eq(FRAMEWORK_NAME))
            .count()
            .get_result(conn)?;
        if has_framework == 0 {
            let framework_id = new_id();
            diesel::insert_into(frameworks::table)
                .values((
                    frameworks::id.eq(&framework_id),
                    frameworks::name.eq(FRAMEWORK_NAME),
                    frameworks::version.eq(1),
                    frameworks::is_current.eq(true),
                    frameworks::created_at.eq(now),
                    frameworks::updated_at.eq(now),
                ))
                .execute(conn)?;
            for (number, title, text) in PRACTICE_STANDARDS {
                diesel::insert_into(practice_standards::table)
                    .values((
                        practice_standards::id.eq(new_id()),
                        practice_standards::framework_id.eq(&framework_id),
                        practice_standards::number.eq(number),
                        practice_standards::title.eq(title),
                        practice_standards::text.eq(text),
                    ))
                    .execute(conn)?;
            }
        }
        let has_scale: i64 = grade_scales::table
            .filter(grade_scales::name.eq(GRADE_SCALE_NAME))
            .count()
            .get_result(conn)?;
        if has_scale == 0 {
            let scale_id = new_id();
            diesel::insert_into(grade_scales::table)
                .values((
                    grade_scales::id.eq(&scale_id),
                    grade_scales::name.eq(GRADE_SCALE_NAME),
                    grade_scales::version.eq(1),
                    grade_scales::is_current.eq(true),
                    grade_scales::created_at.eq(now),
                    grade_scales::updated_at.eq(now),
                ))
                .execute(conn)?;
            for (code, label, rank, triggers) in OFSTED_GRADES {
                diesel::insert_into(grades::table)
                    .values((
                        grades::id.eq(new_id()),
                        grades::grade_scale_id.eq(&scale_id),
                        grades::code.eq(code),
                        grades::label.eq(label),
                        grades::rank.eq(rank),
                        grades::triggers_escalation.eq(triggers),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}
