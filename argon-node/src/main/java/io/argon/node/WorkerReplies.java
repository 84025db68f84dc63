package io.argon.node;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.argon.protocol.Result;

/** A worker's answer, which names the task by its number on the link, put back under the client's id. */
final class WorkerReplies {
    private WorkerReplies() {
    }

    /**
     * Whether the worker says it gave the task back unstarted, as asked: a task that runs never
     * ends {@code cancelled}, so that kind means this alone.
     */
    static boolean isGivenBack(Message reply) {
        return reply instanceof Failure failure && failure.kind() == ErrorKind.CANCELLED;
    }

    /** {@code reply} under {@code id}, with the rest as the worker said it (its {@code run_ns} included). */
    static Message under(String id, Message reply) {
        if (reply instanceof Result result) {
            return result.withId(id);
        }
        if (reply instanceof Failure failure) {
            return failure.withId(id);
        }
        throw new IllegalArgumentException("a worker answers with a result or a failure, not " + reply.getClass().getSimpleName());
    }
}
