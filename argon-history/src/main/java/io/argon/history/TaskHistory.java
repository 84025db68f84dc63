package io.argon.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argon.core.daemon.TaskRecord;
import io.argon.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks a daemon ran, newest first: each that ended, kept in SQLite (a file under
 * {@code --data-dir}, so that it outlives the process, or memory), at most {@code maxTasks} of
 * them. The daemon's loop only hands records over ({@link #record}, which never blocks); one
 * thread of the history's own writes them in batches (what came in {@value #BATCH_MILLIS} ms, one
 * transaction), and answers searches.
 * A record that finds the hand-over queue full is counted ({@link #dropped()}) and not kept,
 * so that the history never slows the tasks it records.
 */
public final class TaskHistory implements AutoCloseable {
    /** Tasks kept unless told otherwise. */
    public static final int DEFAULT_SIZE = 100_000;
    /** Records waiting to be written; past that, new ones are dropped and counted. */
    static final int QUEUE = 16_384;
    /** What is kept of an error message and a stack trace: enough to see what happened, bounded on disk. */
    static final int MAX_ERROR_CHARS = 1_024;
    static final int MAX_STACK_CHARS = 4_096;
    /** How long the first record of a batch waits for others: one transaction per this, not per task. */
    static final long BATCH_MILLIS = 500;
    /** The most tasks one search returns. */
    public static final int MAX_SEARCH = 1_000;

    private static final Logger log = LoggerFactory.getLogger(TaskHistory.class);
    private static final String COLUMNS = "seq, id, client, class, priority, outcome, error, exception, path, queued_at, started_at, finished_at";

    private final String where;
    private final int maxTasks;
    private final Connection db;
    private final ScheduledExecutorService thread;
    private final ArrayBlockingQueue<TaskRecord> pending = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean droppedSaid = new AtomicBoolean();
    /** Rows up to this seq have been deleted; on the history's thread. */
    private long trimmedTo;
    private long lastSeq;

    private TaskHistory(String where, int maxTasks, Connection db) throws SQLException {
        this.where = where;
        this.maxTasks = maxTasks;
        this.db = db;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "argon-history");
            t.setDaemon(true);
            return t;
        });
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tasks (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, client TEXT, class TEXT, "
                    + "priority TEXT, outcome TEXT, error TEXT, exception TEXT, stack TEXT, path TEXT, queued_at INTEGER, "
                    + "started_at INTEGER, finished_at INTEGER)");
            // One index, by id: a search by class or outcome reads the newest rows backwards until it has enough, which
            // costs an operator's search a few milliseconds, while each index costs every task's insert.
            s.execute("CREATE INDEX IF NOT EXISTS tasks_id ON tasks (id)");
            try (ResultSet range = s.executeQuery("SELECT COALESCE(MIN(seq), 1) - 1, COALESCE(MAX(seq), 0) FROM tasks")) {
                range.next();
                trimmedTo = range.getLong(1);
                lastSeq = range.getLong(2);
            }
        }
        db.setAutoCommit(false);
    }

    /**
     * Opens the history in {@code file} (made if missing, with its directory), or in memory when
     * {@code file} is null; keeps at most {@code maxTasks}.
     *
     * @throws IOException when the file cannot be opened or is not a history
     */
    public static TaskHistory open(Path file, int maxTasks) throws IOException {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("a history keeps at least 1 task, got " + maxTasks);
        }
        try {
            if (file == null) {
                return new TaskHistory("memory", maxTasks, DriverManager.getConnection("jdbc:sqlite::memory:"));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL"); // readers and the writer do not wait for each other
                s.execute("PRAGMA synchronous=NORMAL"); // a committed batch survives the process's death
                s.execute("PRAGMA wal_autocheckpoint=8192"); // copy the log into the file every 32 MiB, not every 4
            }
            return new TaskHistory(file.toString(), maxTasks, db);
        } catch (SQLException e) {
            throw new IOException("cannot open the task history " + (file == null ? "in memory" : file) + ": " + e.getMessage(), e);
        }
    }

    /** Where it is kept: a file, or {@code memory}. */
    public String where() {
        return where;
    }

    /** Takes a task that ended, to be written soon. Never blocks: called on a daemon's loop. */
    public void record(TaskRecord task) {
        if (!pending.offer(task)) {
            dropped.incrementAndGet();
            if (droppedSaid.compareAndSet(false, true)) {
                log.warn("the task history falls behind: {} tasks waited to be written, so later ones are not kept "
                        + "(counted in its status as dropped)", QUEUE);
            }
            return;
        }
        if (flushing.compareAndSet(false, true)) {
            thread.schedule(this::flush, BATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Tasks that ended but were not kept, because the history fell behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Writes what waits, one transaction, then deletes the oldest past the bound. On the history's thread. */
    private void flush() {
        flushing.set(false); // a record from now on schedules another flush
        List<TaskRecord> batch = new ArrayList<>(Math.min(pending.size(), 4096));
        pending.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO tasks (id, client, class, priority, outcome, error, "
                + "exception, stack, path, queued_at, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (TaskRecord task : batch) {
                insert.setString(1, task.id());
                insert.setString(2, task.client() == null ? null : task.client().toString());
                insert.setString(3, task.taskClass());
                insert.setString(4, task.priority().name().toLowerCase(Locale.ROOT));
                insert.setString(5, task.outcome());
                insert.setString(6, cut(task.error(), MAX_ERROR_CHARS));
                insert.setString(7, task.exception());
                insert.setString(8, cut(task.stack(), MAX_STACK_CHARS));
                insert.setString(9, String.join("\n", task.path())); // a place's name holds no line break
                insert.setLong(10, task.queuedAt());
                insert.setLong(11, task.startedAt());
                insert.setLong(12, task.finishedAt());
                insert.addBatch();
            }
            insert.executeBatch();
            lastSeq += batch.size();
            if (lastSeq - trimmedTo > maxTasks + Math.max(1, maxTasks / 10)) { // in steps of a tenth: a delete is not free
                try (PreparedStatement trim = db.prepareStatement("DELETE FROM tasks WHERE seq <= ?")) {
                    trim.setLong(1, lastSeq - maxTasks);
                    trim.executeUpdate();
                }
                trimmedTo = lastSeq - maxTasks;
            }
            db.commit();
        } catch (SQLException e) {
            dropped.addAndGet(batch.size());
            log.warn("could not write {} tasks to the history in {}: {}", batch.size(), where, e.getMessage());
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the next batch tries again
            }
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "\n... (cut at " + max + " characters)";
    }

    /**
     * The newest tasks that match, newest first, without their stack traces: by the client's
     * {@code id}, the {@code taskClass} (its full or simple name), the {@code outcome}
     * ({@code failed} for every error); a null filter matches all. At most {@code limit}, up
     * to {@value #MAX_SEARCH}.
     */
    public CompletableFuture<ObjectNode> search(String id, String taskClass, String outcome, int limit) {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tasks WHERE 1 = 1");
            List<String> args = new ArrayList<>();
            if (id != null) {
                sql.append(" AND id = ?");
                args.add(id);
            }
            if (taskClass != null) {
                sql.append(" AND (class = ? OR class LIKE ?)");
                args.add(taskClass);
                args.add("%." + taskClass.replace("%", "").replace("_", "\\_"));
            }
            if ("failed".equals(outcome)) {
                sql.append(" AND outcome NOT IN ('result', 'dropped')");
            } else if (outcome != null) {
                sql.append(" AND outcome = ?");
                args.add(outcome);
            }
            sql.append(" ORDER BY seq DESC LIMIT ").append(Math.max(1, Math.min(limit, MAX_SEARCH)));
            ObjectNode answer = Json.MAPPER.createObjectNode();
            ArrayNode tasks = answer.putArray("tasks");
            try (PreparedStatement query = db.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    query.setString(i + 1, args.get(i));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        tasks.add(row(rows, false));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot search the task history: " + e.getMessage(), e);
            }
            answer.put("kept", lastSeq - trimmedTo < maxTasks ? lastSeq - trimmedTo : maxTasks).put("max", maxTasks)
                    .put("dropped", dropped.get());
            return answer;
        }, thread);
    }

    /** The task kept as {@code seq}, with its stack trace; null if none is. */
    public CompletableFuture<ObjectNode> get(long seq) {
        return CompletableFuture.supplyAsync(() -> {
            try (PreparedStatement query = db.prepareStatement("SELECT " + COLUMNS + ", stack FROM tasks WHERE seq = ?")) {
                query.setLong(1, seq);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? row(rows, true) : null;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the task history: " + e.getMessage(), e);
            }
        }, thread);
    }

    private static ObjectNode row(ResultSet rows, boolean withStack) throws SQLException {
        ObjectNode task = Json.MAPPER.createObjectNode()
                .put("seq", rows.getLong("seq"))
                .put("id", rows.getString("id"))
                .put("client", rows.getString("client"))
                .put("class", rows.getString("class"))
                .put("priority", rows.getString("priority"))
                .put("outcome", rows.getString("outcome"))
                .put("error", rows.getString("error"))
                .put("exception", rows.getString("exception"));
        ArrayNode path = task.putArray("path");
        String places = rows.getString("path");
        if (places != null && !places.isEmpty()) {
            for (String place : places.split("\n")) {
                path.add(place);
            }
        }
        long queued = rows.getLong("queued_at");
        long started = rows.getLong("started_at");
        long finished = rows.getLong("finished_at");
        task.put("queued_at", queued).put("started_at", started).put("finished_at", finished)
                .put("waited_ms", (started > 0 ? started : finished) - queued)
                .put("ran_ms", started > 0 ? finished - started : 0);
        if (withStack) {
            task.put("stack", rows.getString("stack"));
        }
        return task;
    }

    /** Waits until every task taken so far is written; for a daemon that stops, and tests. */
    public void flushNow() throws InterruptedException {
        try {
            thread.submit(this::flush).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("the task history did not finish writing: {}", e.toString());
        }
    }

    /** Writes what waits, then closes the store. */
    @Override
    public void close() {
        try {
            flushNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.execute(() -> {
            try {
                db.close();
            } catch (SQLException e) {
                log.debug("closing the task history: {}", e.getMessage());
            }
        });
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
