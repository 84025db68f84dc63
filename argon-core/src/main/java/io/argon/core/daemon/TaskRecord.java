package io.argon.core.daemon;

import io.argon.task.Priority;
import java.net.SocketAddress;
import java.util.List;

/**
 * What a daemon keeps of a task once it has ended: what it was, where it ran, when, and how it
 * ended, for the task history. Times are milliseconds since the epoch, 0 for what did not happen
 * (a task that never started).
 *
 * @param id         the task's id, as its client gave it (ids are the client's own, so two
 *                   clients' tasks may share one)
 * @param client     the address of the connection that submitted it (formatted by the history's
 *                   thread, not the daemon's loop)
 * @param taskClass  the task's class name
 * @param priority   its priority
 * @param outcome    {@code result}, {@code dropped} (its client went away before it started), or
 *                   the error kind it was answered with
 * @param error      the error's message, or null
 * @param exception  the class of the exception the task threw, or null
 * @param stack      that exception's stack trace, or null
 * @param path       where each attempt ran, in order ({@code node 10.0.0.5:8001},
 *                   {@code worker 2 [pid 4711]}), with what became of an attempt that was not the
 *                   last; the task's own list, which no longer changes once it has ended
 * @param queuedAt   when the daemon took it in
 * @param startedAt  when its last attempt started, or 0
 * @param finishedAt when it was answered
 */
public record TaskRecord(String id, SocketAddress client, String taskClass, Priority priority, String outcome, String error,
        String exception, String stack, List<String> path, long queuedAt, long startedAt, long finishedAt) {
}
