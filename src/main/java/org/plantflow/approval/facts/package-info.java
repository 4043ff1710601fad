/**
 * The facts rules in {@code rules/} match on, and the answers they insert. This package is the contract
 * between the engine and the business analysts' DRL: {@code import org.plantflow.approval.facts.*;}.
 * <p>
 * Questions (one per decision session): {@link RouteQuestion}, {@link AssignQuestion}, {@link ActQuestion},
 * {@link ReturnQuestion}. Context always present: {@link Instance}, every {@link Variable}, every
 * {@link Node} and {@link Flow} of the template. Answers the rules insert: {@link Route}, {@link Candidate},
 * {@link Permit} / {@link Deny}, {@link ReturnTo}.
 */
package org.plantflow.approval.facts;
