package org.plantflow.approval.facts;

import java.util.Locale;
import java.util.Map;

/**
 * One row of the template's business-fact query ({@code approval:facts}), e.g. the contract being approved.
 * Fields are the query's column labels in lower case: {@code BusinessFact( number("amount") > 5000000 )},
 * {@code BusinessFact( text("supplier_rating") == "C" )}. A query whose resultType is a class of the host
 * inserts those objects themselves instead.
 */
public final class BusinessFact {
    private final String query;
    private final Map<String, Object> fields;

    public BusinessFact(String query, Map<String, Object> fields) {
        this.query = query;
        java.util.LinkedHashMap<String, Object> lower = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        this.fields = java.util.Collections.unmodifiableMap(lower);
    }

    /** The statement id it came from, e.g. "fuel.contractFacts". */
    public String getQuery() { return query; }
    public Map<String, Object> getFields() { return fields; }

    public boolean has(String field) { return fields.get(field.toLowerCase(Locale.ROOT)) != null; }

    /** A field as a number; 0 when absent or not a number. */
    public double number(String field) {
        Object v = fields.get(field.toLowerCase(Locale.ROOT));
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return v == null ? 0 : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A field as text; "" when absent. */
    public String text(String field) {
        Object v = fields.get(field.toLowerCase(Locale.ROOT));
        return v == null ? "" : v.toString();
    }

    @Override
    public String toString() { return "BusinessFact(" + query + " " + fields + ")"; }
}
