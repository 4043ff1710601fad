package org.plantflow.approval.web;

/** The {@link ActorResolver} found nobody signed in: answered with 401. */
final class NotSignedInException extends RuntimeException {
    NotSignedInException(String message) {
        super(message);
    }
}
