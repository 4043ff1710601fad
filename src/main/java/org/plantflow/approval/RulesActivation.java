package org.plantflow.approval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One activation of the rules (engine start or reload), as recorded in {@code pf_rules_activation}: the rules passed
 * every check (compiled, named only nodes and flows their templates have, every scenario row held, no replayed
 * decision threw) and decide from now on. Decision records name the activation their decisions were taken under.
 *
 * @param id             the activation's id (history entries refer to it)
 * @param reason         START or RELOAD
 * @param activatedBy    who or which process activated them
 * @param checksum       SHA-256 over every file's path and SHA-256
 * @param files          rule file (relative to the rules folder) to its SHA-256
 * @param warnings       what did not refuse the activation but should be looked at (file, line, rule)
 * @param scenarioRows   scenario rows run, all held
 * @param replayed       recorded decisions replayed with these rules
 * @param replayedDifferently decisions that now come out differently, in words (reported, not refused)
 */
public record RulesActivation(long id, Instant activatedAt, String reason, String activatedBy, String source,
                              String checksum, Map<String, String> files, List<RuleProblem> warnings, int scenarioRows,
                              int replayed, List<String> replayedDifferently) {
    public RulesActivation {
        files = Map.copyOf(files);
        warnings = List.copyOf(warnings);
        replayedDifferently = List.copyOf(replayedDifferently);
    }

    /** One line: what was activated and what the checks found. */
    public String summary() {
        return "rules activation " + id + " (" + reason.toLowerCase(java.util.Locale.ROOT) + "): " + files.size()
                + " file(s) from " + source + ", " + scenarioRows + " scenario row(s) held, " + replayed
                + " recorded decision(s) replayed, " + replayedDifferently.size() + " now decided differently, "
                + warnings.size() + " warning(s)";
    }
}
