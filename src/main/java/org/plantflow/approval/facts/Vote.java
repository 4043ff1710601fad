package org.plantflow.approval.facts;

/** One acceptor's task at a node being completed: choice YES (passed), NO (returned in a vote) or OPEN. */
public final class Vote {
    private final long taskId;
    private final String user;
    private final String offeredTo;
    private final String choice;

    public Vote(long taskId, String user, String offeredTo, String choice) {
        this.taskId = taskId;
        this.user = user;
        this.offeredTo = offeredTo;
        this.choice = choice;
    }

    public long getTaskId() { return taskId; }
    /** Who acted, null while open. */
    public String getUser() { return user; }
    /** The candidate the task was offered to ("user:wang" or "role:plant_leader"), for weighting. */
    public String getOfferedTo() { return offeredTo; }
    public String getChoice() { return choice; }

    @Override
    public String toString() { return "Vote(" + taskId + " " + offeredTo + " " + choice + (user == null ? "" : " by " + user) + ")"; }
}
