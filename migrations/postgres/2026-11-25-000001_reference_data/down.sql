DROP TABLE calendar_adjustments;
DROP TABLE grades;
DROP TABLE grade_scales;
DROP TABLE practice_standards;
DROP TABLE frameworks;
