package org.plantflow.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * Which recorded decisions {@link ApprovalEngine#impact} re-evaluates: all of a template's, those recorded since a
 * time, or those of its last n recorded history rows.
 */
public final class ImpactScope {
    private final Instant since;
    private final Integer last;

    private ImpactScope(Instant since, Integer last) {
        this.since = since;
        this.last = last;
    }

    /** Every recorded decision of the template. */
    public static ImpactScope all() {
        return new ImpactScope(null, null);
    }

    /**
     * The decisions of history rows written at or after {@code time}.
     *
     * @throws InvalidInputException a null time
     */
    public static ImpactScope since(Instant time) {
        if (time == null) {
            throw new InvalidInputException(ApprovalException.Subject.NONE, "since", null,
                    "the impact scope's time must not be null; use ImpactScope.all() for every recorded decision");
        }
        return new ImpactScope(time, null);
    }

    /**
     * The decisions of the last {@code n} history rows of the template that have a decision record.
     *
     * @throws InvalidInputException n below 1
     */
    public static ImpactScope last(int n) {
        if (n < 1) {
            throw new InvalidInputException(ApprovalException.Subject.NONE, "last", null,
                    "the impact scope needs at least 1 history row, not " + n + "; use ImpactScope.all() for every recorded decision");
        }
        return new ImpactScope(null, n);
    }

    /** The time from which rows count, or null. */
    public Instant sinceTime() {
        return since;
    }

    /** How many of the newest recorded rows count, or null. */
    public Integer lastRows() {
        return last;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImpactScope s && Objects.equals(s.since, since) && Objects.equals(s.last, last);
    }

    @Override
    public int hashCode() {
        return Objects.hash(since, last);
    }

    @Override
    public String toString() {
        return since != null ? "since " + since : last != null ? "the last " + last + " recorded history rows" : "all recorded decisions";
    }
}
