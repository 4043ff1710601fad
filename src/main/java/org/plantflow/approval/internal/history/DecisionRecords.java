package org.plantflow.approval.internal.history;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import org.plantflow.approval.ApprovalException;

/** Decision records to and from JSON, and facts to their recorded form. */
public final class DecisionRecords {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance)
                    .addSerializer(java.time.temporal.Temporal.class, ToStringSerializer.instance))
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // 37980000.00 stays that, not 3.798E7

    private DecisionRecords() {
    }

    /**
     * A fact's recorded form: the fact itself, written with its properties as the rules read them (getters) when the
     * record is serialized (no copy is made here: this runs for every fact of every decision). A template fact is
     * recorded as its id.
     */
    public static DecisionRecord.Fact fact(Object fact, boolean template) {
        String type = fact.getClass().getSimpleName();
        if (template && fact instanceof org.plantflow.approval.facts.Node n) {
            return new DecisionRecord.Fact(type, Map.of("id", n.getId()), true);
        }
        if (template && fact instanceof org.plantflow.approval.facts.Flow f) {
            return new DecisionRecord.Fact(type, Map.of("id", f.getId()), true);
        }
        if (fact instanceof CharSequence || fact instanceof Number || fact instanceof Boolean) {
            return new DecisionRecord.Fact(type, Map.of("value", fact instanceof CharSequence ? fact.toString() : fact), template);
        }
        if (fact instanceof org.plantflow.approval.facts.BusinessFact b) {
            Map<String, Object> fields = new LinkedHashMap<>();
            b.getFields().forEach((k, v) -> fields.put(k, plain(v)));
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("query", b.getQuery());
            values.put("fields", fields);
            return new DecisionRecord.Fact(type, values, template);
        }
        if (fact.getClass().getPackageName().equals("org.plantflow.approval.facts")) {
            return new DecisionRecord.Fact(type, fact, template); // our facts: plain getters, written as they are
        }
        Object values; // a host's object from a fact query: copied now, and only what serializes
        try {
            values = JSON.convertValue(fact, LinkedHashMap.class);
        } catch (IllegalArgumentException e) {
            values = Map.of("text", String.valueOf(fact));
        }
        return new DecisionRecord.Fact(type, values, template);
    }

    /** A business-fact column value as stored: numbers, text, booleans and times as they are, anything else as text. */
    private static Object plain(Object v) {
        return v == null || v instanceof Number || v instanceof CharSequence || v instanceof Boolean
                || v instanceof java.time.temporal.Temporal ? v
                : v instanceof java.util.Date d ? d.toInstant().toString() : String.valueOf(v);
    }

    /**
     * A fact's recorded form as it reads back from the stored JSON (its properties a map of JSON values), without
     * storing it: what a replay compares new answers with (issue 11).
     */
    public static DecisionRecord.Fact asRead(DecisionRecord.Fact fact) {
        try {
            return JSON.readValue(JSON.writeValueAsString(fact), DecisionRecord.Fact.class);
        } catch (JsonProcessingException e) {
            throw new ApprovalException("cannot write fact " + fact.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(DecisionRecord record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new ApprovalException("cannot write the decision record of template " + record.templateKey() + " v"
                    + record.templateVersion() + ": " + e.getMessage(), e);
        }
    }

    /** @throws ApprovalException naming the history entry when the stored text is not a decision record */
    public static DecisionRecord fromJson(String json, long historyEntryId) {
        try {
            return JSON.readValue(json, DecisionRecord.class);
        } catch (JsonProcessingException e) {
            throw new ApprovalException("the decision record of history entry " + historyEntryId + " cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }
}
