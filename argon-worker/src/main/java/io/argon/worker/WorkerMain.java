package io.argon.worker;

import io.argon.protocol.Cancel;
import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Hello;
import io.argon.protocol.Message;
import io.argon.protocol.Messages;
import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import io.argon.task.Task;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point of a worker JVM. It connects to its node's Unix domain socket, says hello,
 * then runs the tasks the node sends, one at a time and in the order they came, on two threads
 * that take turns reading the link and running tasks ({@link WorkerLoop}).
 *
 * <p>A worker must never outlive its node, so it treats two things as its node's death and
 * halts at once: the socket closing, and its stdin closing (see {@link Lifeline}).
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--train")) {
            Training.run(); // then a normal exit, at which the JVM writes its class-data archive
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: WorkerMain SOCKET WORKER_ID MAX_FRAME_BYTES");
            System.exit(2);
        }
        Path socket = Path.of(args[0]);
        int workerId = Integer.parseInt(args[1]);
        int maxFrameBytes = Integer.parseInt(args[2]);
        Lifeline lifeline = new Lifeline();
        lifeline.watch(System.in, () -> Runtime.getRuntime().halt(0));

        try (SocketChannel link = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            link.connect(UnixDomainSocketAddress.of(socket));
            FrameStream frames = new FrameStream(LinkStreams.input(link),
                    new BufferedOutputStream(LinkStreams.output(link), 64 * 1024), maxFrameBytes);
            TaskRunner runner = new TaskRunner(Thread.currentThread().getContextClassLoader());
            // One task's path before the hello, so that "ready" means ready: the data binding it
            // loads would otherwise fall on the first real task (docs/BENCHMARKS.md, issue 12).
            warmUpOnce(runner, 0);
            frames.write(new Hello("hello", workerId, ProcessHandle.current().pid()));
            AtomicBoolean workArrived = new AtomicBoolean();
            warmUpInBackground(workArrived);
            WorkerLoop loop = new WorkerLoop(frames, runner, lifeline, workArrived);
            lifeline.cancelsTo(loop::cancel);
            loop.serve();
        }
    }

    /**
     * What a worker answers a cancel for a task it had not started. The node tells it from the
     * task's own answer by its kind: a task that runs never ends {@code cancelled}.
     */
    static final String TAKEN_BACK = "taken back before it started";

    /** A task that exists to warm the worker up. */
    record Warmup(int num) implements Task<Integer> {
        @Override
        public Integer run() {
            return num;
        }
    }

    /**
     * How long after its hello a worker waits before it warms up: long enough for the node's
     * other workers, forked at the same moment, to boot without sharing the CPU with it.
     */
    static final long WARMUP_DELAY_MILLIS = 300;

    /**
     * Runs the path of a task (decode, bind, run, encode) a few hundred times on a spare
     * thread while the worker waits for work. A cold JVM spends a while loading and compiling
     * that path, which would otherwise land on the first real tasks; it does not delay the
     * hello, so it costs no start-up time. It stops when the first real task comes: from then
     * on real tasks warm the path, and a warm-up beside them only takes their CPU. What each
     * choice measured is in docs/BENCHMARKS.md (issue 12).
     */
    private static void warmUpInBackground(AtomicBoolean workArrived) {
        Thread warmup = new Thread(() -> {
            TaskRunner runner = new TaskRunner(WorkerMain.class.getClassLoader());
            try {
                Thread.sleep(WARMUP_DELAY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 1; i <= 500 && !workArrived.get(); i++) {
                try {
                    warmUpOnce(runner, i);
                } catch (IOException e) {
                    return;
                }
            }
        }, "argon-warmup");
        warmup.setDaemon(true);
        warmup.setPriority(Thread.MIN_PRIORITY);
        warmup.start();
    }

    /** The path of one task, from the frame's bytes to the answer's and back, with a task that exists for it. */
    private static void warmUpOnce(TaskRunner runner, int num) throws IOException {
        Submit submit = new Submit("warmup", Warmup.class.getName(), RawJson.parse("{\"num\":" + num + "}"), null, false);
        Messages.decode(Messages.encode(runner.run((Submit) Messages.decode(Messages.encode(submit)))));
    }
}
