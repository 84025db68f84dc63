package io.argon.it.tasks;

import io.argon.task.Task;
import java.util.ArrayList;
import java.util.List;

/** Allocates until the worker runs out of memory. */
public record Allocate() implements Task<Integer> {
    @Override
    public Integer run() {
        List<byte[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new byte[1 << 20]);
        }
    }
}
