/**
 * What a host implements: {@link org.plantflow.approval.spi.ApprovalAction}s run by automatic nodes, and an
 * {@link org.plantflow.approval.spi.ApprovalListener} told about reminders and escalations.
 */
package org.plantflow.approval.spi;
