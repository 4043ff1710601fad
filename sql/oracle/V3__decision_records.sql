-- plantflow engine schema V3, Oracle: decision records, no truncated history.
-- Kept in step with sql/postgresql and sql/h2. Existing rows keep working: their decision_record stays NULL.
-- A VARCHAR2 column cannot be modified to CLOB in place: each widened column is added as a CLOB, filled from the
-- old one, and takes its name.

ALTER TABLE pf_history ADD (decision_record CLOB);
COMMENT ON COLUMN pf_history.decision_record IS 'JSON: every decision the rules took in this call (question, the facts the session saw, the rules that fired on which facts, the answers); facts seen by several decisions stored once. NULL for engine bookkeeping rows and rows written before V3';

ALTER TABLE pf_history ADD (to_node_c CLOB, rules_fired_c CLOB, decision_c CLOB);
UPDATE pf_history SET to_node_c = to_node, rules_fired_c = rules_fired, decision_c = decision;
ALTER TABLE pf_history DROP (to_node, rules_fired, decision);
ALTER TABLE pf_history RENAME COLUMN to_node_c TO to_node;
ALTER TABLE pf_history RENAME COLUMN rules_fired_c TO rules_fired;
ALTER TABLE pf_history RENAME COLUMN decision_c TO decision;
COMMENT ON COLUMN pf_history.to_node IS 'Node(s) the step entered, comma separated';
COMMENT ON COLUMN pf_history.rules_fired IS 'Names of the Drools rules that decided this step, "; " separated, in full';
COMMENT ON COLUMN pf_history.decision IS 'The decisions taken, in words, in full';

ALTER TABLE pf_activation ADD (arrived_c CLOB, error_text_c CLOB);
UPDATE pf_activation SET arrived_c = arrived, error_text_c = error_text;
ALTER TABLE pf_activation DROP (arrived, error_text);
ALTER TABLE pf_activation RENAME COLUMN arrived_c TO arrived;
ALTER TABLE pf_activation RENAME COLUMN error_text_c TO error_text;
COMMENT ON COLUMN pf_activation.arrived IS 'For a join: incoming flow ids that have arrived, comma separated';
COMMENT ON COLUMN pf_activation.error_text IS 'For FAILED: the automatic action''s error';

ALTER TABLE pf_task ADD (offered_to_c CLOB);
UPDATE pf_task SET offered_to_c = offered_to;
ALTER TABLE pf_task DROP (offered_to);
ALTER TABLE pf_task RENAME COLUMN offered_to_c TO offered_to;
COMMENT ON COLUMN pf_task.offered_to IS 'Who the task was offered to when created (role:NAME / user:ID, comma separated); kept after it closes, for vote weighting and audit';
