package org.plantflow.approval.spi;

/**
 * A host action an automatic node (BPMN service task with {@code approval:action="NAME"}) runs, in the
 * instance's transaction. Register it with {@code ApprovalEngineBuilder.action(NAME, action)}, or as a Spring
 * bean of this type named NAME. Throwing leaves the instance at the node, marked failed with the error in
 * the history; {@code ApprovalEngine.retry(instance)} runs it again.
 */
@FunctionalInterface
public interface ApprovalAction {
    void run(ActionContext context) throws Exception;
}
