package org.plantflow.approval.internal.activation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.plantflow.approval.RuleProblem;
import org.plantflow.approval.RulesActivation;
import org.plantflow.approval.RulesInvalidException;
import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.decision.DroolsDecisions;
import org.plantflow.approval.internal.persistence.Rows;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.persistence.Transactions;
import org.plantflow.approval.internal.resources.ResourceFolder;
import org.plantflow.approval.internal.template.TemplateModel;
import org.plantflow.approval.internal.template.TemplateRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door rules pass to become active (engine start, {@code reloadRules()}, {@code reload-rules}): compile the
 * folder, then check the candidate against what it will serve, and only when nothing is wrong record the activation
 * and hand the rules over. The checks, in order (every problem of every check is reported at once):
 * <ol>
 *   <li>compile ({@link CompiledRules#compile}): errors name file, line and rule;</li>
 *   <li>references ({@link ReferenceCheck}): a template's own rules may name only nodes and flows of the template
 *       versions they serve (the latest and those with running instances);</li>
 *   <li>scenarios: every row of every scenario table of a served template holds;</li>
 *   <li>replay: the most recent recorded decisions of each template whose rules changed are decided again; one that
 *       now throws refuses the activation, one that now comes out differently is reported.</li>
 * </ol>
 * A refused activation throws {@link RulesInvalidException} and changes nothing: the rules active before keep serving.
 */
public final class RulesActivator {
    private static final Logger LOG = LoggerFactory.getLogger(RulesActivator.class);

    /** Why rules become active. */
    public enum Reason {
        START, RELOAD
    }

    private final Transactions transactions;
    private final TemplateRegistry templates;
    private final ResourceFolder rulesFolder;
    private final ResourceFolder templatesFolder;
    private final Clock clock;
    private final int replayLimit;
    private final String process;
    private final java.nio.file.Path rulesCache;

    /** @param rulesCache where compiled rules are kept between processes ({@link CompiledRules#compile(ResourceFolder, java.nio.file.Path)}); null: none */
    public RulesActivator(Transactions transactions, TemplateRegistry templates, ResourceFolder rulesFolder,
                          ResourceFolder templatesFolder, Clock clock, int replayLimit, String process,
                          java.nio.file.Path rulesCache) {
        this.transactions = transactions;
        this.templates = templates;
        this.rulesFolder = rulesFolder;
        this.templatesFolder = templatesFolder;
        this.clock = clock;
        this.replayLimit = replayLimit;
        this.process = process;
        this.rulesCache = rulesCache;
    }

    /** The activated rules, and the report of their activation. */
    public record Activated(DroolsDecisions.Active active, RulesActivation report) {
    }

    /**
     * Compiles and checks the rules folder; when every check passes, records the activation.
     *
     * @param before the rules active now (null at engine start): only templates whose rules differ are replayed
     * @param by     who asks (a user, or null for this process)
     * @throws RulesInvalidException with every problem found; nothing was recorded or activated
     */
    public Activated activate(Reason reason, CompiledRules before, String by) {
        long started = System.nanoTime();
        CompiledRules candidate = CompiledRules.compile(rulesFolder, rulesCache);
        long compiled = System.nanoTime();
        Activated checkedBefore = reason == Reason.START ? checkedBefore(candidate, started) : null;
        if (checkedBefore != null) {
            return checkedBefore;
        }
        Served served = transactions.read(this::served);
        List<RuleProblem> errors = new ArrayList<>();
        List<RuleProblem> warnings = new ArrayList<>(candidate.warnings());

        // the templates folder is parsed at most once, and only when a template with rules is not deployed
        Supplier<Map<String, TemplateModel>> templateFiles = memo(() -> templatesFolder == null ? Map.of()
                : TemplateFiles.parse(templatesFolder));
        ReferenceCheck.run(rulesFolder, candidate, served.versions(), templateFiles, errors, warnings);
        long referenced = System.nanoTime();
        ActivationChecks.ScenarioOutcome scenarios = ActivationChecks.scenarios(rulesFolder, candidate,
                served.latestWithFiles(candidate.templateKeys(), templateFiles), errors);
        long scenariosRun = System.nanoTime();
        Set<String> changed = changedTemplates(candidate, before == null ? served.lastFiles() : files(before),
                served.versions().keySet());
        ActivationChecks.ReplayOutcome replay = changed.isEmpty() || replayLimit == 0
                ? ActivationChecks.ReplayOutcome.NONE
                : transactions.read(store -> ActivationChecks.replay(store, templates, candidate, changed, replayLimit, errors));

        if (!errors.isEmpty()) {
            RulesInvalidException refused = new RulesInvalidException(rulesFolder.description(),
                    "were refused at activation, " + (reason == Reason.START ? "so the engine does not start"
                            : "and the rules active before keep serving"), errors);
            LOG.warn(refused.getMessage());
            throw refused;
        }
        String checksum = checksum(candidate);
        if (warnings.isEmpty()) {
            candidate.rememberChecked(checkContext(served.ids()), scenarios.rows());
        }
        Rows.RulesActivationRow last = served.last();
        // an engine start with the same files as the last recorded activation writes nothing: that record stands
        boolean unchanged = reason == Reason.START && last != null && last.checksum.strip().equals(checksum)
                && last.source.equals(cut(rulesFolder.description(), 1000));
        Rows.RulesActivationRow row = unchanged ? last : record(reason, by, candidate, checksum, report(warnings, scenarios, replay));
        warnings.forEach(w -> LOG.warn("rules warning: {}", w));
        RulesActivation report = new RulesActivation(row.id, row.activatedAt.toInstant(ZoneOffset.UTC), row.reason,
                row.activatedBy, row.source, checksum, files(candidate), warnings, scenarios.rows(), replay.replayed(),
                replay.differently());
        long done = System.nanoTime();
        LOG.info("{}{} in {} ms (rules {} ms, references {} ms, scenarios {} ms, replay and record {} ms)",
                report.summary(), unchanged ? " (unchanged since recorded)" : "", ms(done - started),
                ms(compiled - started), ms(referenced - compiled), ms(scenariosRun - referenced), ms(done - scenariosRun));
        replay.differently().forEach(d -> LOG.info("now decided differently: {}", d));
        return new Activated(new DroolsDecisions.Active(candidate, row.id), report);
    }

    /**
     * An engine start with the same rules as the last recorded activation, which passed every check before against
     * the same served template versions and scenario tables (remembered in the compiled rules cache, so by this build):
     * the checks would find what they found then, so they are not run again and nothing is written. Null otherwise.
     */
    private Activated checkedBefore(CompiledRules candidate, long started) {
        if (!candidate.warnings().isEmpty()) {
            return null;
        }
        record LastAndServed(Rows.RulesActivationRow last, List<Long> ids) {
        }
        LastAndServed read = transactions.read(store -> new LastAndServed(store.latestRulesActivation(), servedIds(store)));
        Rows.RulesActivationRow last = read.last();
        String checksum = checksum(candidate);
        if (last == null || !last.checksum.strip().equals(checksum) || !last.source.equals(cut(rulesFolder.description(), 1000))) {
            return null;
        }
        Integer rows = candidate.checkedBefore(checkContext(read.ids()));
        if (rows == null) {
            return null;
        }
        RulesActivation report = new RulesActivation(last.id, last.activatedAt.toInstant(ZoneOffset.UTC), last.reason,
                last.activatedBy, last.source, checksum, files(candidate), List.of(), rows, 0, List.of());
        LOG.info("{} (unchanged since recorded; checked before against the same template versions) in {} ms",
                report.summary(), ms(System.nanoTime() - started));
        return new Activated(new DroolsDecisions.Active(candidate, last.id), report);
    }

    private static List<Long> servedIds(Store store) {
        List<Long> ids = new ArrayList<>(store.servedTemplateIds());
        java.util.Collections.sort(ids);
        return ids;
    }

    /** What the checks depend on besides the rules: the served template versions and the scenario tables. */
    private String checkContext(List<Long> servedIds) {
        StringBuilder sb = new StringBuilder("served ").append(servedIds).append('\n');
        for (ResourceFolder.Entry e : rulesFolder.list(org.plantflow.approval.internal.scenario.Scenarios.SUFFIX)) {
            sb.append(e.relativePath()).append(' ').append(CompiledRules.sha256(e.content())).append('\n');
        }
        return sb.toString();
    }

    /** Writes the activation row and its files; the row gets its id. */
    private Rows.RulesActivationRow record(Reason reason, String by, CompiledRules candidate, String checksum, String report) {
        String who = (by == null ? "" : by + " via ") + process;
        Rows.RulesActivationRow row = new Rows.RulesActivationRow();
        row.activatedAt = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        row.activatedBy = cut(who, 200);
        row.reason = reason.name();
        row.source = cut(rulesFolder.description(), 1000);
        row.checksum = checksum;
        row.report = report;
        List<Rows.RulesFileRow> fileRows = new ArrayList<>();
        for (CompiledRules.RuleFile f : candidate.files()) {
            Rows.RulesFileRow r = new Rows.RulesFileRow();
            r.path = f.path();
            r.sha256 = f.sha256();
            r.content = new String(f.content(), StandardCharsets.UTF_8);
            fileRows.add(r);
        }
        transactions.execute(store -> {
            store.insertRulesActivation(row, fileRows);
            return null;
        });
        return row;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static <T> Supplier<T> memo(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    /**
     * A deploy makes the active rules serve a new template version: its scenario rows must hold against that version
     * (the node and flow ids of its own rules were checked by the template validation, as errors).
     *
     * @throws RulesInvalidException naming each failing row; the deploy's transaction is rolled back
     */
    public void checkDeploy(CompiledRules active, TemplateModel model, String sourceName) {
        List<RuleProblem> errors = new ArrayList<>();
        ActivationChecks.scenarios(rulesFolder, active, Map.of(model.key(), model), errors);
        if (!errors.isEmpty()) {
            throw new RulesInvalidException(rulesFolder.description(), "do not hold for " + sourceName + " (template '"
                    + model.key() + "' version " + model.version() + "), so it was not deployed", errors);
        }
    }

    /** The template versions the rules serve, by key, and the files of the last recorded activation. */
    record Served(List<Long> ids, Map<String, List<TemplateModel>> versions, Map<String, String> lastFiles,
                  Rows.RulesActivationRow last) {
        /** The latest deployed version of each key, and for keys with rules not deployed, the template file of the folder. */
        Map<String, TemplateModel> latestWithFiles(Set<String> keysWithRules, Supplier<Map<String, TemplateModel>> files) {
            Map<String, TemplateModel> out = new TreeMap<>();
            versions.forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
            if (!out.keySet().containsAll(keysWithRules)) {
                files.get().forEach(out::putIfAbsent);
            }
            return out;
        }
    }

    private Served served(Store store) {
        Map<String, List<TemplateModel>> byKey = new TreeMap<>();
        List<Long> ids = servedIds(store);
        for (long id : ids) {
            TemplateModel m = templates.byId(store, id).model();
            byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
        }
        byKey.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(TemplateModel::version)));
        Map<String, String> last = new LinkedHashMap<>();
        Rows.RulesActivationRow latest = store.latestRulesActivation();
        if (latest != null) {
            store.rulesActivationFiles(latest.id).forEach(f -> last.put(f.path, f.sha256));
        }
        return new Served(ids, byKey, last, latest);
    }

    /**
     * The deployed templates whose rules differ from {@code before}: all of them when a shared file (core/, common/,
     * top level) changed, else those whose own folder changed.
     */
    static Set<String> changedTemplates(CompiledRules candidate, Map<String, String> before, Collection<String> deployed) {
        Map<String, String> now = files(candidate);
        Set<String> paths = new LinkedHashSet<>(now.keySet());
        paths.addAll(before.keySet());
        Set<String> out = new LinkedHashSet<>();
        for (String p : paths) {
            if (java.util.Objects.equals(now.get(p), before.get(p))) {
                continue;
            }
            int slash = p.indexOf('/');
            String top = slash < 0 ? null : p.substring(0, slash);
            if (top == null || top.equals("core") || top.equals("common")) {
                return new LinkedHashSet<>(deployed);
            }
            if (deployed.contains(top)) {
                out.add(top);
            }
        }
        return out;
    }

    static Map<String, String> files(CompiledRules rules) {
        Map<String, String> out = new TreeMap<>();
        rules.files().forEach(f -> out.put(f.path(), f.sha256()));
        return out;
    }

    static String checksum(CompiledRules rules) {
        StringBuilder sb = new StringBuilder();
        files(rules).forEach((p, h) -> sb.append(p).append('\0').append(h).append('\n'));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String report(List<RuleProblem> warnings, ActivationChecks.ScenarioOutcome scenarios,
                                 ActivationChecks.ReplayOutcome replay) {
        StringBuilder sb = new StringBuilder();
        sb.append(scenarios.rows()).append(" scenario row(s) held; ").append(replay.replayed())
                .append(" recorded decision(s) replayed, ").append(replay.differently().size()).append(" decided differently");
        replay.differently().forEach(d -> sb.append("\ndifferently: ").append(d));
        scenarios.notes().forEach(n -> sb.append("\nnote: ").append(n));
        warnings.forEach(w -> sb.append("\nwarning: ").append(w));
        return sb.toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
