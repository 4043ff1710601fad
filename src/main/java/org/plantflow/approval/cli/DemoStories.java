package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.plantflow.approval.Actor;
import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.HistoryEntry;
import org.plantflow.approval.InstanceView;
import org.plantflow.approval.SweepResult;
import org.plantflow.approval.TaskView;
import org.plantflow.approval.internal.demo.DemoClock;

/** The demo's four stories, one per shipped template, over copies of the sample host rows of sql/demo. */
final class DemoStories {
    static final Actor CLERK = Actor.of("zhang.clerk", "fuel_clerk");
    static final Actor FUEL_MANAGER = Actor.of("wang.manager", "fuel_manager");
    static final Actor FINANCE = Actor.of("zhao.finance", "finance");
    static final Actor LEGAL = Actor.of("qin.legal", "legal");
    static final Actor GM = Actor.of("chen.gm", "general_manager");
    static final Actor SAMPLER = Actor.of("sun.sampler", "sampler");
    static final Actor LAB = Actor.of("ma.lab", "lab_technician");
    static final Actor ACCOUNTANT = Actor.of("hu.accountant", "fuel_accountant");
    static final Actor FINANCE_MANAGER = Actor.of("guo.finmgr", "finance_manager");
    static final Actor FINANCE_DIRECTOR = Actor.of("liu.director", "finance_director");
    static final Actor YARD_KEEPER = Actor.of("tang.yard", "yard_keeper");

    /** Template key to story, in the order the demo tells them. */
    static final Map<String, Consumer<DemoStories>> STORIES = new LinkedHashMap<>();

    static {
        STORIES.put("fuel-purchase-contract", DemoStories::fuelPurchaseContract);
        STORIES.put("coal-acceptance", DemoStories::coalAcceptance);
        STORIES.put("fuel-settlement", DemoStories::fuelSettlement);
        STORIES.put("coal-yard-inventory-adjustment", DemoStories::stocktake);
    }

    private final ApprovalEngine engine;
    private final DataSource hostTables;
    private final DemoClock clock;
    private final String run;
    private final PrintWriter out;
    private final boolean json;
    private final List<Map<String, Object>> steps;
    private int step;

    DemoStories(ApprovalEngine engine, DataSource hostTables, DemoClock clock, String run, PrintWriter out, boolean json,
                List<Map<String, Object>> steps) {
        this.engine = engine;
        this.hostTables = hostTables;
        this.clock = clock;
        this.run = run;
        this.out = out;
        this.json = json;
        this.steps = steps;
    }

    // ------------------------------------------------------------------ the stories

    /** A big contract: full review with a return and resubmission, the leadership countersign, the general manager. */
    void fuelPurchaseContract() {
        title("fuel-purchase-contract: a 37.98 million CNY contract from an A-rated supplier");
        String contract = copyRow("demo_contract", "FPC-2026-0102", "FPC-" + run);
        InstanceView i = start("fuel-purchase-contract", contract, CLERK);
        i = pass(i, "draft", CLERK, "60,000 t of 5500 kcal coal at 633 CNY/t");
        i = pass(i, "fuel_manager_review", FUEL_MANAGER, "quantity matches the monthly plan");
        i = giveBack(i, "finance_review", FINANCE, "price above this month's coal index; renegotiate");
        i = pass(i, "fuel_manager_review", FUEL_MANAGER, "renegotiated to 618 CNY/t");
        i = pass(i, "finance_review", FINANCE, "within budget");
        i = pass(i, "legal_review", LEGAL, "standard terms");
        i = pass(i, "leadership_countersign", Actor.of("li.leader"), "agreed");
        i = pass(i, "leadership_countersign", Actor.of("wu.leader"), "agreed");
        i = pass(i, "general_manager_approval", GM, "approved");
        end(i);

        title("fuel-purchase-contract: a 0.76 million CNY contract from an A-rated supplier takes the fast track");
        String small = copyRow("demo_contract", "FPC-2026-0101", "FPC-S-" + run);
        i = start("fuel-purchase-contract", small, CLERK);
        i = pass(i, "draft", CLERK, "1,200 t for the boiler test");
        pass(i, "fuel_manager_review", FUEL_MANAGER, "fine");
        note("left waiting for finance: see the pending lists below");
    }

