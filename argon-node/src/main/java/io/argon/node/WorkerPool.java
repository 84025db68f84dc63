package io.argon.node;

import io.argon.core.Backoff;
import io.argon.core.protocol.ErrorKind;
import io.argon.core.protocol.Failure;
import io.argon.core.protocol.Hello;
import io.argon.core.protocol.Message;
import io.argon.node.worker.WorkerMain;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code workers} worker JVMs running and hands them tasks one at a time.
 *
 * <p>It forks the workers, pairs each with the link it opens to the node, replaces workers
 * that die or have run their quota ({@code -r}), and answers a task whose worker died with an
 * error naming the cause. Workers that keep failing to start are retried with an exponential
 * backoff instead of in a tight loop. Confined to the node's event loop.
 */
final class WorkerPool {
    /** Where free workers get their next task, and who hears when a task is settled. */
    interface WorkSource {
        /** The next waiting task, or null if none. */
        PendingTask next();

        /** A task has been answered, by its worker or on its worker's death. */
        void settled();
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration OUTPUT_DRAIN = Duration.ofMillis(500);
    private static final Backoff CRASH_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    private final NodeConfig config;
    private final EventLoop loop;
    private final Path socket;
    private final WorkSource source;
    private final List<String> launchCommand;
    private final Map<Integer, Worker> workers = new LinkedHashMap<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final CompletableFuture<Void> allReady = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private int nextId = 1;
    private int readyAtStart;
    private int busy;
    private int crashStreak;
    private boolean stopping;

    WorkerPool(NodeConfig config, EventLoop loop, Path socket, WorkSource source) {
        this.config = config;
        this.loop = loop;
        this.socket = socket;
        this.source = source;
        this.launchCommand = launchCommand(config, socket);
    }

    /** Forks every worker at once; completes when all have said hello, fails if one cannot start. */
    CompletableFuture<Void> start() {
        loop.execute(() -> {
            for (int i = 0; i < config.workers(); i++) {
                spawn();
            }
        });
        return allReady;
    }

    /** Runs the task on an idle worker if there is one; returns false when all are busy. */
    boolean tryRun(PendingTask task) {
        Worker worker = idle.pollFirst();
        if (worker == null) {
            return false;
        }
        run(worker, task);
        return true;
    }

