package io.argon.node;

import io.argon.core.daemon.Submission;
import io.argon.core.daemon.TaskStats;
import io.argon.core.net.TestLoop;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import io.argon.task.Priority;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A work source for tests of the pool alone: it hands the pool the tasks the test offers, in
 * order, and records what the pool tells it.
 */
final class RecordingWorkSource implements WorkSource {
    private final TestLoop test;
    private WorkerPool pool;
    final ArrayDeque<NodeTask> waiting = new ArrayDeque<>();
    /** The ids of the tasks answered by their workers, in order. */
    final List<String> answered = new ArrayList<>();
    /** The tasks answered by their workers, in order. */
    final List<NodeTask> answeredTasks = new ArrayList<>();
    /** The ids of the tasks workers gave back unstarted, in order. */
    final List<String> takenBack = new ArrayList<>();
    /** "ID: cause" for each task whose worker died under it. */
    final List<String> died = new ArrayList<>();
    /** Why no worker could start, each time the pool said so. */
    final List<String> noWorkers = new ArrayList<>();
    /** Why each worker that ended while the pool ran ended, in order. */
    final List<WorkerRestarts.Reason> ended = new ArrayList<>();

    RecordingWorkSource(TestLoop test) {
        this.test = test;
    }

    /** Makes the pool these tasks are for: a pool of {@code size} workers, recycled after {@code recycleAfter} tasks. */
    WorkerPool pool(int size, int recycleAfter, FakeLauncher launcher) {
        pool = new WorkerPool(size, recycleAfter, test.loop(), launcher, this);
        return pool;
    }

    /** A task waits for a worker; an idle one takes it at once. */
    NodeTask offer(String id) {
        Submit request = new Submit(id, "io.argon.examples.SampleTask", RawJson.EMPTY_OBJECT, Priority.NORMAL, false);
        NodeTask task = new NodeTask(new Submission(request, test.channel(), new TaskStats()), 0, test.nanoTime(), 3);
        waiting.add(task);
        promote();
        return task;
    }

    @Override
    public void promote() {
        while (!waiting.isEmpty() && pool.tryRun(waiting.peek())) {
            waiting.poll();
        }
    }

    @Override
    public void answered(NodeTask task, Message reply) {
        answered.add(reply.id());
        answeredTasks.add(task);
    }

    @Override
    public void takenBack(NodeTask task) {
        takenBack.add(task.request().id()); // a node's book would queue it again; NodeDispatcherTest covers that
    }

    @Override
    public void workerDied(NodeTask task, String cause) {
        died.add(task.request().id() + ": " + cause);
    }

    @Override
    public void workerEnded(WorkerRestarts.Reason why) {
        ended.add(why);
    }

    @Override
    public void settled() {
    }

    @Override
    public void noWorkers(String why) {
        noWorkers.add(why);
    }
}
