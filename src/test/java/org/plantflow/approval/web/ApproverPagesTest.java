package org.plantflow.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.Actor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The approver pages as the JAR serves them (no browser: the browser test drives them): every file the entry page and
 * the modules name is served from the classpath with its content type, config.json tells the pages the API, the
 * properties move or turn them off, and nothing is fetched from another site.
 */
class ApproverPagesTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class DevHost {
    }

    /** A host whose own sign-in says who calls (the pages then send no identity headers). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostWithItsOwnIdentity {
        @Bean
        ActorResolver hostIdentity() {
            return request -> request.getHeader("X-Host-User") == null ? null
                    : Actor.of(request.getHeader("X-Host-User"), "fuel_manager");
        }
    }

    static ConfigurableApplicationContext dev;

    @BeforeAll
    static void start() throws Exception {
        dev = WebHosts.start(DevHost.class, "pages_", "plantflow.api.dev-identity=true");
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    static HttpResponse<String> get(ConfigurableApplicationContext ctx, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + WebHosts.port(ctx) + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    /** The local files a page names: src and href attributes of the HTML, imports of a module. */
    static List<String> references(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"|from\\s+'(\\./[^']+)'|import\\s+'(\\./[^']+)'")
                .matcher(text);
        while (m.find()) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    found.add(m.group(g).replaceFirst("^\\./", ""));
                }
            }
        }
        return found;
    }

    @Test
    void the_entry_page_and_every_file_it_and_its_modules_name_are_served_from_the_jar_with_their_content_types()
            throws Exception {
        HttpResponse<String> index = get(dev, "/plantflow/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(contentType(index)).startsWith("text/html");
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>")
                .contains("vendor/bpmn-js/bpmn-navigated-viewer.production.min.js")
                .contains("vendor/bpmn-js/diagram-js.css").contains("vendor/bpmn-js/bpmn-js.css");
        HttpResponse<String> bare = get(dev, "/plantflow");
        assertThat(bare.statusCode()).as("without the slash: redirected, so that relative links work").isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValue("/plantflow/");

        Set<String> seen = new LinkedHashSet<>();
        List<String> toFetch = new ArrayList<>(references(index.body()));
        while (!toFetch.isEmpty()) {
            String file = toFetch.remove(0);
            if (!seen.add(file)) {
                continue;
            }
            HttpResponse<String> r = get(dev, "/plantflow/" + file);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            if (file.endsWith(".js")) {
                assertThat(contentType(r)).as(file).startsWith("text/javascript");
                if (!file.startsWith("vendor/")) {
                    toFetch.addAll(references(r.body()));
                }
            } else if (file.endsWith(".css")) {
                assertThat(contentType(r)).as(file).startsWith("text/css");
            }
        }
        assertThat(seen).as("the entry page, every page module and bpmn-js's viewer and styles").contains(
                "app.js", "api.js", "i18n.js", "page-tasks.js", "page-task.js", "page-instance.js", "page-started.js",
                "diagram.js", "style.css", "vendor/bpmn-js/bpmn-navigated-viewer.production.min.js",
                "vendor/bpmn-js/diagram-js.css", "vendor/bpmn-js/bpmn-js.css");
        assertThat(get(dev, "/plantflow/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js").body())
                .as("the prebuilt viewer from the npm package").startsWith("/*! bpmn-js - bpmn-navigated-viewer v");
        assertThat(get(dev, "/plantflow/no-such-file.js").statusCode()).isEqualTo(404);
    }

    @Test
    void config_json_names_the_api_and_development_identity_and_the_api_answers_me() throws Exception {
        HttpResponse<String> config = get(dev, "/plantflow/config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(contentType(config)).startsWith("application/json");
        JsonNode c = json.readTree(config.body());
        assertThat(c.get("apiBase").asText()).isEqualTo("/plantflow/api");
        assertThat(c.get("devIdentity").asBoolean()).isTrue();

        HttpResponse<String> me = get(dev, "/plantflow/api/me", "X-Plantflow-User", "wang.manager",
                "X-Plantflow-Roles", "fuel_manager,plantflow_admin");
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        JsonNode m = json.readTree(me.body());
        assertThat(m.get("user").asText()).isEqualTo("wang.manager");
        assertThat(m.get("roles").toString()).isEqualTo("[\"fuel_manager\",\"plantflow_admin\"]");
        assertThat(m.get("admin").asBoolean()).isTrue();
        HttpResponse<String> nobody = get(dev, "/plantflow/api/me");
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(contentType(nobody)).isEqualTo("application/problem+json");
    }

    @Test
    void no_page_source_fetches_anything_from_another_site() throws Exception {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:plantflow/pages/**/*.*");
        List<String> names = new ArrayList<>();
        for (Resource file : files) {
            String path = file.getURL().toString();
            String text = new String(file.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            names.add(path.substring(path.indexOf("plantflow/pages/")));
            if (path.contains("/vendor/")) {
                // bpmn-js's own files name XML namespaces and its project site (the required watermark link), but
                // load nothing: no remote stylesheet, font or script
                assertThat(text).as(path).doesNotContainPattern("url\\(\\s*['\"]?https?:")
                        .doesNotContainPattern("@import\\s+(url\\()?['\"]?https?:");
            } else {
                assertThat(text).as(path).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
            }
        }
        assertThat(names).contains("plantflow/pages/index.html", "plantflow/pages/app.js", "plantflow/pages/style.css",
                "plantflow/pages/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js");
    }

    @Test
    void a_host_with_its_own_sign_in_moves_the_pages_and_the_api_and_gets_no_development_identity() throws Exception {
        try (ConfigurableApplicationContext ctx = WebHosts.start(HostWithItsOwnIdentity.class, "pages_host_",
                "plantflow.pages.path=/approvals", "plantflow.api.base-path=/approvals/api")) {
            JsonNode c = json.readTree(get(ctx, "/approvals/config.json").body());
            assertThat(c.get("apiBase").asText()).isEqualTo("/approvals/api");
            assertThat(c.get("devIdentity").asBoolean()).isFalse();
            assertThat(get(ctx, "/approvals/").body()).contains("app.js");
            assertThat(contentType(get(ctx, "/approvals/app.js"))).startsWith("text/javascript");
            assertThat(get(ctx, "/plantflow/").statusCode()).isEqualTo(404);
            assertThat(json.readTree(get(ctx, "/approvals/api/me", "X-Host-User", "chen").body()).get("user").asText())
                    .isEqualTo("chen");
        }
    }

    @Test
    void plantflow_pages_enabled_false_serves_no_page_and_keeps_the_api() throws Exception {
        try (ConfigurableApplicationContext ctx = WebHosts.start(DevHost.class, "pages_off_",
                "plantflow.api.dev-identity=true", "plantflow.pages.enabled=false")) {
            assertThat(get(ctx, "/plantflow/").statusCode()).isEqualTo(404);
            assertThat(get(ctx, "/plantflow/config.json").statusCode()).isEqualTo(404);
            assertThat(get(ctx, "/plantflow/app.js").statusCode()).isEqualTo(404);
            assertThat(get(ctx, "/plantflow/api/me", "X-Plantflow-User", "wang.manager").statusCode()).isEqualTo(200);
        }
    }
}
