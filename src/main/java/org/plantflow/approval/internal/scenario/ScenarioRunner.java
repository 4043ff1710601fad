package org.plantflow.approval.internal.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.Arrival;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.Candidate;
import org.plantflow.approval.facts.CompleteQuestion;
import org.plantflow.approval.facts.DeadlineAction;
import org.plantflow.approval.facts.DeadlineQuestion;
import org.plantflow.approval.facts.Deny;
import org.plantflow.approval.facts.DueIn;
import org.plantflow.approval.facts.JoinContinues;
import org.plantflow.approval.facts.JoinQuestion;
import org.plantflow.approval.facts.NodeOutcome;
import org.plantflow.approval.facts.PathStep;
import org.plantflow.approval.facts.Permit;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.ReturnTo;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Task;
import org.plantflow.approval.facts.Vote;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.decision.DecisionPort.Outcome;
import org.plantflow.approval.internal.scenario.ScenarioFile.Row;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.NodeType;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateRegistry;

/**
 * Asks the rules one scenario row's question with the facts the engine would give them, and draws the engine's
 * conclusion from the answers as {@code internal/engine/Decide} does (one route per branch, the default flow
 * through {@code rules/core/routing.drl}, no answer or contradicting answers refused). The conclusion is written
 * in the scenario's words ({@link Answer#text()}) and compared with the row's {@code expect}.
 */
final class ScenarioRunner {
    /** The task id every scenario's task has (no task exists). */
    static final long TASK_ID = 1;

    /** The engine's conclusion in the scenario's words (compared with expect), how it came about, and the rules that fired. */
    record Answer(String value, String detail, List<String> rulesFired) {
        String text() {
            return value + (detail == null ? "" : " (" + detail + ")");
        }
    }

