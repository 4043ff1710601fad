package org.plantflow.approval.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.Actor;
import org.plantflow.approval.ConfigurationException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;

/** How a host turns the REST API on, off, and tells it who calls. */
class RestApiConfigurationTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostWithoutIdentity {
    }

    /** A host whose own sign-in (here a header of its own) says who calls. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostWithItsOwnIdentity {
        @Bean
        ActorResolver hostIdentity() {
            return request -> request.getHeader("X-Host-User") == null ? null
                    : Actor.of(request.getHeader("X-Host-User"), "boss");
        }
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext ctx, String path, String header, String value)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + WebHosts.port(ctx) + path));
        if (header != null) {
            b.header(header, value);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void without_an_actor_resolver_the_api_refuses_to_start_naming_the_fix() {
        assertThatThrownBy(() -> WebHosts.start(HostWithoutIdentity.class, "rest_noid_").close())
                .satisfies(e -> assertThat(NestedExceptionUtils.getRootCause(e))
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessage("the plantflow REST API needs to know who calls and found 0 ActorResolver beans: define"
                                + " exactly one bean of type org.plantflow.approval.web.ActorResolver (the user and roles"
                                + " from the host's security), or for development only set plantflow.api.dev-identity=true"
                                + " (headers X-Plantflow-User, X-Plantflow-Roles), or turn the API off with"
                                + " plantflow.api.enabled=false"));
    }

    @Test
    void the_hosts_actor_resolver_says_who_calls_under_the_configured_base_path_and_admin_role() throws Exception {
        try (ConfigurableApplicationContext ctx = WebHosts.start(HostWithItsOwnIdentity.class, "rest_hostid_",
                "plantflow.api.base-path=/api/approvals", "plantflow.api.admin-role=boss")) {
            assertThat(get(ctx, "/api/approvals/tasks", "X-Host-User", "chen").statusCode()).isEqualTo(200);
            assertThat(get(ctx, "/api/approvals/tasks", "X-Plantflow-User", "chen").statusCode())
                    .as("the development headers mean nothing here").isEqualTo(401);
            assertThat(get(ctx, "/plantflow/api/tasks", "X-Host-User", "chen").statusCode()).isEqualTo(404);
            HttpResponse<String> deploy = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + WebHosts.port(ctx) + "/api/approvals/templates?name=x.bpmn"))
                    .header("X-Host-User", "chen").header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofString("<not-bpmn/>")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deploy.statusCode()).as("role boss is the administrators' role: past the 403 to the template's 422")
                    .isEqualTo(422);
            assertThat(get(ctx, "/api/approvals/openapi.json", null, null).body())
                    .contains("\"servers\":[{\"url\":\"/api/approvals\"}]");
        }
    }

    @Test
    void plantflow_api_enabled_false_maps_no_endpoint_and_needs_no_resolver() throws Exception {
        try (ConfigurableApplicationContext ctx = WebHosts.start(HostWithoutIdentity.class, "rest_off_",
                "plantflow.api.enabled=false")) {
            assertThat(ctx.getBeansOfType(TaskController.class)).isEmpty();
            assertThat(get(ctx, "/plantflow/api/openapi.json", null, null).statusCode()).isEqualTo(404);
        }
    }
}
