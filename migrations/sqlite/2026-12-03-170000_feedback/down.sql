DROP TABLE feedback_imports;
DROP TABLE complaint_stages;
DROP TABLE feedback;
