package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.plantflow.approval.ApprovalEngine;
import org.plantflow.approval.ImpactScope;
import org.plantflow.approval.RuleImpact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** impact: what candidate rules would have decided differently in the recorded history. Changes nothing. */
@Command(name = "impact", description = "Re-evaluate a template's recorded decisions with the rules in --rules DIR and "
        + "list those that would come out differently. Reads only; the engine's active rules are not changed.")
final class ImpactCommand extends InstanceCommands.EngineCommand {
    @Option(names = "--template", required = true, description = "Template key")
    String template;
    @Option(names = "--since", paramLabel = "DATE", description = "Only history rows written since this date (2026-11-01) or time (2026-11-01T08:00:00Z, UTC)")
    String since;
    @Option(names = "--last", paramLabel = "N", description = "Only the last N history rows with a decision record")
    Integer last;

    /** Impact compiles its own candidate folder; the engine's rules are not needed. */
    @Override
    boolean readsOnly() {
        return true;
    }

    @Override
    public Integer call() {
        if (common.rules == null) {
            throw new IllegalArgumentException("impact needs the candidate rules: --rules DIR");
        }
        if (since != null && last != null) {
            throw new IllegalArgumentException("give --since or --last, not both");
        }
        ImpactScope scope = since != null ? ImpactScope.since(instant(since)) : last != null ? ImpactScope.last(last) : ImpactScope.all();
        java.nio.file.Path candidate = common.rules;
        common.rules = null; // the engine opens with its usual rules; the candidate folder is only evaluated
        RuleImpact r;
        try (ApprovalEngine engine = openEngine()) {
            r = engine.impact(candidate, template, scope);
        } finally {
            common.rules = candidate;
        }
        if (common.json) {
            Output.json(out(), r);
        } else {
            print(out(), r);
        }
        return 0;
    }

    private static Instant instant(String s) {
        try {
            return s.length() <= 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since " + s + " is neither a date (2026-11-01) nor a UTC time (2026-11-01T08:00:00Z)");
        }
    }

    static void print(PrintWriter out, RuleImpact r) {
        out.println("Rule impact on " + r.templateKey() + " of the rules in " + r.candidateSource() + " (" + r.scope() + ")");
        out.println(r.evaluated() + " decisions evaluated: " + r.unchanged() + " unchanged, " + r.changed() + " changed, "
                + r.failed() + " failed, " + r.notReplayable() + " not replayable");
        if (!r.changes().isEmpty()) {
            out.println();
            out.println("Changed decisions:");
            for (RuleImpact.Change c : r.changes()) {
                out.println("  entry " + c.historyEntryId() + ", instance " + c.instanceId() + " (" + c.businessKey() + "), "
                        + c.kind() + " at " + c.nodeId() + ": " + c.question());
                out.println("      " + c.before() + " -> " + c.after());
                out.println("      rules before: " + String.join("; ", c.rulesBefore()));
                out.println("      rules now:    " + String.join("; ", c.rulesNow()));
            }
        }
        if (!r.byNode().isEmpty()) {
            out.println();
            out.println("Per node:");
            Table t = new Table("NODE", "EVALUATED", "CHANGED", "FAILED");
            r.byNode().forEach((node, s) -> t.row(node, s.evaluated(), s.changed(), s.failed()));
            t.print(out);
        }
        if (!r.failures().isEmpty()) {
            out.println();
            out.println("Failed (a candidate rule threw):");
            r.failures().forEach(f -> out.println("  entry " + f.historyEntryId() + ", instance " + f.instanceId() + " ("
                    + f.businessKey() + "), " + f.kind() + " at " + f.nodeId() + ": " + f.reason()));
        }
        if (!r.notReplayableDecisions().isEmpty()) {
            out.println();
            out.println("Not replayable:");
            r.notReplayableDecisions().forEach(f -> out.println("  entry " + f.historyEntryId() + ", instance " + f.instanceId()
                    + " (" + f.businessKey() + "), " + f.kind() + " at " + f.nodeId() + ": " + f.reason()));
        }
        out.println();
        if (r.unrecordedRows() == 0) {
            out.println("Every history row in scope that names rules has a decision record.");
        } else {
            out.println(r.unrecordedRows() + " history rows without a decision record (written before decision records, "
                    + "schema V3) were not evaluated:");
            r.unrecorded().forEach(u -> out.println("  entry " + u.historyEntryId() + ", instance " + u.instanceId() + " ("
                    + u.businessKey() + "), " + u.action() + ", rules fired: " + u.rulesFired()));
            if (r.unrecordedRows() > r.unrecorded().size()) {
                out.println("  ... and " + (r.unrecordedRows() - r.unrecorded().size()) + " more");
            }
        }
        out.println("Nothing was changed: the active rules and the history are as they were.");
        out.flush();
    }
}
