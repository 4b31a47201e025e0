DROP INDEX recovery_codes_user_idx;
DROP TABLE recovery_codes;
DROP TABLE second_factors;
