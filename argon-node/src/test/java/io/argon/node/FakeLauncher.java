package io.argon.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records the workers a pool asks for; the test says when each exits. No process is forked. */
final class FakeLauncher implements WorkerLauncher {
    final List<FakeProcess> launched = new ArrayList<>();
    /** When set, the next launch fails as a fork would. */
    String failNextWith;

    @Override
    public WorkerProcess launch(int id) throws IOException {
        if (failNextWith != null) {
            String why = failNextWith;
            failNextWith = null;
            throw new IOException(why);
        }
        FakeProcess process = new FakeProcess(id, 1000 + launched.size());
        launched.add(process);
        return process;
    }

    /** What {@link #codeProblem()} says; a test sets it to make a reload refuse. */
    String codeProblem;

    @Override
    public String codeProblem() {
        return codeProblem;
    }

    FakeProcess last() {
        return launched.get(launched.size() - 1);
    }

    static final class FakeProcess implements WorkerProcess {
        final int workerId;
        final long pid;
        final CompletableFuture<Integer> exited = new CompletableFuture<>();
        String lastOutput = "";
        boolean lifelineClosed;
        /** The node's cancels, in order: "ID" (take back or interrupt) or "ID if not started" (take back), by the worker's ids. */
        final List<String> cancels = new ArrayList<>();
        boolean terminated;
        boolean killed;

        FakeProcess(int workerId, long pid) {
            this.workerId = workerId;
            this.pid = pid;
        }

        /** The process exits with {@code status}, as it would after a crash or a signal. */
        void exit(int status) {
            exited.complete(status);
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        @Override
        public String lastOutput() {
            return lastOutput;
        }

        @Override
        public boolean isAlive() {
            return !exited.isDone();
        }

        @Override
        public long residentBytes() {
            return 40L << 20;
        }

        @Override
        public void closeLifeline() {
            lifelineClosed = true;
        }

        @Override
        public void cancel(String id, boolean ifNotStarted) {
            cancels.add(ifNotStarted ? id + " if not started" : id);
        }

        @Override
        public void terminate() {
            terminated = true;
        }

        @Override
        public void kill() {
            killed = true;
            exited.complete(137);
        }
    }
}