    int busyCount() {
        return busy;
    }

    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Worker worker : workers.values()) {
            pids.add(worker.pid());
        }
        return pids;
    }

    /** A worker's link said hello: returns the worker it belongs to, or null if it is an impostor. */
    Worker linked(Hello hello, Channel link) {
        Worker worker = workers.get(hello.worker());
        if (worker == null || worker.state != Worker.State.STARTING || worker.pid() != hello.pid()) {
            log.warn("unexpected hello from worker {} pid {}; closing that link", hello.worker(), hello.pid());
            link.close();
            return null;
        }
        worker.link = link;
        crashStreak = 0;
        log.info("{} ready in {} ms", worker, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - worker.startedNanos));
        if (!allReady.isDone() && ++readyAtStart == config.workers()) {
            allReady.complete(null);
        }
        offerWork(worker);
        return worker;
    }

    /** A worker answered its task. */
    void answered(Worker worker, Message reply) {
        PendingTask task = worker.task;
        if (task == null || !task.request().id().equals(reply.id())) {
            log.warn("{} sent an answer to a task it was not running (id {}); ignored", worker, reply.id());
            return;
        }
        worker.task = null;
        busy--;
        task.answer(reply);
        source.settled();
        if (worker.state == Worker.State.RETIRING) {
            log.debug("{} ran its {} tasks; retiring it", worker, worker.tasksStarted);
            worker.release();
        } else {
            offerWork(worker);
        }
    }

    /** A worker's link closed. If it was not told to go, its process is on its way out too. */
    void unlinked(Worker worker) {
        if (worker.state != Worker.State.RETIRING && worker.state != Worker.State.DEAD && !stopping) {
            loop.schedule(() -> {
                if (worker.process.isAlive()) {
                    log.warn("{} closed its link but is still running; killing it", worker);
                    worker.process.destroyForcibly();
                }
            }, 1, TimeUnit.SECONDS);
        }
    }

    /** Answers the tasks still running as failed, tells every worker to exit, and waits for them. */
    CompletableFuture<Void> stop(String reason) {
        loop.execute(() -> {
            stopping = true;
            for (Worker worker : workers.values()) {
                if (worker.task != null) {
                    failTask(worker, Failure.of(worker.task.request().id(), ErrorKind.WORKER_DIED, reason));
                }
                if (worker.state == Worker.State.STARTING) {
                    worker.process.destroy();
                }
                worker.release();
            }
            idle.clear();
            loop.schedule(() -> workers.values().forEach(w -> w.process.destroyForcibly()), 5, TimeUnit.SECONDS);
            completeStopIfEmpty();
        });
        return stopped;
    }

    private void spawn() {
        int id = nextId++;
        List<String> command = new ArrayList<>(launchCommand);
        command.add(Integer.toString(id));
        command.add(Integer.toString(config.maxFrameBytes()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            crashed(id, "could not be forked: " + e.getMessage());
            return;
        }
        Worker worker = new Worker(id, process, WorkerOutput.follow(process.getInputStream(), id, process.pid()));
        workers.put(id, worker);
        log.debug("forked {}", worker);
        process.onExit()
                .thenCombine(worker.output.finished().completeOnTimeout(null, OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS),
                        (exited, drained) -> exited)
                .thenAcceptAsync(exited -> exited(worker, exited.exitValue()), loop);
        loop.schedule(() -> {
            if (worker.state == Worker.State.STARTING) {
                log.error("{} did not say hello within {} s; killing it", worker, HELLO_TIMEOUT.toSeconds());
                worker.process.destroyForcibly();
            }
        }, HELLO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void offerWork(Worker worker) {
        if (stopping) {
            worker.release();
            return;
        }
        PendingTask task = source.next();
        if (task != null) {
            run(worker, task);
        } else {
            worker.state = Worker.State.IDLE;
            idle.addLast(worker);
        }
    }

    private void run(Worker worker, PendingTask task) {
        worker.task = task;
        worker.state = Worker.State.BUSY;
        busy++;
        if (config.recycleAfter() > 0 && ++worker.tasksStarted >= config.recycleAfter()) {
            // Fork the successor now, so it boots while this worker runs its last task.
            worker.state = Worker.State.RETIRING;
            spawn();
        }
        worker.link.writeAndFlush(task.request(), worker.link.voidPromise());
    }

    private void exited(Worker worker, int status) {
        Worker.State last = worker.state;
        worker.state = Worker.State.DEAD;
        workers.remove(worker.id);
        idle.remove(worker);
        String how = Worker.describeExit(status);
        String output = worker.output.lastLines();
        String cause = output.isEmpty() || status == 0 || status > 128 ? how : how + "; it last printed: " + output;

        if (worker.task != null) {
            failTask(worker, Failure.of(worker.task.request().id(), ErrorKind.WORKER_DIED,
                    worker + " died while running the task: " + cause));
        }
        if (stopping) {
            completeStopIfEmpty();
        } else if (last == Worker.State.RETIRING) {
            log.debug("{} {} after retiring", worker, how);
        } else if (last == Worker.State.STARTING) {
            crashed(worker.id, cause);
        } else {
            log.warn("{} {}; starting a replacement", worker, cause);
            spawn();
        }
    }

    private void crashed(int id, String cause) {
        String message = "worker " + id + " failed to start: " + cause;
        if (!allReady.isDone()) {
            allReady.completeExceptionally(new WorkerStartException(message));
            return;
        }
        long delay = CRASH_BACKOFF.ceilingNanos(crashStreak++);
        log.error("{}; trying again in {} ms", message, TimeUnit.NANOSECONDS.toMillis(delay));
        loop.schedule(() -> {
            if (!stopping) {
                spawn();
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    private void failTask(Worker worker, Failure failure) {
        PendingTask task = worker.task;
        worker.task = null;
        busy--;
        task.answer(failure);
        source.settled();
    }

    private void completeStopIfEmpty() {
        if (workers.isEmpty()) {
            stopped.complete(null);
        }
    }

    private static List<String> launchCommand(NodeConfig config, Path socket) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(config.workerJvmOptions());
        StringBuilder classpath = new StringBuilder(System.getProperty("java.class.path"));
        for (Path include : config.includes()) {
            classpath.append(File.pathSeparatorChar).append(include);
        }
        command.add("-cp");
        command.add(classpath.toString());
        command.add(WorkerMain.class.getName());
        command.add(socket.toString());
        return command;
    }

    /** A worker could not be started while the node was starting. */
    static final class WorkerStartException extends RuntimeException {
        WorkerStartException(String message) {
            super(message);
        }
    }
}
