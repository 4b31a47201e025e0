//! The words of the demo council: names and short, plausible recording snippets.

use rand::rngs::StdRng;
use rand::Rng;

const FIRST: [&str; 24] = [
    "Amira", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Hassan", "Isla", "Jack", "Kiran",
    "Lucy", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tom", "Uma", "Victor",
    "Wendy", "Yusuf", "Zara",
];
const LAST: [&str; 20] = [
    "Adeyemi", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
    "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Roberts", "Smith", "Taylor", "Walker",
];

fn one<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// A person's name.
pub fn person_name(rng: &mut StdRng) -> String {
    format!("{} {}", one(rng, &FIRST), one(rng, &LAST))
}

/// A child's initials.
pub fn initials(rng: &mut StdRng) -> String {
    let letters = b"ABCDEFGHJKLMNPRSTW";
    format!(
        "{}.{}.",
        letters[rng.random_range(0..letters.len())] as char,
        letters[rng.random_range(0..letters.len())] as char
    )
}

/// Evidence for a grade of the given rank.
pub fn evidence(rng: &mut StdRng, rank: usize) -> &'static str {
    match rank {
        4 => one(
            rng,
            &[
                "Exceptional, child-centred recording; the plan is driven by the child's own words",
                "Risks are analysed clearly and reviewed at every visit, with impact evident",
            ],
        ),
        3 => one(
            rng,
            &[
                "Recording is up to date and the plan reflects the assessment",
                "Visits are purposeful and linked to the plan's outcomes",
                "Management oversight is regular and reflective",
            ],
        ),
        2 => one(
            rng,
            &[
                "The assessment is out of date and the child's views are not evident",
                "Visits are recorded but their purpose is not linked to the plan",
                "Supervision notes are brief and do not drive progress",
            ],
        ),
        _ => one(
            rng,
            &[
                "Risks identified in the referral have not been responded to",
                "No evidence the child has been seen alone in the last three months",
                "The plan is not SMART and has not been reviewed",
            ],
        ),
    }
}

/// A strength.
pub fn strength(rng: &mut StdRng) -> &'static str {
    one(
        rng,
        &[
            "Good relationship with the child",
            "Timely recording of visits",
            "Strong multi-agency communication",
            "Creative direct work",
        ],
    )
}

/// An area for development.
pub fn development(rng: &mut StdRng) -> &'static str {
    one(
        rng,
        &[
            "Update the assessment with the child's views",
            "Make the plan SMART",
            "Record the purpose of each visit",
            "Evidence management oversight",
        ],
    )
}

/// An audit summary for an overall rank.
pub fn summary(rng: &mut StdRng, rank: usize) -> &'static str {
    match rank {
        4 | 3 => one(
            rng,
            &[
                "A well-managed case where the child's needs are understood",
                "Consistent, purposeful practice with evident impact",
            ],
        ),
        2 => one(
            rng,
            &[
                "Practice is safe but the plan lacks focus",
                "The child's lived experience is not consistently evidenced",
            ],
        ),
        _ => one(
            rng,
            &[
                "Risks are not being reduced; immediate management attention needed",
                "Drift and delay: the child is not seen regularly",
            ],
        ),
    }
}

/// The child's views.
pub fn child_view(rng: &mut StdRng) -> &'static str {
    one(
        rng,
        &[
            "Likes their social worker and wants more time with their brother",
            "Wants to stay at the same school",
            "Feels safer at home now",
            "Would like to see dad more often",
        ],
    )
}

/// The family's views.
pub fn family_view(rng: &mut StdRng) -> &'static str {
    one(
        rng,
        &[
            "Mother feels listened to",
            "Carer would like more notice of visits",
            "Father wants clearer expectations in the plan",
        ],
    )
}

/// The practitioner's reflection.
pub fn reflection(rng: &mut StdRng) -> &'static str {
    one(
        rng,
        &[
            "I agree; I will update the plan with the family this week",
            "Useful feedback: I will record the purpose of each visit",
            "I will bring this case to supervision",
        ],
    )
}

/// A moderator's rationale.
pub fn rationale(rng: &mut StdRng, agreed: bool) -> &'static str {
    if agreed {
        one(
            rng,
            &[
                "Grade agreed: the evidence supports it",
                "Agreed after reviewing the case file",
            ],
        )
    } else {
        one(
            rng,
            &[
                "The evidence does not support the grade given",
                "Risk was underweighted in the overall grade",
            ],
        )
    }
}

/// A safeguarding concern.
pub fn concern(rng: &mut StdRng) -> &'static str {
    one(
        rng,
        &[
            "Child not seen for six weeks",
            "Domestic abuse disclosed and not yet responded to",
            "Missing episodes not followed up",
        ],
    )
}

/// A remedial action for a standard.
pub fn action(rng: &mut StdRng, standard: i32) -> &'static str {
    match standard {
        1 => "Review the safety plan with the family and partners",
        2 => "Update the assessment, including the child's views",
        3 => "Rewrite the plan with SMART outcomes",
        5 => "Complete direct work to capture the child's lived experience",
        9 => "Record management oversight and reflective supervision",
        _ => one(
            rng,
            &[
                "Bring the case to supervision",
                "Arrange a visit with a clear purpose",
                "Update the chronology",
            ],
        ),
    }
}