    /** A row that cannot be asked as written (a wrong node, a bad count): a format error, not a rule failure. */
    static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message);
        }
    }

    private final CompiledRules rules;
    private final TemplateModel model;
    private final List<Object> templateFacts;
    private final List<String> fired = new ArrayList<>();

    ScenarioRunner(CompiledRules rules, TemplateModel model) {
        this.rules = rules;
        this.model = model;
        this.templateFacts = TemplateRegistry.facts(model);
    }

    /** @return null when the row's expectation holds, else the failure */
    RuleProblem check(Row row) {
        fired.clear();
        Answer actual;
        String expected;
        try {
            NodeDef node = node(row.node(), "node");
            List<Object> facts = ScenarioFacts.of(model, templateFacts, row);
            expected = Expect.normalize(row.ask(), row.expect(), this::node);
            actual = switch (row.ask()) {
                case ROUTE -> route(row, node, facts);
                case ASSIGN -> assign(row, node, facts);
                case ACT -> act(row, node, facts);
                case COMPLETE -> complete(row, node, facts);
                case JOIN -> join(row, node, facts);
                case RETURN -> returnTo(row, node, facts);
                case DEADLINE -> deadline(row, node, facts);
            };
        } catch (BadRow | IllegalArgumentException e) {
            return new RuleProblem(row.file(), row.line(), row.name(), e.getMessage());
        } catch (RuntimeException e) {
            return new RuleProblem(row.file(), row.line(), row.name(), "the rules failed on this row: " + e.getMessage());
        }
        if (expected.equals(actual.value())) {
            return null;
        }
        return new RuleProblem(row.file(), row.line(), row.name(), "expected " + row.expect() + ", got " + actual.text()
                + " (rules fired: " + actual.rulesFired() + ")");
    }

    private Outcome ask(Object question, List<Object> facts, List<?> extra) {
        List<Object> all = new ArrayList<>(facts);
        all.addAll(extra);
        Outcome o = rules.evaluate(model.key(), question, all);
        fired.addAll(o.rulesFired());
        return o;
    }

    private Answer answer(String value) {
        return answer(value, null);
    }

    private Answer answer(String value, String detail) {
        return new Answer(value, detail, List.copyOf(fired));
    }

    private Answer refused(String why) {
        return answer(Expect.REFUSED, why);
    }

    // ---------------------------------------------------------------- route (Decide.routes)

    private Answer route(Row row, NodeDef node, List<Object> facts) {
        String action;
        String outcome = null;
        switch (node.type()) {
            case START -> action = "START";
            case USER_TASK -> {
                action = "PASS";
                outcome = row.cell("after", "pass").toLowerCase(Locale.ROOT);
                if (!outcome.equals("pass") && !outcome.equals("fail")) {
                    throw new BadRow("after is '" + row.cell("after") + "'; leaving a user task it is pass or fail (a vote's outcome)");
                }
            }
            case SERVICE_TASK -> {
                action = "ROUTE";
                outcome = "pass";
            }
            case END -> throw new BadRow("node '" + node.id() + "' is an end event; nothing leaves it");
            default -> action = "ROUTE";
        }
        List<Route> routes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Route r : ask(new RouteQuestion(node.id(), action, outcome), facts, List.of()).answers(Route.class)) {
            if (seen.add(r.getFlowId() + "->" + r.getTo())) {
                routes.add(r);
            }
        }
        if (routes.isEmpty()) {
            return refused("no rule decided where it goes next");
        }
        if (routes.size() > 1 && node.type() != NodeType.PARALLEL_GATEWAY) {
            return refused("contradicting routes " + routes);
        }
        Set<String> targets = new TreeSet<>();
        List<String> words = new ArrayList<>();
        for (Route r : routes) {
            NodeDef next = model.node(r.getTo());
            if (next == null) {
                return refused("a rule routed to node '" + r.getTo() + "', which the template does not have");
            }
            if (next.type() == NodeType.START) {
                return refused("a rule routed back to the start event");
            }
            if (r.getFlowId() != null) {
                FlowDef flow = model.outgoing(node.id()).stream().filter(f -> f.id().equals(r.getFlowId())).findFirst().orElse(null);
                if (flow == null || !flow.target().equals(r.getTo())) {
                    return refused("a rule routed along flow '" + r.getFlowId() + "' to '" + r.getTo() + "', which "
                            + (flow == null ? "is not an outgoing flow of the node" : "leads to '" + flow.target() + "'"));
                }
            }
            targets.add(r.getTo());
            words.add(r.getTo() + (r.getFlowId() == null ? "" : " via " + r.getFlowId()));
        }
        return answer(String.join(" ", targets), words.equals(List.copyOf(targets)) ? null : String.join(", ", words));
    }

    // ---------------------------------------------------------------- assign (Decide.assign)

    private Answer assign(Row row, NodeDef node, List<Object> facts) {
        userTask(node, "assigned");
        String after = row.cell("after");
        if (after != null && !after.equalsIgnoreCase("return")) {
            throw new BadRow("after is '" + after + "'; for assign it is empty (a new task) or return (a returned task, "
                    + "with the previous column naming who completed the node before)");
        }
        Outcome o = ask(new AssignQuestion(node.id(), after != null, row.cell("previous")), facts, List.of());
        Set<Candidate> candidates = new LinkedHashSet<>(o.answers(Candidate.class));
        if (candidates.isEmpty()) {
            return refused("no rule offered the task to anyone");
        }
        List<java.time.Duration> dues = o.answers(DueIn.class).stream().map(DueIn::getDuration).distinct().toList();
        if (dues.size() > 1) {
            return refused("contradicting deadlines " + dues);
        }
        return answer(Expect.assignment(candidates, dues.isEmpty() ? null : dues.get(0)));
    }

    /** The candidates of the task the row is about: the candidates cell, else what the assignment rules offer. */
    private List<Candidate> taskCandidates(Row row, NodeDef node, List<Object> facts) {
        String cell = row.cell("candidates");
        List<Candidate> all;
        if (cell != null) {
            all = Expect.parseCandidates(cell);
        } else {
            Outcome o = ask(new AssignQuestion(node.id(), false, null), facts, List.of());
            all = List.copyOf(new LinkedHashSet<>(o.answers(Candidate.class)));
            if (node.signMode().oneTask() || all.isEmpty()) {
                return all;
            }
            // one task per acceptor: the row's user's own task, else the first acceptor's
            String user = row.cell("user");
            return List.of(all.stream().filter(c -> c.isUser() && c.getValue().equals(user)).findFirst().orElse(all.get(0)));
        }
        return all;
    }

    // ---------------------------------------------------------------- act (Decide.authorize)

    private Answer act(Row row, NodeDef node, List<Object> facts) {
        userTask(node, "acted on");
        String user = row.cell("user");
        if (user == null) {
            throw new BadRow("the user cell is empty; act asks whether that user (with the roles cell) may act");
        }
        String action = row.cell("action", "pass").toUpperCase(Locale.ROOT);
        if (!action.equals("PASS") && !action.equals("RETURN")) {
            throw new BadRow("action is '" + row.cell("action") + "'; it is pass or return");
        }
        Set<String> roles = new LinkedHashSet<>(Expect.words(row.cell("roles", "")));
        List<Object> extra = new ArrayList<>(taskCandidates(row, node, facts));
        extra.add(new Task(TASK_ID, node.id(), "OPEN"));
        Outcome o = ask(new ActQuestion(user, roles, action), facts, extra);
        boolean denied = !o.answers(Deny.class).isEmpty() || o.answers(Permit.class).isEmpty();
        return answer(denied ? "deny" : "permit");
    }

    // ---------------------------------------------------------------- complete (Decide.complete)

    private Answer complete(Row row, NodeDef node, List<Object> facts) {
        userTask(node, "completed");
        int yes = count(row, "yes");
        int no = count(row, "no");
        int open = count(row, "open");
        if (yes + no + open == 0) {
            throw new BadRow("give the votes: the yes, no and open cells count the acceptors' tasks (at least one)");
        }
        List<String> offered = new ArrayList<>();
        node.roles().forEach(r -> offered.add("role:" + r));
        node.acceptors().forEach(a -> offered.add("user:" + a));
        List<Object> votes = new ArrayList<>();
        int i = 0;
        for (String choice : List.of("YES", "NO", "OPEN")) {
            int n = choice.equals("YES") ? yes : choice.equals("NO") ? no : open;
            for (int k = 0; k < n; k++, i++) {
                String to = node.signMode().oneTask() ? String.join(",", offered) : i < offered.size() ? offered.get(i) : null;
                String by = choice.equals("OPEN") || to == null ? null : to.startsWith("user:") && !to.contains(",") ? to.substring(5) : "scenario";
                votes.add(new Vote(TASK_ID + i, by, to, choice));
            }
        }
        Outcome o = ask(new CompleteQuestion(node.id(), node.signMode().attribute(), yes + no + open, yes, no, open), facts, votes);
        List<String> outcomes = o.answers(NodeOutcome.class).stream().map(NodeOutcome::getOutcome).distinct().toList();
        if (outcomes.size() > 1) {
            return refused("contradicting outcomes " + outcomes);
        }
        return answer(outcomes.isEmpty() ? "wait" : outcomes.get(0));
    }

    private static int count(Row row, String column) {
        String v = row.cell(column, "0");
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadRow(column + " is '" + v + "'; it counts tasks: a whole number, 0 or more");
    }

    // ---------------------------------------------------------------- join (Decide.join)

    private Answer join(Row row, NodeDef node, List<Object> facts) {
        List<String> incoming = model.incoming(node.id()).stream().map(FlowDef::id).toList();
        if ((node.type() != NodeType.PARALLEL_GATEWAY && node.type() != NodeType.EXCLUSIVE_GATEWAY) || incoming.size() < 2) {
            throw new BadRow("node '" + node.id() + "' is not a join (a gateway with several incoming flows)");
        }
        List<String> arrived = new ArrayList<>();
        List<Object> arrivals = new ArrayList<>();
        for (String a : Expect.words(row.cell("arrived", ""))) {
            String[] parts = a.split("=", 2);
            String flow = parts[0];
            if (!incoming.contains(flow)) {
                throw new BadRow("arrived names flow '" + flow + "', which is not an incoming flow of '" + node.id()
                        + "' (" + String.join(", ", incoming) + ")");
            }
            int required = 1;
            int finished = 1;
            if (parts.length == 2) {
                String[] rf = parts[1].split("/");
                try {
                    required = Integer.parseInt(rf[0]);
                    finished = Integer.parseInt(rf[1]);
                } catch (RuntimeException e) {
                    throw new BadRow("arrived '" + a + "': write FLOW or FLOW=REQUIRED/FINISHED (tasks of the branch's last node)");
                }
            }
            String source = model.flows().stream().filter(f -> f.id().equals(flow)).map(FlowDef::source).findFirst().orElse(null);
            arrived.add(flow);
            arrivals.add(new Arrival(flow, source, required, finished));
        }
        if (arrived.isEmpty()) {
            throw new BadRow("the arrived cell is empty; name the incoming flows that arrived (" + String.join(" ", incoming) + ")");
        }
        Outcome o = ask(new JoinQuestion(node.id(), node.type().name(), incoming, arrived), facts, arrivals);
        return answer(o.answers(JoinContinues.class).isEmpty() ? "wait" : "continue");
    }

    // ---------------------------------------------------------------- return (Decide.returnTarget, EngineCore.returnTo)

    private Answer returnTo(Row row, NodeDef node, List<Object> facts) {
        userTask(node, "returned");
        List<Object> steps = new ArrayList<>();
        List<String> manual = new ArrayList<>();
        List<String> path = Expect.words(row.cell("path", ""));
        for (int i = 0; i < path.size(); i++) {
            String[] parts = path.get(i).split("=", 2);
            NodeDef step = node(parts[0], "path");
            boolean isManual = step.type() == NodeType.USER_TASK;
            if (isManual) {
                manual.add(step.id());
            }
            steps.add(new PathStep(step.id(), isManual ? TASK_ID + 1 + i : 0, i + 1, isManual,
                    isManual ? (parts.length == 2 ? parts[1] : "scenario") : null));
        }
        if (manual.isEmpty()) {
            return refused("no manual node on the path to return to");
        }
        steps.add(new Task(TASK_ID, node.id(), "OPEN"));
        Outcome o = ask(new ReturnQuestion(node.id()), facts, steps);
        List<String> targets = o.answers(ReturnTo.class).stream().map(ReturnTo::getNodeId).distinct().toList();
        if (targets.isEmpty()) {
            return refused("no rule answered where to return");
        }
        if (targets.size() > 1) {
            return refused("contradicting answers " + targets);
        }
        if (!manual.contains(targets.get(0))) {
            return refused("the rules chose '" + targets.get(0) + "', which is not a manual node on the path");
        }
        return answer(targets.get(0));
    }

    // ---------------------------------------------------------------- deadline (Decide.deadline)

    private Answer deadline(Row row, NodeDef node, List<Object> facts) {
        userTask(node, "overdue");
        long overdue;
        try {
            overdue = Long.parseLong(row.cell("overdue", "60"));
        } catch (NumberFormatException e) {
            throw new BadRow("overdue is '" + row.cell("overdue") + "'; it is the minutes past the due time, a whole number");
        }
        List<Object> extra = new ArrayList<>(taskCandidates(row, node, facts));
        extra.add(new Task(TASK_ID, node.id(), "OPEN"));
        Outcome o = ask(new DeadlineQuestion(TASK_ID, node.id(), node.signMode().attribute(), overdue), facts, extra);
        List<DeadlineAction> actions = o.answers(DeadlineAction.class);
        long kinds = actions.stream().map(a -> a.getKind() + String.valueOf(a.getEscalateTo())).distinct().count();
        if (actions.isEmpty()) {
            return refused("no deadline rule said what to do");
        }
        if (kinds > 1) {
            return refused("contradicting deadline actions " + actions);
        }
        return answer(Expect.deadline(actions.get(0)));
    }

    // ---------------------------------------------------------------- helpers

    private void userTask(NodeDef node, String what) {
        if (node.type() != NodeType.USER_TASK) {
            throw new BadRow("node '" + node.id() + "' is a " + node.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + "; only user tasks are " + what);
        }
    }

    /** The node of that id, or a format error naming the template and its nodes. */
    NodeDef node(String id, String column) {
        NodeDef n = model.node(id);
        if (n == null) {
            throw new BadRow((column.equals("node") ? "" : column + ": ") + "node '" + id + "' is not in template "
                    + describe() + "; its nodes are " + String.join(", ", new TreeSet<>(model.nodes().keySet())));
        }
        return n;
    }

    String describe() {
        return model.key() + (model.version() > 0 ? " v" + model.version() : "");
    }
}
