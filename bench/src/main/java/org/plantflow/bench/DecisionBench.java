package org.plantflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plantflow.approval.facts.BusinessFact;
import org.plantflow.approval.facts.Flow;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.Node;
import org.plantflow.approval.facts.Route;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Variable;
import org.plantflow.approval.internal.decision.DecisionPort;
import org.plantflow.approval.internal.decision.DroolsDecisions;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.FlowDef;
import org.plantflow.approval.internal.template.NodeDef;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateParser;

/**
 * Part 4: one routing decision through the engine's decision port. The rules folder is the project's
 * {@code rules/} (system property {@code bench.rules}); the question is the shipped fuel purchase contract's
 * exclusive gateway {@code risk_check}, with the facts the engine gives it: every Node and Flow of the shipped
 * template, the Instance, its Variables and the contract's BusinessFact (amount, supplier rating).
 * {@code contract=fast_track}: 759,600 CNY from an A supplier, the template rule routes to the finance check;
 * {@code full_review}: 2.8 M CNY from a C supplier, no template rule fires and the core rule takes the default flow.
 */
@State(Scope.Benchmark)
public class DecisionBench {
    static final String KEY = "fuel-purchase-contract";

    @Param({"fast_track", "full_review"})
    public String contract;

    private DecisionPort decisions;
    private List<Object> facts;
    private String expected;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path rules = Path.of(System.getProperty("bench.rules", "rules"));
        Path template = Path.of(System.getProperty("bench.templates", "approval-templates")).resolve(KEY + ".bpmn");
        decisions = new DroolsDecisions(ResourceFolder.directory(rules));
        compilePool(rules);
        TemplateModel model = new TemplateParser().parse(template.getFileName().toString(), Files.readAllBytes(template)).model();
        if (model == null) {
            throw new IllegalStateException("cannot parse " + template);
        }
        facts = new ArrayList<>(templateFacts(model));
        boolean fast = contract.equals("fast_track");
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("amount", fast ? 759_600 : 2_800_000);
        facts.add(new Instance(42, KEY, 1, fast ? "FPC-2026-0101" : "FPC-2026-0103", "zhang.clerk", vars));
        vars.forEach((k, v) -> facts.add(new Variable(k, v)));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("contract_no", fast ? "FPC-2026-0101" : "FPC-2026-0103");
        row.put("coal_type", "5500 kcal thermal coal");
        row.put("quantity_t", fast ? 1200.0 : 5000.0);
        row.put("unit_price", fast ? 633.0 : 560.0);
        row.put("amount", new java.math.BigDecimal(fast ? "759600.00" : "2800000.00"));
        row.put("supplier", fast ? "Shenhua Coal Trading" : "Small Pit Mining Co.");
        row.put("supplier_rating", fast ? "A" : "C");
        facts.add(new BusinessFact("fuel.contractFacts", row));
        facts = List.copyOf(facts);
        expected = fast ? "finance_check" : "review_split";
        String got = decide().getTo();
        String pooled = routeDecisionPooledSession().getTo();
        if (!expected.equals(got) || !expected.equals(pooled)) {
            throw new IllegalStateException("risk_check routed to " + got + " / " + pooled + ", expected " + expected);
        }
    }

    /**
     * The sign mode as the rules see it (the attribute's text): NodeDef.signMode() is the enum SignMode since 3dafe87,
     * a String before; written for both, so that bench/records.sh can build the bench against older library versions.
     */
    static String signModeText(NodeDef n) {
        Object m = n.signMode();
        return m instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : (String) m;
    }

    /** The Node and Flow facts the engine inserts for a template (as TemplateRegistry builds them). */
    static List<Object> templateFacts(TemplateModel model) {
        List<Object> out = new ArrayList<>();
        for (NodeDef n : model.nodes().values()) {
            int incoming = (int) model.flows().stream().filter(f -> f.target().equals(n.id())).count();
            out.add(new Node(n.id(), n.type().name(), n.name(), n.roles(), n.acceptors(), signModeText(n), n.voteThreshold(),
                    n.deadline(), n.action(), incoming, model.outgoing(n.id()).size()));
        }
        for (FlowDef f : model.flows()) {
            out.add(new Flow(f.id(), f.source(), f.target(), f.name(), f.isDefault(), f.outcome()));
        }
        return out;
    }

    Route decide() {
        DecisionPort.Outcome o = decisions.decide(KEY, new RouteQuestion("risk_check", "ROUTE", null), facts);
        List<Route> routes = o.answers(Route.class);
        if (routes.size() != 1) {
            throw new IllegalStateException("expected one route, got " + routes + " (fired " + o.rulesFired() + ")");
        }
        return routes.get(0);
    }

    @Benchmark
    public Route routeDecision() {
        return decide();
    }

    /**
     * Experiment for a proposed fix (not the engine's code): the same decision on the same rules, but on a KieSession
     * taken from a {@link KieSessionsPool} of the KieBase instead of a new session per decision (DroolsDecisions.decide).
     */
    @Benchmark
    public Route routeDecisionPooledSession() {
        KieSession session = pool.newKieSession();
        List<String> fired = new ArrayList<>();
        DefaultAgendaEventListener l = new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
            }
        };
        try {
            session.addEventListener(l);
            Set<Object> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
            RouteQuestion q = new RouteQuestion("risk_check", "ROUTE", null);
            inputs.add(q);
            session.insert(q);
            for (Object f : facts) {
                inputs.add(f);
                session.insert(f);
            }
            session.fireAllRules(10_000);
            Route route = null;
            for (Object o : session.getObjects()) {
                if (!inputs.contains(o) && o instanceof Route r) {
                    route = r;
                }
            }
            session.removeEventListener(l);
            return route;
        } finally {
            session.dispose();
        }
    }

    private KieSessionsPool pool;

    /** The rules of one template (shared folders + its own), compiled as DroolsDecisions does, for the pooled experiment. */
    private void compilePool(Path rules) throws Exception {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId id = ks.newReleaseId("org.plantflow.bench", "rules-" + java.util.UUID.randomUUID(), "1.0.0");
        kfs.generateAndWritePomXML(id);
        try (var files = Files.walk(rules)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                String rel = rules.relativize(p).toString().replace('\\', '/');
                String top = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "";
                if (top.isEmpty() || top.equals("core") || top.equals("common") || top.equals(KEY)) {
                    kfs.write("src/main/resources/" + rel.replace('/', '_'), Files.readAllBytes(p));
                }
            }
        }
        KieBuilder b = ks.newKieBuilder(kfs).buildAll(org.drools.compiler.kie.builder.impl.DrlProject.class);
        if (b.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException(b.getResults().toString());
        }
        KieBase base = ks.newKieContainer(id).getKieBase();
        pool = base.newKieSessionsPool(4);
    }

    static int templateFactsCount(String templatesDir) throws Exception {
        Path template = Path.of(templatesDir).resolve(KEY + ".bpmn");
        return templateFacts(new TemplateParser().parse(template.getFileName().toString(), Files.readAllBytes(template)).model()).size();
    }
}
