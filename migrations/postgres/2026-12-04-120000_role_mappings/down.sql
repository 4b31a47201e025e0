DROP TABLE role_mappings;
