package org.plantflow.approval.internal.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.plantflow.approval.internal.decision.DecisionPort.Firing;
import org.plantflow.approval.internal.decision.DecisionPort.Outcome;
import org.plantflow.approval.internal.history.DecisionRecord;
import org.plantflow.approval.internal.history.DecisionRecords;

/**
 * The decisions of one engine call as they are taken, for its decision record: each fact is recorded once, the
 * first time a decision sees it (the instance, variables and business facts are seen by every decision of the
 * call, so they are stored once per call); the template's Node and Flow facts only when a rule matched them.
 */
final class DecisionLog {
    /** What the engine asked the rules. */
    enum Kind {
        ROUTE, ASSIGN, ACT, COMPLETE, JOIN, RETURN, DEADLINE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** By the fact's own equality: identity, or equal value for facts made afresh per decision (task, candidates). */
    private final Map<Object, Integer> index = new java.util.HashMap<>();
    private final List<DecisionRecord.Fact> facts = new ArrayList<>();
    private Set<Object> templateFacts;
    private final List<Entry> entries = new ArrayList<>();
    private InstanceContext ctx;

    /** One decision; {@link #decided} is filled in as the engine reads the answers. */
    static final class Entry {
        private final DecisionRecord.Decision partial;
        private final List<String> decided = new ArrayList<>(1);

        private Entry(DecisionRecord.Decision partial) {
            this.partial = partial;
        }

        void decided(String text) {
            decided.add(text);
        }

        DecisionRecord.Decision toRecord() {
            return new DecisionRecord.Decision(partial.kind(), partial.question(), partial.saw(), partial.firings(),
                    partial.answers(), decided.isEmpty() ? null : String.join("; ", decided));
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Records a question, the facts given with it (the context's and {@code extra}) and the rules' outcome. */
    Entry add(Kind kind, InstanceContext context, Object question, List<?> extra, Outcome outcome) {
        if (context != ctx) {
            ctx = context;
            templateFacts = Collections.newSetFromMap(new IdentityHashMap<>());
            templateFacts.addAll(context.template().facts());
        }
        List<Integer> saw = new ArrayList<>();
        for (Object f : context.facts()) {
            if (!templateFacts.contains(f)) {
                saw.add(indexOf(f, false));
            }
        }
        for (Object f : extra) {
            saw.add(indexOf(f, false));
        }
        Map<Object, Integer> answerIndex = new IdentityHashMap<>();
        List<DecisionRecord.Fact> answers = new ArrayList<>(outcome.answers().size());
        for (Object a : outcome.answers()) {
            answerIndex.put(a, answers.size());
            answers.add(DecisionRecords.fact(a, false));
        }
        List<DecisionRecord.Firing> firings = new ArrayList<>(outcome.firings().size());
        for (Firing f : outcome.firings()) {
            List<String> matched = new ArrayList<>(f.matched().size());
            for (Object m : f.matched()) {
                matched.add(ref(m, question, answerIndex));
            }
            List<Integer> inserted = new ArrayList<>(f.inserted().size());
            for (Object i : f.inserted()) {
                Integer n = answerIndex.get(i);
                if (n != null) {
                    inserted.add(n);
                }
            }
            firings.add(new DecisionRecord.Firing(f.rule(), matched, inserted));
        }
        Entry e = new Entry(new DecisionRecord.Decision(kind.label(), DecisionRecords.fact(question, false), saw,
                firings, answers, null));
        entries.add(e);
        return e;
    }

    /** The record of the call (with no decisions when the rules were not asked). */
    DecisionRecord toRecord(InstanceContext context) {
        if (ctx == null) {
            ctx = context;
        }
        return new DecisionRecord(DecisionRecord.FORMAT, ctx.model().key(), ctx.model().version(), List.copyOf(facts),
                entries.stream().map(Entry::toRecord).toList());
    }

    private String ref(Object m, Object question, Map<Object, Integer> answers) {
        if (m == question) {
            return "question";
        }
        Integer a = answers.get(m);
        if (a != null) {
            return "answer:" + a;
        }
        return "fact:" + indexOf(m, templateFacts.contains(m));
    }

    private int indexOf(Object fact, boolean template) {
        Integer i = index.get(fact);
        if (i == null) {
            i = facts.size();
            facts.add(DecisionRecords.fact(fact, template));
            index.put(fact, i);
        }
        return i;
    }
}
