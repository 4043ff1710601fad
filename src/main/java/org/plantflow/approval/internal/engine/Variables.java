package org.plantflow.approval.internal.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.plantflow.approval.ApprovalException;

/** Start variables: stored as JSON, given to the rules as facts. */
public final class Variables {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Variables() {
    }

    /** Without the null values; names and values were checked by {@link Inputs#start}. */
    static Map<String, Object> copyOf(Map<String, Object> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (vars != null) {
            vars.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    public static String toJson(Map<String, Object> vars) {
        try {
            return JSON.writeValueAsString(copyOf(vars));
        } catch (JsonProcessingException e) {
            throw new ApprovalException("cannot store variables: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new ApprovalException("stored variables are not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * A variable's value typed from text, as {@code start --var NAME=VALUE} and the rule scenarios' {@code var.NAME}
     * give it: {@code true}/{@code false}, a whole number (Long), a decimal number (Double), else the text.
     */
    public static Object typed(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            try {
                return new java.math.BigDecimal(v).doubleValue();
            } catch (NumberFormatException e2) {
                return v;
            }
        }
    }
}
