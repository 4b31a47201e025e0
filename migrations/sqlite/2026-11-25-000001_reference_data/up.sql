CREATE TABLE frameworks (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_current BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE practice_standards (
    id TEXT PRIMARY KEY NOT NULL,
    framework_id TEXT NOT NULL REFERENCES frameworks (id),
    number INTEGER NOT NULL CHECK (number > 0),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (framework_id, number)
);

CREATE TABLE grade_scales (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_current BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE grades (
    id TEXT PRIMARY KEY NOT NULL,
    grade_scale_id TEXT NOT NULL REFERENCES grade_scales (id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    rank INTEGER NOT NULL,
    triggers_escalation BOOLEAN NOT NULL,
    UNIQUE (grade_scale_id, code)
);

CREATE TABLE calendar_adjustments (
    date DATE PRIMARY KEY NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('add', 'remove')),
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- One-off changes to the England and Wales standing rules (product.md §3). Admins may add or
-- remove dates later; seeding here means a removed date stays removed.
INSERT INTO calendar_adjustments (date, change, name, created_at) VALUES
    ('2020-05-04', 'remove', 'Early May bank holiday (moved to 8 May)', CURRENT_TIMESTAMP),
    ('2020-05-08', 'add', 'Early May bank holiday (VE Day)', CURRENT_TIMESTAMP),
    ('2022-05-30', 'remove', 'Spring bank holiday (moved to 2 June)', CURRENT_TIMESTAMP),
    ('2022-06-02', 'add', 'Spring bank holiday', CURRENT_TIMESTAMP),
    ('2022-06-03', 'add', 'Platinum Jubilee bank holiday', CURRENT_TIMESTAMP),
    ('2022-09-19', 'add', 'State Funeral of Queen Elizabeth II', CURRENT_TIMESTAMP),
    ('2023-05-08', 'add', 'Coronation of King Charles III', CURRENT_TIMESTAMP);
