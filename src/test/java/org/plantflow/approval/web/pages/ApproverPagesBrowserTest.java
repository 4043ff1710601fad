package org.plantflow.approval.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.plantflow.approval.internal.demo.DemoSchema;
import org.plantflow.approval.web.WebHosts;
import org.plantflow.approval.web.pages.PlantflowApi.User;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The approver pages in headless Chromium (issue 13): a Spring Boot servlet host on a random port over PostgreSQL,
 * nothing of plantflow named but properties, the pages at /plantflow/ with development identity ({@code ?user=}).
 * One host and one browser for the class; the conflict opens a second browser. Screenshots land in
 * target/screenshots/. The pages' DOM is the one of their contract (pages/CONTRACT.md).
 */
class ApproverPagesBrowserTest {
    static final User CLERK = new User("zhang.clerk", "fuel_clerk");
    static final User MANAGER = new User("wang.manager", "fuel_manager");
    static final User FINANCE = new User("zhao.finance", "finance");
    static final User LEGAL = new User("qin.legal", "legal");
    static final User GENERAL_MANAGER = new User("chen.gm", "general_manager");

    /*
     * What the story below runs on approval-templates/fuel-purchase-contract.bpmn, written from the template and its
     * rules, not read back from the engine: the contract (37.98 million CNY, A-rated supplier) is above the fast-track
     * limit of rules/fuel-purchase-contract/routing.drl, so the risk check takes its default flow to the full review,
     * whose parallel split enters both finance and legal review. Finance returns its review before either review is
     * passed: neither review completes, and the open legal task is cancelled with the returned region (SPEC: parallel
     * sibling tasks of the returned region are cancelled). A return is not a flow.
     */
    static final Set<String> EXECUTED_AFTER_RETURN = Set.of("start", "draft", "fuel_manager_review", "risk_check", "review_split");
    static final Set<String> TAKEN_AFTER_RETURN = Set.of("f_start", "f_drafted", "f_reviewed", "to_full_review", "to_finance", "to_legal");
    static final Set<String> CURRENT_AFTER_RETURN = Set.of("fuel_manager_review");
    static final Set<String> RETURNED = Set.of("finance_review");
    /*
     * Then, as the demo tells it, to the end: the manager passes again, so the risk check and the split run again;
     * both reviews pass, the join continues, both leaders countersign, and the amount is above the general manager's
     * limit (5 million), so the general manager approves and the instance ends at end_approved_by_gm.
     */
    static final Set<String> EXECUTED_AT_THE_END = union(EXECUTED_AFTER_RETURN, Set.of("finance_review", "legal_review",
            "review_join", "leadership_countersign", "gm_gate", "general_manager_approval", "end_approved_by_gm"));
    static final Set<String> TAKEN_AT_THE_END = union(TAKEN_AFTER_RETURN, Set.of("f_finance_done", "f_legal_done", "f_joined",
            "f_countersigned", "to_general_manager", "f_gm_done"));

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    /** The host application: no component scan, nothing of plantflow named. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class PagesHostApp {
    }

    static ConfigurableApplicationContext host;
    static String origin;
    static PlantflowApi api;
    static BrowserSession browser;

    @BeforeAll
    static void startHostAndBrowser() throws Exception {
        Chromium.requireInstalled();
        host = WebHosts.start(PagesHostApp.class, "pages_browser_", "plantflow.api.dev-identity=true");
        DataSource ds = host.getBean(DataSource.class);
        DemoSchema.migrate(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String key : List.of("FPC-WEB-STORY", "FPC-WEB-CONFLICT", "FPC-WEB-LANG")) {
                s.execute("insert into demo_contract select '" + key + "', supplier_id, coal_type, quantity_t, unit_price,"
                        + " amount, spec_calorific_kcal, spec_sulphur_pct, spec_moisture_pct from demo_contract"
                        + " where contract_no = 'FPC-2026-0102'");
            }
        }
        origin = "http://localhost:" + WebHosts.port(host);
        api = new PlantflowApi(origin + "/plantflow/api");
        browser = Chromium.start("first", "en-US", "UTC");
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }

    /** A page URL acting as the user; lang null leaves the language to the browser (or the stored choice). */
    static String url(User user, String lang, String route) {
        return origin + "/plantflow/?user=" + URLEncoder.encode(user.id(), StandardCharsets.UTF_8)
                + "&roles=" + URLEncoder.encode(user.roles(), StandardCharsets.UTF_8)
                + (lang == null ? "" : "&lang=" + lang) + "#" + route;
    }

