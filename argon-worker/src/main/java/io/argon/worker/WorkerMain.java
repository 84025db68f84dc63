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
 * then runs the tasks the node sends, one at a time and in the order they came.
 *
 * <p>Two threads share the link. The reader thread reads whatever the node sends: tasks go
 * into the {@link TaskInbox}, and a {@code cancel} takes a task back out of it if it has not
 * started, or interrupts it if it is running (a cancel with {@code if_not_started} only takes
 * back). The task thread runs the inbox's tasks and buffers their answers, and sends them when
 * the inbox is empty: the node keeps a window of several short tasks in each worker, so a run
 * of them costs each side one wake-up and one write, not one per task.
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
        Lifeline lifeline = new Lifeline(Thread.currentThread());
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
            TaskInbox inbox = new TaskInbox();
            Outbox outbox = new Outbox(frames);
            Thread reader = new Thread(() -> readLink(frames, inbox, outbox, lifeline, workArrived), "argon-link-reader");
            reader.setDaemon(true);
            reader.start();
            runTasks(inbox, outbox, runner, lifeline);
        }
    }

    /** The task thread: runs what the inbox holds, and sends the answers once it is empty. */
    private static void runTasks(TaskInbox inbox, Outbox outbox, TaskRunner runner, Lifeline lifeline) throws IOException {
        while (true) {
            Submit next = inbox.poll();
            if (next == null) {
                outbox.flush();
                next = inbox.take();
                if (next == null) {
                    return; // the node closed the link: it is retiring us or shutting down
                }
            }
            Message answer;
            lifeline.started(next.id());
            try {
                answer = runner.run(next);
            } finally {
                lifeline.finished();
            }
            outbox.buffer(answer);
        }
    }

    /** The reader thread: tasks into the inbox, cancels acted on, until the link ends. */
    private static void readLink(FrameStream frames, TaskInbox inbox, Outbox outbox, Lifeline lifeline, AtomicBoolean workArrived) {
        try {
            Message request;
            while ((request = frames.read()) != null) {
                workArrived.set(true);
                if (request instanceof Submit submit) {
                    inbox.add(submit);
                } else if (request instanceof Cancel cancel) {
                    if (inbox.remove(cancel.id())) {
                        outbox.send(Failure.of(cancel.id(), ErrorKind.CANCELLED, TAKEN_BACK));
                    } else if (!cancel.ifNotStarted()) {
                        lifeline.interrupt(cancel.id());
                    }
                } else {
                    outbox.send(Failure.of(request.id(), ErrorKind.UNKNOWN_MESSAGE, "a worker only takes 'submit' and 'cancel' messages"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the link broke: the same as its end
        } finally {
            inbox.close();
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
