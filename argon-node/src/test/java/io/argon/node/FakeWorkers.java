package io.argon.node;

import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Hello;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The worker JVMs a unit test plays: the fake processes a {@link FakeLauncher} "forks", and the
 * links they open to the node when the test makes them say hello. Nothing is forked.
 */
final class FakeWorkers {
    private final TestLoop test;
    final FakeLauncher launcher = new FakeLauncher();

    FakeWorkers(TestLoop test) {
        this.test = test;
    }

    /** The worker's JVM links to the pool's node and says hello; returns its link. */
    EmbeddedChannel hello(WorkerPool pool, FakeProcess process) {
        EmbeddedChannel link = test.channel(new WorkerLinkHandler(pool));
        link.writeInbound(new Hello("hello", process.workerId, process.pid));
        return link;
    }

    /** Every worker forked so far says hello; returns their links, in worker order. */
    List<EmbeddedChannel> helloAll(WorkerPool pool) {
        List<EmbeddedChannel> links = new ArrayList<>();
        for (FakeProcess process : new ArrayList<>(launcher.launched)) {
            links.add(hello(pool, process));
        }
        return links;
    }

    /** The last worker forked. */
    FakeProcess last() {
        return launcher.last();
    }

    /** The worker forked {@code index}-th (from 0). */
    FakeProcess get(int index) {
        return launcher.launched.get(index);
    }

    /** How many workers have been forked. */
    int forked() {
        return launcher.launched.size();
    }

    /** The process exits with {@code status}; the node hears of it. */
    void exit(FakeProcess process, int status) {
        process.exit(status);
        test.runPending();
    }

    /** The client's id of the next task the worker was sent, or null if none was sent since last asked. */
    static String running(EmbeddedChannel link) {
        Submit sent = link.readOutbound();
        return sent == null ? null : held(link, sent.id()).task.request().id();
    }

    /**
     * The cancels the node sent the worker on its lifeline since last asked, by the client's id:
     * "ID" (take back or interrupt) or "ID if not started" (take back only).
     */
    static List<String> cancels(EmbeddedChannel link) {
        FakeProcess process = (FakeProcess) worker(link).process;
        List<String> cancels = new ArrayList<>();
        for (String cancel : process.cancels) {
            String ordinal = cancel.split(" ", 2)[0];
            SentTask sent = heldOrNull(link, ordinal);
            cancels.add((sent == null ? ordinal : sent.task.request().id()) + cancel.substring(ordinal.length()));
        }
        process.cancels.clear();
        return cancels;
    }

    /** The worker answers the task the client calls {@code id} with the string "done ID", and does not say how long it ran. */
    static void answer(EmbeddedChannel link, String id) {
        answer(link, id, 0);
    }

    /** The worker answers the task the client calls {@code id} with the string "done ID", saying it ran for {@code runNanos}. */
    static void answer(EmbeddedChannel link, String id, long runNanos) {
        reply(link, id, ordinal -> new Result(ordinal, RawJson.wrap(("\"done " + id + "\"").getBytes(StandardCharsets.UTF_8)), runNanos));
    }

    /** The worker says it gave back the task the client calls {@code id}, unstarted. */
    static void giveBack(EmbeddedChannel link, String id) {
        reply(link, id, ordinal -> Failure.of(ordinal, ErrorKind.CANCELLED, "taken back before it started"));
    }

    /**
     * The worker sends {@code answer} of the id it knows the task by, for the task the client
     * calls {@code id}; an id the worker holds no task for goes out as it is (a forged answer).
     */
    static void reply(EmbeddedChannel link, String id, Function<String, Message> answer) {
        SentTask sent = heldByClientId(link, id);
        link.writeInbound(answer.apply(sent == null ? id : sent.ordinal));
    }

    private static SentTask held(EmbeddedChannel link, String ordinal) {
        SentTask sent = heldOrNull(link, ordinal);
        if (sent == null) {
            throw new AssertionError("the node sent a message about task " + ordinal + ", which the worker does not hold");
        }
        return sent;
    }

    private static SentTask heldOrNull(EmbeddedChannel link, String ordinal) {
        for (SentTask sent : worker(link).window()) {
            if (sent.ordinal.equals(ordinal)) {
                return sent;
            }
        }
        return null;
    }

    private static SentTask heldByClientId(EmbeddedChannel link, String id) {
        for (SentTask sent : worker(link).window()) {
            if (sent.task.request().id().equals(id)) {
                return sent;
            }
        }
        return null;
    }

    private static Worker worker(EmbeddedChannel link) {
        return link.pipeline().get(WorkerLinkHandler.class).worker();
    }

}
