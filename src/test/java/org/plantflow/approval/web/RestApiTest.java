package org.plantflow.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The REST API over real HTTP: a Spring Boot servlet host on a random port and PostgreSQL, nothing of plantflow named
 * but properties, the caller given by the development headers.
 */
class RestApiTest {
    static final String CLERK = "zhang.clerk";
    static final String MANAGER = "wang.manager";

    /** The host application: no component scan, nothing of plantflow named. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebHostApp {
    }

    static ConfigurableApplicationContext ctx;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    record Response(int status, String contentType, JsonNode body, String raw) {
    }

    @BeforeAll
    static void startHost() throws Exception {
        ctx = WebHosts.start(WebHostApp.class, "rest_api_", "plantflow.api.dev-identity=true");
        DataSource ds = ctx.getBean(DataSource.class);
        DemoSchema.migrate(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String key : List.of("FPC-REST-1", "FPC-REST-2", "FPC-REST-3", "FPC-REST-4", "FPC-REST-5", "FPC-REST-6")) {
                s.execute("insert into demo_contract values ('" + key + "', 1, 'coal', 5000, 600, 3000000, 5500, 0.8, 12)");
            }
        }
        base = "http://localhost:" + WebHosts.port(ctx) + "/plantflow/api";
    }

    @AfterAll
    static void stopHost() {
        if (ctx != null) {
            ctx.close();
        }
    }

    static Response call(String method, String path, String user, String roles, String body, String contentType)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            b.header("X-Plantflow-User", user);
        }
        if (roles != null) {
            b.header("X-Plantflow-Roles", roles);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body().isEmpty() ? null : json.readTree(r.body());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), node, r.body());
    }

    static Response get(String path, String user, String roles) throws Exception {
        return call("GET", path, user, roles, null, null);
    }

    static Response post(String path, String user, String roles, String jsonBody) throws Exception {
        return call("POST", path, user, roles, jsonBody, "application/json");
    }

    static long onlyTask(Response pending) {
        assertThat(pending.body().get("items")).as(pending.raw()).hasSize(1);
        return pending.body().get("items").get(0).get("id").asLong();
    }

    static void assertProblem(Response r, int status, String error) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().get("error").asText()).isEqualTo(error);
        assertThat(r.raw()).doesNotContain("\tat ").doesNotContain("trace");
    }

    @Test
    void a_clerk_starts_a_contract_and_the_manager_sees_it_in_pending_and_passes_it() throws Exception {
        Response started = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"FPC-REST-1\",\"variables\":{\"urgent\":true}}");
        assertThat(started.status()).as(started.raw()).isEqualTo(201);
        long instance = started.body().get("id").asLong();
        assertThat(started.body().get("initiator").asText()).isEqualTo(CLERK);
        assertThat(started.body().get("variables").get("urgent").asBoolean()).isTrue();

        long draft = onlyTask(get("/tasks?businessKey=FPC-REST-1", CLERK, "fuel_clerk"));
        Response detail = get("/tasks/" + draft, CLERK, "fuel_clerk");
        assertThat(detail.status()).as(detail.raw()).isEqualTo(200);
        assertThat(detail.body().get("task").get("nodeId").asText()).isEqualTo("draft");
        assertThat(detail.body().get("instance").get("id").asLong()).isEqualTo(instance);
        assertThat(detail.body().get("actions").toString()).isEqualTo("[\"pass\",\"return\"]");
        assertThat(detail.body().get("returnTargets")).as("the first manual node has nothing to return to").isEmpty();
        assertThat(detail.body().get("factsQuery").asText()).isEqualTo("fuel.contractFacts");
        assertThat(detail.body().get("businessFacts")).hasSize(1);
        assertThat(detail.body().get("businessFacts").get(0).toString()).contains("3000000");
        JsonNode doc = get("/openapi.json", null, null).body();
        new OpenApiShapes(doc).check(detail.body(), doc, "/tasks/{taskId}", "get", "200");

        Response passed = post("/tasks/" + draft + "/pass", CLERK, "fuel_clerk", "{\"comment\":\"draft complete\"}");
        assertThat(passed.status()).as(passed.raw()).isEqualTo(200);
        assertThat(passed.body().get("openTasks").get(0).get("nodeId").asText()).isEqualTo("fuel_manager_review");

        assertThat(get("/tasks?businessKey=FPC-REST-1", CLERK, "fuel_clerk").body().get("total").asInt())
                .as("the clerk's draft is done").isZero();
        Response pending = get("/tasks?template=fuel-purchase-contract&businessKey=FPC-REST-1", MANAGER, "fuel_manager");
        long review = onlyTask(pending);
        assertThat(get("/tasks/" + review, MANAGER, "fuel_manager").body().get("returnTargets").toString())
                .isEqualTo("[\"draft\"]");
        assertThat(pending.body().get("items").get(0).get("nodeId").asText()).isEqualTo("fuel_manager_review");
        assertThat(get("/tasks?template=coal-acceptance&businessKey=FPC-REST-1", MANAGER, "fuel_manager")
                .body().get("total").asInt()).as("filtered by template").isZero();

        Response managerPassed = post("/tasks/" + review + "/pass", MANAGER, "fuel_manager", "{\"comment\":\"ok\"}");
        assertThat(managerPassed.status()).as(managerPassed.raw()).isEqualTo(200);
        assertThat(managerPassed.body().get("openTasks")).extracting(t -> t.get("nodeId").asText())
                .doesNotContain("fuel_manager_review").isNotEmpty();

        Response history = get("/instances/" + instance + "/history", MANAGER, "fuel_manager");
        assertThat(history.status()).as(history.raw()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        history.body().forEach(h -> actions.add(h.get("entry").get("action").asText() + " " + h.get("entry").get("actor").asText()));
        assertThat(actions).containsSubsequence("START " + CLERK, "PASS " + CLERK, "PASS " + MANAGER);
        JsonNode managersPass = history.body().get(actions.indexOf("PASS " + MANAGER));
        assertThat(managersPass.get("recorded").asBoolean()).isTrue();
        assertThat(managersPass.get("text").asText()).contains("PASS by " + MANAGER);
        assertThat(managersPass.get("decisions")).isNotEmpty();

        Response seen = get("/instances/" + instance, MANAGER, "fuel_manager");
        assertThat(seen.status()).as("the manager acted on it").isEqualTo(200);
        assertThat(seen.body().get("businessKey").asText()).isEqualTo("FPC-REST-1");
    }

    @Test
    void acting_again_on_a_task_already_completed_is_a_conflict_naming_who_did_for_those_who_see_the_instance_only()
            throws Exception {
        post("/instances", CLERK, "fuel_clerk", "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"FPC-REST-6\"}");
        long draft = onlyTask(get("/tasks?businessKey=FPC-REST-6", CLERK, "fuel_clerk"));
        assertThat(post("/tasks/" + draft + "/pass", CLERK, "fuel_clerk", "{}").status()).isEqualTo(200);

        Response again = post("/tasks/" + draft + "/pass", CLERK, "fuel_clerk", "{\"comment\":\"from a second tab\"}");
        assertProblem(again, 409, "ConflictException");
        assertThat(again.body().get("taskId").asLong()).isEqualTo(draft);
        assertThat(again.body().get("detail").asText()).contains("no longer open (COMPLETED by " + CLERK + " (PASS at ");
        assertProblem(post("/tasks/" + draft + "/return", CLERK, "fuel_clerk", "{}"), 409, "ConflictException");
        Response stranger = post("/tasks/" + draft + "/pass", "li.clerk", "fuel_clerk", "{}");
        assertProblem(stranger, 404, "NotFoundException");
        assertThat(stranger.raw()).as("nothing of an instance the caller cannot see").doesNotContain("COMPLETED")
                .doesNotContain(CLERK);
        assertProblem(get("/tasks/" + draft, CLERK, "fuel_clerk"), 404, "NotFoundException");
    }

    @Test
    void another_user_gets_404_for_a_task_and_an_instance_not_offered_to_them_and_nothing_of_their_data() throws Exception {
        long instance = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"FPC-REST-2\"}").body().get("id").asLong();
        long draft = onlyTask(get("/tasks?businessKey=FPC-REST-2", CLERK, "fuel_clerk"));

        for (Response r : List.of(get("/tasks/" + draft, "li.other", "finance"),
                post("/tasks/" + draft + "/pass", "li.other", "finance", "{}"),
                post("/tasks/" + draft + "/return", "li.other", "finance", "{\"comment\":\"no\"}"))) {
            assertProblem(r, 404, "NotFoundException");
            assertThat(r.body().get("taskId").asLong()).isEqualTo(draft);
            assertThat(r.body().get("user").asText()).isEqualTo("li.other");
            assertThat(r.raw()).doesNotContain("FPC-REST-2").doesNotContain("draft\"");
        }
        assertThat(get("/tasks?businessKey=FPC-REST-2", "li.other", "finance").body().get("total").asInt()).isZero();

        Response instanceOfOthers = get("/instances/" + instance, "li.other", "finance");
        assertProblem(instanceOfOthers, 404, "NotFoundException");
        assertThat(instanceOfOthers.body().get("instanceId").asLong()).isEqualTo(instance);
        assertThat(get("/instances/" + instance + "/history", "li.other", "finance").status()).isEqualTo(404);
        assertThat(get("/instances/" + instance, "root", "plantflow_admin").status()).as("administrators see all").isEqualTo(200);
        assertThat(get("/tasks/" + draft, CLERK, "fuel_clerk").status()).as("the task is still there").isEqualTo(200);
    }

    @Test
    void every_error_is_a_problem_json_with_its_status_and_ids() throws Exception {
        assertProblem(get("/tasks", null, null), 401, "NotSignedIn");

        Response malformed = post("/instances", CLERK, "fuel_clerk", "{\"template\": ");
        assertProblem(malformed, 400, "InvalidInputException");
        assertThat(malformed.body().get("field").asText()).isEqualTo("body");
        Response missing = post("/instances", CLERK, "fuel_clerk", "{\"template\":\"fuel-purchase-contract\"}");
        assertProblem(missing, 400, "InvalidInputException");
        assertThat(missing.body().get("field").asText()).isEqualTo("businessKey");
        assertThat(missing.body().get("detail").asText()).isEqualTo("field 'businessKey' is missing or blank in the request body");
        Response wrongType = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"X\",\"variables\":[1]}");
        assertProblem(wrongType, 400, "InvalidInputException");
        assertThat(wrongType.body().get("field").asText()).isEqualTo("variables");
        Response badSize = get("/tasks?size=0", CLERK, "fuel_clerk");
        assertProblem(badSize, 400, "InvalidInputException");
        assertThat(badSize.body().get("field").asText()).isEqualTo("size");

        Response unknownTemplate = post("/instances", CLERK, "fuel_clerk", "{\"template\":\"no-such\",\"businessKey\":\"X-1\"}");
        assertProblem(unknownTemplate, 404, "NotFoundException");
        assertThat(unknownTemplate.body().get("templateKey").asText()).isEqualTo("no-such");

        long running = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"FPC-REST-3\"}").body().get("id").asLong();
        Response again = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"FPC-REST-3\"}");
        assertProblem(again, 409, "InstanceAlreadyRunningException");
        assertThat(again.body().get("instanceId").asLong()).isEqualTo(running);
        assertThat(again.body().get("businessKey").asText()).isEqualTo("FPC-REST-3");

        Response notAdmin = call("POST", "/templates", CLERK, "fuel_clerk", "<x/>", "application/xml");
        assertProblem(notAdmin, 403, "NotAuthorizedException");
        assertThat(notAdmin.body().get("user").asText()).isEqualTo(CLERK);

        String invalid = "<?xml version=\"1.0\"?><bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
                + " id=\"d\" targetNamespace=\"t\"><bpmn:process id=\"broken\" isExecutable=\"true\">"
                + "<bpmn:startEvent id=\"s\"/></bpmn:process></bpmn:definitions>";
        Response refused = call("POST", "/templates?name=broken.bpmn", "root", "plantflow_admin", invalid, "application/xml");
        assertProblem(refused, 422, "TemplateInvalidException");
        assertThat(refused.body().get("file").asText()).isEqualTo("broken.bpmn");
        assertThat(refused.body().get("problems")).isNotEmpty();
        assertThat(refused.body().get("problems").get(0).get("code").asText()).isNotBlank();

        String forked = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/templates/two-outgoing-no-gateway.bpmn"));
        Response deployed = call("POST", "/templates?name=forked.bpmn", "root", "plantflow_admin", forked, "application/xml");
        assertThat(deployed.status()).as(deployed.raw()).isEqualTo(201);
        assertThat(deployed.body().get("key").asText()).isEqualTo("forked");
        assertThat(deployed.body().get("created").asBoolean()).isTrue();
        Response same = call("POST", "/templates?name=forked.bpmn", "root", "plantflow_admin", forked, "application/xml");
        assertThat(same.status()).as("identical content is not deployed again").isEqualTo(200);
        assertThat(same.body().get("created").asBoolean()).isFalse();
        long stuck = post("/instances", "someone", "", "{\"template\":\"forked\",\"businessKey\":\"F-1\"}").body().get("id").asLong();
        long review = onlyTask(get("/tasks?template=forked", "rev", "reviewer"));
        Response undecided = post("/tasks/" + review + "/pass", "rev", "reviewer", "{}");
        assertProblem(undecided, 422, "DecisionException");
        assertThat(undecided.body().get("instanceId").asLong()).isEqualTo(stuck);
        assertThat(undecided.body().get("nodeId").asText()).isEqualTo("review");
        assertThat(undecided.body().get("templateKey").asText()).isEqualTo("forked");
        assertThat(undecided.body().get("rulesFired").toString()).isEqualTo(
                "[\"core: a holder of a candidate role may act\",\"core: a single-acceptor node completes on its pass\"]");
        assertThat(undecided.body().get("detail").asText()).startsWith("no rule decided where instance " + stuck);

        Response notANumber = get("/tasks/abc", CLERK, "fuel_clerk");
        assertProblem(notANumber, 400, "InvalidInputException");
        assertThat(notANumber.body().get("field").asText()).isEqualTo("taskId");

        Response checked = call("POST", "/templates/validate?name=broken.bpmn", CLERK, "fuel_clerk", invalid, "text/xml");
        assertThat(checked.status()).as(checked.raw()).isEqualTo(200);
        assertThat(checked.body().get("valid").asBoolean()).isFalse();
        assertThat(checked.body().get("problems").get(0).get("file").asText()).isEqualTo("broken.bpmn");
        assertThat(checked.body().get("problems").size()).isEqualTo(refused.body().get("problems").size());
    }

    @Test
    void anyone_signed_in_lists_the_deployed_templates_and_reads_a_version_with_its_bpmn_xml() throws Exception {
        JsonNode doc = get("/openapi.json", null, null).body();
        OpenApiShapes shapes = new OpenApiShapes(doc);
        Response list = get("/templates", CLERK, "fuel_clerk");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        shapes.check(list.body(), doc, "/templates", "get", "200");
        List<String> keys = new ArrayList<>();
        list.body().forEach(t -> keys.add(t.get("key").asText()));
        assertThat(keys).contains("coal-acceptance", "coal-yard-inventory-adjustment", "fuel-purchase-contract",
                "fuel-settlement").isSorted();
        JsonNode fuel = list.body().get(keys.indexOf("fuel-purchase-contract"));
        assertThat(fuel.get("latestVersion").asInt()).isEqualTo(1);
        assertThat(fuel.get("versions").get(0).get("sourceFile").asText()).isEqualTo("fuel-purchase-contract.bpmn");
        assertThat(fuel.get("versions").get(0).has("bpmnXml")).as("the list carries no XML").isFalse();

        Response one = get("/templates/fuel-purchase-contract/versions/1", CLERK, "fuel_clerk");
        assertThat(one.status()).as(one.raw()).isEqualTo(200);
        shapes.check(one.body(), doc, "/templates/{key}/versions/{version}", "get", "200");
        assertThat(one.body().get("version").get("key").asText()).isEqualTo("fuel-purchase-contract");
        assertThat(one.body().get("bpmnXml").asText()).isEqualTo(java.nio.file.Files.readString(
                java.nio.file.Path.of("approval-templates/fuel-purchase-contract.bpmn")));

        Response noVersion = get("/templates/fuel-purchase-contract/versions/99", CLERK, "fuel_clerk");
        assertProblem(noVersion, 404, "NotFoundException");
        assertThat(noVersion.body().get("templateKey").asText()).isEqualTo("fuel-purchase-contract");
        assertThat(noVersion.body().get("templateVersion").asInt()).isEqualTo(99);
        assertProblem(get("/templates", null, null), 401, "NotSignedIn");
    }

    @Test
    void the_instance_list_shows_a_user_the_instances_they_started_and_an_administrator_all_a_page_at_a_time() throws Exception {
        JsonNode doc = get("/openapi.json", null, null).body();
        long mine = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"FPC-REST-5\"}").body().get("id").asLong();
        long others = post("/instances", "zhao.clerk", "fuel_clerk",
                "{\"template\":\"coal-yard-inventory-adjustment\",\"businessKey\":\"CYA-REST-LIST\"}").body().get("id").asLong();

        Response list = get("/instances?template=fuel-purchase-contract&status=RUNNING&businessKey=FPC-REST-5", CLERK, "fuel_clerk");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        new OpenApiShapes(doc).check(list.body(), doc, "/instances", "get", "200");
        assertThat(list.body().get("total").asLong()).isEqualTo(1);
        JsonNode item = list.body().get("items").get(0);
        assertThat(item.get("id").asLong()).isEqualTo(mine);
        assertThat(item.get("templateVersion").asInt()).isEqualTo(1);
        assertThat(item.get("initiator").asText()).isEqualTo(CLERK);

        List<Long> clerksIds = new ArrayList<>();
        get("/instances?size=200", CLERK, "fuel_clerk").body().get("items").forEach(i -> clerksIds.add(i.get("id").asLong()));
        assertThat(clerksIds).contains(mine).doesNotContain(others).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(get("/instances?businessKey=CYA-REST-LIST", CLERK, "fuel_clerk").body().get("total").asLong())
                .as("another user's instance is not listed").isZero();
        assertThat(get("/instances?status=COMPLETED&businessKey=FPC-REST-5", CLERK, "fuel_clerk").body().get("total").asLong()).isZero();

        Response all = get("/instances?size=1&page=0", "root", "plantflow_admin");
        long total = all.body().get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(2);
        assertThat(all.body().get("items")).hasSize(1);
        assertThat(get("/instances?size=1&page=" + (total - 1), "root", "plantflow_admin").body().get("items")).hasSize(1);
        assertThat(get("/instances?size=1&page=" + total, "root", "plantflow_admin").body().get("items")).isEmpty();
        assertThat(get("/instances?businessKey=CYA-REST-LIST", "root", "plantflow_admin").body().get("items").get(0)
                .get("id").asLong()).isEqualTo(others);

        assertThat(get("/instances?size=201", CLERK, "fuel_clerk").body().get("field").asText()).isEqualTo("size");
        Response badStatus = get("/instances?status=SLEEPING", CLERK, "fuel_clerk");
        assertProblem(badStatus, 400, "InvalidInputException");
        assertThat(badStatus.body().get("field").asText()).isEqualTo("status");
    }

    @Test
    void the_diagram_gives_the_bpmn_the_nodes_executed_the_flows_the_rules_took_and_where_the_instance_stands() throws Exception {
        JsonNode doc = get("/openapi.json", null, null).body();
        long instance = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"FPC-REST-4\"}").body().get("id").asLong();
        long draft = onlyTask(get("/tasks?businessKey=FPC-REST-4", CLERK, "fuel_clerk"));
        assertThat(post("/tasks/" + draft + "/pass", CLERK, "fuel_clerk", "{\"comment\":\"first draft\"}").status()).isEqualTo(200);
        long review = onlyTask(get("/tasks?businessKey=FPC-REST-4", MANAGER, "fuel_manager"));
        Response returned = post("/tasks/" + review + "/return", MANAGER, "fuel_manager", "{\"comment\":\"price missing\"}");
        assertThat(returned.status()).as(returned.raw()).isEqualTo(200);
        long redraft = onlyTask(get("/tasks?businessKey=FPC-REST-4", CLERK, "fuel_clerk"));
        assertThat(post("/tasks/" + redraft + "/pass", CLERK, "fuel_clerk", "{\"comment\":\"price added\"}").status()).isEqualTo(200);
        long review2 = onlyTask(get("/tasks?businessKey=FPC-REST-4", MANAGER, "fuel_manager"));
        Response afterReview = post("/tasks/" + review2 + "/pass", MANAGER, "fuel_manager", "{\"comment\":\"ok\"}");
        assertThat(afterReview.status()).as(afterReview.raw()).isEqualTo(200);

        Response diagram = get("/instances/" + instance + "/diagram", CLERK, "fuel_clerk");
        assertThat(diagram.status()).as(diagram.raw()).isEqualTo(200);
        new OpenApiShapes(doc).check(diagram.body(), doc, "/instances/{instanceId}/diagram", "get", "200");
        JsonNode d = diagram.body();
        String bpmn = java.nio.file.Files.readString(java.nio.file.Path.of("approval-templates/fuel-purchase-contract.bpmn"));
        assertThat(d.get("bpmnXml").asText()).isEqualTo(bpmn);
        assertThat(d.get("unrecordedSteps").asInt()).isZero();

        // flows: as the rules routed, in order, the draft's flow twice, nothing for the return
        List<String> flows = new ArrayList<>();
        d.get("takenFlows").forEach(f -> {
            flows.add(f.get("flowId").asText());
            assertThat(bpmn).as("the flow is the template's, with its ends").containsPattern("<bpmn:sequenceFlow id=\""
                    + f.get("flowId").asText() + "\"( name=\"[^\"]*\")? sourceRef=\"" + f.get("sourceNode").asText()
                    + "\" targetRef=\"" + f.get("targetNode").asText() + "\"");
        });
        assertThat(flows.subList(0, 4)).containsExactly("f_start", "f_drafted", "f_drafted", "f_reviewed");
        assertThat(flows).filteredOn(f -> f.startsWith("to_")).isNotEmpty(); // the risk check's branch, as the rules chose
        d.get("takenFlows").forEach(f -> assertThat(f.get("sourceNode").asText() + "->" + f.get("targetNode").asText())
                .as("a return is not a flow").isNotEqualTo("fuel_manager_review->draft"));

        // where it stands: the open tasks' nodes, with their tasks
        List<String> open = new ArrayList<>();
        afterReview.body().get("openTasks").forEach(t -> open.add(t.get("nodeId").asText()));
        List<String> current = new ArrayList<>();
        d.get("currentNodes").forEach(c -> {
            current.add(c.get("nodeId").asText());
            assertThat(c.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(c.get("openTasks")).isNotEmpty();
        });
        assertThat(current).containsExactlyInAnyOrderElementsOf(open);

        List<String> executed = new ArrayList<>();
        d.get("executedNodes").forEach(n -> executed.add(n.asText()));
        assertThat(executed).startsWith("start", "draft", "fuel_manager_review", "risk_check").doesNotContainAnyElementsOf(open);

        java.util.Map<String, JsonNode> nodes = new java.util.HashMap<>();
        d.get("nodes").forEach(n -> nodes.put(n.get("nodeId").asText(), n));
        assertThat(nodes.get("draft").get("completedVisits").asInt()).isEqualTo(2);
        assertThat(nodes.get("fuel_manager_review").get("completedVisits").asInt()).as("the returned visit is not completed").isEqualTo(1);
        List<String> reviewRows = new ArrayList<>();
        nodes.get("fuel_manager_review").get("history").forEach(h ->
                reviewRows.add(h.get("action").asText() + " " + h.get("actor").asText() + " " + h.get("comment").asText()));
        assertThat(reviewRows).containsExactly("RETURN " + MANAGER + " price missing", "PASS " + MANAGER + " ok");
        List<String> draftRows = new ArrayList<>();
        nodes.get("draft").get("history").forEach(h -> draftRows.add(h.get("action").asText() + " " + h.get("comment").asText()));
        assertThat(draftRows).containsExactly("PASS first draft", "PASS price added");
        assertThat(nodes.get("start").get("history").get(0).get("action").asText()).isEqualTo("START");
        assertThat(nodes.get("start").get("history").get(0).get("actor").asText()).isEqualTo(CLERK);

        Response hidden = get("/instances/" + instance + "/diagram", "li.other", "hr"); // finance now holds a task of it
        assertProblem(hidden, 404, "NotFoundException");
        assertThat(hidden.raw()).doesNotContain("bpmnXml").doesNotContain("FPC-REST-4");
        assertThat(get("/instances/" + instance + "/diagram", MANAGER, "fuel_manager").status()).as("the manager acted on it").isEqualTo(200);
    }

    @Test
    void the_openapi_document_describes_every_endpoint_of_the_api_and_nothing_else() throws Exception {
        Response doc = get("/openapi.json", null, null);
        assertThat(doc.status()).as(doc.raw()).isEqualTo(200);
        assertThat(doc.body().get("openapi").asText()).startsWith("3.");
        assertThat(doc.body().get("servers").get(0).get("url").asText()).isEqualTo("/plantflow/api");

        java.util.Set<String> documented = new java.util.TreeSet<>();
        doc.body().get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        java.util.Set<String> mapped = new java.util.TreeSet<>();
        ctx.getBean("requestMappingHandlerMapping",
                        org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping.class)
                .getHandlerMethods().forEach((info, method) -> {
                    if (method.getBeanType().getPackageName().equals(RestApiTest.class.getPackageName())) {
                        for (String pattern : info.getPatternValues()) {
                            assertThat(pattern).as("every endpoint is under the base path").startsWith("/plantflow/api/");
                            info.getMethodsCondition().getMethods().forEach(m ->
                                    mapped.add(m.name() + " " + pattern.substring("/plantflow/api".length())));
                        }
                    }
                });
        assertThat(mapped).as("mapped endpoints").hasSizeGreaterThanOrEqualTo(10);
        assertThat(documented).isEqualTo(mapped);
    }

    @Test
    void responses_have_the_shape_the_openapi_document_gives_them() throws Exception {
        JsonNode doc = get("/openapi.json", null, null).body();
        Response started = post("/instances", CLERK, "fuel_clerk",
                "{\"template\":\"coal-yard-inventory-adjustment\",\"businessKey\":\"CYA-REST-1\"}");
        assertThat(started.status()).as(started.raw()).isEqualTo(201);
        OpenApiShapes shapes = new OpenApiShapes(doc);
        shapes.check(started.body(), doc, "/instances", "post", "201");
        long instance = started.body().get("id").asLong();
        Response pending = get("/tasks?businessKey=CYA-REST-1", "root", "plantflow_admin");
        shapes.check(pending.body(), doc, "/tasks", "get", "200");
        shapes.check(get("/instances/" + instance, CLERK, "fuel_clerk").body(), doc, "/instances/{instanceId}", "get", "200");
        shapes.check(get("/instances/" + instance + "/history", CLERK, "fuel_clerk").body(), doc,
                "/instances/{instanceId}/history", "get", "200");
        Response missing = get("/tasks/987654321", CLERK, "fuel_clerk");
        shapes.check(missing.body(), doc, "/tasks/{taskId}", "get", "404");
    }
}
