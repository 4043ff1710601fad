package org.plantflow.approval.internal.replay;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.Arrival;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.BusinessFact;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.CompleteQuestion;
import org.plantflow.approval.facts.DeadlineAction;
import org.plantflow.approval.facts.DeadlineQuestion;
import org.plantflow.approval.facts.Deny;
import org.plantflow.approval.facts.DueIn;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.JoinContinues;
import org.plantflow.approval.facts.JoinQuestion;
import org.plantflow.approval.facts.Node;
import org.plantflow.approval.facts.NodeOutcome;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.facts.Permit;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.ReturnTo;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Task;
import org.plantflow.approval.facts.Variable;
import org.plantflow.approval.facts.Vote;
import org.plantflow.approval.internal.history.DecisionRecord;

/**
 * A recorded fact ({@link DecisionRecord.Fact}: its type's simple name and its properties as read back from JSON)
 * back to the fact object the rules saw. Written by hand per type: the facts are immutable and built by their
 * constructors. A type it does not know (a host's object from a fact query, a type added later) or a property
 * missing or of the wrong kind is {@link Unreadable} with the reason: never a guess.
 * <p>
 * Values are given back as the engine gave them to the rules: business-fact numbers as {@link BigDecimal} (as
 * JDBC returns NUMERIC columns; integer columns compare and print alike), start variables with decimals as
 * {@link Double} (as {@code Variables.fromJson} reads them). Business-fact times come back as their recorded text.
 */
public final class FactReader {

    /** Why a recorded fact cannot be rebuilt. */
    public static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private FactReader() {
    }

