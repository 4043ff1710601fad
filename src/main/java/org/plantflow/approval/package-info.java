/**
 * plantflow: an approval-workflow engine a plant MIS embeds.
 * <p>
 * Entry point: {@link org.plantflow.approval.ApprovalEngine#builder()} (plain Java over a {@code DataSource}),
 * or {@code org.plantflow.approval.spring.PlantflowConfiguration} in a Spring host. This package is the whole
 * public API: the facade, its builder, immutable snapshots ({@link org.plantflow.approval.InstanceView},
 * {@link org.plantflow.approval.TaskView}, {@link org.plantflow.approval.HistoryEntry}) and one unchecked
 * exception hierarchy rooted at {@link org.plantflow.approval.ApprovalException}. Rules written by analysts
 * match on the facts in {@code org.plantflow.approval.facts}. Everything under {@code internal} may change
 * without notice.
 */
package org.plantflow.approval;
