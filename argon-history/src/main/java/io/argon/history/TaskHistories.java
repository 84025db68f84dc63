package io.argon.history;

import io.argon.core.daemon.ControlService;
import io.argon.core.daemon.Daemon;
import io.argon.core.daemon.DaemonConfig;
import io.argon.core.daemon.TaskRecord;
import io.argon.protocol.Control;
import io.argon.protocol.RawJson;
import io.argon.protocol.Tasks;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening a daemon's history as its configuration says, and closing it with the daemon. */
public final class TaskHistories {
    /** Tasks a search answers unless it says how many. */
    public static final int DEFAULT_LIMIT = 100;
    /** The history's file in {@code --data-dir}. */
    public static final String FILE = "history.db";

    private static final Logger log = LoggerFactory.getLogger(TaskHistories.class);

    private TaskHistories() {
    }

    /**
     * {@code controls}, answering searches of the task history ({@code argon tasks}) from
     * {@code history} too; {@code controls} itself when there is no history.
     */
    public static ControlService withHistory(ControlService controls, TaskHistory history) {
        if (history == null) {
            return controls;
        }
        return new ControlService() {
            @Override
            public CompletableFuture<RawJson> control(Control request) {
                return controls.control(request);
            }

            @Override
            public CompletableFuture<RawJson> tasks(Tasks query) {
                if (query.seq() > 0) {
                    return history.get(query.seq()).thenApply(task -> {
                        if (task == null) {
                            throw new ControlRefusedException("the history has no task " + query.seq() + " (it keeps the newest "
                                    + "tasks only)");
                        }
                        return RawJson.of(task);
                    });
                }
                return history.search(query.task(), query.taskClass(), query.outcome(),
                        query.limit() > 0 ? query.limit() : DEFAULT_LIMIT).thenApply(RawJson::of);
            }
        };
    }

    /**
     * The daemon's history (in {@code --data-dir}, else in memory), told of each task that ends
     * through {@code recordTo}, and closed (written out) when the daemon stops; null when the
     * configuration keeps none.
     *
     * @throws IOException when the file cannot be opened
     */
    public static TaskHistory open(Daemon daemon, DaemonConfig config, Consumer<Consumer<TaskRecord>> recordTo) throws IOException {
        if (config.historySize() == 0) {
            return null;
        }
        TaskHistory history = TaskHistory.open(config.dataDir() == null ? null : config.dataDir().resolve(FILE), config.historySize());
        daemon.onStop(history::close);
        recordTo.accept(history::record);
        log.info("keeping the last {} tasks' history in {}", config.historySize(), history.where());
        return history;
    }
}
