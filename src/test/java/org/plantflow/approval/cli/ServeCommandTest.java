package org.plantflow.approval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.plantflow.approval.internal.persistence.OwnPool;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code serve}: the API on the embedded database with the demo's data, development identity on, at the printed URL. */
class ServeCommandTest {

    @Test
    void serve_loads_the_demo_and_answers_at_the_url_it_prints() throws Exception {
        CommonOptions common = new CommonOptions();
        common.jdbcUrl = "jdbc:h2:mem:serve" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        common.dbUser = "sa";
        StringWriter out = new StringWriter();
        try (OwnPool pool = OwnPool.open(common.jdbcUrl, common.dbUser, common.dbPassword);
             ConfigurableApplicationContext ctx = ServeCommand.start(pool.dataSource(), 0, common, new PrintWriter(out, true))) {
            assertThat(out.toString()).contains("demo data loaded");
            Matcher url = Pattern.compile("plantflow API on (http://localhost:\\d+/plantflow/api)").matcher(out.toString());
            assertThat(url.find()).as(out.toString()).isTrue();
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> openApi = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/openapi.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(openApi.statusCode()).isEqualTo(200);
            assertThat(openApi.body()).contains("\"openapi\"");

            HttpResponse<String> tasks = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/tasks"))
                    .header("X-Plantflow-User", "qian.settle").header("X-Plantflow-Roles", "finance_manager").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
            assertThat(tasks.body()).contains("\"items\"");

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/tasks")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
        }
    }
}
