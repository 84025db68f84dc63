package io.argon.node;

import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.Hello;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AttributeKey;
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

    /**
     * The client's id of the next task the worker was sent, or null if none was sent since last
     * asked. The node's cancels on the link are passed over, for {@link #cancels} to tell.
     */
    static String running(EmbeddedChannel link) {
        Object sent;
        while ((sent = link.readOutbound()) instanceof Cancel cancel) {
            cancelsSeen(link).add(describe(link, cancel));
        }
        return sent == null ? null : held(link, ((Submit) sent).id()).task.request().id();
    }

    /**
     * The cancels the node sent on the link, as "ID" (drop or interrupt) or "ID if not started"
     * (give it back), by the client's id.
     */
    static List<String> cancels(EmbeddedChannel link) {
        List<String> cancels = new ArrayList<>(cancelsSeen(link));
        cancelsSeen(link).clear();
        for (Object sent : link.outboundMessages()) {
            if (sent instanceof Cancel cancel) {
                cancels.add(describe(link, cancel));
            }
        }
        link.outboundMessages().removeIf(Cancel.class::isInstance);
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

    private static String describe(EmbeddedChannel link, Cancel cancel) {
        String id = held(link, cancel.id()).task.request().id();
        return cancel.ifNotStarted() ? id + " if not started" : id;
    }

    private static SentTask held(EmbeddedChannel link, String ordinal) {
        for (SentTask sent : worker(link).window()) {
            if (sent.ordinal.equals(ordinal)) {
                return sent;
            }
        }
        throw new AssertionError("the node sent a message about task " + ordinal + ", which the worker does not hold");
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

    private static List<String> cancelsSeen(EmbeddedChannel link) {
        List<String> seen = link.attr(CANCELS_SEEN).get();
        if (seen == null) {
            seen = new ArrayList<>();
            link.attr(CANCELS_SEEN).set(seen);
        }
        return seen;
    }

    private static final AttributeKey<List<String>> CANCELS_SEEN = AttributeKey.valueOf("argon.test.cancelsSeen");
}
