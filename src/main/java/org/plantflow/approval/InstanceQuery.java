package org.plantflow.approval;

/**
 * Which instances to list; every filter is optional (null: any).
 *
 * @param templateKey only instances of this template (any version)
 * @param status      only instances in this status
 * @param businessKey only instances of this business key
 * @param initiator   only instances this user started
 * @param page        the page, counting from 0
 * @param size        instances per page, 1 to {@link #MAX_SIZE}
 */
public record InstanceQuery(String templateKey, InstanceStatus status, String businessKey, String initiator, int page,
                            int size) {
    public static final int MAX_SIZE = 200;

    /** Every instance, first page of 20. */
    public static InstanceQuery all() {
        return new InstanceQuery(null, null, null, null, 0, 20);
    }
}
