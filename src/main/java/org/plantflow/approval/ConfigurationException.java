package org.plantflow.approval;

/**
 * A setting the engine cannot be built with, found before anything is opened: a builder argument or a
 * {@code plantflow.*} property of the Spring adapter. {@link #property()} names the setting the way the caller gave
 * it (the builder method, such as {@code sweepBatchSize}, or the property, such as
 * {@code plantflow.sweep-batch-size}); {@link #value()} is the value as given. The message repeats both and says what
 * is wrong: {@code plantflow.sweep-batch-size=0: must be at least 1}, {@code sweepBatchSize(0): must be at least 1}.
 */
public class ConfigurationException extends ApprovalException {
    private final String property;
    private final String value;

    public ConfigurationException(String property, String value, String message) {
        super(message);
        this.property = property;
        this.value = value;
    }

    /** The builder method or property the problem is with. */
    public String property() {
        return property;
    }

    /** The value given, as text; null when none was given (or when it is not shown, such as a JDBC URL). */
    public String value() {
        return value;
    }
}
