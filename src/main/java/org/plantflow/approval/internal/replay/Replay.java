package org.plantflow.approval.internal.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.plantflow.approval.internal.decision.CompiledRules;
import org.plantflow.approval.internal.persistence.Rows.RecordedRow;
import org.plantflow.approval.internal.persistence.Store;
import org.plantflow.approval.internal.template.TemplateRegistry;

/** Recorded decisions replayed with candidate rules, e.g. before the rules are activated. Reads only. */
public final class Replay {
    /** History rows read per statement (keyset on pf_history.id): a page's records are let go before the next. */
    public static final int PAGE_SIZE = 1_000;

    private Replay() {
    }

    /**
     * The most recent {@code limit} recorded decisions (history rows with a record) of each template key, replayed.
     * Reads only.
     *
     * @return {@code replayed} counts the decisions re-evaluated (same, changed or failed); the decisions that could not
     *         be rebuilt from their record are counted in {@code notReplayable}
     */
    public static ReplayReport recent(Store store, TemplateRegistry templates, CompiledRules candidate,
                                      Collection<String> templateKeys, int limit) {
        if (limit <= 0) {
            return new ReplayReport(0, List.of(), List.of(), 0);
        }
        Replayer replayer = new Replayer(store, templates, candidate);
        int[] counts = new int[2];
        List<DecisionReplay> changed = new ArrayList<>();
        List<DecisionReplay> failed = new ArrayList<>();
        for (String key : templateKeys) {
            Long floor = store.recordedRowsFloor(key, limit);
            if (floor == null) {
                continue;
            }
            rows(store, key, true, floor - 1, null, row -> {
                for (DecisionReplay d : replayer.replay(row)) {
                    switch (d.verdict()) {
                        case NOT_REPLAYABLE -> counts[1]++;
                        case CHANGED -> {
                            counts[0]++;
                            changed.add(d);
                        }
                        case FAILED -> {
                            counts[0]++;
                            failed.add(d);
                        }
                        default -> counts[0]++;
                    }
                }
            });
        }
        return new ReplayReport(counts[0], changed, failed, counts[1]);
    }

    /**
     * Every row of a template key above {@code afterId} (recorded, or unrecorded rows naming rules), oldest first, one
     * page at a time.
     */
    public static void rows(Store store, String templateKey, boolean recorded, long afterId, java.time.LocalDateTime since,
                            Consumer<RecordedRow> each) {
        long after = afterId;
        while (true) {
            List<RecordedRow> page = store.recordedRows(templateKey, recorded, after, since, PAGE_SIZE);
            for (RecordedRow r : page) {
                each.accept(r);
                after = r.id;
            }
            if (page.size() < PAGE_SIZE) {
                return;
            }
        }
    }
}
