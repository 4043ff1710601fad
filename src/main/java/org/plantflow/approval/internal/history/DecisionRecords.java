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
            .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // 37980000.00 stays that, not 3.798E7

    private DecisionRecords() {
    }

    /** A fact's recorded form: its properties as the rules read them (getters), or its text when it has none. */
    @SuppressWarnings("unchecked")
    public static DecisionRecord.Fact fact(Object fact, boolean template) {
        if (fact instanceof CharSequence || fact instanceof Number || fact instanceof Boolean) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("value", fact instanceof CharSequence ? fact.toString() : fact);
            return new DecisionRecord.Fact(fact.getClass().getSimpleName(), value, template);
        }
        Map<String, Object> values;
        try {
            values = JSON.convertValue(fact, LinkedHashMap.class);
        } catch (IllegalArgumentException e) {
            values = null;
        }
        if (values == null || values.isEmpty()) {
            values = new LinkedHashMap<>();
            values.put("text", String.valueOf(fact));
        }
        return new DecisionRecord.Fact(fact.getClass().getSimpleName(), values, template);
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