    /** A coal batch far off its specification: the committee votes it down and the batch is rejected. */
    void coalAcceptance() {
        title("coal-acceptance: batch with 5180 kcal/kg against 5500 specified, sulphur 1.25 % against 0.80 %");
        String batch = copyRow("demo_coal_batch", "CB-2026-1102", "CB-" + run);
        InstanceView i = start("coal-acceptance", batch, SAMPLER);
        i = pass(i, "sampling", SAMPLER, "3,000 t sampled, 24 increments");
        i = pass(i, "lab_check", LAB, "Qnet,ar 5180 kcal/kg, St,d 1.25 %, Mt 15.1 %");
        i = vote(i, "qian.qc", true, "accept with a deduction");
        i = vote(i, "zhou.qc", false, "reject: sulphur too high for the boilers");
        i = vote(i, "wu.qc", false, "reject");
        i = pass(i, "reject_batch", FUEL_MANAGER, "batch returned to the supplier");
        end(i);
    }

    /** A settlement whose payment approval misses its deadline: escalated to the finance director. */
    void fuelSettlement() {
        title("fuel-settlement: the payment approval misses its one-day deadline (simulated clock)");
        String settlement = copyRow("demo_settlement", "FS-2026-11-01", "FS-" + run);
        InstanceView i = start("fuel-settlement", settlement, ACCOUNTANT);
        i = pass(i, "settlement_review", ACCOUNTANT, "18.99 million CNY for November");
        i = pass(i, "finance_review", FINANCE, "matches the invoices");
        clock.advance(Duration.ofDays(2));
        SweepResult swept = engine.sweep(clock.instant());
        i = engine.instance(i.id());
        for (String line : swept.actions()) {
            if (line.contains("payment_approval") || swept.actions().size() == 1) {
                printStep("engine", "SWEEP", "payment_approval", i, "two days later: " + line, lastRules(i.id()));
            }
        }
        i = pass(i, "payment_approval", FINANCE_DIRECTOR, "approved by the finance director");
        end(i);
    }

    /** A stocktake loss of 1 % (tolerance 0.5 %): the plant leadership countersigns. */
    void stocktake() {
        title("coal-yard-inventory-adjustment: 1,180 t less than the book in the east yard (1.0 %)");
        String st = copyRow("demo_stocktake", "ST-2026-11-EAST", "ST-" + run);
        InstanceView i = start("coal-yard-inventory-adjustment", st, YARD_KEEPER);
        i = pass(i, "stocktake_report", YARD_KEEPER, "drum survey done");
        i = pass(i, "leadership_countersign", Actor.of("li.leader"), "agreed");
        i = pass(i, "leadership_countersign", Actor.of("wu.leader"), "agreed");
        end(i);

        title("coal-yard-inventory-adjustment: 360 t less than the book (0.3 %), within tolerance");
        String small = copyRow("demo_stocktake", "ST-2026-10-EAST", "ST-S-" + run);
        i = start("coal-yard-inventory-adjustment", small, YARD_KEEPER);
        pass(i, "stocktake_report", YARD_KEEPER, "drum survey done");
        note("left waiting for the fuel manager: see the pending lists below");
    }

    /** The pending lists of a few users, printed, and returned for JSON. */
    Map<String, List<?>> pendingLists() {
        Map<String, List<?>> lists = new LinkedHashMap<>();
        for (Actor a : List.of(FINANCE, FUEL_MANAGER, FINANCE_DIRECTOR)) {
            List<TaskView> tasks = engine.pendingTasks(a.user(), a.roles());
            lists.put(a.user(), tasks);
            if (!json) {
                out.println();
                out.println("pending for " + a + ":");
                if (tasks.isEmpty()) {
                    out.println("  (none)");
                } else {
                    Output.tasks(out, tasks);
                }
            }
        }
        out.flush();
        return lists;
    }

    // ------------------------------------------------------------------ steps

    private InstanceView start(String key, String businessKey, Actor initiator) {
        InstanceView i = engine.start(key, businessKey, initiator.user(), Map.of());
        printStep(initiator.user(), "START", "start", i, "business key " + businessKey, lastRules(i.id()));
        return i;
    }

    private InstanceView pass(InstanceView i, String node, Actor actor, String comment) {
        TaskView t = taskFor(i, node, actor);
        InstanceView after = engine.pass(t.id(), actor, comment);
        printStep(actor.user(), "PASS", node, after, comment, lastRules(after.id()));
        return after;
    }

