package org.plantflow.approval;

import java.util.List;

/**
 * What an instance did on its template's diagram, for drawing it (e.g. with bpmn-js): the BPMN XML of the version it
 * runs on, and the ids of that XML's elements it executed, took and stands at. Only what the engine recorded is
 * reported; nothing is guessed from pairs of nodes.
 *
 * @param bpmnXml       the BPMN XML of the instance's template version, exactly as deployed
 * @param executedNodes ids of the nodes the instance completed at least once, in the order first completed: every node
 *                      with a completed visit ({@code pf_activation} COMPLETED: manual nodes, gateways, automatic nodes),
 *                      the start event, and each end event a taken flow entered (start and end events have no visit)
 * @param takenFlows    the sequence flows taken, in the order taken, one entry per time: the flows of the routes the
 *                      routing rules decided (the decision records of the history). A return is not a flow; a route a
 *                      rule gave without a flow id (a jump) is not a flow either and is left out; history rows written
 *                      before decision records were kept (schema V3) give no flows ({@link #unrecordedSteps()})
 * @param currentNodes  where the instance stands now: node visits still in play, with their open tasks
 * @param nodes         per node of the template that has any visit or history row: its completed visits and its history
 *                      rows (who acted, when, what, the comment), oldest first
 * @param unrecordedSteps history rows that moved the instance (START, PASS, AUTO, deadline actions...) but have no
 *                      decision record, so their flows are not known: 0 for instances run since schema V3
 */
public record InstanceDiagram(long instanceId, String templateKey, int templateVersion, InstanceStatus status,
                              String bpmnXml, List<String> executedNodes, List<TakenFlow> takenFlows,
                              List<CurrentNode> currentNodes, List<NodeHistory> nodes, int unrecordedSteps) {
    public InstanceDiagram {
        executedNodes = List.copyOf(executedNodes);
        takenFlows = List.copyOf(takenFlows);
        currentNodes = List.copyOf(currentNodes);
        nodes = List.copyOf(nodes);
    }

    /**
     * One sequence flow taken once.
     *
     * @param flowId         the BPMN sequence flow id
     * @param sourceNode     the node it leaves (from the template)
     * @param targetNode     the node it enters
     * @param historyEntryId the history row of the call that took it ({@code explain} tells why)
     */
    public record TakenFlow(String flowId, String sourceNode, String targetNode, long historyEntryId,
                            java.time.Instant at) {
    }

    /**
     * A node visit still in play.
     *
     * @param status    ACTIVE (a manual node waiting for its tasks, an automatic node running), WAITING (a join waiting
     *                  for branches) or FAILED (an automatic node whose action failed: retry it)
     * @param openTasks the visit's open tasks (several for a countersign or vote node)
     */
    public record CurrentNode(String nodeId, String status, java.time.Instant since, List<TaskView> openTasks) {
        public CurrentNode {
            openTasks = List.copyOf(openTasks);
        }
    }

    /**
     * One node's part in the instance.
     *
     * @param completedVisits how many times the node was completed (a node returned to is visited again)
     * @param history         the history rows that left or acted on this node ({@link HistoryEntry#fromNode()}; the START
     *                        row, which has none, under the start event), oldest first
     */
    public record NodeHistory(String nodeId, int completedVisits, List<HistoryEntry> history) {
        public NodeHistory {
            history = List.copyOf(history);
        }
    }
}
