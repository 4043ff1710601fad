package org.plantflow.approval;

/** Life of a task: OPEN until passed (COMPLETED), returned (RETURNED) or cancelled by the engine. */
public enum TaskStatus {
    OPEN, COMPLETED, RETURNED, CANCELLED
}
