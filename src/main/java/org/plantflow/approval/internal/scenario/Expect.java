package org.plantflow.approval.internal.scenario;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.BiFunction;

import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.DeadlineAction;
import org.plantflow.approval.internal.scenario.ScenarioFile.Ask;
import org.plantflow.approval.internal.scenario.ScenarioRunner.BadRow;

/**
 * The {@code expect} column: what an analyst writes for each kind of question, brought to one canonical form so
 * that it compares with the engine's conclusion as the runner words it ({@link ScenarioRunner.Answer#value()}).
 * <ul>
 *   <li>route: the next node(s), separated by spaces (every branch of a parallel split, in any order)</li>
 *   <li>assign: the candidates, {@code role:NAME} / {@code user:NAME} in any order, then {@code due DURATION} when the
 *       rules set a deadline (ISO-8601, {@code P2D} = {@code PT48H})</li>
 *   <li>act: {@code permit} or {@code deny}; complete: {@code pass}, {@code fail} or {@code wait};
 *       join: {@code continue} or {@code wait}; return: the node returned to</li>
 *   <li>deadline: {@code remind}, {@code auto_pass}, {@code auto_return}, {@code fail_vote} or
 *       {@code escalate role:NAME} / {@code escalate user:NAME}, then {@code next DURATION} when the rule re-arms the deadline</li>
 *   <li>any question: {@code refused}: the engine refuses the call (no answer, contradicting answers)</li>
 * </ul>
 */
final class Expect {
    static final String REFUSED = "refused";

    private Expect() {
    }

    /** Splits a cell into words (spaces or commas). */
    static List<String> words(String cell) {
        return Arrays.stream(cell.strip().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    /**
     * @param node looks a node id up (column, id), throwing {@link BadRow} when the template has no such node
     * @throws BadRow when the expectation cannot be an answer to this question
     */
    static String normalize(Ask ask, String expect, BiFunction<String, String, ?> node) {
        List<String> w = words(expect);
        String all = String.join(" ", w).toLowerCase(Locale.ROOT);
        if (all.equals(REFUSED)) {
            return REFUSED;
        }
        return switch (ask) {
            case ROUTE -> {
                TreeSet<String> targets = new TreeSet<>();
                for (String id : w) {
                    node.apply(id, "expect");
                    targets.add(id);
                }
                yield String.join(" ", targets);
            }
            case RETURN -> {
                if (w.size() != 1) {
                    throw new BadRow("expect '" + expect + "': a return goes back to one node");
                }
                node.apply(w.get(0), "expect");
                yield w.get(0);
            }
            case ACT -> oneOf(expect, all, "permit", "deny");
            case COMPLETE -> oneOf(expect, all, "pass", "fail", "wait");
            case JOIN -> oneOf(expect, all, "continue", "wait");
            case ASSIGN -> assignment(expect, w);
            case DEADLINE -> deadline(expect, w);
        };
    }

    private static String oneOf(String expect, String all, String... allowed) {
        if (List.of(allowed).contains(all)) {
            return all;
        }
        throw new BadRow("expect '" + expect + "': write one of " + String.join(", ", allowed) + " (or refused)");
    }

    private static String assignment(String expect, List<String> w) {
        List<Candidate> candidates = new ArrayList<>();
        Duration due = null;
        for (int i = 0; i < w.size(); i++) {
            if (w.get(i).equalsIgnoreCase("due")) {
                if (i + 1 >= w.size()) {
                    throw new BadRow("expect '" + expect + "': due needs a duration, e.g. due P2D");
                }
                due = duration(expect, w.get(++i));
            } else {
                candidates.add(candidate(expect, w.get(i)));
            }
        }
        if (candidates.isEmpty()) {
            throw new BadRow("expect '" + expect + "': name the candidates, e.g. role:fuel_manager user:li.leader");
        }
        return assignment(candidates, due);
    }

    /** Candidates sorted, then {@code due DURATION}. */
    static String assignment(Collection<Candidate> candidates, Duration due) {
        TreeSet<String> sorted = new TreeSet<>();
        candidates.forEach(c -> sorted.add(c.toString()));
        return String.join(" ", sorted) + (due == null ? "" : " due " + due);
    }

    private static String deadline(String expect, List<String> w) {
        if (w.isEmpty()) {
            throw new BadRow("expect is empty");
        }
        String kind = w.get(0).toLowerCase(Locale.ROOT);
        int i = 1;
        String to = null;
        if (kind.equals("escalate")) {
            if (w.size() < 2) {
                throw new BadRow("expect '" + expect + "': escalate needs a role:NAME or user:NAME");
            }
            to = candidate(expect, w.get(i++)).toString();
        } else if (!List.of("remind", "auto_pass", "auto_return", "fail_vote").contains(kind)) {
            throw new BadRow("expect '" + expect + "': a deadline action is remind, auto_pass, auto_return, fail_vote or "
                    + "escalate role:NAME / user:NAME, optionally followed by next DURATION (or refused)");
        }
        Duration next = null;
        if (i < w.size()) {
            if (!w.get(i).equalsIgnoreCase("next") || i + 2 != w.size()) {
                throw new BadRow("expect '" + expect + "': after the action only next DURATION may follow, e.g. next P1D");
            }
            next = duration(expect, w.get(i + 1));
        }
        return kind + (to == null ? "" : " " + to) + (next == null ? "" : " next " + next);
    }

    /** A deadline action in the form {@link #deadline(String, List)} gives. */
    static String deadline(DeadlineAction a) {
        return a.getKind().name().toLowerCase(Locale.ROOT)
                + (a.getEscalateTo() == null ? "" : " " + a.getEscalateTo())
                + (a.getNextDeadline() == null ? "" : " next " + a.getNextDeadline());
    }

    /** The candidates cell: {@code role:NAME} and {@code user:NAME}, separated by spaces or commas. */
    static List<Candidate> parseCandidates(String cell) {
        return words(cell).stream().map(w -> candidate("candidates '" + cell + "'", w)).toList();
    }

    private static Candidate candidate(String where, String word) {
        int colon = word.indexOf(':');
        String kind = colon < 0 ? "" : word.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : word.substring(colon + 1);
        if (value.isEmpty() || !(kind.equals("role") || kind.equals("user"))) {
            throw new BadRow((where.startsWith("candidates") ? where : "expect '" + where + "'") + ": '" + word
                    + "' is not a candidate; write role:NAME or user:NAME");
        }
        return kind.equals("role") ? Candidate.role(value) : Candidate.user(value);
    }

    private static Duration duration(String expect, String text) {
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new BadRow("expect '" + expect + "': '" + text + "' is not an ISO-8601 duration such as P2D, PT8H or PT30M");
        }
    }
}
