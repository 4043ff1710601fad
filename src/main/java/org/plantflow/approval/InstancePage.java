package org.plantflow.approval;

import java.util.List;

/**
 * One page of instances, newest first (by id).
 *
 * @param page  the page asked for, counting from 0
 * @param size  the page size asked for
 * @param total how many instances match the filter in all
 */
public record InstancePage(List<InstanceSummary> items, int page, int size, long total) {
    public InstancePage {
        items = List.copyOf(items);
    }
}
