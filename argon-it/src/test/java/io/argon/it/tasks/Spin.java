package io.argon.it.tasks;

import io.argon.task.Task;

/** Keeps its worker busy for {@code seconds}, deaf to interrupts, as a stuck loop would; returns its pid. */
public record Spin(double seconds) implements Task<Long> {
    @Override
    public Long run() {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long spins = 0;
        while (System.nanoTime() - end < 0) {
            spins++;
            Thread.interrupted(); // deaf on purpose
        }
        return spins >= 0 ? ProcessHandle.current().pid() : -1;
    }
}
