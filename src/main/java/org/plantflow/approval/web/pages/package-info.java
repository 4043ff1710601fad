/**
 * The approver pages (My tasks, Task, Instance, Started by me) served from the JAR ({@code classpath:/plantflow/pages/},
 * built from the project's {@code pages/} folder) in a Spring MVC host that has the plantflow REST API on.
 */
package org.plantflow.approval.web.pages;
