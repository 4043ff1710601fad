package org.plantflow.approval.facts;

import java.time.Duration;

/**
 * Part of the answer to an {@link AssignQuestion}: the new task is due this long after it is created.
 * The core rule gives the node's approval:deadline; a template rule may give another.
 */
public final class DueIn {
    private final Duration duration;

    public DueIn(Duration duration) { this.duration = duration; }

    /** From an ISO-8601 duration such as "P2D". */
    public static DueIn parse(String iso) { return new DueIn(Duration.parse(iso)); }

    public Duration getDuration() { return duration; }

    @Override
    public String toString() { return "DueIn(" + duration + ")"; }
}
