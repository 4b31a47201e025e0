DROP TABLE audit_imports;
