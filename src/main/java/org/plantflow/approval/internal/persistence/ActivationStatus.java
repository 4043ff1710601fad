package org.plantflow.approval.internal.persistence;

/** Life of a node activation ({@code pf_activation.status}). */
public enum ActivationStatus {
    /** A manual node waiting for its tasks, or an automatic node running. */
    ACTIVE,
    /** A join waiting for more arrivals. */
    WAITING,
    COMPLETED,
    /** An automatic node whose action failed: retry runs it again. */
    FAILED,
    /** Left when a return cut its parallel region. */
    CANCELLED,
    /** A manual node a task was returned from. */
    RETURNED;

    /** Still in play: the instance is not done while one of its activations is live. */
    public boolean isLive() {
        return this == ACTIVE || this == WAITING || this == FAILED;
    }
}
