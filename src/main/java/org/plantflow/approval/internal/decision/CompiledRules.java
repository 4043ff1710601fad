package org.plantflow.approval.internal.decision;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.plantflow.approval.ApprovalException;
import org.plantflow.approval.ApprovalException.Subject;
import org.plantflow.approval.DecisionException;
import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.facts.ActQuestion;
import org.plantflow.approval.facts.AssignQuestion;
import org.plantflow.approval.facts.CompleteQuestion;
import org.plantflow.approval.facts.DeadlineQuestion;
import org.plantflow.approval.facts.Instance;
import org.plantflow.approval.facts.JoinQuestion;
import org.plantflow.approval.facts.ReturnQuestion;
import org.plantflow.approval.facts.RouteQuestion;
import org.plantflow.approval.facts.Task;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compiled rules folder: one KieBase for the shared rules and one per template folder (shared + its own), each
 * with a pool of sessions, and what an activation needs to know about the files (checksums, where each rule is,
 * the compiler's warnings). Built by {@link #compile(ResourceFolder)}; a candidate until {@link DroolsDecisions}
 * activates it. Thread-safe: {@link #decide} runs one short-lived pooled session per decision.
 * <p>
 * Layout: files in {@code core/}, {@code common/} or at the top of the folder are shared by every template;
 * files in {@code <template-key>/} serve that template only, so two templates can use the same node ids
 * without their rules meeting.
 */
public final class CompiledRules {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledRules.class);
    private static final int MAX_FIRINGS = 10_000;
    private static final Pattern PACKAGE_DECL = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");

    private static final java.util.Set<String> SHARED_FOLDERS = java.util.Set.of("core", "common");

    /** One rule file as compiled: its path relative to the folder, SHA-256 of its bytes (hex), and its bytes. */
    public record RuleFile(String path, String sha256, byte[] content) {
    }

    /** Where a rule is declared. */
    public record RuleLocation(String file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    private final String source;
    private final KieSessionsPool shared;
    private final Map<String, KieSessionsPool> byTemplate;
    private final List<RuleFile> files;
    private final List<RuleProblem> warnings;
    private final RulesCache cache;  // null: no cache
    private final String cacheKey;

    private CompiledRules(String source, KieSessionsPool shared, Map<String, KieSessionsPool> byTemplate,
                          List<RuleFile> files, List<RuleProblem> warnings, RulesCache cache, String cacheKey) {
        this.source = source;
        this.shared = shared;
        this.byTemplate = byTemplate;
        this.files = files;
        this.warnings = warnings;
        this.cache = cache;
        this.cacheKey = cacheKey;
    }

    /**
     * How many scenario rows held when these rules (this build, these files) last passed every activation check in
     * {@code context} (what else the checks depended on), as remembered in the compiled rules cache; null when not
     * remembered or there is no cache.
     */
    public Integer checkedBefore(String context) {
        return cache == null ? null : cache.checked(cacheKey, context);
    }

    /** Remembers in the compiled rules cache (if any) that these rules passed every check in {@code context}. */
    public void rememberChecked(String context, int scenarioRows) {
        if (cache != null) {
            cache.markChecked(cacheKey, context, scenarioRows);
        }
    }

    private static KieSessionsPool pool(KieBase base) {
        return base == null ? null : base.newKieSessionsPool(4);
    }

    /** Where the rules come from, for messages. */
    public String source() {
        return source;
    }

    /** Every .drl file compiled, in the folder's order. */
    public List<RuleFile> files() {
        return files;
    }

    /** The template keys that have a folder of their own rules. */
    public Set<String> templateKeys() {
        return byTemplate.keySet();
    }

    /** What the compiler warned about, each with file and line. */
    public List<RuleProblem> warnings() {
        return warnings;
    }

    /** Where the rule of this name is declared (the first declaration when several files use the name), or null. */
    public RuleLocation locate(String ruleName) {
        return locate(ruleName, files);
    }

    static RuleLocation locate(String ruleName, List<RuleFile> files) {
        for (RuleFile f : files) {
            int line = RuleDeclarations.lineOf(ruleName, new String(f.content(), StandardCharsets.UTF_8));
            if (line > 0) {
                return new RuleLocation(f.path(), line);
            }
        }
        return null;
    }

    private KieSessionsPool forTemplate(String key) {
        return key == null ? shared : byTemplate.getOrDefault(key, shared);
    }

    /**
     * The ids a refused decision is about, from what the session was given: the instance (its {@link Instance} fact),
     * the node and task the question names, the template key, and the rules that fired.
     */
    private static Subject subject(String templateKey, Object question, Collection<?> facts, List<String> rulesFired) {
        Subject about = Subject.template(templateKey, null).withRulesFired(rulesFired);
        String taskNode = null;
        for (Object f : facts) {
            if (f instanceof Instance i) {
                about = about.withInstance(i.getId()).withTemplate(i.getTemplateKey(), i.getTemplateVersion())
                        .withBusinessKey(i.getBusinessKey());
            } else if (f instanceof Task t) {
                about = about.withTask(t.getId());
                taskNode = t.getNodeId();
            }
        }
        if (question instanceof ActQuestion q) {
            about = about.withUser(q.getUser());
        }
        String node = question instanceof RouteQuestion q ? q.getNodeId()
                : question instanceof AssignQuestion q ? q.getNodeId()
                : question instanceof CompleteQuestion q ? q.getNodeId()
                : question instanceof JoinQuestion q ? q.getNodeId()
                : question instanceof ReturnQuestion q ? q.getNodeId()
                : question instanceof DeadlineQuestion q ? q.getNodeId()
                : taskNode;
        if (question instanceof DeadlineQuestion q) {
            about = about.withTask(q.getTaskId());
        }
        return about.withNode(node);
    }

    /**
     * Runs the rules of one template (its folder plus the shared rules) over a question and its facts.
     *
     * @throws DecisionException when a rule fails (also logged, naming the rule) or the rules do not settle
     */
    public DecisionPort.Outcome decide(String templateKey, Object question, Collection<?> facts) {
        return decide(templateKey, question, facts, true);
    }

    /**
     * As {@link #decide}, without logging a failure: for the checks (scenarios, replay, impact) that report every
     * failure themselves, where a broken rule may fail thousands of decisions.
     */
    public DecisionPort.Outcome evaluate(String templateKey, Object question, Collection<?> facts) {
        return decide(templateKey, question, facts, false);
    }

    private DecisionPort.Outcome decide(String templateKey, Object question, Collection<?> facts, boolean log) {
        KieSession session = forTemplate(templateKey).newKieSession();
        Recorder recorder = new Recorder();
        try {
            session.addEventListener((org.kie.api.event.rule.AgendaEventListener) recorder);
            session.addEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) recorder);
            Set<Object> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
            inputs.add(question);
            session.insert(question);
            for (Object f : facts) {
                inputs.add(f);
                session.insert(f);
            }
            int n = session.fireAllRules(MAX_FIRINGS);
            if (n >= MAX_FIRINGS) {
                throw new DecisionException(subject(templateKey, question, facts, recorder.ruleNames()), "rules fired "
                        + n + " times for " + question + " without settling; a rule probably re-triggers itself (check "
                        + "the rules that fired)");
            }
            List<Object> answers = new ArrayList<>();
            for (Object o : session.getObjects()) {
                if (!inputs.contains(o)) {
                    answers.add(o);
                }
            }
            return new DecisionPort.Outcome(answers, recorder.firings());
        } catch (DecisionException e) {
            throw e;
        } catch (RuntimeException e) {
            List<RuleFailures.Culprit> culprits = RuleFailures.culprits(e, recorder.rule, files);
            List<String> rules = new ArrayList<>(recorder.ruleNames());
            culprits.forEach(c -> {
                if (!rules.contains(c.rule())) {
                    rules.add(c.rule());
                }
            });
            String message = RuleFailures.message(e, culprits, question, facts) + " (rules fired: " + recorder.ruleNames() + ")";
            if (log) {
                LOG.warn("{} [template {}]", message, templateKey);
            }
            throw new DecisionException(subject(templateKey, question, facts, rules), message, e);
        } finally {
            session.removeEventListener((org.kie.api.event.rule.AgendaEventListener) recorder);
            session.removeEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) recorder);
            session.dispose(); // back to the pool, reset
        }
    }

    /** Records each firing with the facts its match bound and the answers its consequence inserted. */
    private static final class Recorder extends DefaultAgendaEventListener
            implements org.kie.api.event.rule.RuleRuntimeEventListener {
        private final List<DecisionPort.Firing> done = new ArrayList<>();
        private String rule;
        private List<Object> matched;
        private List<Object> inserted;

        @Override
        public void beforeMatchFired(org.kie.api.event.rule.BeforeMatchFiredEvent event) {
            rule = event.getMatch().getRule().getName();
            matched = event.getMatch().getObjects();
            inserted = new ArrayList<>(1);
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            done.add(new DecisionPort.Firing(rule, matched, inserted));
            rule = null;
        }

        @Override
        public void objectInserted(org.kie.api.event.rule.ObjectInsertedEvent event) {
            if (rule != null && event.getRule() != null) {
                inserted.add(event.getObject());
            }
        }

        @Override
        public void objectUpdated(org.kie.api.event.rule.ObjectUpdatedEvent event) {
        }

        @Override
        public void objectDeleted(org.kie.api.event.rule.ObjectDeletedEvent event) {
        }

        List<DecisionPort.Firing> firings() {
            return done;
        }

        List<String> ruleNames() {
            List<String> names = new ArrayList<>(done.size() + 1);
            done.forEach(f -> names.add(f.rule()));
            if (rule != null) {
                names.add(rule); // the rule whose consequence failed
            }
            return names;
        }
    }

    /**
     * Compiles every .drl file of the folder.
     *
     * @throws RulesInvalidException with every compile error (file, line, rule)
     */
    public static CompiledRules compile(ResourceFolder folder) {
        return compile(folder, null);
    }

    /**
     * Compiles every .drl file of the folder, or loads what an earlier compile of the same files kept in
     * {@code cacheDir} (see {@link RulesCache}; null: no cache).
     *
     * @throws RulesInvalidException with every compile error (file, line, rule)
     */
    public static CompiledRules compile(ResourceFolder folder, java.nio.file.Path cacheDir) {
        List<ResourceFolder.Entry> drls = folder.list(".drl");
        if (drls.isEmpty()) {
            throw new RulesInvalidException(folder.description(), List.of(new RuleProblem("(folder)", 0, null,
                    "no .drl files found; the engine needs at least the core rules (rules/core/*.drl)")));
        }
        List<RuleFile> ruleFiles = new ArrayList<>();
        Set<String> paths = new java.util.HashSet<>();
        for (ResourceFolder.Entry e : drls) {
            if (paths.add(e.relativePath())) { // a classpath folder may be listed from two roots: the first one compiles
                ruleFiles.add(new RuleFile(e.relativePath(), sha256(e.content()), e.content()));
            }
        }
        RulesCache cache = cacheDir == null ? null : new RulesCache(cacheDir);
        String key = cache == null ? null : RulesCache.key(ruleFiles);
        RulesCache.Entry entry = cache == null ? null : cache.load(key);
        if (entry == null) {
            entry = compileAll(folder, drls, ruleFiles);
            if (cache != null) {
                cache.store(key, entry);
            }
        } else {
            LOG.debug("rules of {} loaded from the compiled rules cache {}", folder.description(), cacheDir);
        }
        Map<String, KieBase> kieBases = entry.bases();
        Map<String, KieSessionsPool> bases = new HashMap<>();
        RulesCache.templates(kieBases).forEach(k -> bases.put(k, pool(kieBases.get(k))));
        return new CompiledRules(folder.description(), pool(kieBases.get(RulesCache.shared())), Map.copyOf(bases),
                List.copyOf(ruleFiles), List.copyOf(entry.warnings()), cache, key);
    }

    private static RulesCache.Entry compileAll(ResourceFolder folder, List<ResourceFolder.Entry> drls, List<RuleFile> ruleFiles) {
        List<ResourceFolder.Entry> shared = new ArrayList<>();
        Map<String, List<ResourceFolder.Entry>> byTemplate = new java.util.TreeMap<>();
        for (ResourceFolder.Entry e : drls) {
            int slash = e.relativePath().indexOf('/');
            String top = slash < 0 ? null : e.relativePath().substring(0, slash);
            if (top == null || SHARED_FOLDERS.contains(top)) {
                shared.add(e);
            } else {
                byTemplate.computeIfAbsent(top, k -> new ArrayList<>()).add(e);
            }
        }
        java.util.LinkedHashSet<RuleProblem> problems = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<RuleProblem> warnings = new java.util.LinkedHashSet<>();
        Map<String, KieBase> bases = new java.util.LinkedHashMap<>();
        List<String> logged;
        try (DroolsWarnings drools = DroolsWarnings.capture()) {
            KieBase sharedBase = compile(folder, shared, drls, problems, warnings);
            if (sharedBase != null) {
                bases.put(RulesCache.shared(), sharedBase);
            }
            byTemplate.forEach((key, own) -> {
                List<ResourceFolder.Entry> all = new ArrayList<>(shared);
                all.addAll(own);
                KieBase b = compile(folder, all, drls, problems, warnings);
                if (b != null) {
                    bases.put(key, b);
                }
            });
            logged = drools.messages();
        }
        warnings.addAll(located(logged, ruleFiles));
        if (!problems.isEmpty()) {
            throw new RulesInvalidException(folder.description(), List.copyOf(problems));
        }
        return new RulesCache.Entry(bases, List.copyOf(warnings));
    }

    /**
     * Drools' logged warnings with the rule they are about: they end with the constraint (" : $x == false"), which is
     * found in the files. A warning Drools repeats for each KieBase that holds the rule is reported once.
     */
    private static List<RuleProblem> located(List<String> logged, List<RuleFile> files) {
        java.util.LinkedHashSet<RuleProblem> out = new java.util.LinkedHashSet<>();
        for (String message : logged) {
            String text = oneLine(message);
            int colon = text.lastIndexOf(" : ");
            List<RuleFailures.Culprit> where = colon < 0 ? List.of() : RuleFailures.byCondition(text.substring(colon + 3).strip(), files);
            if (where.isEmpty()) {
                Matcher eval = Pattern.compile("eval expression \\[(.*?)\\]").matcher(text);
                where = eval.find() ? RuleFailures.byCondition(eval.group(1).strip(), files) : List.of();
            }
            if (where.isEmpty()) {
                out.add(new RuleProblem("(rule not found)", 0, null, "Drools: " + text));
            }
            for (RuleFailures.Culprit c : where) {
                out.add(new RuleProblem(c.location().file(), c.location().line(), c.rule(), "Drools: " + text));
            }
        }
        return List.copyOf(out);
    }

    /** @return the KieBase, or null with the compile errors added to {@code problems} */
    private static KieBase compile(ResourceFolder folder, List<ResourceFolder.Entry> drls, List<ResourceFolder.Entry> allFiles,
                                   java.util.Set<RuleProblem> problems, java.util.Set<RuleProblem> warnings) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("org.plantflow.rules", "rules-" + java.util.UUID.randomUUID(), "1.0.0");
        kfs.generateAndWritePomXML(releaseId);
        // Drools warns when a file's folder does not match its package; file it under its package and map back.
        Map<String, String> fileOf = new HashMap<>();
        for (ResourceFolder.Entry e : drls) {
            Matcher pkg = PACKAGE_DECL.matcher(new String(e.content(), StandardCharsets.UTF_8));
            String dir = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
            String path = "src/main/resources/" + dir + e.relativePath().replace("/", "__");
            fileOf.put(path, e.relativePath());
            kfs.write(path, e.content());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(DrlProject.class);
        for (Message m : builder.getResults().getMessages(Message.Level.WARNING)) {
            String file = m.getPath() == null ? "(unknown file)"
                    : fileOf.getOrDefault(m.getPath(), fileOf.getOrDefault("src/main/resources/" + m.getPath(), m.getPath()));
            warnings.add(new RuleProblem(file, m.getLine(), ruleAt(allFiles, file, m.getLine()), oneLine(m.getText())));
        }
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            for (Message m : errors) {
                if (m.getText() != null && m.getText().contains("Parser returned a null Package") && errors.size() > 1) {
                    continue; // a consequence of a syntax error reported on its own line
                }
                String file = m.getPath() == null ? "(unknown file)"
                        : fileOf.getOrDefault(m.getPath(), fileOf.getOrDefault("src/main/resources/" + m.getPath(), m.getPath()));
                problems.add(new RuleProblem(file, m.getLine(), ruleAt(allFiles, file, m.getLine()), oneLine(m.getText())));
            }
            return null;
        }
        try {
            KieContainer container = ks.newKieContainer(releaseId);
            KieBase base = container.getKieBase();
            ks.getRepository().removeKieModule(releaseId);
            return base;
        } catch (RuntimeException e) {
            throw new ApprovalException("rules in " + folder + " compiled but could not be loaded: " + e.getMessage(), e);
        }
    }

    /** Drools messages span lines and repeat the rule name; an analyst wants one line. */
    static String oneLine(String text) {
        return text.replaceFirst("^Rule Compilation error\\s*:?\\s*(\\[Rule name='[^']*'\\])?", "")
                .strip().replaceAll("\\s*\\n\\s*", "; ");
    }

    /** The rule whose declaration is the last one at or before the line of this text, or null outside any rule. */
    static String ruleAt(String text, int line) {
        return RuleDeclarations.ruleAt(text, line);
    }

    /** The rule whose declaration is the last one at or before the line: what an analyst needs to find. */
    static String ruleAt(List<ResourceFolder.Entry> drls, String file, int line) {
        if (line <= 0) {
            return null;
        }
        for (ResourceFolder.Entry e : drls) {
            if (e.relativePath().equals(file)) {
                return ruleAt(new String(e.content(), StandardCharsets.UTF_8), line);
            }
        }
        return null;
    }

    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
