/**
 * The REST API: JSON endpoints over the {@link org.plantflow.approval.ApprovalEngine} facade (never over
 * {@code internal}), registered in a Spring MVC host by
 * {@link org.plantflow.approval.web.PlantflowWebAutoConfiguration} under {@code plantflow.api.base-path}. A host
 * implements {@link org.plantflow.approval.web.ActorResolver} to say who calls; everything else here is
 * package-private. The endpoints are described by {@code {base-path}/openapi.json}.
 */
package org.plantflow.approval.web;
