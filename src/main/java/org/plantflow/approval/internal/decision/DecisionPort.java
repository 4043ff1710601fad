package org.plantflow.approval.internal.decision;

import java.util.Collection;
import java.util.List;

/**
 * The decision port: the engine's one door to Drools. The engine puts a question and its facts in, and
 * gets back the answers the rules inserted, with the names of the rules that fired. Interpreting the
 * answers (none? contradicting?) is the engine's job; deciding them is the rules'.
 */
public interface DecisionPort {

    /** Answers inserted by the rules (facts that were not input), and every rule that fired, in order. */
    record Outcome(List<Object> answers, List<String> rulesFired) {
        public Outcome {
            answers = List.copyOf(answers);
            rulesFired = List.copyOf(rulesFired);
        }

        public <T> List<T> answers(Class<T> type) {
            return answers.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /**
     * Runs the rules of one template (its folder {@code rules/<templateKey>/} plus the shared {@code core/} rules)
     * over a question and its facts.
     */
    Outcome decide(String templateKey, Object question, Collection<?> facts);

    /** Recompiles the rules; on failure the old rules keep serving. */
    void reload();

    /** Where the rules come from, for messages. */
    String source();
}
