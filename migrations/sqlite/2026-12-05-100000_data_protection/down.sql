DROP TABLE retention_tombstones;
DROP TABLE retention_classes;
DROP TABLE legal_holds;
DROP TABLE sar_redactions;
DROP TABLE subject_access_requests;
