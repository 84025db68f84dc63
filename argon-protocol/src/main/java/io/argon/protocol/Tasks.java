package io.argon.protocol;

/**
 * Asks a node or manager for tasks from its history (see docs/HISTORY.md); answered with a
 * {@link TasksReport} of the same id, or an error ({@code bad_request} from a daemon that keeps
 * no history).
 *
 * @param id        the request's id
 * @param task      only tasks the client gave this id, or null
 * @param taskClass only tasks of this class (its full or simple name), or null
 * @param outcome   only tasks that ended so: {@code failed} for every error, or one outcome; null for all
 * @param limit     the most tasks to answer, newest first; 0 for the daemon's default (100)
 * @param seq       the one task kept under this number, with its stack trace; 0 for a search
 */
public record Tasks(String id, String task, String taskClass, String outcome, int limit, long seq) implements Message {
    /** Checks the id and the numbers. */
    public Tasks {
        Messages.requireId(id);
        if (limit < 0 || seq < 0) {
            throw new IllegalArgumentException("'limit' and 'seq' are 0 or more");
        }
    }
}