    static long startContract(String businessKey) {
        return api.post("/instances", CLERK, "{\"template\":\"fuel-purchase-contract\",\"businessKey\":\"" + businessKey + "\"}", 201)
                .get("id").asLong();
    }

    static void passByApi(long taskId, User user, String comment) {
        api.post("/tasks/" + taskId + "/pass", user, "{\"comment\":\"" + comment + "\"}", 200);
    }

    /** From My tasks, the task's row link to its page. */
    static void openFromList(BrowserSession s, long taskId) {
        WebElement row = s.find("#pf-tasks tr[data-task-id=\"" + taskId + "\"]");
        row.findElement(By.cssSelector("a[href=\"#/tasks/" + taskId + "\"]")).click();
        s.waitForPage("task");
        s.waitVisible("form#pf-act");
    }

    /** Types the comment and presses pass or return; the pages go back to My tasks and say it worked. */
    static String act(BrowserSession s, long taskId, String button, String comment) {
        WebElement text = s.find("textarea#pf-comment");
        text.clear();
        text.sendKeys(comment);
        s.find("button#" + button).click();
        s.waitForPage("tasks");
        String notice = s.waitVisible("#pf-notice").getText();
        assertThat(s.all("#pf-tasks tr[data-task-id=\"" + taskId + "\"]")).as("the task left My tasks").isEmpty();
        return notice;
    }

    static String cell(WebElement row, String col) {
        return row.findElement(By.cssSelector("td[data-col=\"" + col + "\"]")).getText();
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    static String hourMinute(Instant at, String zone, String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneId.of(zone)).format(at);
    }