    private InstanceView giveBack(InstanceView i, String node, Actor actor, String comment) {
        TaskView t = taskFor(i, node, actor);
        InstanceView after = engine.returnTask(t.id(), actor, comment);
        printStep(actor.user(), "RETURN", node, after, comment, lastRules(after.id()));
        return after;
    }

    private InstanceView vote(InstanceView i, String user, boolean yes, String comment) {
        return yes ? pass(i, "committee_vote", Actor.of(user), comment) : giveBack(i, "committee_vote", Actor.of(user), comment);
    }

    private TaskView taskFor(InstanceView i, String node, Actor actor) {
        return i.openTasks().stream().filter(t -> t.nodeId().equals(node))
                .filter(t -> t.candidates().contains("user:" + actor.user())
                        || actor.roles().stream().anyMatch(r -> t.candidates().contains("role:" + r)))
                .findFirst()
                .orElseThrow(() -> new ApprovalException("demo script out of step: no open task at '" + node + "' for "
                        + actor + " in instance " + i.id() + " (open: " + i.openTasks().stream().map(TaskView::nodeId).toList() + ")"));
    }

    private List<String> lastRules(long instanceId) {
        List<HistoryEntry> h = engine.history(instanceId);
        for (int k = h.size() - 1; k >= 0; k--) {
            if (!h.get(k).action().equals("END") && !h.get(k).action().equals("AUTO")) {
                return h.get(k).rulesFired();
            }
        }
        return List.of();
    }

    private void printStep(String actor, String action, String node, InstanceView after, String comment, List<String> rules) {
        step++;
        String next = after.openTasks().isEmpty() && after.waitingAt().isEmpty() ? "(" + after.status() + ")"
                : String.join(", ", after.openTasks().stream().map(t -> t.nodeId() + " for " + String.join("|", t.candidates())).distinct().toList())
                + (after.waitingAt().isEmpty() ? "" : " [join waiting: " + String.join(",", after.waitingAt()) + "]");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", step);
        s.put("instance", after.id());
        s.put("template", after.templateKey());
        s.put("actor", actor);
        s.put("action", action);
        s.put("node", node);
        s.put("next", next);
        s.put("comment", comment);
        s.put("rules", rules);
        steps.add(s);
        if (!json) {
            out.printf("  %2d. %-13s %-6s %-24s -> %s%n", step, actor, action, node, next);
            out.printf("      \"%s\"%n", comment);
            out.printf("      rules: %s%n", rules.isEmpty() ? "(none)" : String.join("; ", rules));
            out.flush();
        }
    }

    private void end(InstanceView i) {
        if (!json) {
            out.printf("  => instance %d %s is %s; history: plantflow history --instance %d%n", i.id(), i.businessKey(),
                    i.status(), i.id());
        }
    }

    private void title(String text) {
        if (!json) {
            out.println();
            out.println("== " + text);
        }
    }

    private void note(String text) {
        if (!json) {
            out.println("  (" + text + ")");
        }
    }

    /** Columns of the sample host tables (sql/demo), key first. */
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "demo_contract", List.of("contract_no", "supplier_id", "coal_type", "quantity_t", "unit_price", "amount",
                    "spec_calorific_kcal", "spec_sulphur_pct", "spec_moisture_pct"),
            "demo_coal_batch", List.of("batch_no", "contract_no", "weight_t", "lab_calorific_kcal", "lab_sulphur_pct",
                    "lab_moisture_pct"),
            "demo_settlement", List.of("settlement_no", "contract_no", "period", "amount"),
            "demo_stocktake", List.of("stocktake_no", "yard", "period", "book_t", "measured_t"));

    /** Copies a seed row of a sample host table under a new key: what the MIS would have entered. */
    private String copyRow(String table, String seedKey, String newKey) {
        List<String> columns = COLUMNS.get(table);
        String key = columns.get(0);
        String sql = "insert into " + table + " (" + String.join(", ", columns) + ") select ?, "
                + String.join(", ", columns.subList(1, columns.size())) + " from " + table + " where " + key + " = ?";
        try (Connection c = hostTables.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, newKey);
            ps.setString(2, seedKey);
            if (ps.executeUpdate() != 1) {
                throw new ApprovalException("sample row " + seedKey + " of " + table + " is missing; the sql/demo schema is incomplete");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return newKey;
        } catch (SQLException e) {
            throw new ApprovalException("cannot copy sample row " + seedKey + " of " + table + ": " + e.getMessage(), e);
        }
    }
}
