package org.plantflow.approval;

/**
 * A template allows one running instance per business key. Fields: {@link #templateKey()}, {@link #businessKey()},
 * {@link #user()} (who tried to start), and {@link #instanceId()}: the instance that is running, when it is known
 * (null when it was started concurrently and has not been read).
 */
public class InstanceAlreadyRunningException extends ConflictException {
    public InstanceAlreadyRunningException(Subject subject, String message) {
        super(subject, message);
    }

    public InstanceAlreadyRunningException(Subject subject, String message, Throwable cause) {
        super(subject, message, cause);
    }
}
