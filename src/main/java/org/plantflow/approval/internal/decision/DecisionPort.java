package org.plantflow.approval.internal.decision;

import java.util.Collection;
import java.util.List;

/**
 * The decision port: the engine's one door to Drools. The engine puts a question and its facts in, and
 * gets back the answers the rules inserted, with the names of the rules that fired. Interpreting the
 * answers (none? contradicting?) is the engine's job; deciding them is the rules'.
 */
public interface DecisionPort {

    /**
     * One rule firing: the rule, the facts its match bound (the question, input facts, or answers inserted
     * earlier), and the answers it inserted.
     */
    record Firing(String rule, List<Object> matched, List<Object> inserted) {
        public Firing {
            matched = List.copyOf(matched);
            inserted = List.copyOf(inserted);
        }
    }

    /** Answers inserted by the rules (facts that were not input), and every rule firing, in order. */
    record Outcome(List<Object> answers, List<Firing> firings) {
        public Outcome {
            answers = List.copyOf(answers);
            firings = List.copyOf(firings);
        }

        /** An outcome whose firings bound and inserted nothing that is known (tests, and rules that insert nothing). */
        public static Outcome of(List<Object> answers, List<String> rulesFired) {
            return new Outcome(answers, rulesFired.stream().map(r -> new Firing(r, List.of(), List.of())).toList());
        }

        /** The names of the rules that fired, in order. */
        public List<String> rulesFired() {
            return firings.stream().map(Firing::rule).toList();
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

    /** The recorded activation of the rules that decide (null when not recorded: tests, or before the first). */
    default Long activationId() {
        return null;
    }

    /** This port bound to the rules active now, so that every decision of one engine call uses the same activation. */
    default DecisionPort pinned() {
        return this;
    }

    /** Where the rules come from, for messages. */
    String source();
}
