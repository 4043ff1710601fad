package org.plantflow.approval.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The REST API as the browser test's second witness: it starts instances, and says what the pages should show
 * (pending counts, task ids, history rows, the diagram). The caller is given by the development headers.
 */
final class PlantflowApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    PlantflowApi(String base) {
        this.base = base;
    }

    record User(String id, String roles) {
    }

    JsonNode get(String path, User user) {
        return call("GET", path, user, null, 200);
    }

    JsonNode post(String path, User user, String jsonBody, int expectedStatus) {
        return call("POST", path, user, jsonBody, expectedStatus);
    }

    /** The one open task of the business key offered to the user. */
    long onlyTask(String businessKey, User user) {
        JsonNode items = get("/tasks?businessKey=" + URLEncoder.encode(businessKey, StandardCharsets.UTF_8), user).get("items");
        assertThat(items).as("open tasks of " + businessKey + " offered to " + user.id()).hasSize(1);
        return items.get(0).get("id").asLong();
    }

    long pendingCount(User user) {
        return get("/tasks?size=1", user).get("total").asLong();
    }

    private JsonNode call(String method, String path, User user, String body, int expectedStatus) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("X-Plantflow-User", user.id())
                .header("X-Plantflow-Roles", user.roles());
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + " as " + user.id() + ": " + r.body()).isEqualTo(expectedStatus);
            return r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + base + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