    static Set<String> texts(JsonNode array, String field) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }

    @Test
    void a_clerk_starts_the_manager_passes_finance_returns_it_and_the_instance_page_marks_exactly_what_ran() {
        String key = "FPC-WEB-STORY";
        long instance = startContract(key);

        // the clerk passes the draft from My tasks
        long draft = api.onlyTask(key, CLERK);
        browser.open(url(CLERK, "en", "/tasks"), "tasks");
        openFromList(browser, draft);
        assertThat(browser.find("#pf-facts [data-fact=\"supplier_rating\"]").getText()).contains("A");
        assertThat(browser.find("#pf-facts [data-fact=\"amount\"]").getText().replaceAll("[^0-9]", "")).startsWith("37980000");
        act(browser, draft, "pf-pass", "60,000 t of 5500 kcal coal at 633 CNY/t");

        // the manager sees it in My tasks, with the count in the title, opens it and passes it with a comment
        long review = api.onlyTask(key, MANAGER);
        long managersPending = api.pendingCount(MANAGER);
        browser.open(url(MANAGER, "en", "/tasks"), "tasks");
        WebElement row = browser.find("#pf-tasks tr[data-task-id=\"" + review + "\"]");
        assertThat(cell(row, "businessKey")).isEqualTo(key);
        assertThat(cell(row, "node")).isEqualTo("Fuel manager review");
        String templateCell = cell(row, "template"); // checked last
        assertThat(browser.all("#pf-tasks tr[data-task-id]")).hasSize((int) managersPending);
        assertThat(browser.driver.getTitle()).contains("(" + managersPending + ")");
        browser.screenshot("story-1-tasks-manager-en");
        browser.find("input#pf-task-search").sendKeys(key);
        browser.waitFor("My tasks filtered to " + key, d -> browser.all("#pf-tasks tr[data-task-id]").stream()
                .filter(WebElement::isDisplayed).map(r -> r.getDomAttribute("data-task-id")).toList()
                .equals(List.of(String.valueOf(review))));
        openFromList(browser, review);
        browser.screenshot("story-2-task-manager-en");
        assertThat(act(browser, review, "pf-pass", "quantity matches the monthly plan")).isNotBlank();
        assertThat(browser.find("#pf-notice").getDomAttribute("role")).isEqualTo("status");
        assertThat(browser.driver.getTitle()).contains("(" + (managersPending - 1) + ")");

        // finance returns its review to the manager, choosing the target
        long financeReview = api.onlyTask(key, FINANCE);
        JsonNode financeTask = api.get("/tasks/" + financeReview, FINANCE);
        assertThat(financeTask.get("task").get("nodeId").asText()).isEqualTo("finance_review");
        browser.open(url(FINANCE, "en", "/tasks"), "tasks");
        openFromList(browser, financeReview);
        assertThat(browser.all("#pf-history tr[data-history-id]")).as("the task page's history")
                .hasSize(api.get("/instances/" + instance + "/history", FINANCE).size());
        assertThat(browser.all("#pf-diagram [data-element-id]")).as("the task page's diagram").isNotEmpty();
        assertThat(browser.all("label[for=\"pf-comment\"]")).as("the comment is labelled").hasSize(1);
        Select target = new Select(browser.find("select#pf-return-target"));
        List<String> offered = target.getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
        List<String> legal = new ArrayList<>(List.of(""));
        financeTask.get("returnTargets").forEach(t -> legal.add(t.asText()));
        assertThat(offered).as("the default, then the legal targets only: the manual nodes on the path taken")
                .isEqualTo(legal).containsExactlyInAnyOrder("", "fuel_manager_review", "draft");
        target.selectByValue("fuel_manager_review");
        act(browser, financeReview, "pf-return", "price above this month's coal index; renegotiate");

        assertThat(api.onlyTask(key, MANAGER)).as("the manager has the review back").isNotEqualTo(review);
        assertThat(api.get("/tasks?businessKey=" + key, LEGAL).get("total").asInt()).as("legal's sibling task is cancelled").isZero();

        // the instance page: exactly what ran, as this test expects it and as the diagram endpoint says
        browser.open(url(CLERK, "en", "/instances/" + instance), "instance");
        JsonNode diagram = api.get("/instances/" + instance + "/diagram", CLERK);
        Set<String> executed = browser.elementIds("#pf-diagram [data-element-id].pf-executed");
        Set<String> taken = browser.elementIds("#pf-diagram [data-element-id].pf-taken");
        assertThat(executed).as("executed nodes in the DOM").isEqualTo(new TreeSet<>(EXECUTED_AFTER_RETURN))
                .isEqualTo(texts(diagram.get("executedNodes"), null));
        assertThat(taken).as("taken flows in the DOM").isEqualTo(new TreeSet<>(TAKEN_AFTER_RETURN))
                .isEqualTo(texts(diagram.get("takenFlows"), "flowId"));
        assertThat(browser.elementIds("#pf-diagram [data-element-id].pf-current")).as("current nodes in the DOM")
                .isEqualTo(new TreeSet<>(CURRENT_AFTER_RETURN)).isEqualTo(texts(diagram.get("currentNodes"), "nodeId"));
        assertThat(browser.elementIds("#pf-diagram [data-element-id].pf-returned")).as("returned steps in the DOM")
                .isEqualTo(new TreeSet<>(RETURNED));

        // the history table: one row per recorded entry
        JsonNode history = api.get("/instances/" + instance + "/history", CLERK);
        List<String> actions = new ArrayList<>();
        Set<String> entryIds = new TreeSet<>();
        history.forEach(h -> {
            actions.add(h.get("entry").get("action").asText());
            entryIds.add(h.get("entry").get("id").asText());
        });
        assertThat(actions).containsSubsequence("START", "PASS", "PASS", "RETURN");
        Set<String> rowIds = new TreeSet<>();
        browser.all("#pf-history tr[data-history-id]").forEach(r -> rowIds.add(r.getDomAttribute("data-history-id")));
        assertThat(browser.all("#pf-history tr[data-history-id]")).hasSize(history.size());
        assertThat(rowIds).isEqualTo(entryIds);
        assertThat(browser.find("#pf-history").getText()).contains("quantity matches the monthly plan",
                "price above this month's coal index; renegotiate", FINANCE.id());

        // a node by keyboard: who acted, the comment
        WebElement node = browser.find("#pf-node-list button[data-node-id=\"finance_review\"]");
        node.sendKeys(Keys.ENTER);
        browser.waitFor("#pf-node-detail showing finance's return", d -> {
            List<WebElement> detail = d.findElements(By.cssSelector("#pf-node-detail"));
            return !detail.isEmpty() && detail.get(0).isDisplayed()
                    && detail.get(0).getText().contains("price above this month's coal index; renegotiate")
                    && detail.get(0).getText().contains(FINANCE.id());
        });
        browser.screenshot("story-3-instance-after-return-en");

        // started by me: the clerk's instance, running
        browser.open(url(CLERK, "en", "/started"), "started");
        WebElement started = browser.find("#pf-started tr[data-instance-id=\"" + instance + "\"]");
        assertThat(cell(started, "status")).isNotBlank();
        assertThat(started.getDomAttribute("data-status")).isEqualTo("RUNNING");
        assertThat(started.findElements(By.cssSelector("a[href=\"#/instances/" + instance + "\"]"))).hasSize(1);
        browser.screenshot("story-4-started-clerk-en");

        // to the end through the API, then the instance page shows the return and the countersign as they happened
        passByApi(api.onlyTask(key, MANAGER), MANAGER, "renegotiated to 618 CNY/t");
        passByApi(api.onlyTask(key, FINANCE), FINANCE, "within budget");
        passByApi(api.onlyTask(key, LEGAL), LEGAL, "standard terms");
        for (String leader : List.of("li.leader", "wu.leader")) {
            passByApi(api.onlyTask(key, new User(leader, "")), new User(leader, ""), "agreed");
        }
        passByApi(api.onlyTask(key, GENERAL_MANAGER), GENERAL_MANAGER, "approved");
        browser.open(url(CLERK, "en", "/instances/" + instance), "instance");
        JsonNode end = api.get("/instances/" + instance + "/diagram", CLERK);
        assertThat(end.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(browser.elementIds("#pf-diagram [data-element-id].pf-executed")).isEqualTo(EXECUTED_AT_THE_END)
                .isEqualTo(texts(end.get("executedNodes"), null));
        assertThat(browser.elementIds("#pf-diagram [data-element-id].pf-taken")).isEqualTo(TAKEN_AT_THE_END)
                .isEqualTo(texts(end.get("takenFlows"), "flowId"));
        assertThat(browser.elementIds("#pf-diagram [data-element-id].pf-current")).as("nothing current at the end").isEmpty();
        assertThat(browser.elementIds("#pf-diagram [data-element-id].pf-returned")).isEqualTo(new TreeSet<>(RETURNED));
        assertThat(browser.all("#pf-history tr[data-history-id]")).hasSize(api.get("/instances/" + instance + "/history", CLERK).size());
        browser.find("#pf-node-list button[data-node-id=\"leadership_countersign\"]").click();
        browser.waitFor("#pf-node-detail showing both leaders' countersign", d -> {
            String detail = browser.find("#pf-node-detail").getText();
            return detail.contains("li.leader") && detail.contains("wu.leader");
        });
        browser.screenshot("story-5-instance-completed-en");
        browser.open(url(CLERK, "en", "/started"), "started");
        assertThat(browser.find("#pf-started tr[data-instance-id=\"" + instance + "\"]").getDomAttribute("data-status"))
                .isEqualTo("COMPLETED");

        assertThat(templateCell).as("My tasks names the template as written in it (contract: 'Node and template names are"
                + " shown as written in the template')").contains("Fuel purchase contract approval (燃料采购合同审批)");
    }

    @Test
    void a_second_session_acting_on_a_task_already_passed_in_the_first_gets_the_conflict_message() {
        String key = "FPC-WEB-CONFLICT";
        long instance = startContract(key);
        passByApi(api.onlyTask(key, CLERK), CLERK, "draft done");
        long review = api.onlyTask(key, MANAGER);

        Instant offeredAt = Instant.parse(api.get("/tasks/" + review, MANAGER).get("task").get("createdAt").asText());
        // the second session: another browser, in Chinese and in the plant's time zone, opens the task first
        try (BrowserSession second = Chromium.start("second", "zh-CN", "Asia/Shanghai")) {
            second.open(url(MANAGER, null, "/tasks"), "tasks");
            assertThat(second.find("html").getDomAttribute("lang")).as("the browser's language when none is chosen")
                    .isEqualTo("zh-CN");
            assertThat(cell(second.find("#pf-tasks tr[data-task-id=\"" + review + "\"]"), "offeredAt"))
                    .as("dates in the browser's time zone").contains(hourMinute(offeredAt, "Asia/Shanghai", "HH:mm"));
            second.find("#pf-tasks a[href=\"#/tasks/" + review + "\"]").click();
            second.waitForPage("task");
            second.waitVisible("form#pf-act");
            browser.open(url(MANAGER, "en", "/tasks"), "tasks");
            assertThat(cell(browser.find("#pf-tasks tr[data-task-id=\"" + review + "\"]"), "offeredAt"))
                    .contains(hourMinute(offeredAt, "UTC", "h:mm")); // en: 12-hour clock
            browser.open(url(MANAGER, "en", "/tasks/" + review), "task");
            act(browser, review, "pf-pass", "passed in the first session");

            second.find("textarea#pf-comment").sendKeys("passed in the second session");
            second.find("button#pf-pass").click();
            WebElement message = second.waitVisible("#pf-message.pf-conflict");
            assertThat(message.getText()).as("in the page's language, with what became of the task")
                    .contains("其他人已先处理了此任务（已通过）").doesNotContain("task ");
            assertThat(message.getDomAttribute("role")).isEqualTo("alert");
            second.screenshot("task-conflict-zh-CN");
            // the reload: the task is gone for this session, the page says so and leads back to My tasks
            second.waitFor("the reloaded task page still saying so, with a way back to My tasks",
                    d -> !second.all("#pf-message.pf-conflict a[href=\"#/tasks\"]").isEmpty());
            assertThat(second.all("form#pf-act button#pf-pass")).as("nothing left to pass")
                    .allMatch(b -> !b.isDisplayed() || !b.isEnabled());
        }
        List<String> passes = new ArrayList<>();
        api.get("/instances/" + instance + "/history", CLERK).forEach(h -> {
            JsonNode e = h.get("entry");
            if ("fuel_manager_review".equals(e.get("fromNode").asText())) {
                passes.add(e.get("action").asText() + " " + e.get("comment").asText());
            }
        });
        assertThat(passes).as("the second session changed nothing").containsExactly("PASS passed in the first session");
    }

    @Test
    void every_page_speaks_the_chosen_language_and_is_screenshot_in_both() throws Exception {
        String key = "FPC-WEB-LANG";
        long instance = startContract(key);
        passByApi(api.onlyTask(key, CLERK), CLERK, "60,000 t of 5500 kcal coal");
        long review = api.onlyTask(key, MANAGER);
        // two days on: the review's deadline (approval:deadline P2D) has passed (the host's sweeper is off)
        try (Connection c = host.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("update pf_task set due_at = due_at - interval '3 days' where id = " + review)).isOne();
        }

        for (String lang : List.of("zh-CN", "en")) {
            browser.open(url(MANAGER, lang, "/tasks"), "tasks");
            assertThat(browser.find("#pf-tasks tr[data-task-id=\"" + review + "\"]").getDomAttribute("class"))
                    .as("an overdue task is marked").contains("pf-overdue");
            checkLanguage(lang, "tasks");
            browser.open(url(MANAGER, lang, "/tasks/" + review), "task");
            checkLanguage(lang, "task");
            browser.open(url(CLERK, lang, "/instances/" + instance), "instance");
            checkLanguage(lang, "instance");
            browser.open(url(CLERK, lang, "/started"), "started");
            checkLanguage(lang, "started");
        }

        // the switch: chosen on the page, kept for the next visit without ?lang (the browser itself speaks en-US)
        new Select(browser.find("select#pf-lang")).selectByValue("zh-CN");
        browser.waitFor("html[lang=zh-CN] after the switch", d -> "zh-CN".equals(browser.find("html").getDomAttribute("lang"))
                && HAN.matcher(browser.find("nav#pf-nav a[href=\"#/tasks\"]").getText()).find());
        browser.open(url(CLERK, null, "/started"), "started");
        assertThat(browser.find("html").getDomAttribute("lang")).as("the stored choice").isEqualTo("zh-CN");
        new Select(browser.find("select#pf-lang")).selectByValue("en");
        browser.waitFor("html[lang=en] after the switch", d -> "en".equals(browser.find("html").getDomAttribute("lang")));
    }

    /** html[lang], and the labels (navigation, table heads, form labels and buttons) all in the language. */
    private static void checkLanguage(String lang, String page) {
        assertThat(browser.find("html").getDomAttribute("lang")).as(page + " page html[lang]").isEqualTo(lang);
        assertThat(browser.find("select#pf-lang").getDomProperty("value")).isEqualTo(lang);
        List<String> nav = browser.all("nav#pf-nav a[href=\"#/tasks\"], nav#pf-nav a[href=\"#/started\"]").stream()
                .map(WebElement::getText).toList();
        assertThat(nav).as(page + " page navigation").hasSize(2);
        List<String> labels = new ArrayList<>(nav);
        browser.all("th, label, form#pf-act button").forEach(e -> {
            if (e.isDisplayed() && !e.getText().isBlank()) {
                labels.add(e.getText());
            }
        });
        if (lang.equals("zh-CN")) {
            assertThat(nav).as(page + " page navigation in Chinese").allMatch(t -> HAN.matcher(t).find());
            assertThat(labels).as(page + " page labels in Chinese").allMatch(t -> HAN.matcher(t).find());
        } else {
            assertThat(labels).as(page + " page labels in English").allMatch(t -> !HAN.matcher(t).find() && t.matches("(?s).*[A-Za-z].*"));
        }
        browser.screenshot(page + "-" + lang);
    }
}
