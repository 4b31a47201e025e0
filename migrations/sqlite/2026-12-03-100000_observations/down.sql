DROP TABLE learning_needs;
DROP TABLE observation_feedback;
DROP TABLE observation_skill_ratings;
DROP TABLE observation_judgements;
DROP TABLE observations;
DROP TABLE practice_skills;
