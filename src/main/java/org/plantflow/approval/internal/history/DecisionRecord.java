package org.plantflow.approval.internal.history;

import java.util.List;
import java.util.Map;

/**
 * Every decision the rules took in one engine call, as stored with the call's history row
 * ({@code pf_history.decision_record}, JSON): the facts the sessions saw, each stored once even when several
 * decisions saw it, and per decision the question, which of those facts it saw, the rules that fired on which
 * facts, the answers they inserted and what the engine concluded.
 * <p>
 * The template's own Node and Flow facts are not copied (they are the deployed version, {@code templateKey} and
 * {@code templateVersion}); one that a rule matched is stored with {@code template} true.
 *
 * @param format version of this layout (1)
 */
public record DecisionRecord(int format, String templateKey, int templateVersion, List<Fact> facts,
                             List<Decision> decisions) {
    public static final int FORMAT = 1;

    /**
     * A fact as the rules saw it: its type's simple name and its properties. A template fact (a Node or Flow of the
     * deployed version) is stored as its id only: the rest is the template's. Written from the fact object itself;
     * read back, {@code values} is a map.
     */
    public record Fact(String type, Object values,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
                       boolean template) {
        /** The properties, once read back from JSON. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> properties() {
            return values instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }
    }

    /**
     * One question to the rules.
     *
     * @param kind     route, assign, act, complete, join, return or deadline
     * @param saw      indexes into {@link DecisionRecord#facts()} of the facts the session was given besides the
     *                 question and the template's facts
     * @param decided  the engine's conclusion in words (null when it only asked, e.g. a permitted act)
     */
    public record Decision(String kind, Fact question, List<Integer> saw, List<Firing> firings, List<Fact> answers,
                           String decided) {
    }

    /**
     * One rule firing.
     *
     * @param matched what the rule's match bound: {@code "question"}, {@code "fact:N"} (index into the facts),
     *                {@code "answer:N"} (an answer inserted earlier in the same decision)
     * @param inserted indexes into the decision's answers
     */
    public record Firing(String rule, List<String> matched, List<Integer> inserted) {
    }
}
