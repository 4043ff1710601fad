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
}
