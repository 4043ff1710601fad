package org.plantflow.approval.spi;

import org.plantflow.approval.TaskView;

/**
 * Told by the deadline sweeper what it did, after its transaction committed (so a rolled-back sweep sends
 * nothing). Register with {@code ApprovalEngineBuilder.listener(..)} or as Spring beans of this type.
 * Exceptions are logged and do not undo the sweep.
 */
public interface ApprovalListener {
    /** An overdue task stays open; its acceptors should be reminded. */
    default void onReminder(TaskView task, String message) {
    }

    /** An overdue task was offered to someone else. */
    default void onEscalation(TaskView task, String message) {
    }
}
