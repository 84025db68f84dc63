package io.argon.node;

import io.argon.core.net.TestLoop;
import io.argon.node.FakeLauncher.FakeProcess;
import io.argon.protocol.Hello;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

    /** The id of the task the worker was handed since last asked, or null if none. */
    static String running(EmbeddedChannel link) {
        Submit sent = link.readOutbound();
        return sent == null ? null : sent.id();
    }

    /** The worker answers task {@code id} with the string "done ID". */
    static void answer(EmbeddedChannel link, String id) {
        link.writeInbound(new Result(id, RawJson.wrap(("\"done " + id + "\"").getBytes(StandardCharsets.UTF_8))));
    }
}