    /**
     * @param templateFacts the deployed version's Node and Flow facts, for a fact recorded as a template fact (its id)
     * @throws Unreadable naming the type and what is wrong
     */
    public static Object read(DecisionRecord.Fact fact, List<Object> templateFacts) throws Unreadable {
        if (fact == null || fact.type() == null) {
            throw new Unreadable("a fact without a type");
        }
        Map<String, Object> p = fact.properties();
        if (fact.template()) {
            String id = text(p, "id", fact);
            for (Object t : templateFacts) {
                if ((t instanceof Node n && fact.type().equals("Node") && n.getId().equals(id))
                        || (t instanceof Flow f && fact.type().equals("Flow") && f.getId().equals(id))) {
                    return t;
                }
            }
            throw new Unreadable("template fact " + fact.type() + " '" + id + "' is not in the deployed template version");
        }
        return switch (fact.type()) {
            case "RouteQuestion" -> new RouteQuestion(text(p, "nodeId", fact), opt(p, "action", fact), opt(p, "outcome", fact));
            case "AssignQuestion" -> new AssignQuestion(text(p, "nodeId", fact), bool(p, "returned", fact), opt(p, "previousActor", fact));
            case "ActQuestion" -> new ActQuestion(opt(p, "user", fact), new LinkedHashSet<>(texts(p, "roles", fact)), opt(p, "action", fact));
            case "CompleteQuestion" -> new CompleteQuestion(text(p, "nodeId", fact), opt(p, "mode", fact), integer(p, "total", fact),
                    integer(p, "yes", fact), integer(p, "no", fact), integer(p, "open", fact));
            case "JoinQuestion" -> new JoinQuestion(text(p, "nodeId", fact), opt(p, "type", fact), texts(p, "incomingFlows", fact),
                    texts(p, "arrivedFlows", fact));
            case "ReturnQuestion" -> new ReturnQuestion(text(p, "nodeId", fact));
            case "DeadlineQuestion" -> new DeadlineQuestion(longValue(p, "taskId", fact), text(p, "nodeId", fact), opt(p, "mode", fact),
                    longValue(p, "overdueMinutes", fact));
            case "Instance" -> new Instance(longValue(p, "id", fact), text(p, "templateKey", fact), integer(p, "templateVersion", fact),
                    opt(p, "businessKey", fact), opt(p, "initiator", fact), variables(map(p, "variables", fact)));
            case "Variable" -> new Variable(text(p, "name", fact), variable(p.get("value")));
            case "BusinessFact" -> new BusinessFact(opt(p, "query", fact), businessFields(map(p, "fields", fact)));
            case "Task" -> new Task(longValue(p, "id", fact), opt(p, "nodeId", fact), opt(p, "status", fact));
            case "Candidate" -> candidate(p, fact);
            case "Vote" -> new Vote(longValue(p, "taskId", fact), opt(p, "user", fact), opt(p, "offeredTo", fact), opt(p, "choice", fact));
            case "Arrival" -> new Arrival(opt(p, "flowId", fact), opt(p, "fromNode", fact), integer(p, "requiredTasks", fact),
                    integer(p, "finishedTasks", fact));
            case "PathStep" -> new PathStep(text(p, "nodeId", fact), longValue(p, "taskId", fact), integer(p, "depth", fact),
                    bool(p, "manual", fact), opt(p, "completedBy", fact));
            case "Node" -> new Node(text(p, "id", fact), opt(p, "type", fact), opt(p, "name", fact), texts(p, "roles", fact),
                    texts(p, "acceptors", fact), opt(p, "mode", fact), opt(p, "threshold", fact), opt(p, "deadline", fact),
                    opt(p, "action", fact), integer(p, "incoming", fact), integer(p, "outgoing", fact));
            case "Flow" -> new Flow(text(p, "id", fact), opt(p, "source", fact), opt(p, "target", fact), opt(p, "name", fact),
                    bool(p, "defaultFlow", fact), opt(p, "outcome", fact));
            case "Route" -> new Route(opt(p, "flowId", fact), opt(p, "to", fact));
            case "DueIn" -> new DueIn(duration(text(p, "duration", fact), fact));
            case "Permit" -> new Permit(opt(p, "reason", fact));
            case "Deny" -> new Deny(opt(p, "reason", fact));
            case "NodeOutcome" -> nodeOutcome(p, fact);
            case "JoinContinues" -> new JoinContinues(opt(p, "reason", fact));
            case "ReturnTo" -> new ReturnTo(opt(p, "nodeId", fact));
            case "DeadlineAction" -> deadlineAction(p, fact);
            case "String" -> text(p, "value", fact);
            case "Boolean" -> bool(p, "value", fact);
            case "Integer", "Long", "Short", "Byte", "BigInteger", "BigDecimal", "Double", "Float" -> scalar(fact.type(), p, fact);
            default -> throw new Unreadable("a fact of type " + fact.type() + " (a host's object from a fact query, or a type "
                    + "this version does not know) cannot be rebuilt from its record");
        };
    }

    private static Candidate candidate(Map<String, Object> p, DecisionRecord.Fact f) throws Unreadable {
        String value = text(p, "value", f);
        return bool(p, "role", f) ? Candidate.role(value) : Candidate.user(value);
    }

    private static NodeOutcome nodeOutcome(Map<String, Object> p, DecisionRecord.Fact f) throws Unreadable {
        try {
            return new NodeOutcome(text(p, "outcome", f));
        } catch (IllegalArgumentException e) {
            throw new Unreadable("NodeOutcome: " + e.getMessage());
        }
    }

    private static DeadlineAction deadlineAction(Map<String, Object> p, DecisionRecord.Fact f) throws Unreadable {
        String kind = text(p, "kind", f);
        DeadlineAction a;
        switch (kind) {
            case "REMIND" -> a = DeadlineAction.remind(opt(p, "message", f));
            case "AUTO_PASS" -> a = DeadlineAction.autoPass();
            case "AUTO_RETURN" -> a = DeadlineAction.autoReturn();
            case "FAIL_VOTE" -> a = DeadlineAction.failVote();
            case "ESCALATE" -> {
                Object to = p.get("escalateTo");
                if (!(to instanceof Map<?, ?> m)) {
                    throw new Unreadable("DeadlineAction ESCALATE without escalateTo");
                }
                @SuppressWarnings("unchecked")
                Candidate c = candidate((Map<String, Object>) m, f);
                a = c.isRole() ? DeadlineAction.escalateToRole(c.getValue()) : DeadlineAction.escalateToUser(c.getValue());
            }
            default -> throw new Unreadable("DeadlineAction of unknown kind " + kind);
        }
        String next = opt(p, "nextDeadline", f);
        return next == null ? a : a.withNextDeadline(duration(next, f));
    }

