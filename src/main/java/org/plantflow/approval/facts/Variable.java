package org.plantflow.approval.facts;

/** One start variable of the instance: {@code Variable( name == "amount", $v : value )}. */
public final class Variable {
    private final String name;
    private final Object value;

    public Variable(String name, Object value) {
        this.name = name;
        this.value = value;
    }

    public String getName() { return name; }
    public Object getValue() { return value; }

    /** The value as a number (0 when it is not one), for comparisons in rules. */
    public double getNumber() {
        if (value instanceof Number n) {
            return n.doubleValue();
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
