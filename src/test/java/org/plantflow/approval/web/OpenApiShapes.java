package org.plantflow.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A small check of a JSON value against a schema of the OpenAPI document (no library): $ref, object properties (every
 * required one present, none undocumented), arrays, and the JSON type of strings, integers, numbers and booleans,
 * null only where nullable.
 */
final class OpenApiShapes {
    private final JsonNode document;

    OpenApiShapes(JsonNode document) {
        this.document = document;
    }

    void check(JsonNode value, JsonNode doc, String path, String method, String status) {
        JsonNode response = resolve(doc.get("paths").get(path).get(method).get("responses").get(status));
        assertThat(response).as(method + " " + path + " " + status + " is documented").isNotNull();
        JsonNode content = response.get("content");
        JsonNode schema = content.has("application/json") ? content.get("application/json").get("schema")
                : content.get("application/problem+json").get("schema");
        matches(value, schema, method.toUpperCase() + " " + path + " " + status + " $");
    }

    private JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            String[] parts = node.get("$ref").asText().substring(2).split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.get(part);
            }
            node = target;
        }
        return node;
    }

    private void matches(JsonNode value, JsonNode schemaOrRef, String where) {
        JsonNode schema = resolve(schemaOrRef);
        if (value == null || value.isNull()) {
            assertThat(schema.path("nullable").asBoolean()).as(where + " is null but not nullable").isTrue();
            return;
        }
        if (schema.has("oneOf")) {
            return;
        }
        String type = schema.path("type").asText();
        switch (type) {
            case "object" -> {
                assertThat(value.isObject()).as(where + " is an object: " + value).isTrue();
                schema.path("required").forEach(r -> assertThat(value.has(r.asText()))
                        .as(where + " has required '" + r.asText() + "': " + value).isTrue());
                JsonNode properties = schema.get("properties");
                if (properties != null) {
                    value.fieldNames().forEachRemaining(f -> {
                        assertThat(properties.has(f)).as(where + "." + f + " is documented").isTrue();
                        matches(value.get(f), properties.get(f), where + "." + f);
                    });
                }
            }
            case "array" -> {
                assertThat(value.isArray()).as(where + " is an array: " + value).isTrue();
                int i = 0;
                for (JsonNode item : value) {
                    matches(item, schema.get("items"), where + "[" + i++ + "]");
                }
            }
            case "string" -> assertThat(value.isTextual()).as(where + " is a string: " + value).isTrue();
            case "integer" -> assertThat(value.isIntegralNumber()).as(where + " is an integer: " + value).isTrue();
            case "number" -> assertThat(value.isNumber()).as(where + " is a number: " + value).isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as(where + " is a boolean: " + value).isTrue();
            default -> throw new AssertionError(where + ": the schema has no type: " + schema);
        }
    }
}