    private static Duration duration(String iso, DecisionRecord.Fact f) throws Unreadable {
        try {
            return Duration.parse(iso);
        } catch (RuntimeException e) {
            throw new Unreadable(f.type() + ": '" + iso + "' is not an ISO-8601 duration");
        }
    }

    private static Object scalar(String type, Map<String, Object> p, DecisionRecord.Fact f) throws Unreadable {
        if (!(p.get("value") instanceof Number n)) {
            throw new Unreadable(type + " without a numeric value");
        }
        BigDecimal d = new BigDecimal(n.toString());
        try {
            return switch (type) {
                case "Integer" -> d.intValueExact();
                case "Long" -> d.longValueExact();
                case "Short" -> d.shortValueExact();
                case "Byte" -> d.byteValueExact();
                case "BigInteger" -> d.toBigIntegerExact();
                case "Double" -> d.doubleValue();
                case "Float" -> d.floatValue();
                default -> d;
            };
        } catch (ArithmeticException e) {
            throw new Unreadable(type + " value " + n + " does not fit the type");
        }
    }

    /** Start variables as {@code Variables.fromJson} gives them: whole numbers as Integer/Long, decimals as Double. */
    private static Map<String, Object> variables(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, variable(v));
            }
        });
        return out;
    }

    private static Object variable(Object v) {
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, variable(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(variable(x)));
            return out;
        }
        return v;
    }

    /** Business-fact values: numbers as BigDecimal, as they come from the database; the rest as recorded. */
    private static Map<String, Object> businessFields(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof BigDecimal || v == null || !(v instanceof Number) ? v
                : v instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(v.toString())));
        return out;
    }

    // ---- properties ------------------------------------------------------------------------------------------

    private static String text(Map<String, Object> p, String name, DecisionRecord.Fact f) throws Unreadable {
        String s = opt(p, name, f);
        if (s == null) {
            throw new Unreadable(f.type() + " without " + name);
        }
        return s;
    }

    private static String opt(Map<String, Object> p, String name, DecisionRecord.Fact f) throws Unreadable {
        Object v = p.get(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new Unreadable(f.type() + "." + name + " is " + v.getClass().getSimpleName() + ", not text");
    }

    private static boolean bool(Map<String, Object> p, String name, DecisionRecord.Fact f) throws Unreadable {
        Object v = p.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new Unreadable(f.type() + "." + name + (v == null ? " is missing" : " is not true or false"));
    }

    private static long longValue(Map<String, Object> p, String name, DecisionRecord.Fact f) throws Unreadable {
        Object v = p.get(name);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
            try {
                return new BigDecimal(v.toString()).longValueExact();
            } catch (ArithmeticException e) {
                throw new Unreadable(f.type() + "." + name + " = " + v + " is out of range");
            }
        }
        throw new Unreadable(f.type() + "." + name + (v == null ? " is missing" : " is not a whole number"));
    }

    private static int integer(Map<String, Object> p, String name, DecisionRecord.Fact f) throws Unreadable {
        long v = longValue(p, name, f);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Unreadable(f.type() + "." + name + " = " + v + " is out of range");
        }
        return (int) v;
    }

    private static List<String> texts(Map<String, Object> p, String name, DecisionRecord.Fact f) throws Unreadable {
        Object v = p.get(name);
        if (v == null) {
            return List.of(); // empty collections are written as []; a missing one is read as empty
        }
        if (!(v instanceof List<?> l)) {
            throw new Unreadable(f.type() + "." + name + " is not a list");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object x : l) {
            if (!(x instanceof String s)) {
                throw new Unreadable(f.type() + "." + name + " holds " + x + ", not text");
            }
            out.add(s);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> p, String name, DecisionRecord.Fact f) throws Unreadable {
        Object v = p.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new Unreadable(f.type() + "." + name + " is not an object");
        }
        return (Map<String, Object>) m;
    }
}
