package io.argon.core.daemon;

import io.argon.protocol.Cancel;
import io.argon.protocol.RawJson;
import io.netty.channel.Channel;

/** What a daemon does for its clients: the other side of {@link ClientRequestHandler}. Called on the event loop. */
public interface ClientService {
    /** Takes a task: runs it, routes it, queues it, or answers it at once. */
    void submit(Submission task);

    /** Stops a task the same client submitted, if it is still held. */
    void cancel(Channel client, Cancel cancel);

    /** The client's connection closed: its tasks that have not started never will. */
    void disconnected(Channel client);

    /** The status report. */
    RawJson status();

    /** What became of the tasks taken in so far; every answer is counted in it. */
    TaskStats stats();
}
