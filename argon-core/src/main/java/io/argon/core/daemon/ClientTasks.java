package io.argon.core.daemon;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Message;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The tasks a daemon holds for each client connection, by the ids the client gave them (what
 * a {@code cancel} names, and what is dropped when the client goes), with their deadlines.
 * Every answer to a task goes through {@link #finish}, which sends at most one. Confined to
 * the daemon's event loop, whose ticker times the deadlines.
 */
public final class ClientTasks<T extends HeldTask> {
    private final EventLoop loop;
    private final Map<Channel, Map<String, T>> byClient = new HashMap<>();

    public ClientTasks(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * A task taken in; it stays until it is answered or its client goes. If it has a timeout,
     * {@code atDeadline} is called when it passes, unless the task was answered before.
     */
    public void add(T task, Consumer<T> atDeadline) {
        byClient.computeIfAbsent(task.pending().replyTo(), client -> new HashMap<>()).put(task.request().id(), task);
        if (task.timeoutMillis() > 0) {
            task.deadline(loop.schedule(() -> {
                if (!task.isAnswered()) {
                    atDeadline.accept(task);
                }
            }, task.timeoutMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** The task {@code client} sent under {@code id}, if it still awaits its answer; else null. */
    public T find(Channel client, String id) {
        Map<String, T> tasks = byClient.get(client);
        return tasks == null ? null : tasks.get(id);
    }

    /** The client's connection closed: its tasks that await an answer, which now goes nowhere. */
    public Collection<T> clientGone(Channel client) {
        Map<String, T> tasks = byClient.remove(client);
        return tasks == null ? List.of() : tasks.values();
    }

    /**
     * Answers the task, once: a later answer to it is dropped. Returns whether this one was sent.
     * A task that started has its times counted.
     */
    public boolean finish(T task, Message reply) {
        if (!task.answer(reply)) {
            return false;
        }
        if (task.hasStarted()) {
            long now = loop.ticker().nanoTime();
            task.pending().stats().ran(task.startedNanos() - task.acceptedNanos(), now - task.startedNanos());
        }
        forget(task);
        return true;
    }

    /** Answers the task with an error, once. */
    public boolean fail(T task, ErrorKind kind, String message) {
        return !task.isAnswered() && finish(task, Failure.of(task.request().id(), kind, message));
    }

    /** Ends a task whose client has gone, without an answer. */
    public void drop(T task) {
        if (task.close()) {
            task.pending().stats().dropped();
            forget(task);
        }
    }

    private void forget(T task) {
        Map<String, T> tasks = byClient.get(task.pending().replyTo());
        if (tasks != null) {
            tasks.remove(task.request().id(), task);
        }
    }
}
