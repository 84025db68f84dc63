package io.argon.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.protocol.ErrorKind;
import io.argon.protocol.Failure;
import io.argon.protocol.FrameStream;
import io.argon.protocol.Message;
import io.argon.protocol.RawJson;
import io.argon.protocol.Result;
import io.argon.protocol.Submit;
import io.argon.task.Task;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker's two threads over an in-process link (pipes in place of its socket): tasks run in
 * the order they came; a cancel takes back at once a task that waits behind a running one,
 * whether it has been read yet or not; one that runs is interrupted unless the cancel is a
 * take-back. Cancels are called as the lifeline's thread calls them.
 */
@Timeout(30)
class WorkerLoopTest {
    private final PipedOutputStream toWorker = new PipedOutputStream();
    private final PipedInputStream fromWorker = new PipedInputStream(1 << 20);
    private final FrameStream node;
    private final CompletableFuture<Void> served = new CompletableFuture<>();
    private final WorkerLoop loop;

    /** Sleeps for {@code millis}, then returns {@code millis}. */
    public record Nap(long millis) implements Task<Long> {
        @Override
        public Long run() throws InterruptedException {
            Thread.sleep(millis);
            return millis;
        }
    }

    WorkerLoopTest() throws IOException {
        PipedInputStream workerIn = new PipedInputStream(toWorker, 1 << 20);
        PipedOutputStream workerOut = new PipedOutputStream(fromWorker);
        node = new FrameStream(fromWorker, toWorker, 1 << 20);
        FrameStream worker = new FrameStream(workerIn, workerOut, 1 << 20);
        loop = new WorkerLoop(worker, new TaskRunner(getClass().getClassLoader()), new Lifeline(), new AtomicBoolean());
        Thread serving = new Thread(() -> {
            try {
                loop.serve();
                served.complete(null);
            } catch (Throwable e) {
                served.completeExceptionally(e);
            }
        }, "test-worker");
        serving.setDaemon(true);
        serving.start();
    }

    @AfterEach
    void closeTheLink() throws Exception {
        toWorker.close();
        served.get(10, TimeUnit.SECONDS); // the end of the link ends the worker
    }

    private void send(String id, long napMillis) throws IOException {
        node.write(new Submit(id, Nap.class.getName(), RawJson.parse("{\"millis\":" + napMillis + "}"), null, false));
    }

    @Test
    void tasksRunInTheOrderTheyCameAndSayHowLongTheyRan() throws Exception {
        for (int i = 1; i <= 20; i++) {
            send(Integer.toString(i), i % 5 == 0 ? 5 : 0);
        }
        for (int i = 1; i <= 20; i++) {
            Message answer = node.read();
            assertThat(answer).isInstanceOf(Result.class);
            assertThat(answer.id()).isEqualTo(Integer.toString(i));
            assertThat(((Result) answer).runNanos()).isPositive();
        }
    }

    @Test
    void aTakeBackReachesATaskBehindARunningOneAtOnceReadOrNot() throws Exception {
        send("1", 2000);
        send("2", 0);
        loop.cancel("2", true); // read with the long one, or not yet: taken back either way
        Message first = node.read(); // before the long task's answer: the take-back did not wait for it
        assertThat(first).isInstanceOfSatisfying(Failure.class, failure -> {
            assertThat(failure.id()).isEqualTo("2");
            assertThat(failure.kind()).isEqualTo(ErrorKind.CANCELLED);
            assertThat(failure.message()).isEqualTo(WorkerMain.TAKEN_BACK);
        });

        loop.cancel("3", true); // sent after, while the long one still runs: read by the other thread, taken back
        send("3", 0);
        assertThat(node.read()).isInstanceOf(Failure.class).extracting(Message::id).isEqualTo("3");

        loop.cancel("1", true); // it has started: a take-back leaves it alone
        loop.cancel("1", false); // a cancel interrupts it
        Message stopped = node.read();
        assertThat(stopped).isInstanceOfSatisfying(Failure.class, failure -> {
            assertThat(failure.id()).isEqualTo("1");
            assertThat(failure.kind()).isEqualTo(ErrorKind.TASK_FAILED);
            assertThat(failure.exception()).isEqualTo(InterruptedException.class.getName());
        });
        send("4", 0);
        assertThat(node.read()).as("the worker goes on").isInstanceOf(Result.class).extracting(Message::id).isEqualTo("4");
    }

    @Test
    void answersDoNotWaitBehindATaskThatMayBeLong() throws Exception {
        send("1", 0);
        send("2", 60_000); // of a class not yet known to be quick: the answer before it goes out first
        assertThat(node.read().id()).isEqualTo("1"); // else this waits a minute, past the test's timeout
        loop.cancel("2", false);
        assertThat(node.read().id()).isEqualTo("2");
    }

    @Test
    void aCancelForATaskThatRanSendsItsAnswerThoughAQuickClassNowRunsLong() throws Exception {
        for (int i = 1; i <= 100; i++) { // runs enough to be known as quick
            send(Integer.toString(i), 0);
            assertThat(node.read().id()).isEqualTo(Integer.toString(i));
        }
        send("101", 0);
        send("102", 60_000); // a quick class: the answer of 101 may wait in the buffer
        loop.cancel("101", false); // the node gave up on 101: its answer goes out now
        assertThat(node.read().id()).isEqualTo("101");
        loop.cancel("102", false);
        assertThat(node.read().id()).isEqualTo("102");
    }
}
