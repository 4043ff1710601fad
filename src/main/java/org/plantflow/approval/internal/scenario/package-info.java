/**
 * Rule scenarios: hand-written tables ({@code rules/<template-key>/*.scenarios.csv}) of questions to the rules and the
 * answers expected, run against compiled rules. Entry point: {@link org.plantflow.approval.internal.scenario.Scenarios#run}.
 * {@code ScenarioFile} reads a table, {@code ScenarioFacts} and {@code ScenarioRunner} ask each row's question the way
 * the engine does, {@code Expect} reads the expected answers.
 */
package org.plantflow.approval.internal.scenario;
