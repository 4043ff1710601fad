package org.plantflow.approval.facts;

/** One start variable of the instance: {@code Variable( name == "amount", $v : value )}. */
public final class Variable {
    private final String name;
    private final Object value;
    private final double number;

    public Variable(String name, Object value) {
        this.name = name;
        this.value = value;
        this.number = number(value);
    }

    public String getName() { return name; }
    public Object getValue() { return value; }

    /**
     * The value as a number (0 when it is not one), for comparisons in rules. Parsed once, when the fact is made: rules
     * and the decision record read it often, and a text value would throw a NumberFormatException on every read.
     */
    public double getNumber() { return number; }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value == null) {
            return 0;
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() { return "Variable(" + name + "=" + value + ")"; }
}
