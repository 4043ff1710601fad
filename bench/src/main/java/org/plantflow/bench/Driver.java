package org.plantflow.bench;

import java.util.List;

/**
 * One engine as its users drive it: a clerk starts an instance, then each user looks at their pending list
 * (by user and roles), finds the task of the instance they are working on, and passes/completes it.
 */
interface Driver extends AutoCloseable {

    /** Who acts at each step of the reference process, in order (the 3rd leader's vote is cancelled by the 2/3 rule). */
    List<Step> STEPS = List.of(
            new Step("draft", "zhang.clerk", List.of("fuel_clerk")),
            new Step("manager_review", "wang.manager", List.of("fuel_manager")),
            new Step("finance_review", "chen.finance", List.of("finance")),
            new Step("legal_review", "liu.legal", List.of("legal")),
            new Step("leadership_vote", "li.leader", List.of()),
            new Step("leadership_vote", "wu.leader", List.of()));

    /** Contract amount of every instance: above the 1 M CNY limit, so every instance takes the full review. */
    long AMOUNT = 3_800_000;

    record Step(String node, String user, List<String> roles) {
    }

    String name();

    /** Starts an instance as the clerk; returns its id. */
    String start(String businessKey);

    /** The user's pending list (by user and roles); returns the id of the task of this instance, or null. */
    String findTask(Step step, String instanceId);

    /** Passes / completes the task as the user. */
    void complete(Step step, String taskId);

    /** The instance's open tasks, for error messages. */
    String openTasks(String instanceId);

    /** Untimed check after a run: how many instances with this business-key prefix ended. */
    long finished(String businessKeyPrefix);

    /** Rows in the engine's history tables (table -> rows), for rows written per instance. */
    java.util.Map<String, Long> historyRows();

    /** Rows in all the engine's tables, for rows kept per instance. */
    java.util.Map<String, Long> allRows();

    @Override
    void close();
}
