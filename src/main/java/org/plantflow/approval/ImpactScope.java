package org.plantflow.approval;

import java.time.Instant;

/**
 * Which recorded decisions {@link ApprovalEngine#impact} re-evaluates: all of a template's ({@link #all()}), those of
 * history rows written since a time ({@link #since(Instant)}), or those of its last n history rows with a decision
 * record ({@link #last(int)}).
 *
 * @param since the time from which rows count, or null
 * @param last  how many of the newest recorded rows count, or null
 */
public record ImpactScope(Instant since, Integer last) {
    /** @throws InvalidInputException both a time and a count, or a count below 1 */
    public ImpactScope {
        if (since != null && last != null) {
            throw new InvalidInputException(ApprovalException.Subject.NONE, "last", null,
                    "an impact scope is a time or a number of rows, not both; use since(..) or last(n)");
        }
        if (last != null && last < 1) {
            throw new InvalidInputException(ApprovalException.Subject.NONE, "last", null,
                    "the impact scope needs at least 1 history row, not " + last + "; use ImpactScope.all() for every recorded decision");
        }
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
        return new ImpactScope(null, n);
    }

    @Override
    public String toString() {
        return since != null ? "since " + since : last != null ? "the last " + last + " recorded history rows" : "all recorded decisions";
    }
}
