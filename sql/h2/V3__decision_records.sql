-- plantflow engine schema V3, H2 2.x: decision records, no truncated history.
-- Kept in step with sql/postgresql and sql/oracle. Existing rows keep working: their decision_record stays NULL.

ALTER TABLE pf_history ADD COLUMN decision_record CLOB;
COMMENT ON COLUMN pf_history.decision_record IS 'JSON: every decision the rules took in this call (question, the facts the session saw, the rules that fired on which facts, the answers); facts seen by several decisions stored once. NULL for engine bookkeeping rows and rows written before V3';

-- Texts the engine used to cut to the column size are now stored in full.
ALTER TABLE pf_history ALTER COLUMN to_node SET DATA TYPE CLOB;
ALTER TABLE pf_history ALTER COLUMN rules_fired SET DATA TYPE CLOB;
ALTER TABLE pf_history ALTER COLUMN decision SET DATA TYPE CLOB;
ALTER TABLE pf_activation ALTER COLUMN arrived SET DATA TYPE CLOB;
ALTER TABLE pf_activation ALTER COLUMN error_text SET DATA TYPE CLOB;
ALTER TABLE pf_task ALTER COLUMN offered_to SET DATA TYPE CLOB;
COMMENT ON COLUMN pf_history.rules_fired IS 'Names of the Drools rules that decided this step, "; " separated, in full';
COMMENT ON COLUMN pf_history.decision IS 'The decisions taken, in words, in full';
