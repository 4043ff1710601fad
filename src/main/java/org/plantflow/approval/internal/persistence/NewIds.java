package org.plantflow.approval.internal.persistence;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PostgreSQL: ids for the activations and tasks a call creates, taken from their identity sequences in blocks
 * (statement {@code nextIds}) during the call, after its instance lock, so the ids of one instance grow with time
 * even with several engines on one database. Unused ids of a call are dropped, as sequences allow.
 */
final class NewIds {
    private final Deque<Long> activations = new ArrayDeque<>();
    private final Deque<Long> tasks = new ArrayDeque<>();
    private final Supplier<List<?>> fetch;

    /** @param fetch runs {@code nextIds}: rows with {@code activation_id} and {@code task_id} */
    NewIds(Supplier<List<?>> fetch) {
        this.fetch = fetch;
    }

    /** Adds the rows of a {@code nextIds} read made by the caller (with the task lock read, say). */
    void add(List<?> rows) {
        for (Object o : rows) {
            Map<?, ?> r = (Map<?, ?>) o;
            activations.add(((Number) r.get("activation_id")).longValue());
            tasks.add(((Number) r.get("task_id")).longValue());
        }
    }

    long activation() {
        return next(activations);
    }

    long task() {
        return next(tasks);
    }

    private long next(Deque<Long> ids) {
        if (ids.isEmpty()) {
            add(fetch.get());
        }
        return ids.poll();
    }
}
