package org.plantflow.approval;

import java.util.Map;

/**
 * An argument of the call was refused before anything was read or written: blank where a value is needed, longer
 * than its column allows, a NUL character (PostgreSQL cannot store one), a variable that is not a string, number
 * or boolean. The limits are the constants of {@link Limits}. Fields: {@link #field()} (the argument, as the
 * message names it: {@code "business key"}, {@code "comment"}, {@code "variable 'amount'"}...), {@link #limit()}
 * (the maximum length in UTF-16 code units, or the maximum count, when the refusal is about size; else null), and
 * in {@link #subject()} the ids the call was about (the task for pass and return, the template key for start).
 */
public class InvalidInputException extends ApprovalException {
    private final String field;
    private final Integer limit;

    public InvalidInputException(Subject subject, String field, Integer limit, String message) {
        super(subject, message);
        this.field = field;
        this.limit = limit;
    }

    /** The refused argument, as the message names it. */
    public String field() {
        return field;
    }

    /** The limit it broke (characters, or a count for lists), or null when the refusal is not about size. */
    public Integer limit() {
        return limit;
    }

    /** Adds {@code field} and {@code limit}. */
    @Override
    protected void addDetails(Map<String, Object> details) {
        put(details, "field", field);
        put(details, "limit", limit);
    }
}
